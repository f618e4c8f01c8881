import type { Kysely } from 'kysely';
import type { Properties } from '../../platform/properties/properties.ts';
import type { Actor } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import { phasesOf, type PhaseRow, type ReleaseRow } from './release-repo.ts';
import { assertPhaseTransition, assertReleaseTransition, TASK_STATE } from './release-states.ts';
import { nextPendingTask, tasksOfPhase } from './task-repo.ts';

export interface ProgressDeps {
  store: RecordStore;
  properties: Properties;
}

export interface ProgressContext {
  db: Kysely<any>;
  actor: Actor;
  today: string;
}

/**
 * Opens the tasks whose turn has come (DOMAIN §3.3): with `sn_dpr.sequential_task_execution` only
 * the lowest-order Pending task (approval tasks go to Requested), otherwise every Pending task.
 */
export async function openTasks(deps: ProgressDeps, ctx: ProgressContext, phaseId: string): Promise<void> {
  const sequential = await deps.properties.bool('sn_dpr.sequential_task_execution', true, ctx.db);
  const pending = sequential ? [await nextPendingTask(ctx.db, phaseId)].filter((t) => t !== undefined) : (await tasksOfPhase(ctx.db, phaseId)).filter((t) => Number(t.state) === TASK_STATE.pending);
  for (const task of pending) {
    await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release_task', task.sys_id, {
      state: TASK_STATE.open,
      approval: task.need_approval === 1 ? 'requested' : task.approval,
    });
  }
}

export async function startPhase(deps: ProgressDeps, ctx: ProgressContext, release: ReleaseRow, phase: PhaseRow): Promise<void> {
  assertPhaseTransition(phase.state, 'in_progress');
  await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release_phase', phase.sys_id, { state: 'in_progress', actual_start_date: ctx.today });
  await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release', release.sys_id, { current_phase: phase.sys_id });
  await openTasks(deps, ctx, phase.sys_id);
}

export interface PhaseCompletion {
  completed: PhaseRow;
  next?: PhaseRow;
  releaseState: string;
}

/**
 * Closes a release's current phase and moves on: the next phase starts; after the last phase the
 * release goes to Review (`sn_dpr.auto_transition_release_to_review`) and on to Completed
 * (`sn_dpr.auto_transition_release_to_completed`). The caller has checked the gates.
 */
export async function advancePhase(deps: ProgressDeps, ctx: ProgressContext, release: ReleaseRow, phase: PhaseRow): Promise<PhaseCompletion> {
  assertPhaseTransition(phase.state, 'completed');
  await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release_phase', phase.sys_id, { state: 'completed', actual_end_date: ctx.today });
  const next = (await phasesOf(ctx.db, release.sys_id)).find((p) => p.state === 'pending' && p.order >= phase.order && p.sys_id !== phase.sys_id);
  if (next) {
    await startPhase(deps, ctx, release, next);
    return { completed: phase, next, releaseState: release.state };
  }
  return { completed: phase, releaseState: await finishPhases(deps, ctx, release) };
}

/** After the last phase: Review, then Completed, as the properties say. Returns the new state. */
export async function finishPhases(deps: ProgressDeps, ctx: ProgressContext, release: ReleaseRow): Promise<string> {
  if (!(await deps.properties.bool('sn_dpr.auto_transition_release_to_review', true, ctx.db))) return release.state;
  assertReleaseTransition(release.state, 'review');
  let state = 'review';
  const values: Record<string, unknown> = { state, current_phase: null };
  if (await deps.properties.bool('sn_dpr.auto_transition_release_to_completed', false, ctx.db)) {
    state = 'completed';
    Object.assign(values, { state, actual_end_date: ctx.today });
  }
  await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release', release.sys_id, values);
  return state;
}
