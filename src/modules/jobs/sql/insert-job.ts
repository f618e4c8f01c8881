import type { Kysely } from 'kysely';
import { toGlideDateTime } from '../../../platform/clock/format.ts';
import { newSysId } from '../../../platform/ids/sys-id.ts';
import { insertStamps, toJob } from '../job-row.ts';
import type { EnqueueSpec, Job } from '../types.ts';

/**
 * Inserts a queued job. Locking: none beyond the insert itself. With an idempotency key the insert
 * is `ON CONFLICT DO NOTHING` on the key's unique index, so concurrent enqueues of one key leave one
 * row (PostgreSQL makes the second insert wait for the first transaction, then skip); the existing
 * job is then read back. Runs inside the caller's transaction when `db` is one, so the job exists
 * only if the caller's work commits.
 */
export async function insertJob<P>(db: Kysely<any>, spec: EnqueueSpec<P>, now: Date): Promise<Job<P>> {
  const row = {
    sys_id: newSysId(),
    ...insertStamps('sys_job', now),
    job_type: spec.type,
    payload: spec.payload === undefined ? null : JSON.stringify(spec.payload),
    state: 'queued',
    run_at: toGlideDateTime(spec.runAt ?? now),
    attempts: 0,
    max_attempts: spec.maxAttempts ?? 5,
    idempotency_key: spec.idempotencyKey ?? null,
  };
  let insert = db.insertInto('sys_job').values(row);
  if (spec.idempotencyKey !== undefined) insert = insert.onConflict((oc) => oc.column('idempotency_key').doNothing());
  const inserted = await insert.returningAll().executeTakeFirst();
  if (inserted) return toJob(inserted) as Job<P>;
  const existing = await db.selectFrom('sys_job').selectAll().where('idempotency_key', '=', spec.idempotencyKey!).executeTakeFirstOrThrow();
  return toJob(existing) as Job<P>;
}
