import type { Kysely } from 'kysely';
import { CLOSED_TASK_STATES, TASK_STATE } from './release-states.ts';

export interface ReleaseTaskRow {
  sys_id: string;
  number: string;
  short_description: string | null;
  release: string;
  phase: string;
  order: number;
  state: number;
  approval: string;
  need_approval: number;
  active: number;
}

/** Tasks of a phase, in order. */
export async function tasksOfPhase(db: Kysely<any>, phaseId: string): Promise<ReleaseTaskRow[]> {
  return (await db
    .selectFrom('task')
    .select(['sys_id', 'number', 'short_description', 'release', 'phase', 'order', 'state', 'approval', 'need_approval', 'active'])
    .where('sys_class_name', '=', 'sn_dpr_model_release_task')
    .where('phase', '=', phaseId)
    .orderBy('order')
    .orderBy('number')
    .execute()) as ReleaseTaskRow[];
}

export async function openTasksOfPhase(db: Kysely<any>, phaseId: string): Promise<ReleaseTaskRow[]> {
  return (await tasksOfPhase(db, phaseId)).filter((t) => !CLOSED_TASK_STATES.includes(Number(t.state)));
}

/** The next task whose turn has not come yet (state Pending), lowest order first. */
export async function nextPendingTask(db: Kysely<any>, phaseId: string): Promise<ReleaseTaskRow | undefined> {
  return (await tasksOfPhase(db, phaseId)).find((t) => Number(t.state) === TASK_STATE.pending);
}
