import type { Catalog } from '../../../platform/db/catalog/types.ts';

/** The property listing the task tables a release may relate (DOMAIN.md §3.10, §6). */
export const RELATED_TASK_TYPES_PROPERTY = 'sn_dpr_model.release_related_task_types';

export interface RelatedTaskTypes {
  /** The listed tables that qualify, in the property's order. */
  tables: string[];
  /** `sys_class_name` values a related task may have: the qualifying tables and their descendants. */
  classNames: Set<string>;
}

/** True when `name` is a table that extends `task` (at any depth) and is not `task` itself. */
function extendsTask(catalog: Catalog, name: string): boolean {
  for (let parent = catalog.get(name)?.super_class; parent; parent = catalog.get(parent)?.super_class) {
    if (parent === 'task') return true;
  }
  return false;
}

/**
 * Reads the property's value (a JSON array of `{table, view, label}`). Entries naming an unknown
 * table, a table outside the `task` family, or `task` itself never qualify (DOMAIN.md §3.10: records
 * must be in a table that extends `task`, not in `task`). A value that is not such an array lists
 * nothing, so every id is refused with a message naming the property.
 */
export function relatedTaskTypes(catalog: Catalog, value: unknown): RelatedTaskTypes {
  const entries = Array.isArray(value) ? value : [];
  const tables: string[] = [];
  for (const entry of entries) {
    const table = (entry as { table?: unknown } | null)?.table;
    if (typeof table !== 'string') continue;
    const name = table.trim();
    if (extendsTask(catalog, name) && !tables.includes(name)) tables.push(name);
  }
  return { tables, classNames: new Set(tables.flatMap((t) => catalog.require(t).classNames)) };
}
