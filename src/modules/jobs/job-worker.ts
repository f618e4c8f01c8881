import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../../platform/clock/clock.ts';
import { withFields } from './job-log.ts';
import type { JobQueue } from './job-queue.ts';
import { silentLog, type Job, type JobHandler, type JobLog } from './types.ts';

export interface JobWorkerOptions {
  db: Kysely<any>;
  clock: Clock;
  queue: JobQueue;
  log?: JobLog;
  /** Unique per process start; it is the lock owner written to `locked_by`. */
  workerId?: string;
  /** Jobs run at once by this worker (the poll loop and `drain` share the slots). */
  concurrency?: number;
  pollMs?: number;
  /** How long a claim holds a job, in the queue's lease time (wall-clock in the server), before another worker may take it over. */
  leaseMs?: number;
  /** How long `stop()` waits for running jobs before giving up on them (their leases then expire). */
  stopTimeoutMs?: number;
  /** Runs at the start of every poll, before claiming (the scheduler's tick). */
  onPoll?: () => Promise<void>;
}

export interface DrainResult {
  /** Jobs this drain claimed and ran to an outcome. */
  ran: number;
  /** True when the drain stopped at `maxJobs` with work possibly left. */
  capped: boolean;
}

/**
 * Runs queued jobs in this process: a handler registry, a poll loop (`start`/`stop`) and `drain`
 * (run everything due now, used when the clock moves). Handler errors and unknown job types are
 * recorded on the job; nothing a job does can reject the loop.
 */
export class JobWorker {
  readonly id: string;
  private readonly handlers = new Map<string, JobHandler>();
  /** Jobs running in this process, by id; every promise settles and never rejects. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly controller = new AbortController();
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly stopTimeoutMs: number;
  private log: JobLog;
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private filling: Promise<number> | undefined;
  private fillAgain = false;

  constructor(private readonly options: JobWorkerOptions) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.concurrency = options.concurrency ?? 4;
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
    this.log = options.log ?? silentLog;
  }

  /** Registers the code that runs jobs of `type`; one handler per type. */
  registerHandler<P>(type: string, handler: JobHandler<P>): void {
    if (this.handlers.has(type)) throw new Error(`A handler for job type '${type}' is registered already`);
    this.handlers.set(type, handler);
  }

  hasHandler(type: string): boolean {
    return this.handlers.has(type);
  }

