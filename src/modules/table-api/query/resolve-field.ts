import type { Catalog, ColumnMeta, TableMeta } from '../../../platform/db/catalog/types.ts';

/** A column of the queried table. */
export interface DirectField {
  readonly kind: 'direct';
  readonly column: ColumnMeta;
}

/** `reference.column`: a column of the table the reference points to (one level only). */
export interface DotWalkedField {
  readonly kind: 'dot-walked';
  readonly reference: ColumnMeta;
  readonly target: TableMeta;
  readonly column: ColumnMeta;
}

export type ResolvedField = DirectField | DotWalkedField;

/**
 * A column usable in a query. `password2` columns are not: a filter such as `STARTSWITH` on the
 * stored hash would let a reader recover it one character at a time (the platform does not let
 * password fields be queried either).
 */
export function queryableColumn(table: TableMeta, element: string): ColumnMeta | undefined {
  const column = table.columns.get(element);
  return column && column.internal_type !== 'password2' ? column : undefined;
}

/**
 * Resolves a field name from a query against the catalog. Undefined for anything unknown: a
 * missing column, a dot-walk through a non-reference column or to a missing table or column, or
 * more than one level of dot-walking.
 */
export function resolveField(name: string, table: TableMeta, catalog: Catalog): ResolvedField | undefined {
  const parts = name.split('.');
  if (parts.length === 1) {
    const column = queryableColumn(table, name);
    return column ? { kind: 'direct', column } : undefined;
  }
  if (parts.length !== 2) return undefined;
  const [referenceName, targetName] = parts as [string, string];
  const reference = queryableColumn(table, referenceName);
  if (!reference || reference.internal_type !== 'reference' || !reference.reference) return undefined;
  const target = catalog.get(reference.reference);
  if (!target) return undefined;
  const column = queryableColumn(target, targetName);
  return column ? { kind: 'dot-walked', reference, target, column } : undefined;
}
