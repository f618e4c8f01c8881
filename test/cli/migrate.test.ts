import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/platform/db/connect.ts';
import { migrations } from '../../src/platform/db/migrations/index.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createTestDatabase, runCli, type TestDatabase } from './run-cli.ts';

describe.each(DIALECTS)('dpr migrate (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('applies every migration to an empty database, then finds nothing to do', async () => {
    const first = await runCli(['migrate'], { databaseUrl: database.url });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const names = Object.keys(migrations);
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const name of names) expect(first.stdout).toContain(`Applied migration ${name}\n`);
    expect(first.stdout).toContain(`${names.length} migrations applied.`);

    const { db, close } = connect(database.url);
    try {
      const roles = await sql<{ n: number }>`select count(*) as n from sys_user_role where name = 'sn_dpr_model.release_admin'`.execute(db);
      expect(Number(roles.rows[0].n)).toBe(1);
    } finally {
      await close();
    }

    const second = await runCli(['migrate'], { databaseUrl: database.url });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No pending migrations: the database is up to date.');
  });
});

describe('dpr migrate with bad settings', () => {
  it('names the bad setting and exits non-zero', async () => {
    const res = await runCli(['migrate'], { databaseUrl: 'mysql://localhost/dpr' });
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toMatch(/^dpr: Invalid setting DATABASE_URL/);
  });

  it('reports an unreachable database in one line', async () => {
    const res = await runCli(['migrate'], { databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('ECONNREFUSED');
  });
});
