/** Fixture rows; a column left out is stored as NULL ("empty"). */

const sysId = (n: number): string => n.toString(16).padStart(32, '0');

export const USER = {
  alice: sysId(0xa1),
  bob: sysId(0xb0),
  carol: sysId(0xc0),
} as const;

export const TASK = {
  INC0001: sysId(0x1001),
  INC0002: sysId(0x1002),
  INC0003: sysId(0x1003),
  INC0004: sysId(0x1004),
  INC0005: sysId(0x1005),
  INC0006: sysId(0x1006),
  PRB0001: sysId(0x2001),
  TSK0001: sysId(0x3001),
} as const;

export const USER_ROWS: Record<string, unknown>[] = [
  { sys_id: USER.alice, sys_class_name: 'sys_user', user_name: 'alice', name: 'Alice Smith', active: 1, user_password: 'hash-of-alice' },
  { sys_id: USER.bob, sys_class_name: 'sys_user', user_name: 'bob', name: 'Bob Jones', active: 0, user_password: 'hash-of-bob', manager: USER.alice },
  { sys_id: USER.carol, sys_class_name: 'sys_user', user_name: 'carol', active: 1 },
];

export const TASK_ROWS: Record<string, unknown>[] = [
  {
    sys_id: TASK.INC0001, sys_class_name: 'incident', number: 'INC0001', short_description: 'Email is DOWN',
    priority: 1, active: 1, state: 1, caller_id: USER.alice, assigned_to: USER.bob, due: '2024-01-10',
    opened_at: '2024-01-05 08:00:00', cost: 1.5, order: 10, watch_list: `${USER.bob},${USER.carol}`, details: '{"k":1}',
  },
  {
    sys_id: TASK.INC0002, sys_class_name: 'incident', number: 'INC0002', short_description: 'printer 100% broken_now',
    priority: 2, active: 0, state: 2, caller_id: USER.bob, due: '2024-02-01', opened_at: '2024-01-20 12:30:00', cost: 20,
  },
  { sys_id: TASK.INC0003, sys_class_name: 'incident', number: 'INC0003' },
  {
    sys_id: TASK.INC0004, sys_class_name: 'incident', number: 'INC0004', short_description: 'email slow',
    priority: 3, active: 1, state: 1, caller_id: USER.carol, due: '2024-01-31', problem_id: TASK.PRB0001, cost: 0.25,
  },
  {
    sys_id: TASK.INC0005, sys_class_name: 'incident', number: 'INC0005', short_description: 'printer 1000 pages',
    priority: 4, active: 1, state: 7, caller_id: USER.alice, opened_at: '2024-03-01 00:00:00',
    // Points at a plain task: dot-walks through problem_id must not see it.
    problem_id: TASK.TSK0001,
  },
  {
    sys_id: TASK.INC0006, sys_class_name: 'incident', number: 'INC0006', short_description: 'broken-now path C:\\temp\\x',
    priority: 5, active: 0, state: -5,
  },
  { sys_id: TASK.PRB0001, sys_class_name: 'problem', number: 'PRB0001', short_description: 'root cause email', active: 1, state: 3, known_error: 1 },
  { sys_id: TASK.TSK0001, sys_class_name: 'task', number: 'TSK0001', short_description: 'root cause email', active: 1, state: 1 },
];
