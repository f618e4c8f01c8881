import type { Kysely } from 'kysely';
import { toGlideDateTime } from '../../../platform/clock/format.ts';
import { capabilitiesOf } from '../../../platform/db/dialect/dialect.ts';
import { toJob, updateStamps } from '../job-row.ts';
import type { Job } from '../types.ts';

/**
 * Claims up to `limit` due jobs for `workerId` in ONE statement: queued jobs whose `run_at` has come,
 * and running jobs whose lease ran out (their worker died or stalled). Each claim is an attempt.
 *
 * Locking: on PostgreSQL the inner SELECT takes `FOR UPDATE SKIP LOCKED`, so concurrent claimers
 * lock disjoint rows without waiting on each other, and the outer UPDATE only touches rows this
 * statement holds. SQLite has a single writer and runs the statement atomically, so it needs no
 * row locks.
 *
 * `excludeIds` are jobs this process is running right now: a clock moved far forward expires their
 * leases, and the process must not start a second copy of its own in-flight work.
 *
 * `leaseNow` is the time leases are measured in (default `now`). The server passes wall-clock time:
 * a lease stands for "its worker may still be alive", a physical fact, while the app clock jumps
 * when an admin moves it and each process learns of the move at its own next poll, so app-clock
 * leases taken just before or after a move looked expired to other processes and their jobs ran
 * twice (found by test/reliability/multi-instance.test.ts).
 */
export async function claimJobs(
  db: Kysely<any>,
  workerId: string,
  limit: number,
  now: Date,
  leaseMs: number,
  excludeIds: readonly string[] = [],
  leaseNow: Date = now,
): Promise<Job[]> {
  if (limit <= 0) return [];
  const at = toGlideDateTime(now);
  const leaseAt = toGlideDateTime(leaseNow);
  let due = db
    .selectFrom('sys_job')
    .select('sys_id')
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', at)]),
        eb.and([eb('state', '=', 'running'), eb('locked_until', '<', leaseAt)]),
      ]),
    )
    .orderBy('run_at')
    .limit(limit);
  if (excludeIds.length > 0) due = due.where('sys_id', 'not in', [...excludeIds]);
  if (capabilitiesOf(db).skipLocked) due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('sys_job')
    .set((eb) => ({
      state: 'running',
      locked_by: workerId,
      locked_until: toGlideDateTime(new Date(leaseNow.getTime() + leaseMs)),
      attempts: eb('attempts', '+', 1),
      ...updateStamps(now),
    }))
    .where('sys_id', 'in', due)
    .returningAll()
    .execute();
  return rows.map(toJob).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}
