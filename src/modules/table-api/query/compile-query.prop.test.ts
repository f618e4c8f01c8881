import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileEncodedQuery } from './compile-query.ts';
import { compilePlainFilters } from './compile-plain-filters.ts';
import { parseEncodedQuery } from './parse-encoded-query.ts';
import { QUERY_OPERATORS } from './query-ast.ts';
import { selectSql } from './testing/compile-to-sql.ts';
import { queryTestCatalog } from './testing/query-test-catalog.ts';
import { createTables, insertRows, openSqlite, type QueryTestDb } from './testing/query-test-databases.ts';
import { TASK_ROWS, USER_ROWS } from './testing/query-test-rows.ts';

const catalog = queryTestCatalog();
const TABLES = ['task', 'incident', 'problem', 'sys_user'];

/** Known, dot-walked, password and unknown field names, so every compile path is reached. */
const FIELDS = [
  'number', 'short_description', 'priority', 'active', 'state', 'due', 'opened_at', 'cost', 'order',
  'caller_id', 'problem_id', 'watch_list', 'details', 'sys_id', 'sys_class_name', 'sys_mod_count',
  'caller_id.name', 'caller_id.active', 'caller_id.manager', 'caller_id.user_password', 'problem_id.state',
  'problem_id.known_error', 'manager.name', 'user_name', 'user_password', 'bogus', 'caller_id.bogus', 'a.b.c', '.', 'x.',
];
/** Every value contains MARK, which must never reach the SQL text: values are bound, never spliced. */
const MARK = 'ZQX';
const VALUE_PIECES = ['1', '-5', '2.5', '1e3', '3000000000', 'true', 'false', 'abc', '2024-01-31', '2024-01-20 12:30:00',
  '%', '_', '\\', "'", '"', ';', ' ', ',', 'ORDERBY', 'priority', 'É', '😀', '--', '/*'];

const value = fc
  .array(fc.oneof(fc.constantFrom(...VALUE_PIECES), fc.string({ maxLength: 4 })), { maxLength: 5 })
  .map((parts) => parts.join('').replaceAll('^', '') + MARK);
const condition = fc
  .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...QUERY_OPERATORS, 'NOTLIKE', 'NOTIN', 'BOGUS'), value)
  .map(([f, op, v]) => `${f}${op}${v}`);
const term = fc.oneof(
  condition,
  condition.map((c) => `OR${c}`),
  condition.map((c) => `NQ${c}`),
  fc.constantFrom(...FIELDS).map((f) => `ORDERBY${f}`),
  fc.constantFrom(...FIELDS).map((f) => `ORDERBYDESC${f}`),
  fc.constantFrom('EQ', '', 'NQ', 'OR'),
  fc.string({ maxLength: 10 }),
);
const encodedQuery = fc.array(term, { maxLength: 12 }).map((terms) => terms.join('^'));
const anyQuery = fc.oneof(encodedQuery, fc.string({ maxLength: 2048, unit: 'binary' }));

let sqlite: QueryTestDb;
beforeAll(async () => {
  sqlite = openSqlite();
  await createTables(sqlite.db, catalog);
  await insertRows(sqlite.db, 'sys_user', USER_ROWS);
  await insertRows(sqlite.db, 'task', TASK_ROWS);
});
afterAll(async () => {
  await sqlite?.destroy();
});

async function execute(db: Kysely<any>, table: string, compiled: ReturnType<typeof compileEncodedQuery>): Promise<void> {
  const meta = catalog.require(table);
  let q = db.selectFrom(`${meta.root} as t`).select('t.sys_id').where(compiled.where);
  for (const o of compiled.orderBy) q = q.orderBy(o.expression, o.modifiers);
  await q.execute();
}

describe('compileEncodedQuery properties', () => {
  it('never throws, binds only strings and numbers, and keeps values out of the SQL text', () => {
    fc.assert(
      fc.property(anyQuery, fc.constantFrom(...TABLES), (text, table) => {
        const compiled = compileEncodedQuery(parseEncodedQuery(text), catalog.require(table), catalog);
        for (const dialect of ['sqlite', 'postgres'] as const) {
          const { sql, parameters } = selectSql(dialect, catalog.require(table).root, compiled);
          expect(sql).not.toContain(MARK);
          for (const p of parameters) expect(['string', 'number']).toContain(typeof p);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('produces SQL that SQLite runs', async () => {
    await fc.assert(
      fc.asyncProperty(encodedQuery, fc.constantFrom(...TABLES), async (text, table) => {
        await execute(sqlite.db, table, compileEncodedQuery(parseEncodedQuery(text), catalog.require(table), catalog));
      }),
      { numRuns: 300 },
    );
  });

  it('compiles any plain filters without throwing', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS, 'sysparm_limit'), fc.string()), fc.string()),
        fc.constantFrom(...TABLES),
        (params, table) => {
          const where = compilePlainFilters(params, catalog.require(table), catalog);
          const { parameters } = selectSql('postgres', catalog.require(table).root, where);
          for (const p of parameters) expect(['string', 'number']).toContain(typeof p);
        },
      ),
      { numRuns: 300 },
    );
  });
});
