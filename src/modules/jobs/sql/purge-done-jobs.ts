import type { Kysely } from 'kysely';
import { toGlideDateTime } from '../../../platform/clock/format.ts';

/**
 * Deletes `done` jobs that finished before `before`; returns how many. Locking: row locks of the
 * deleted rows only; `done` rows are never claimed, so it cannot wait on a worker. `dead` jobs stay
 * for an admin to read their `last_error`.
 */
export async function purgeDoneJobs(db: Kysely<any>, before: Date): Promise<number> {
  const result = await db.deleteFrom('sys_job').where('state', '=', 'done').where('finished_at', '<', toGlideDateTime(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
