/**
 * Glossary (ServiceNow term → dpr):
 * - table / class      a logical table; a record's `sys_class_name` names its concrete table.
 * - dictionary         the column definitions of every table (`sys_dictionary`), kept as data.
 * - super class        the table a table extends; a child record is also a record of its parents.
 * - root table         the top of a hierarchy (`task`, `cmdb_model`); it is the one physical SQL
 *                      table that stores the rows of the whole family ("table per hierarchy", as the
 *                      platform does for `task`).
 */

/** The platform's internal types that dpr stores (CONTRACT §8 `sys_dictionary`). */
export type InternalType =
  | 'string'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'glide_date'
  | 'glide_date_time'
  | 'reference'
  | 'glide_list'
  | 'json'
  | 'password2';

export interface ColumnDef {
  element: string;
  internal_type: InternalType;
  /** Referenced table for `reference` (and `glide_list` of references). */
  reference?: string;
  label?: string;
  mandatory?: boolean;
  max_length?: number;
  /** Stored when an insert leaves the field out. */
  default_value?: string | number | boolean;
  /** Allowed stored values for choice fields; other values are refused on write. */
  choices?: readonly string[];
  /** Set only by the server (e.g. `number`); ignored in Table API writes. */
  read_only?: boolean;
  /**
   * What deleting the referenced record does, as the platform's reference cascade rule:
   * `clear` (the default) empties the field, `delete` deletes this record too.
   */
  cascade?: 'clear' | 'delete';
}

export interface TableDef {
  name: string;
  label: string;
  super_class?: string;
  columns: ColumnDef[];
  /** Prefix of the server-assigned `number` (e.g. `INC`), for task-like tables. */
  number_prefix?: string;
  /** Column used as the display value of a reference to this table (default `name`). */
  display_field?: string;
}

export interface ColumnMeta extends ColumnDef {
  /** The table that defines this column (a column is listed under it in sys_dictionary). */
  table: string;
}

export interface TableMeta {
  name: string;
  label: string;
  super_class?: string;
  /** Physical SQL table holding the rows (the root of the hierarchy). */
  root: string;
  /** This table's name and all its descendants': the `sys_class_name` values it lists. */
  classNames: string[];
  /** Own and inherited columns, `sys_*` included. */
  columns: Map<string, ColumnMeta>;
  displayField: string;
  numberPrefix?: string;
}

export interface Catalog {
  get(name: string): TableMeta | undefined;
  require(name: string): TableMeta;
  all(): TableMeta[];
}
