import type { Expression, Kysely, SqlBool } from 'kysely';
import type { TableMeta } from '../../platform/db/catalog/types.ts';
import { countAll } from '../../platform/db/dialect/dialect.ts';
import type { Row } from '../../platform/records/row.ts';
import type { ListFilter } from './list-filter.ts';

// The Table API's reads. Writes go through RecordStore. The list SQL selects from the hierarchy's
// physical table under the alias `t`, which is what the query compiler's expressions refer to.

/** Ids per `IN (…)` list: below both databases' parameter limits, and above the largest page. */
const IDS_PER_STATEMENT = 10_000;

function matching(db: Kysely<any>, table: TableMeta, where: readonly Expression<SqlBool>[]) {
  let q = db.selectFrom(`${table.root} as t`);
  // A child table lists the rows whose class is it or one of its descendants.
  if (table.root !== table.name) q = q.where('t.sys_class_name', 'in', table.classNames);
  for (const w of where) q = q.where(w);
  return q;
}

/**
 * One page of rows: the caller's order first, then creation time and sys_id, so that pages are
 * stable (the platform's order without ORDERBY is unspecified).
 */
export async function selectPage(
  db: Kysely<any>,
  table: TableMeta,
  filter: ListFilter,
  columns: readonly string[],
  page: { limit: number; offset: number },
): Promise<Row[]> {
  let q = matching(db, table, filter.where).select(columns.map((c) => `t.${c}`));
  for (const o of filter.orderBy) q = q.orderBy(o.expression, o.modifiers);
  q = q.orderBy('t.sys_created_on').orderBy('t.sys_id');
  return (await q.limit(page.limit).offset(page.offset).execute()) as Row[];
}

/** The number of rows a filter matches (`X-Total-Count`). */
export async function countMatching(db: Kysely<any>, table: TableMeta, filter: ListFilter): Promise<number> {
  const row = await matching(db, table, filter.where).select(countAll().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Records of a referenced table by sys_id, with the given columns: one statement for up to
 * IDS_PER_STATEMENT ids (display values and dot-walked fields of a whole page at once).
 */
export async function selectByIds(db: Kysely<any>, table: TableMeta, ids: readonly string[], columns: readonly string[]): Promise<Row[]> {
  const select = [...new Set(['sys_id', ...columns])].map((c) => `t.${c}`);
  const out: Row[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const chunk = ids.slice(i, i + IDS_PER_STATEMENT);
    out.push(...((await db.selectFrom(`${table.root} as t`).select(select).where('t.sys_id', 'in', chunk).execute()) as Row[]));
  }
  return out;
}
