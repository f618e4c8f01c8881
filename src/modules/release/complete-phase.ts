import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { today } from '../../platform/clock/today.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { Actor } from '../../platform/records/actor.ts';
import { policyBlockers } from '../policy/phase-gate.ts';
import { advancePhase, type PhaseCompletion, type ProgressDeps } from './phase-progress.ts';
import { childrenOf, findRelease, phasesOf, type PhaseRow, type ReleaseRow } from './release-repo.ts';
import { PHASE_STATE_LABELS, releaseLabel } from './release-states.ts';
import { openTasksOfPhase } from './task-repo.ts';

export interface CompletePhaseDeps extends ProgressDeps {
  clock: Clock;
  postgres: boolean;
}

/**
 * `complete_phase` (CONTRACT §5.4): the release and its current phase In Progress, every task of
 * the phase closed, every active policy mapping compliant in its latest run, and the primary/child
 * phase sync kept. The release row is locked first, so concurrent calls advance it once.
 */
export async function completePhase(deps: CompletePhaseDeps, db: Kysely<any>, actor: Actor, releaseId: string): Promise<PhaseCompletion> {
  const release = await findRelease(db, releaseId, { forUpdate: true, postgres: deps.postgres });
  if (!release) throw Errors.rule('Release ID is invalid');
  const phase = await checkCanComplete(db, release);
  const day = await today(deps.clock, deps.properties, db);
  return advancePhase(deps, { db, actor, today: day }, release, phase);
}

/** Every gate of a phase completion; returns the phase to complete or throws the first rule broken. */
export async function checkCanComplete(db: Kysely<any>, release: ReleaseRow): Promise<PhaseRow> {
  if (release.state === 'on_hold') throw Errors.rule(`Release ${release.name} is On Hold: resume it before completing a phase`);
  if (release.state !== 'in_progress') {
    throw Errors.rule(`Release must be In Progress to complete a phase (current state: ${releaseLabel(release.state)})`);
  }
  const phases = await phasesOf(db, release.sys_id);
  const phase = phases.find((p) => p.sys_id === release.current_phase);
  if (!phase) throw Errors.rule(`Release ${release.name} has no current phase`);
  if (phase.state !== 'in_progress') {
    throw Errors.rule(`The current phase must be In Progress to complete it (phase ${phase.name} is ${PHASE_STATE_LABELS[phase.state] ?? phase.state})`);
  }
  const open = await openTasksOfPhase(db, phase.sys_id);
  if (open.length) {
    throw Errors.rule(`Phase ${phase.name} has ${open.length} open task(s) that must be closed first: ${open.map((t) => t.number).join(', ')}`);
  }
  const blockers = await policyBlockers(db, phase.sys_id);
  if (blockers.length) {
    throw Errors.rule(
      `Phase ${phase.name} cannot be completed until its policies are compliant: ${blockers.map((b) => `${b.policyName} (${b.status})`).join(', ')}`,
    );
  }
  await checkPhaseSync(db, release, phase);
  return phase;
}

async function checkPhaseSync(db: Kysely<any>, release: ReleaseRow, phase: PhaseRow): Promise<void> {
  if (release.parent) {
    const primary = await findRelease(db, release.parent);
    if (primary && ['in_progress', 'on_hold', 'pending'].includes(primary.state)) {
      const primaryPhase = (await phasesOf(db, primary.sys_id)).find((p) => p.sys_id === primary.current_phase);
      if (primaryPhase && primaryPhase.order < phase.order) {
        throw Errors.rule(`Release ${release.name} cannot run ahead of its primary release ${primary.name} (current phase: ${primaryPhase.name})`);
      }
    }
  }
  for (const child of await childrenOf(db, release.sys_id)) {
    const same = (await phasesOf(db, child.sys_id)).find((p) => p.order === phase.order && p.state !== 'restarted');
    if (same && same.state !== 'completed' && same.state !== 'cancelled') {
      throw Errors.rule(`Child release ${child.name} has not completed phase ${same.name}; the primary release cannot pass it`);
    }
  }
}
