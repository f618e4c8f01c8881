import type { Clock } from '../../platform/clock/clock.ts';
import type { JobWorker } from './job-worker.ts';
import type { Scheduler } from './scheduler.ts';
import { purgeDoneJobs } from './sql/purge-done-jobs.ts';

export const PURGE_DONE_JOBS = 'sys_job.purge_done';
export const DONE_JOB_RETENTION_MS = 7 * 24 * 3600_000;
const DAY_SECONDS = 24 * 3600;

/** Midnight UTC after `now`: the daily purge runs at a quiet, predictable hour. */
function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** Daily removal of `done` jobs older than 7 days (app clock); `dead` jobs stay for inspection. */
export async function installJobHousekeeping(worker: JobWorker, scheduler: Scheduler, clock: Clock): Promise<void> {
  worker.registerHandler(PURGE_DONE_JOBS, async (_payload, { db, clock: now, log }) => {
    const purged = await purgeDoneJobs(db, new Date(now.nowMs() - DONE_JOB_RETENTION_MS));
    log.info({ purged }, 'Purged done jobs older than 7 days');
  });
  await scheduler.ensureTrigger({ name: PURGE_DONE_JOBS, type: PURGE_DONE_JOBS, intervalSeconds: DAY_SECONDS, firstRun: nextUtcMidnight(clock.now()) });
}
