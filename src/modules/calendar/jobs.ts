import type { Clock } from '../../platform/clock/clock.ts';
import { today } from '../../platform/clock/today.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import type { Properties } from '../../platform/properties/properties.ts';
import type { JobWorker } from '../jobs/job-worker.ts';
import type { Scheduler } from '../jobs/scheduler.ts';
import { purgeUnusedTargets } from './purge-unused-targets.ts';

/** Job type and trigger name of DOMAIN §3.3's "Clean 6 month old unused release target". */
export const PURGE_UNUSED_TARGETS = 'sn_dpr.purge_unused_release_targets';
const DAY_SECONDS = 24 * 3600;

/** Midnight UTC after `now`, like the other daily housekeeping. */
function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** Registers the daily purge of unused old readiness targets and its `sys_trigger`. */
export async function installTargetPurge(
  jobs: { worker: Pick<JobWorker, 'registerHandler'>; scheduler: Pick<Scheduler, 'ensureTrigger'> },
  properties: Properties,
  clock: Clock,
): Promise<void> {
  jobs.worker.registerHandler(PURGE_UNUSED_TARGETS, async (_payload, context) => {
    // "Today" when the job runs, in the instance zone, not when it was scheduled.
    const purged = await inTransaction(context.db, async (trx) => purgeUnusedTargets(trx, await today(context.clock, properties, trx)));
    context.log.info({ purged }, 'Purged unused readiness targets older than six months');
  });
  await jobs.scheduler.ensureTrigger({ name: PURGE_UNUSED_TARGETS, type: PURGE_UNUSED_TARGETS, intervalSeconds: DAY_SECONDS, firstRun: nextUtcMidnight(clock.now()) });
}
