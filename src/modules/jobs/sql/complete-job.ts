import type { Kysely } from 'kysely';
import { toGlideDateTime } from '../../../platform/clock/format.ts';
import { updateStamps } from '../job-row.ts';
import type { Job } from '../types.ts';

/**
 * Marks a claimed job `done`. Locking: the UPDATE is conditional on the lock token the claim
 * returned (state running, `locked_by`, `attempts`); a worker whose lease expired and whose job was
 * claimed again changes nothing and gets `false`.
 */
export async function completeJob(db: Kysely<any>, job: Pick<Job, 'id' | 'lockedBy' | 'attempts'>, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('sys_job')
    .set({ state: 'done', finished_at: toGlideDateTime(now), locked_by: null, locked_until: null, ...updateStamps(now) })
    .where('sys_id', '=', job.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', job.lockedBy)
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
