import type { Kysely } from 'kysely';
import { Errors } from '../../platform/errors/catalogue.ts';
import { newSysId } from '../../platform/ids/sys-id.ts';
import { startPhase, type ProgressContext, type ProgressDeps } from './phase-progress.ts';
import { childrenOf, deactivateMappings, findRelease, phasesOf, type ReleaseRow } from './release-repo.ts';
import { assertReleaseTransition, isClosedTaskState, releaseLabel, TASK_STATE } from './release-states.ts';
import { tasksOfPhase } from './task-repo.ts';

/**
 * Hold, resume, cancel, complete and stage-phase restart (DOMAIN §3.4, §3.5), exposed under
 * `/api/dpr/release/{id}/…`. Each applies to a primary's child releases too.
 */
export interface LifecycleDeps extends ProgressDeps {
  postgres: boolean;
}

async function lockedRelease(deps: LifecycleDeps, db: Kysely<any>, id: string): Promise<ReleaseRow> {
  const release = await findRelease(db, id, { forUpdate: true, postgres: deps.postgres });
  if (!release) throw Errors.rule('Release ID is invalid');
  return release;
}

export async function holdRelease(deps: LifecycleDeps, ctx: ProgressContext, id: string, reason: string | undefined): Promise<void> {
  const release = await lockedRelease(deps, ctx.db, id);
  if (release.state !== 'pending' && release.state !== 'in_progress') {
    throw Errors.rule(`Only a Pending or In Progress release can be put on hold (current state: ${releaseLabel(release.state)})`);
  }
  for (const r of [release, ...(await childrenOf(ctx.db, release.sys_id))]) {
    if (r.state !== 'pending' && r.state !== 'in_progress') continue;
    await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release', r.sys_id, { state: 'on_hold', held_state: r.state, hold_reason: reason ?? null });
  }
}

export async function resumeRelease(deps: LifecycleDeps, ctx: ProgressContext, id: string): Promise<void> {
  const release = await lockedRelease(deps, ctx.db, id);
  if (release.state !== 'on_hold') throw Errors.rule(`Only an On Hold release can be resumed (current state: ${releaseLabel(release.state)})`);
  for (const r of [release, ...(await childrenOf(ctx.db, release.sys_id))]) {
    if (r.state !== 'on_hold') continue;
    await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release', r.sys_id, { state: r.held_state ?? 'in_progress', held_state: null });
  }
}

/** Cancels a release (reason required): open phases cancelled, open tasks closed skipped, mappings inactive. */
export async function cancelRelease(deps: LifecycleDeps, ctx: ProgressContext, id: string, reason: string | undefined): Promise<void> {
  if (!reason || !reason.trim()) throw Errors.rule('A cancellation reason is required');
  const release = await lockedRelease(deps, ctx.db, id);
  assertReleaseTransition(release.state, 'cancelled');
  for (const r of [release, ...(await childrenOf(ctx.db, release.sys_id))]) {
    for (const phase of await phasesOf(ctx.db, r.sys_id)) {
      if (phase.state !== 'pending' && phase.state !== 'in_progress') continue;
      for (const task of await tasksOfPhase(ctx.db, phase.sys_id)) {
        if (!isClosedTaskState(task.state)) await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release_task', task.sys_id, { state: TASK_STATE.closedSkipped });
      }
      await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release_phase', phase.sys_id, { state: 'cancelled' });
    }
    await deactivateMappings(ctx.db, r.sys_id);
    await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release', r.sys_id, { state: 'cancelled', cancellation_reason: reason.trim(), current_phase: null, actual_end_date: ctx.today });
  }
}

/** Completes a release from Review ("Complete release", DOMAIN §3.2). */
export async function completeRelease(deps: LifecycleDeps, ctx: ProgressContext, id: string): Promise<void> {
  const release = await lockedRelease(deps, ctx.db, id);
  if (release.state !== 'review') throw Errors.rule(`Only a release in Review can be completed (current state: ${releaseLabel(release.state)})`);
  await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release', release.sys_id, { state: 'completed', actual_end_date: ctx.today });
}

/**
 * Restarts a stage release from one of its completed phases (DOMAIN §3.4): the phases from that
 * one up to the current one are marked Restarted (their items leave the dashboards) and fresh
 * copies of them are created — the chosen one In Progress, the others Pending — with their tasks
 * reopened and their policy mappings copied with no run yet.
 */
export async function restartPhase(deps: LifecycleDeps, ctx: ProgressContext, id: string, phaseId: string | undefined): Promise<string> {
  const release = await lockedRelease(deps, ctx.db, id);
  if (release.process_type !== 'stage') throw Errors.rule('Only a stage-oriented release can restart a phase');
  if (release.state !== 'in_progress' && release.state !== 'review') {
    throw Errors.rule(`A phase can be restarted only while the release is In Progress or in Review (current state: ${releaseLabel(release.state)})`);
  }
  const phases = await phasesOf(ctx.db, release.sys_id);
  const from = phases.find((p) => p.sys_id === phaseId);
  if (!from) throw Errors.rule(`Phase ID is invalid: ${phaseId ?? ''}`);
  if (from.state !== 'completed') throw Errors.rule(`Only a completed phase can be restarted (phase ${from.name} is not completed)`);
  const current = phases.find((p) => p.sys_id === release.current_phase);
  const lastOrder = current ? current.order : Math.max(...phases.map((p) => p.order));
  const affected = phases.filter((p) => p.order >= from.order && p.order <= lastOrder && (p.state === 'completed' || p.state === 'in_progress'));
  await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release', release.sys_id, { state: 'restarting' });
  let restarted: string | undefined;
  for (const old of affected) {
    await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release_phase', old.sys_id, { state: 'restarted' });
    const fresh = newSysId();
    await deps.store.insert(ctx.db, ctx.actor, 'sn_dpr_model_release_phase', {
      sys_id: fresh,
      release: release.sys_id,
      name: old.name,
      order: old.order,
      state: 'pending',
      readiness_phase: old.readiness_phase,
      planned_start_date: old.planned_start_date,
      planned_end_date: old.planned_end_date,
    });
    const tasks = await tasksOfPhase(ctx.db, old.sys_id);
    await deps.store.insertMany(
      ctx.db,
      ctx.actor,
      'sn_dpr_model_release_task',
      tasks.map((t) => ({ release: release.sys_id, phase: fresh, short_description: t.short_description, order: t.order, need_approval: t.need_approval, state: TASK_STATE.pending, approval: 'not requested' })),
    );
    const mappings = await ctx.db.selectFrom('sn_pace_policy_mapping').selectAll().where('phase', '=', old.sys_id).where('state', '=', 'active').execute();
    await deps.store.insertMany(
      ctx.db,
      ctx.actor,
      'sn_dpr_pace_policy_mapping',
      mappings.map((m) => ({ release: release.sys_id, phase: fresh, policy: m.policy, state: 'active', config: m.config, template_policy: m.template_policy })),
    );
    if (old === from) restarted = fresh;
  }
  const fresh = (await phasesOf(ctx.db, release.sys_id)).find((p) => p.sys_id === restarted)!;
  const reread = (await findRelease(ctx.db, release.sys_id))!;
  await deps.store.update(ctx.db, ctx.actor, 'sn_dpr_model_release', release.sys_id, { state: 'in_progress' });
  await startPhase(deps, ctx, { ...reread, state: 'in_progress' }, fresh);
  return fresh.sys_id;
}
