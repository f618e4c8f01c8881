import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { physicalColumns } from '../../../../platform/db/catalog/build-catalog.ts';
import type { Catalog, InternalType } from '../../../../platform/db/catalog/types.ts';
import { compileEncodedQuery } from '../compile-query.ts';
import { compilePlainFilters } from '../compile-plain-filters.ts';
import { parseEncodedQuery } from '../parse-encoded-query.ts';

export const PG_URL = process.env.DPR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface QueryTestDb {
  readonly dialect: 'sqlite' | 'postgres';
  readonly db: Kysely<any>;
  destroy(): Promise<void>;
}

export function openSqlite(): QueryTestDb {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  return { dialect: 'sqlite', db, destroy: () => db.destroy() };
}

/** Whether PostgreSQL answers at PG_URL; the reason when it does not. */
export async function probePostgres(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A Kysely on a fresh, uniquely named schema (first on `search_path`), dropped by `destroy`. */
export async function openPostgres(): Promise<QueryTestDb> {
  const schema = `dpr_query_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    await admin.query(`create schema "${schema}"`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path="${schema}"` });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    db,
    destroy: async () => {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: PG_URL });
      await cleanup.connect();
      try {
        await cleanup.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

const SQL_TYPES: Record<InternalType, 'text' | 'integer' | 'double precision'> = {
  string: 'text',
  reference: 'text',
  glide_date: 'text',
  glide_date_time: 'text',
  glide_list: 'text',
  json: 'text',
  password2: 'text',
  // `integer` (4 bytes on PostgreSQL) on purpose: queries must not overflow it.
  integer: 'integer',
  boolean: 'integer',
  decimal: 'double precision',
};

/** One physical table per root, with the storage conventions of the platform layer. */
export async function createTables(db: Kysely<any>, catalog: Catalog): Promise<void> {
  for (const root of catalog.all().filter((t) => t.root === t.name)) {
    let create = db.schema.createTable(root.name);
    for (const column of physicalColumns(catalog, root.name)) {
      create = create.addColumn(column.element, SQL_TYPES[column.internal_type], (col) =>
        column.element === 'sys_id' ? col.primaryKey() : col,
      );
    }
    await create.execute();
  }
}

export async function insertRows(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (const row of rows) await db.insertInto(table).values(row).execute();
}

/**
 * Runs an encoded query the way the Table API does: SELECT on `<root> as t`, class filter for a
 * child table, the compiled filter and ORDER BY. Returns `column` of each row in order; without an
 * ORDERBY the result is sorted, so tests compare sets.
 */
export async function runQuery(
  db: Kysely<any>,
  catalog: Catalog,
  tableName: string,
  query: string,
  column = 'number',
): Promise<string[]> {
  const table = catalog.require(tableName);
  const compiled = compileEncodedQuery(parseEncodedQuery(query), table, catalog);
  let select = db.selectFrom(`${table.root} as t`).select(`t.${column} as v`);
  if (table.root !== table.name) select = select.where('t.sys_class_name', 'in', table.classNames);
  select = select.where(compiled.where);
  for (const o of compiled.orderBy) select = select.orderBy(o.expression, o.modifiers);
  const values = (await select.execute()).map((r) => String(r.v));
  return compiled.orderBy.length > 0 ? values : values.sort();
}

export async function runPlainFilters(
  db: Kysely<any>,
  catalog: Catalog,
  tableName: string,
  params: Record<string, string>,
  column = 'number',
): Promise<string[]> {
  const table = catalog.require(tableName);
  let select = db.selectFrom(`${table.root} as t`).select(`t.${column} as v`);
  if (table.root !== table.name) select = select.where('t.sys_class_name', 'in', table.classNames);
  select = select.where(compilePlainFilters(params, table, catalog));
  return (await select.execute()).map((r) => String(r.v)).sort();
}
