import { buildCatalog } from '../../../../platform/db/catalog/build-catalog.ts';
import type { Catalog, TableDef } from '../../../../platform/db/catalog/types.ts';

/**
 * A small hierarchy for the query tests: `task` (root) → `incident`, `problem`; `sys_user` (root).
 * Covers every stored type, a reference to a child table (`incident.problem_id` → `problem`), a
 * password column and a column named with an SQL keyword (`order`).
 */
export const QUERY_TEST_TABLES: TableDef[] = [
  {
    name: 'sys_user',
    label: 'User',
    columns: [
      { element: 'user_name', internal_type: 'string' },
      { element: 'name', internal_type: 'string' },
      { element: 'active', internal_type: 'boolean' },
      { element: 'user_password', internal_type: 'password2' },
      { element: 'manager', internal_type: 'reference', reference: 'sys_user' },
    ],
  },
  {
    name: 'task',
    label: 'Task',
    display_field: 'number',
    columns: [
      { element: 'number', internal_type: 'string' },
      { element: 'short_description', internal_type: 'string' },
      { element: 'active', internal_type: 'boolean' },
      { element: 'state', internal_type: 'integer' },
      { element: 'assigned_to', internal_type: 'reference', reference: 'sys_user' },
      { element: 'due', internal_type: 'glide_date' },
      { element: 'opened_at', internal_type: 'glide_date_time' },
      { element: 'cost', internal_type: 'decimal' },
      { element: 'order', internal_type: 'integer' },
    ],
  },
  {
    name: 'incident',
    label: 'Incident',
    super_class: 'task',
    number_prefix: 'INC',
    columns: [
      { element: 'priority', internal_type: 'integer' },
      { element: 'caller_id', internal_type: 'reference', reference: 'sys_user' },
      { element: 'problem_id', internal_type: 'reference', reference: 'problem' },
      { element: 'watch_list', internal_type: 'glide_list', reference: 'sys_user' },
      { element: 'details', internal_type: 'json' },
    ],
  },
  {
    name: 'problem',
    label: 'Problem',
    super_class: 'task',
    number_prefix: 'PRB',
    columns: [{ element: 'known_error', internal_type: 'boolean' }],
  },
];

export function queryTestCatalog(): Catalog {
  return buildCatalog(QUERY_TEST_TABLES);
}
