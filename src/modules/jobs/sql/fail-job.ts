import type { Kysely } from 'kysely';
import { toGlideDateTime } from '../../../platform/clock/format.ts';
import { updateStamps } from '../job-row.ts';
import type { Job } from '../types.ts';

export interface Failure {
  error: string;
  /** When the job runs again; omitted: the job is `dead` (no attempts left, or it can never run). */
  retryAt?: Date;
}

/**
 * Records a failed attempt: back to `queued` at `retryAt`, or `dead`. Locking: conditional on the
 * claim's lock token, exactly like `completeJob`, so a worker that lost its lease records nothing.
 */
export async function failJob(db: Kysely<any>, job: Pick<Job, 'id' | 'lockedBy' | 'attempts'>, failure: Failure, now: Date): Promise<boolean> {
  const outcome = failure.retryAt
    ? { state: 'queued', run_at: toGlideDateTime(failure.retryAt) }
    : { state: 'dead', finished_at: toGlideDateTime(now) };
  const result = await db
    .updateTable('sys_job')
    .set({ ...outcome, last_error: failure.error, locked_by: null, locked_until: null, ...updateStamps(now) })
    .where('sys_id', '=', job.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', job.lockedBy)
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
