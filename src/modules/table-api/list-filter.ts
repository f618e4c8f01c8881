import type { Expression, SqlBool } from 'kysely';
import type { Catalog, TableMeta } from '../../platform/db/catalog/types.ts';
import {
  compileEncodedQuery,
  compilePlainFilters,
  parseEncodedQuery,
  resolveField,
  type CompiledOrderBy,
  type EncodedQuery,
  type QueryCondition,
} from './query/index.ts';

/** The filter and order of a list, compiled for `selectFrom(`${table.root} as t`)`. */
export interface ListFilter {
  readonly where: readonly Expression<SqlBool>[];
  readonly orderBy: readonly CompiledOrderBy[];
}

/**
 * A field name no table has (`resolveField` splits it into two empty names), so the compiler treats
 * a condition on it exactly as one on an unknown field: dropped when alone or ANDed, matching
 * nothing inside an `^OR`.
 */
const UNRESOLVABLE_FIELD = '.';

/**
 * Compiles `sysparm_query` and the plain `name=value` filters (both apply, ANDed). A condition or
 * sort through a reference into a table the caller may not read counts as one on an unknown
 * field: filtering or sorting on what one cannot read would reveal it.
 */
export function buildListFilter(
  table: TableMeta,
  catalog: Catalog,
  queryText: string,
  plainFilters: Readonly<Record<string, string>>,
  readable: (t: TableMeta) => boolean,
): ListFilter {
  const allowed = (field: string): boolean => {
    if (!field.includes('.')) return true;
    const resolved = resolveField(field, table, catalog);
    return !resolved || resolved.kind === 'direct' || readable(resolved.target);
  };
  const parsed = parseEncodedQuery(queryText);
  const restricted: EncodedQuery = {
    groups: parsed.groups.map((group) =>
      group.map((clause) => clause.map((c): QueryCondition => (allowed(c.field) ? c : { ...c, field: UNRESOLVABLE_FIELD }))),
    ),
    orderBy: parsed.orderBy.filter((term) => allowed(term.field)),
  };
  const compiled = compileEncodedQuery(restricted, table, catalog);
  const plain = Object.fromEntries(Object.entries(plainFilters).filter(([name]) => allowed(name)));
  return { where: [compiled.where, compilePlainFilters(plain, table, catalog)], orderBy: compiled.orderBy };
}
