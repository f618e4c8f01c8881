import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { exponentialBackoff } from './backoff.ts';
import { claimJobs } from './sql/claim-jobs.ts';
import { completeJob } from './sql/complete-job.ts';
import { failJob } from './sql/fail-job.ts';
import { insertJob } from './sql/insert-job.ts';
import { selectJob } from './sql/select-job.ts';
import type { Backoff, EnqueueSpec, Job } from './types.ts';

const MAX_ERROR_LENGTH = 4000;

export type FailOutcome = 'retry' | 'dead' | 'lost';

/**
 * The durable queue in `sys_job`, on the app clock. Every method takes the `db` to run on, so that
 * `enqueue` joins the caller's transaction when given one (the job then exists only if the
 * caller's work commits). The SQL, and how each statement locks, is in `./sql/`.
 */
export class JobQueue {
  constructor(
    private readonly clock: Clock,
    private readonly backoff: Backoff = exponentialBackoff,
    /** The time leases are measured in (see claim-jobs.ts); the server passes `Date.now`. */
    private readonly leaseClock: () => number = () => clock.nowMs(),
  ) {}

  /** Adds a job; with an `idempotencyKey` that exists already, returns that job and adds nothing. */
  enqueue<P>(db: Kysely<any>, spec: EnqueueSpec<P>): Promise<Job<P>> {
    if (!spec.type) throw new Error('A job needs a type');
    if (spec.maxAttempts !== undefined && !(Number.isInteger(spec.maxAttempts) && spec.maxAttempts >= 1)) {
      throw new Error(`maxAttempts must be a positive integer (got ${spec.maxAttempts})`);
    }
    return insertJob(db, spec, this.clock.now());
  }

  /** Claims up to `limit` due jobs for `workerId` under a lease of `leaseMs` (in `leaseClock` time). */
  claim(db: Kysely<any>, workerId: string, limit: number, leaseMs: number, excludeIds: readonly string[] = []): Promise<Job[]> {
    return claimJobs(db, workerId, limit, this.clock.now(), leaseMs, excludeIds, new Date(this.leaseClock()));
  }

  /** Marks a claimed job done; `false` when this claim no longer holds it (its lease was taken over). */
  complete(db: Kysely<any>, job: Job): Promise<boolean> {
    return completeJob(db, job, this.clock.now());
  }

  /**
   * Records a failed attempt: the job is retried after the backoff, or is `dead` when it used its
   * last attempt or `permanent` says it can never succeed. `lost` when this claim no longer holds it.
   */
  async fail(db: Kysely<any>, job: Job, error: unknown, options: { permanent?: boolean } = {}): Promise<FailOutcome> {
    const now = this.clock.now();
    const dead = options.permanent === true || job.attempts >= job.maxAttempts;
    const retryAt = dead ? undefined : new Date(now.getTime() + this.backoff(job.attempts));
    const acted = await failJob(db, job, { error: describeError(error), retryAt }, now);
    if (!acted) return 'lost';
    return dead ? 'dead' : 'retry';
  }

  get(db: Kysely<any>, id: string): Promise<Job | undefined> {
    return selectJob(db, id);
  }
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > MAX_ERROR_LENGTH ? text.slice(0, MAX_ERROR_LENGTH - 1) + '…' : text;
}
