import type { DrainResult, JobWorker } from './job-worker.ts';
import type { Scheduler } from './scheduler.ts';
import { silentLog, type JobLog } from './types.ts';

export interface RunDueResult extends DrainResult {
  /** Triggers fired. */
  fired: number;
}

export interface RunDueLimits {
  /** Jobs run before giving up on reaching a quiet queue (a job that re-enqueues itself due now forever). */
  maxJobs?: number;
  /** Scheduler tick + drain rounds (a job that keeps creating triggers due now). */
  maxRounds?: number;
}

/**
 * Fires the triggers that are due and runs every job due, until a round finds nothing more; the
 * clock's move listener awaits it, so `POST /api/dpr/clock` answers after the work that fell due ran
 * (CONTRACT §6). A job that keeps making work due now stops it at the limits with a warning
 * instead of hanging the request.
 */
export async function runDue(scheduler: Scheduler, worker: JobWorker, limits: RunDueLimits = {}, log: JobLog = silentLog): Promise<RunDueResult> {
  const maxJobs = limits.maxJobs ?? 1000;
  const maxRounds = limits.maxRounds ?? 10;
  const total: RunDueResult = { fired: 0, ran: 0, capped: false };
  for (let round = 0; round < maxRounds; round++) {
    if (worker.stopped) return total;
    const fired = await scheduler.tick();
    const drained = await worker.drain(maxJobs - total.ran);
    total.fired += fired;
    total.ran += drained.ran;
    if (drained.capped) {
      total.capped = true;
      break;
    }
    if (fired === 0 && drained.ran === 0) return total;
  }
  total.capped = true;
  log.warn({ ...total, maxJobs, maxRounds }, 'Due jobs kept falling due; stopped running them for this clock move');
  return total;
}
