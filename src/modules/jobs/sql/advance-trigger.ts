import type { Kysely } from 'kysely';
import { toGlideDateTime } from '../../../platform/clock/format.ts';
import { updateStamps } from '../job-row.ts';

/**
 * Moves a trigger's `next_run` from `from` (as stored) to `to`. Locking: a compare-and-set; the
 * UPDATE matches only while `next_run` is still `from`, so of two schedulers that read the same
 * value exactly one advances it (PostgreSQL makes the second wait on the row lock, then re-check
 * the condition and match nothing). Returns whether this call advanced it.
 */
export async function advanceTrigger(db: Kysely<any>, id: string, from: string, to: Date, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('sys_trigger')
    .set({ next_run: toGlideDateTime(to), ...updateStamps(now) })
    .where('sys_id', '=', id)
    .where('next_run', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
