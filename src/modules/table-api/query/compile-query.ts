import { expressionBuilder, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Catalog, TableMeta } from '../../../platform/db/catalog/types.ts';
import { compileCondition } from './compile-condition.ts';
import { compileOrderBy, type CompiledOrderBy } from './compile-order-by.ts';
import type { EncodedQuery, OrClause, QueryGroup } from './query-ast.ts';
import { MATCH_ALL, MATCH_NONE } from './sql-constants.ts';

export interface CompiledQuery {
  /** The filter, for `query.where(compiled.where)`; `1 = 1` when the query has none. */
  readonly where: Expression<SqlBool>;
  /** For `query.orderBy(o.expression, o.modifiers)`, in order. */
  readonly orderBy: readonly CompiledOrderBy[];
}

/** A part whose every condition was dropped: it neither widens nor narrows on its own. */
const DROPPED = Symbol('dropped');
type Part = Expression<SqlBool> | typeof DROPPED;
const known = (parts: Part[]): Expression<SqlBool>[] =>
  parts.filter((p): p is Expression<SqlBool> => p !== DROPPED);

/**
 * Compiles a parsed encoded query for a SELECT on `${table.root} as t`; the caller adds the class
 * filter (`t.sys_class_name IN table.classNames`) for a child table. Never throws.
 *
 * Unknown fields (CONTRACT §8): a condition on one is dropped where it stands alone or is ANDed,
 * but inside an `^OR` clause it matches nothing rather than everything, so `a=1^ORbogus=2` is
 * `a=1`. The same holds one level up: with several `^NQ` groups, a group whose every condition was
 * dropped matches nothing.
 *
 * `eb` defaults to a free-standing expression builder; pass the query's own to build inside a
 * `where((eb) => …)` callback.
 */
export function compileEncodedQuery(
  query: EncodedQuery,
  table: TableMeta,
  catalog: Catalog,
  eb: ExpressionBuilder<any, any> = expressionBuilder<any, any>(),
): CompiledQuery {
  const groups = query.groups.map((g) => compileGroup(eb, g, table, catalog));
  let where: Expression<SqlBool>;
  if (groups.length === 0) where = MATCH_ALL;
  else if (groups.length === 1) where = groups[0] === DROPPED ? MATCH_ALL : groups[0]!;
  else {
    const live = known(groups);
    where = live.length > 0 ? eb.or(live) : MATCH_NONE;
  }
  return { where, orderBy: compileOrderBy(eb, query.orderBy, table, catalog) };
}

function compileGroup(eb: ExpressionBuilder<any, any>, group: QueryGroup, table: TableMeta, catalog: Catalog): Part {
  const live = known(group.map((clause) => compileClause(eb, clause, table, catalog)));
  return live.length > 0 ? eb.and(live) : DROPPED;
}

function compileClause(eb: ExpressionBuilder<any, any>, clause: OrClause, table: TableMeta, catalog: Catalog): Part {
  const parts = clause.map((c) => compileCondition(eb, c, table, catalog) ?? DROPPED);
  if (parts.length === 1) return parts[0]!;
  // CONTRACT §8: inside an ^OR clause a dropped condition matches nothing.
  const live = known(parts);
  return live.length > 0 ? eb.or(live) : MATCH_NONE;
}
