import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/platform/db/catalog/load-catalog.ts';
import { connect } from '../../src/platform/db/connect.ts';
import { migrateToLatest, migrationsCurrent } from '../../src/platform/db/migrate.ts';
import { migrations } from '../../src/platform/db/migrations/index.ts';
import { createPgDatabase, DIALECTS } from '../support/dialects.ts';

async function freshUrl(dialect: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'postgres') return createPgDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'dpr-mig-'));
  return { url: `sqlite:${join(dir, 'db.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

describe.each(DIALECTS)('migrations (%s)', (dialect) => {
  it('apply from empty, then are current and a second run applies nothing', async () => {
    const { url, drop } = await freshUrl(dialect);
    const database = connect(url);
    try {
      expect(await migrationsCurrent(database.db).catch(() => false)).toBe(false);
      const first = await migrateToLatest(database.db);
      expect(first.map((r) => r.migrationName)).toEqual(Object.keys(migrations));
      expect(first.every((r) => r.status === 'Success')).toBe(true);
      expect(await migrationsCurrent(database.db)).toBe(true);
      expect(await migrateToLatest(database.db)).toEqual([]);
    } finally {
      await database.close();
      await drop();
    }
  });

  it('apply exactly once when several processes start at the same moment', async () => {
    const { url, drop } = await freshUrl(dialect);
    const databases = [connect(url), connect(url), connect(url)];
    try {
      const results = await Promise.allSettled(databases.map((d) => migrateToLatest(d.db)));
      const applied = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.filter((m) => m.status === 'Success') : []));
      expect(applied.map((m) => m.migrationName).sort()).toEqual(Object.keys(migrations).sort());
      const roles = await databases[0].db.selectFrom('sys_user_role').select('name').where('name', '=', 'admin').execute();
      expect(roles).toHaveLength(1);
    } finally {
      for (const d of databases) await d.close();
      await drop();
    }
  });

  it('record the schema in sys_dictionary, each column under the table that defines it', async () => {
    const { url, drop } = await freshUrl(dialect);
    const database = connect(url);
    try {
      await migrateToLatest(database.db);
      const entries = await database.db.selectFrom('sys_dictionary').select(['name', 'element', 'internal_type', 'reference']).execute();
      const find = (name: string, element: string) => entries.find((e) => e.name === name && e.element === element);
      expect(find('task', 'number')).toMatchObject({ internal_type: 'string' });
      expect(find('incident', 'number')).toBeUndefined();
      expect(find('incident', 'caller_id')).toMatchObject({ internal_type: 'reference', reference: 'sys_user' });
      expect(find('task', 'sys_id')).toBeDefined();
      expect(find('incident', 'sys_id')).toBeUndefined();
      expect(find('sn_dpr_model_release', 'readiness_date')).toMatchObject({ internal_type: 'glide_date' });
      expect(find('sn_dpr_policy_execution', 'last_run_at')).toMatchObject({ internal_type: 'glide_date_time' });
      expect(find('sn_dpr_model_release_artifact', 'code_coverage')).toMatchObject({ internal_type: 'decimal' });
      expect(find('sys_progress_worker', 'percent_complete')).toMatchObject({ internal_type: 'integer' });
      expect(find('sys_user', 'user_password')).toMatchObject({ internal_type: 'password2' });
      const catalog = await loadCatalog(database.db);
      expect(catalog.require('incident').classNames).toEqual(['incident']);
      expect(catalog.require('task').classNames).toEqual(expect.arrayContaining(['task', 'incident', 'problem', 'sc_request', 'change_request', 'sn_dpr_model_release_task']));
      expect(catalog.require('cmdb_sw_component_model').classNames).toEqual(['cmdb_sw_component_model', 'cmdb_software_component_model']);
      expect(catalog.require('sn_dpr_pace_policy_mapping').root).toBe('sn_pace_policy_mapping');
    } finally {
      await database.close();
      await drop();
    }
  });
});
