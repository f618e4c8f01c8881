import type { Expression, ExpressionBuilder, OrderByModifiersCallbackExpression } from 'kysely';
import type { Catalog, TableMeta } from '../../../platform/db/catalog/types.ts';
import type { OrderTerm, SortDirection } from './query-ast.ts';
import { resolveField } from './resolve-field.ts';
import { MAIN_ALIAS, WALK_ALIAS } from './sql-constants.ts';

/** One ORDER BY item, ready for `query.orderBy(item.expression, item.modifiers)`. */
export interface CompiledOrderBy {
  readonly field: string;
  readonly direction: SortDirection;
  readonly expression: Expression<unknown>;
  readonly modifiers: OrderByModifiersCallbackExpression;
}

// Empty values sort first ascending and last descending, as on the platform (MySQL); SQLite does
// so by default, PostgreSQL the other way round, so the order is spelled out for both.
const ASC: OrderByModifiersCallbackExpression = (ob) => ob.asc().nullsFirst();
const DESC: OrderByModifiersCallbackExpression = (ob) => ob.desc().nullsLast();

/**
 * Compiles `ORDERBY` / `ORDERBYDESC` terms; terms on unknown fields are ignored. A dot-walked field
 * sorts by a correlated scalar subquery on the referenced record.
 */
export function compileOrderBy(
  eb: ExpressionBuilder<any, any>,
  terms: readonly OrderTerm[],
  table: TableMeta,
  catalog: Catalog,
): CompiledOrderBy[] {
  const out: CompiledOrderBy[] = [];
  for (const term of terms) {
    const field = resolveField(term.field, table, catalog);
    if (!field) continue;
    let expression: Expression<unknown>;
    if (field.kind === 'direct') {
      expression = eb.ref(`${MAIN_ALIAS}.${field.column.element}`);
    } else {
      let value = eb
        .selectFrom(`${field.target.root} as ${WALK_ALIAS}`)
        .select(`${WALK_ALIAS}.${field.column.element}`)
        .where(`${WALK_ALIAS}.sys_id`, '=', eb.ref(`${MAIN_ALIAS}.${field.reference.element}`));
      if (field.target.root !== field.target.name) {
        value = value.where(`${WALK_ALIAS}.sys_class_name`, 'in', field.target.classNames);
      }
      expression = value;
    }
    const modifiers = term.direction === 'desc' ? DESC : ASC;
    out.push({ field: term.field, direction: term.direction, expression, modifiers });
  }
  return out;
}
