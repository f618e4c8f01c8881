import pg from 'pg';
import { randomBytes } from 'node:crypto';

export type Dialect = 'sqlite' | 'postgres';

export const PG_ADMIN_URL = process.env.DPR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `.ci/run` sets DPR_REQUIRE_PG=1: there the PostgreSQL suites must run, never skip. */
const pgRequired = process.env.DPR_REQUIRE_PG === '1' || process.env.CI === 'true';

async function pgReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    if (pgRequired) throw new Error(`PostgreSQL is required (DPR_REQUIRE_PG=1) but unreachable at ${PG_ADMIN_URL}: ${String(error)}`, { cause: error });
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const hasPg = await pgReachable();
if (!hasPg) console.warn(`[dpr tests] PostgreSQL unreachable at ${PG_ADMIN_URL}: the PostgreSQL suites are SKIPPED (they run in CI).`);

/** Every integration suite runs once per dialect in this list (as Kysely's own tests do). */
export const DIALECTS: Dialect[] = hasPg ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, empty PostgreSQL database for one suite; `drop()` removes it. */
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `dpr_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
