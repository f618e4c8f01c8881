import type { ColumnMeta } from '../../platform/db/catalog/types.ts';
import type { StoredValue } from '../../platform/records/coerce-value.ts';

/**
 * A stored value as the platform renders it on the wire: always a string, `""` for empty,
 * booleans `"true"`/`"false"`, numbers in plain decimal, date-times already `yyyy-MM-dd HH:mm:ss`
 * UTC as stored. `password2` values are never rendered.
 */
export function textOf(column: ColumnMeta, value: StoredValue | undefined): string {
  if (value === null || value === undefined || column.internal_type === 'password2') return '';
  if (column.internal_type === 'boolean') return Number(value) === 1 ? 'true' : 'false';
  return String(value);
}

/** The sys_ids a reference or reference list holds (none when empty). */
export function referencedIds(column: ColumnMeta, value: StoredValue | undefined): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (column.internal_type === 'reference') return [String(value)];
  if (column.internal_type === 'glide_list' && column.reference) return String(value).split(',').filter(Boolean);
  return [];
}

/** True for the columns whose display value is that of other records. */
export function isReferenceLike(column: ColumnMeta): boolean {
  return column.internal_type === 'reference' || (column.internal_type === 'glide_list' && Boolean(column.reference));
}
