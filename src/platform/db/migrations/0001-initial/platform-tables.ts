import { bool, choice, dateTime, dec, int, json, password, ref, str } from '../../catalog/column-dsl.ts';
import type { TableDef } from '../../catalog/types.ts';

/** Platform tables: dictionary, users and roles, properties, OAuth, schedules, jobs. Frozen with 0001. */
export const platformTables: TableDef[] = [
  {
    name: 'sys_db_object',
    label: 'Table',
    columns: [str('name', { mandatory: true }), str('label'), str('super_class'), str('number_prefix'), str('display_field')],
  },
  {
    name: 'sys_dictionary',
    label: 'Dictionary Entry',
    display_field: 'element',
    columns: [
      str('name', { mandatory: true }),
      str('element', { mandatory: true }),
      str('column_label'),
      str('internal_type', { mandatory: true }),
      str('reference'),
      bool('mandatory', { default_value: false }),
      bool('read_only', { default_value: false }),
      int('max_length'),
      str('default_value'),
      str('choices'),
      str('cascade_rule'),
    ],
  },
  {
    name: 'sys_properties',
    label: 'System Property',
    columns: [str('name', { mandatory: true }), str('value'), str('type', { default_value: 'string' }), str('description')],
  },
  {
    name: 'sys_user',
    label: 'User',
    columns: [
      str('user_name', { mandatory: true }),
      str('first_name'),
      str('last_name'),
      str('name'),
      str('email'),
      bool('active', { default_value: true }),
      bool('locked_out', { default_value: false }),
      password('user_password'),
      int('failed_attempts', { default_value: 0 }),
      str('time_zone'),
      dateTime('last_login_time'),
    ],
  },
  { name: 'sys_user_role', label: 'Role', columns: [str('name', { mandatory: true }), str('description')] },
  {
    name: 'sys_user_role_contains',
    label: 'Contained Role',
    display_field: 'role',
    columns: [
      ref('role', 'sys_user_role', { mandatory: true, cascade: 'delete' }),
      ref('contains', 'sys_user_role', { mandatory: true, cascade: 'delete' }),
    ],
  },
  {
    name: 'sys_user_has_role',
    label: 'User Role',
    display_field: 'role',
    columns: [
      ref('user', 'sys_user', { mandatory: true, cascade: 'delete' }),
      ref('role', 'sys_user_role', { mandatory: true, cascade: 'delete' }),
    ],
  },
  {
    name: 'oauth_entity',
    label: 'Application Registry',
    columns: [
      str('name', { mandatory: true }),
      str('client_id', { mandatory: true }),
      password('client_secret'),
      bool('active', { default_value: true }),
      ref('user', 'sys_user'),
      int('access_token_lifespan', { default_value: 1800 }),
      int('refresh_token_lifespan', { default_value: 8640000 }),
    ],
  },
  {
    name: 'oauth_credential',
    label: 'OAuth Credential',
    display_field: 'type',
    columns: [
      choice('type', ['access_token', 'refresh_token'], { mandatory: true }),
      password('token', { mandatory: true }),
      ref('client', 'oauth_entity', { cascade: 'delete' }),
      ref('user', 'sys_user', { mandatory: true, cascade: 'delete' }),
      str('scope'),
      dateTime('expires', { mandatory: true }),
      ref('refresh_token', 'oauth_credential', { cascade: 'delete' }),
    ],
  },
  {
    name: 'cmn_schedule',
    label: 'Schedule',
    columns: [
      str('name', { mandatory: true }),
      choice('type', ['excluded', 'blackout', 'maintenance', 'holiday'], { default_value: 'excluded' }),
      str('time_zone'),
      str('description'),
    ],
  },
  {
    name: 'cmn_schedule_span',
    label: 'Schedule Entry',
    columns: [
      ref('schedule', 'cmn_schedule', { mandatory: true, cascade: 'delete' }),
      str('name'),
      { element: 'start_date', internal_type: 'glide_date', mandatory: true },
      { element: 'end_date', internal_type: 'glide_date' },
      choice('repeat_type', ['none', 'weekly', 'yearly'], { default_value: 'none' }),
      str('days_of_week'),
    ],
  },
  {
    name: 'sys_progress_worker',
    label: 'Progress Worker',
    columns: [
      str('name'),
      choice('state', ['pending', 'running', 'complete', 'cancelled'], { default_value: 'pending' }),
      choice('completion_code', ['success', 'error']),
      str('message'),
      int('percent_complete', { default_value: 0 }),
      json('output'),
    ],
  },
  {
    name: 'sys_job',
    label: 'Job',
    display_field: 'job_type',
    columns: [
      str('job_type', { mandatory: true }),
      json('payload'),
      choice('state', ['queued', 'running', 'done', 'dead'], { default_value: 'queued' }),
      dateTime('run_at', { mandatory: true }),
      int('attempts', { default_value: 0 }),
      int('max_attempts', { default_value: 5 }),
      str('locked_by'),
      dateTime('locked_until'),
      str('last_error'),
      str('idempotency_key'),
      dateTime('finished_at'),
    ],
  },
  {
    name: 'sys_trigger',
    label: 'Scheduled Job',
    columns: [
      str('name', { mandatory: true }),
      str('job_type', { mandatory: true }),
      json('payload'),
      int('interval_seconds', { mandatory: true }),
      dateTime('next_run', { mandatory: true }),
      bool('active', { default_value: true }),
    ],
  },

  {
    name: 'sys_clock',
    label: 'Clock',
    columns: [str('name', { mandatory: true }), dec('offset_ms', { default_value: 0 })],
  },

  {
    name: 'sys_number_counter',
    label: 'Number Counter',
    display_field: 'table_name',
    columns: [str('table_name', { mandatory: true }), str('prefix', { mandatory: true }), int('next_number', { default_value: 1000001 })],
  },
];
