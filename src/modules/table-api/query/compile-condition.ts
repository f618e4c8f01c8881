import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Catalog, TableMeta } from '../../../platform/db/catalog/types.ts';
import { columnPredicate } from './column-predicate.ts';
import type { QueryCondition } from './query-ast.ts';
import { queryableColumn, resolveField } from './resolve-field.ts';
import { MAIN_ALIAS, WALK_ALIAS } from './sql-constants.ts';

/**
 * Compiles one condition against the queried table (alias `t`). Undefined when the condition is to
 * be dropped: an unknown field (CONTRACT §8, "unknown query fields are ignored, as the platform
 * does"), a dot-walk that does not resolve, or a SAMEAS naming an unknown field.
 */
export function compileCondition(
  eb: ExpressionBuilder<any, any>,
  condition: QueryCondition,
  table: TableMeta,
  catalog: Catalog,
): Expression<SqlBool> | undefined {
  const field = resolveField(condition.field, table, catalog);
  if (!field) return undefined;

  if (field.kind === 'direct') {
    const compiled = columnPredicate(
      { alias: MAIN_ALIAS, column: field.column, sibling: (name) => queryableColumn(table, name) },
      condition.operator,
      condition.value,
    );
    return compiled?.expr;
  }

  // Dot-walking: `ref.field op value` → `t.ref IN (SELECT sys_id FROM <target root> WHERE …)`.
  // SAMEAS across a dot-walk is not supported (no sibling): the condition is dropped.
  const inner = columnPredicate({ alias: WALK_ALIAS, column: field.column }, condition.operator, condition.value);
  if (!inner) return undefined;
  const { target } = field;
  let matching = eb
    .selectFrom(`${target.root} as ${WALK_ALIAS}`)
    .select(`${WALK_ALIAS}.sys_id`)
    .where(inner.expr);
  if (target.root !== target.name) {
    matching = matching.where(`${WALK_ALIAS}.sys_class_name`, 'in', target.classNames);
  }
  const reference = eb.ref(`${MAIN_ALIAS}.${field.reference.element}`);
  const walked = eb(reference, 'in', matching);
  // The platform dot-walks with a LEFT JOIN: a record with an empty reference sees the target's
  // fields as empty, so a condition that holds for empty (`ISEMPTY`, `!=`, `NOT LIKE`, …) holds
  // for it too.
  return inner.matchesEmpty ? eb.or([eb(reference, 'is', null), walked]) : walked;
}
