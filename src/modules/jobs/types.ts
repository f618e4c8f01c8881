import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';

/*
 * Glossary
 *
 * - job: one row of `sys_job`, a unit of background work of a `job_type` with a JSON `payload`.
 * - state: `queued` (waiting for `run_at`), `running` (claimed by a worker under a lease),
 *   `done` (its handler resolved) or `dead` (failed `max_attempts` times, or can never run).
 * - claim: one statement that moves due jobs to `running` and stamps them with a worker id and a
 *   lease; every claim counts as an attempt.
 * - lease: `locked_until`; a running job whose lease ran out (its worker died or stalled) is due
 *   again and may be claimed by another worker.
 * - lock token: (`locked_by`, `attempts`) as returned by the claim; complete/fail act only while the
 *   row still carries it, so a worker that lost its lease cannot finish the job a second time.
 * - trigger: one row of `sys_trigger` (ServiceNow's "Scheduled Job"), which enqueues a job of its
 *   `job_type` every `interval_seconds` from `next_run`.
 * - idempotency key: a unique key on a job; enqueueing a key that exists returns the existing job.
 *
 * Every "now" in here is the injected app clock (CONTRACT §6), never the wall clock.
 */

export type JobState = 'queued' | 'running' | 'done' | 'dead';

export interface Job<P = unknown> {
  id: string;
  type: string;
  payload: P;
  state: JobState;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
  lockedBy: string | null;
  lockedUntil: Date | null;
  lastError: string | null;
  idempotencyKey: string | null;
  finishedAt: Date | null;
  createdAt: Date;
  /** Set when the stored payload is not valid JSON (edited by hand): such a job can never run. */
  invalidPayload?: string;
}

export interface EnqueueSpec<P = unknown> {
  type: string;
  payload?: P;
  /** When the job falls due; now when omitted. */
  runAt?: Date;
  /** A second enqueue with the same key is a no-op that returns the first job. */
  idempotencyKey?: string;
  /** Attempts before the job is `dead`; 5 when omitted (the column default). */
  maxAttempts?: number;
}

/** The subset of pino's logger the jobs module writes to (Fastify's `app.log` fits). */
export interface JobLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLog: JobLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface JobContext {
  db: Kysely<any>;
  clock: Clock;
  log: JobLog;
  /** Aborted when the worker stops; long handlers should check it and give up early. */
  signal: AbortSignal;
  job: Job;
  /**
   * Marks the job done inside the handler's own transaction `trx`, so the work and its completion
   * commit together: a process killed right after that commit cannot leave a job whose work is
   * done but which still looks `running`, and so is run a second time when its lease runs out.
   * Throws when this claim no longer holds the job (its lease was taken over), which rolls the
   * work back. Call it last in the transaction; a handler that does not call it is completed by
   * the worker after it returns (at least once, then).
   */
  completeWith(trx: Kysely<any>): Promise<void>;
}

export type JobHandler<P = any> = (payload: P, context: JobContext) => Promise<void>;

/** Delay before the next attempt after `attempts` failed attempts. */
export type Backoff = (attempts: number) => number;
