import type { ColumnDef } from './types.ts';

/** Columns every root table has (CONTRACT §4); they are read-only through the Table API. */
export const SYSTEM_COLUMNS: readonly ColumnDef[] = [
  { element: 'sys_id', internal_type: 'string', max_length: 32, read_only: true, label: 'Sys ID' },
  { element: 'sys_class_name', internal_type: 'string', max_length: 80, read_only: true, label: 'Class' },
  { element: 'sys_created_on', internal_type: 'glide_date_time', read_only: true, label: 'Created' },
  { element: 'sys_created_by', internal_type: 'string', max_length: 40, read_only: true, label: 'Created by' },
  { element: 'sys_updated_on', internal_type: 'glide_date_time', read_only: true, label: 'Updated' },
  { element: 'sys_updated_by', internal_type: 'string', max_length: 40, read_only: true, label: 'Updated by' },
  { element: 'sys_mod_count', internal_type: 'integer', read_only: true, label: 'Updates' },
];

export const SYSTEM_COLUMN_NAMES: ReadonlySet<string> = new Set(SYSTEM_COLUMNS.map((c) => c.element));
