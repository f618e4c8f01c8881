import type { Catalog, ColumnMeta, TableMeta } from '../../platform/db/catalog/types.ts';
import { resolveField } from './query/index.ts';

/** A field of the response: a column of the table, or one dot-walked through a reference. */
export type OutputField =
  | { readonly key: string; readonly kind: 'direct'; readonly column: ColumnMeta }
  | { readonly key: string; readonly kind: 'walk'; readonly reference: ColumnMeta; readonly target: TableMeta; readonly column: ColumnMeta };

/**
 * The fields a response shows, in order. Without `sysparm_fields`: every column of the requested
 * table (a child record listed through its parent shows the parent's columns, as on the platform).
 * With it: the names listed that resolve, with one level of dot-walking (`owner.user_name`);
 * unknown names, and walks into tables the caller may not read, are left out (CONTRACT §8).
 * `password2` columns are never shown: they are write-only.
 */
export function planFields(table: TableMeta, catalog: Catalog, fields: string | undefined, readable: (t: TableMeta) => boolean): OutputField[] {
  if (fields === undefined || fields.trim() === '') {
    return [...table.columns.values()]
      .filter((c) => c.internal_type !== 'password2')
      .map((column) => ({ key: column.element, kind: 'direct', column }));
  }
  const out: OutputField[] = [];
  const seen = new Set<string>();
  for (const name of fields.split(',').map((s) => s.trim())) {
    if (!name || seen.has(name)) continue;
    seen.add(name);
    // resolveField already refuses password2 columns, directly or through a walk.
    const field = resolveField(name, table, catalog);
    if (!field) continue;
    if (field.kind === 'direct') out.push({ key: name, kind: 'direct', column: field.column });
    else if (readable(field.target)) out.push({ key: name, kind: 'walk', reference: field.reference, target: field.target, column: field.column });
  }
  return out;
}

/** The columns of the queried table a plan reads: its direct columns and the references it walks. */
export function columnsRead(fields: readonly OutputField[]): string[] {
  const columns = new Set<string>(['sys_id']);
  for (const f of fields) columns.add(f.kind === 'direct' ? f.column.element : f.reference.element);
  return [...columns];
}
