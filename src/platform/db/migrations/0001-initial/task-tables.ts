import { bool, choice, date, dateTime, int, ref, str } from '../../catalog/column-dsl.ts';
import type { TableDef } from '../../catalog/types.ts';

/** Platform task numbers (CONTRACT §4): -5 Pending, 1 Open, 2 Work in Progress, 3/4/7 closed. */
const TASK_STATES = ['-5', '1', '2', '3', '4', '7'] as const;
const APPROVALS = ['not requested', 'requested', 'approved', 'rejected', 'cancelled', 'not_required', 'duplicate'] as const;

/** The `task` family, stored in one physical table as the platform does. Frozen with 0001. */
export const taskTables: TableDef[] = [
  {
    name: 'task',
    label: 'Task',
    display_field: 'number',
    number_prefix: 'TASK',
    columns: [
      str('number', { read_only: true }),
      str('short_description'),
      str('description'),
      int('state', { default_value: 1, choices: TASK_STATES }),
      choice('approval', APPROVALS, { default_value: 'not requested' }),
      ref('assigned_to', 'sys_user'),
      bool('active', { default_value: true }),
      ref('opened_by', 'sys_user'),
      dateTime('opened_at'),
      dateTime('closed_at'),
      str('work_notes'),
    ],
  },
  {
    name: 'incident',
    label: 'Incident',
    super_class: 'task',
    number_prefix: 'INC',
    columns: [
      ref('caller_id', 'sys_user'),
      int('priority', { default_value: 4, choices: ['1', '2', '3', '4', '5'] }),
      int('incident_state', { default_value: 1 }),
    ],
  },
  { name: 'problem', label: 'Problem', super_class: 'task', number_prefix: 'PRB', columns: [] },
  { name: 'sc_request', label: 'Request', super_class: 'task', number_prefix: 'REQ', columns: [] },
  {
    name: 'change_request',
    label: 'Change Request',
    super_class: 'task',
    number_prefix: 'CHG',
    columns: [choice('type', ['normal', 'standard', 'emergency'], { default_value: 'normal' })],
  },
  {
    name: 'sn_dpr_model_release_task',
    label: 'Release Task',
    super_class: 'task',
    number_prefix: 'RTSK',
    columns: [
      ref('release', 'sn_dpr_model_release', { cascade: 'delete' }),
      ref('phase', 'sn_dpr_model_release_phase', { cascade: 'delete' }),
      int('order', { default_value: 100 }),
      bool('need_approval', { default_value: false }),
      date('due_date'),
      ref('template_task', 'sn_dpr_model_template_task'),
    ],
  },
];
