import type { Clock } from '../../platform/clock/clock.ts';
import type { Config } from '../../platform/config/config.ts';
import type { Database } from '../../platform/db/connect.ts';
import type { ClockService } from '../clock/clock-service.ts';
import { installJobHousekeeping } from './housekeeping.ts';
import { JobQueue } from './job-queue.ts';
import { JobWorker } from './job-worker.ts';
import { runDue, type RunDueLimits, type RunDueResult } from './run-due.ts';
import { Scheduler } from './scheduler.ts';
import { silentLog, type JobLog } from './types.ts';

/** The jobs module as the rest of the server sees it (`services.jobs`). */
export interface Jobs {
  queue: JobQueue;
  worker: JobWorker;
  scheduler: Scheduler;
  /** Fires due triggers and runs every due job before resolving (runs on every clock move). */
  runDue(limits?: RunDueLimits): Promise<RunDueResult>;
  /** Starts the poll loop (`DPR_ROLE` worker or all); `log` is Fastify's logger once it exists. */
  start(log?: JobLog): void;
  /** Stops the loop and waits for running jobs; call before the database closes. */
  stop(): Promise<void>;
}

export interface JobsDeps {
  database: Database;
  clock: Clock;
  clocks: ClockService;
  config: Pick<Config, 'DPR_JOB_POLL_MS' | 'DPR_ROLE'> & Partial<Pick<Config, 'DPR_JOB_LEASE_MS'>>;
}

export async function createJobs({ database, clock, clocks, config }: JobsDeps): Promise<Jobs> {
  const db = database.db;
  // One logger for every part, swapped for Fastify's at start.
  let current: JobLog = silentLog;
  const log: JobLog = {
    info: (fields, message) => current.info(fields, message),
    warn: (fields, message) => current.warn(fields, message),
    error: (fields, message) => current.error(fields, message),
  };
  // Leases in wall-clock time, so moving the shared clock never makes a running job look abandoned.
  const queue = new JobQueue(clock, undefined, Date.now);
  const scheduler = new Scheduler({ db, clock, queue, log });
  // Any process may have moved the shared clock: adopt its offset before deciding what is due.
  const worker = new JobWorker({
    db,
    clock,
    queue,
    log,
    pollMs: config.DPR_JOB_POLL_MS,
    leaseMs: config.DPR_JOB_LEASE_MS,
    onPoll: async () => {
      await clocks.refresh();
      await scheduler.tick();
    },
  });
  await installJobHousekeeping(worker, scheduler, clock);

  const runDueNow = (limits?: RunDueLimits) => runDue(scheduler, worker, limits, log);
  // CONTRACT §6: scheduled jobs that fall due run on the move, before the clock API answers.
  const unsubscribe = clock.onMove(async () => {
    await runDueNow();
  });
  return {
    queue,
    worker,
    scheduler,
    runDue: runDueNow,
    start: (startLog) => {
      if (startLog) current = startLog;
      worker.start();
    },
    stop: async () => {
      unsubscribe();
      await worker.stop();
    },
  };
}
