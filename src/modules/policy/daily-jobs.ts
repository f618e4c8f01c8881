import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { today } from '../../platform/clock/today.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import type { Properties } from '../../platform/properties/properties.ts';
import { SYSTEM_ACTOR } from '../../platform/records/actor.ts';
import type { Jobs } from '../jobs/create-jobs.ts';
import { runnableReleases, waiversPastEnd } from './daily-repo.ts';
import { notRunnableReason } from './family.ts';
import { loadFamily } from './family-repo.ts';
import { countActiveMappings } from './mapping-repo.ts';
import { enqueuePolicyRun, type ScheduleDeps } from './schedule-run.ts';

export const DAILY_POLICY_RUNS = 'policy.daily_runs';
export const WAIVER_EXPIRY = 'policy.waiver_expiry';
const DAY_SECONDS = 86_400;

export interface DailyDeps extends ScheduleDeps {
  properties: Properties;
}

/**
 * The daily "run policies" job (DOMAIN §4.4): queues a run for every In Progress release whose
 * current phase is In Progress and has policies in its run scope. A child whose phase has the
 * order of its primary's current phase is left to the primary's run, which covers it.
 * Each release is queued in its own short transaction. Returns the runs queued.
 */
export async function queueDailyRuns(deps: DailyDeps, db: Kysely<any>): Promise<number> {
  const candidates = await runnableReleases(db);
  const byId = new Map(candidates.map((c) => [c.sys_id, c]));
  let queued = 0;
  for (const candidate of candidates) {
    const parent = candidate.parent ? byId.get(candidate.parent) : undefined;
    if (parent && parent.phase_order === candidate.phase_order) continue;
    queued += await inTransaction(db, async (trx) => {
      const family = await loadFamily(trx, candidate.sys_id);
      if (!family || notRunnableReason(family, 'run policies')) return 0;
      const phases = family.targets(family.release).map((t) => t.phase.sys_id);
      if ((await countActiveMappings(trx, phases)) === 0) return 0;
      await enqueuePolicyRun(deps, trx, candidate.sys_id);
      return 1;
    });
  }
  return queued;
}

/** Sets `expired` on exceptions whose `end_date` is behind the clock (CONTRACT §8). Returns how many. */
export async function expireWaivers(deps: DailyDeps, db: Kysely<any>, clock: Clock): Promise<number> {
  return inTransaction(db, async (trx) => {
    const ids = await waiversPastEnd(trx, await today(clock, deps.properties, trx));
    for (const id of ids) await deps.store.update(trx, SYSTEM_ACTOR, 'sn_dpr_policy_exception', id, { state: 'expired' });
    return ids.length;
  });
}

/** Registers both daily jobs, their triggers first due at the clock's next UTC midnight. */
export async function installDailyPolicyJobs(jobs: Jobs, clock: Clock, deps: DailyDeps): Promise<void> {
  jobs.worker.registerHandler(DAILY_POLICY_RUNS, async (_payload, { db, log }) => {
    const queued = await queueDailyRuns(deps, db);
    if (queued) log.info({ queued }, 'Daily policy runs queued');
  });
  jobs.worker.registerHandler(WAIVER_EXPIRY, async (_payload, { db, clock: now, log }) => {
    const expired = await expireWaivers(deps, db, now);
    if (expired) log.info({ expired }, 'Policy exceptions expired');
  });
  const midnight = new Date(Math.floor(clock.nowMs() / (DAY_SECONDS * 1000)) * DAY_SECONDS * 1000 + DAY_SECONDS * 1000);
  // Runs check a waiver's dates themselves, so the order the two fire in does not matter.
  await jobs.scheduler.ensureTrigger({ name: WAIVER_EXPIRY, type: WAIVER_EXPIRY, intervalSeconds: DAY_SECONDS, firstRun: midnight });
  await jobs.scheduler.ensureTrigger({ name: DAILY_POLICY_RUNS, type: DAILY_POLICY_RUNS, intervalSeconds: DAY_SECONDS, firstRun: midnight });
}
