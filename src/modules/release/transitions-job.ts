import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { today } from '../../platform/clock/today.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { SYSTEM_ACTOR } from '../../platform/records/actor.ts';
import type { JobWorker } from '../jobs/job-worker.ts';
import type { Scheduler } from '../jobs/scheduler.ts';
import { checkCanComplete } from './complete-phase.ts';
import { advancePhase, finishPhases, startPhase, type ProgressDeps } from './phase-progress.ts';
import { findRelease, phasesOf } from './release-repo.ts';

export const RELEASE_TRANSITIONS = 'release.state_transitions';
const HOUR_SECONDS = 3600;

export interface TransitionDeps extends ProgressDeps {
  postgres: boolean;
}

/** Releases the hourly job may move, found in one statement each (not every open release). */
async function candidates(db: Kysely<any>, day: string, stageAuto: boolean): Promise<string[]> {
  const due = await db
    .selectFrom('sn_dpr_model_release as r')
    .leftJoin('sn_dpr_model_release_phase as p', 'p.sys_id', 'r.current_phase')
    .select('r.sys_id')
    .where((eb) =>
      eb.or([
        eb.and([eb('r.state', '=', 'pending'), eb('r.planned_start_date', '<=', day)]),
        eb.and([eb('r.state', '=', 'in_progress'), eb('r.current_phase', 'is', null)]),
        eb.and([eb('r.state', '=', 'in_progress'), eb('r.process_type', '=', 'timeline'), eb('p.planned_end_date', '<=', day)]),
        ...(stageAuto ? [eb.and([eb('r.state', '=', 'in_progress'), eb('r.process_type', '=', 'stage')])] : []),
      ]),
    )
    // Primaries before their children, so a child's gate sees the primary's latest phase.
    .orderBy('r.parent', 'desc')
    .orderBy('r.sys_created_on')
    .execute();
  return due.map((r) => r.sys_id as string);
}

/**
 * The hourly "Release state transition" and "Release phase state transition" jobs (DOMAIN §3.3):
 * a Pending release starts on its planned start date; a timeline phase completes on its planned end
 * date when its tasks are closed and its policies compliant; a stage phase completes as soon as that
 * holds when `sn_dpr.stage_workflow_auto_transition` is on; a release whose phases are all done
 * goes to Review. On Hold releases are left alone. Each release moves in its own transaction.
 */
export async function runReleaseTransitions(deps: TransitionDeps, db: Kysely<any>, clock: Clock): Promise<number> {
  const day = await today(clock, deps.properties, db);
  const stageAuto = await deps.properties.bool('sn_dpr.stage_workflow_auto_transition', true, db);
  let moves = 0;
  for (const id of await candidates(db, day, stageAuto)) {
    moves += await inTransaction(db, (trx) => moveRelease(deps, trx, id, day));
  }
  return moves;
}

async function moveRelease(deps: TransitionDeps, db: Kysely<any>, id: string, day: string): Promise<number> {
  const ctx = { db, actor: SYSTEM_ACTOR, today: day };
  let moves = 0;
  // A clock moved by weeks may make several phases due: keep going while something moves.
  for (let guard = 0; guard < 100; guard++) {
    const release = await findRelease(db, id, { forUpdate: true, postgres: deps.postgres });
    if (!release) return moves;
    const phases = await phasesOf(db, id);
    if (release.state === 'pending' && release.planned_start_date && release.planned_start_date <= day) {
      await deps.store.update(db, SYSTEM_ACTOR, 'sn_dpr_model_release', id, { state: 'in_progress', actual_start_date: day });
      const first = phases.find((p) => p.state === 'pending');
      if (first) await startPhase(deps, ctx, { ...release, state: 'in_progress' }, first);
      moves++;
      continue;
    }
    if (release.state !== 'in_progress') return moves;
    if (!release.current_phase) {
      if (phases.length && phases.every((p) => ['completed', 'cancelled', 'restarted'].includes(p.state))) {
        if ((await finishPhases(deps, ctx, release)) !== release.state) moves++;
      }
      return moves;
    }
    const current = phases.find((p) => p.sys_id === release.current_phase);
    const due = release.process_type === 'stage' || (current?.planned_end_date != null && current.planned_end_date <= day);
    if (!current || !due) return moves;
    try {
      const phase = await checkCanComplete(db, release);
      await advancePhase(deps, ctx, release, phase);
      moves++;
    } catch (error) {
      // A gate that does not hold yet (open tasks, policies, a child behind) waits for a later run.
      if (error instanceof AppError) return moves;
      throw error;
    }
  }
  return moves;
}

/** Registers the job and its hourly trigger (first run at the next full hour of the clock). */
export async function installReleaseTransitions(worker: JobWorker, scheduler: Scheduler, clock: Clock, deps: TransitionDeps): Promise<void> {
  worker.registerHandler(RELEASE_TRANSITIONS, async (_payload, { db, clock: now, log }) => {
    const moves = await runReleaseTransitions(deps, db, now);
    if (moves) log.info({ moves }, 'Release state transitions applied');
  });
  const next = new Date(Math.floor(clock.nowMs() / 3_600_000) * 3_600_000 + 3_600_000);
  await scheduler.ensureTrigger({ name: RELEASE_TRANSITIONS, type: RELEASE_TRANSITIONS, intervalSeconds: HOUR_SECONDS, firstRun: next });
}
