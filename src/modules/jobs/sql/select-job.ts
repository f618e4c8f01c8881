import type { Kysely } from 'kysely';
import { toJob } from '../job-row.ts';
import type { Job } from '../types.ts';

/** One job by sys_id. Locking: none, a plain read. */
export async function selectJob(db: Kysely<any>, id: string): Promise<Job | undefined> {
  const row = await db.selectFrom('sys_job').selectAll().where('sys_id', '=', id).executeTakeFirst();
  return row ? toJob(row) : undefined;
}
