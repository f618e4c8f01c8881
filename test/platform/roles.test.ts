import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { hasAnyRole } from '../../src/platform/records/actor.ts';
import { createPgDatabase, DIALECTS } from '../support/dialects.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe.each(DIALECTS)('roles and containment (%s)', (dialect) => {
  let services: Services;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    let url: string;
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'dpr-roles-'));
      url = `sqlite:${join(dir, 'db.sqlite')}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const pg = await createPgDatabase();
      url = pg.url;
      cleanup = pg.drop;
    }
    services = await createServices(loadConfig({}, { DATABASE_URL: url }));
  });
  afterAll(async () => {
    await services?.database.close();
    await cleanup?.();
  });

  it('seeds every DPR role', async () => {
    const names = (await services.database.db.selectFrom('sys_user_role').select('name').execute()).map((r) => r.name);
    for (const role of [
      'admin',
      'sn_dpr_model.release_admin',
      'sn_dpr_model.product_manager',
      'sn_dpr_model.release_coordinator',
      'sn_dpr_model.release_user',
      'sn_dpr_model.release_calendar_admin',
      'sn_dpr_model.release_template_admin',
      'sn_dpr_workspace.workspace_user',
    ]) {
      expect(names).toContain(role);
    }
  });

  it('expands containment transitively', async () => {
    const admin = await services.roles.expand(['sn_dpr_model.release_admin']);
    expect(admin.has('sn_dpr_model.release_user')).toBe(true);
    expect(admin.has('sn_dpr_model.release_calendar_admin')).toBe(true);
    // release_admin → release_user → workspace_user → cmdb_read
    expect(admin.has('cmdb_read')).toBe(true);
    const user = await services.roles.expand(['sn_dpr_model.release_user']);
    expect(user.has('sn_dpr_model.release_admin')).toBe(false);
    expect(user.has('sn_dpr_model.product_manager')).toBe(false);
    const pm = await services.roles.expand(['sn_dpr_model.product_manager']);
    expect(pm.has('sn_dpr_model.release_user')).toBe(true);
    expect(pm.has('sn_dpr_model.release_calendar_admin')).toBe(false);
  });

  it('lets admin pass every check and nobody else pass without the role', () => {
    const actor = (roles: string[]) => ({ userId: 'x', userName: 'x', roles: new Set(roles) });
    expect(hasAnyRole(actor(['admin']), ['sn_dpr_model.product_manager'])).toBe(true);
    expect(hasAnyRole(actor([]), ['sn_dpr_model.product_manager'])).toBe(false);
    expect(hasAnyRole(actor(['sn_dpr_model.release_user']), ['sn_dpr_model.product_manager', 'sn_dpr_model.release_user'])).toBe(true);
  });

  it('seeds every property of DOMAIN.md §6 with its default', async () => {
    const props = new Map(
      (await services.database.db.selectFrom('sys_properties').select(['name', 'value']).execute()).map((r) => [r.name, r.value ?? '']),
    );
    expect(props.get('sn_dpr.auto_transition_release_to_review')).toBe('true');
    expect(props.get('sn_dpr.auto_transition_release_to_completed')).toBe('false');
    expect(props.get('sn_dpr.max_template_duration')).toBe('730');
    expect(props.get('sn_dpr.out_of_band_release_allowed')).toBe('true');
    expect(props.get('sn_dpr.sequential_task_execution')).toBe('true');
    expect(props.get('sn_dpr_model.allow_any_release_dates')).toBe('false');
    expect(JSON.parse(props.get('sn_dpr_model.release_related_task_types')!).map((t: { table: string }) => t.table)).toEqual(['incident', 'problem', 'sc_request']);
    expect(props.size).toBeGreaterThanOrEqual(24);
  });
});
