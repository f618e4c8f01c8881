import { expressionBuilder, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Catalog, TableMeta } from '../../../platform/db/catalog/types.ts';
import { compileCondition } from './compile-condition.ts';
import { MATCH_ALL } from './sql-constants.ts';

/**
 * The Table API's plain `name=value` query parameters: an AND of `name=value` conditions with the
 * same conversion and dot-walking as `sysparm_query` (an empty value means "is empty"). Unknown
 * names are ignored, as the platform does; `sysparm_*` names are skipped so the whole query string
 * may be passed. `1 = 1` when nothing applies.
 */
export function compilePlainFilters(
  params: Readonly<Record<string, string>>,
  table: TableMeta,
  catalog: Catalog,
  eb: ExpressionBuilder<any, any> = expressionBuilder<any, any>(),
): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (name.startsWith('sysparm_') || typeof value !== 'string') continue;
    const compiled = compileCondition(eb, { field: name, operator: '=', value }, table, catalog);
    if (compiled) parts.push(compiled);
  }
  return parts.length > 0 ? eb.and(parts) : MATCH_ALL;
}