  /** Jobs running in this process now. */
  get running(): number {
    return this.inFlight.size;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** Starts polling every `pollMs`; `log` replaces the logger given at construction (Fastify's, once it exists). */
  start(log?: JobLog): void {
    if (this.stopped) throw new Error('A stopped job worker cannot start again');
    if (log) this.log = log;
    if (this.started) return;
    this.started = true;
    this.schedulePoll(0);
  }

  /**
   * Stops polling, aborts the signal handlers see, and waits for running jobs (at most
   * `stopTimeoutMs`). Jobs claimed but unfinished after that keep their lease until it expires.
   */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.controller.abort();
    let timeout: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<boolean>((resolve) => {
      timeout = setTimeout(() => resolve(true), this.stopTimeoutMs);
    });
    const settled = (async () => {
      await this.polling;
      await this.filling;
      await Promise.all(this.inFlight.values());
      return false;
    })();
    const timedOut = await Promise.race([settled, gaveUp]);
    clearTimeout(timeout);
    if (timedOut) this.log.warn({ workerId: this.id, running: this.inFlight.size }, 'Job worker stopped with jobs still running');
  }

  /**
   * Runs every job that is due now and waits until none is left running in this process (jobs the
   * poll loop started included). Jobs that fall due while it drains (a handler enqueueing a follow-up
   * due now) run too; `maxJobs` bounds a job that re-enqueues itself forever.
   */
  async drain(maxJobs = Number.POSITIVE_INFINITY): Promise<DrainResult> {
    let ran = 0;
    while (!this.stopped) {
      if (ran >= maxJobs) {
        await Promise.all(this.inFlight.values());
        return { ran, capped: true };
      }
      const started = await this.fill();
      ran += started;
      if (this.inFlight.size === 0) {
        if (started === 0) break;
        continue;
      }
      await Promise.race(this.inFlight.values());
    }
    await Promise.all(this.inFlight.values());
    return { ran, capped: false };
  }

  private schedulePoll(delayMs: number): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        this.schedulePoll(this.pollMs);
      });
    }, delayMs);
    // The loop alone must not keep a CLI process alive.
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      await this.options.onPoll?.();
      await this.fill();
    } catch (error) {
      this.log.error({ workerId: this.id, err: error }, 'Job poll failed');
    }
  }

  /**
   * Claims jobs for the free slots and starts them; resolves with how many started. Calls made while
   * a claim is in flight join it, and it claims once more afterwards: the later caller may know of
   * work the running claim missed (the clock moved, a job finished and freed a slot).
   */
  private fill(): Promise<number> {
    if (this.filling) {
      this.fillAgain = true;
      return this.filling;
    }
    // Cleared in `finally`, which always runs after this assignment, even when nothing is claimed.
    const filling = this.claimIntoFreeSlots().finally(() => {
      this.filling = undefined;
    });
    this.filling = filling;
    return filling;
  }

  private async claimIntoFreeSlots(): Promise<number> {
    let started = 0;
    do {
      this.fillAgain = false;
      const free = this.concurrency - this.inFlight.size;
      if (free <= 0 || this.stopped) break;
      const jobs = await this.options.queue.claim(this.options.db, this.id, free, this.leaseMs, [...this.inFlight.keys()]);
      for (const job of jobs) this.run(job);
      started += jobs.length;
    } while (this.fillAgain);
    return started;
  }

  private run(job: Job): void {
    const done = this.execute(job).finally(() => {
      this.inFlight.delete(job.id);
      // A freed slot is taken at once rather than at the next poll.
      if (this.started && !this.stopped) this.fill().catch((error) => this.log.error({ workerId: this.id, err: error }, 'Job claim failed'));
    });
    this.inFlight.set(job.id, done);
  }

  private async execute(job: Job): Promise<void> {
    const { db, clock, queue } = this.options;
    const log = withFields(this.log, { jobId: job.id, jobType: job.type, attempt: job.attempts, workerId: this.id });
    try {
      if (job.attempts > job.maxAttempts) {
        // Its last attempt's worker never reported back (crash or stall) and its lease ran out.
        await queue.fail(db, job, new Error(`Lease expired on the last of ${job.maxAttempts} attempts`), { permanent: true });
        log.error({}, 'Job is dead: its last attempt never finished');
        return;
      }
      if (job.invalidPayload !== undefined) {
        await queue.fail(db, job, new Error(`The job's payload is not valid JSON: ${job.invalidPayload}`), { permanent: true });
        log.error({}, 'Job is dead: its payload is not valid JSON');
        return;
      }
      const handler = this.handlers.get(job.type);
      if (!handler) {
        // Every process runs the same build, so an unknown type is a bug, not a reason to retry.
        await queue.fail(db, job, new Error(`No handler registered for job type '${job.type}'`), { permanent: true });
        log.error({}, 'Job is dead: no handler for its type');
        return;
      }
      let completedInWork = false;
      const completeWith = async (trx: Kysely<any>) => {
        if (!(await queue.complete(trx, job))) throw new Error('The job was claimed again (its lease ran out) before it could complete');
        completedInWork = true;
      };
      try {
        await handler(job.payload, { db, clock, log, signal: this.controller.signal, job, completeWith });
      } catch (error) {
        const outcome = await queue.fail(db, job, error);
        log.warn({ err: error, outcome }, outcome === 'dead' ? 'Job failed its last attempt and is dead' : 'Job failed');
        return;
      }
      if (completedInWork) return;
      if (!(await queue.complete(db, job))) log.warn({}, 'Job finished after its lease was taken over; its completion was not recorded');
    } catch (error) {
      log.error({ err: error }, 'Could not record the outcome of a job');
    }
  }
}
