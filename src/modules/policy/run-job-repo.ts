import type { Kysely } from 'kysely';

/**
 * The coalescing key of a release's queued policy run. It is held only while the job waits:
 * a second request then finds the queued job and adds nothing, and a request made once the job
 * has started queues a fresh run (it may have changed data the running job already read).
 */
export function policyRunKey(releaseId: string): string {
  return `policy-run:${releaseId}`;
}

/** Drops a started job's key (one UPDATE on its own row, outside any other work). */
export async function releaseRunKey(db: Kysely<any>, jobId: string): Promise<void> {
  await db.updateTable('sys_job').set({ idempotency_key: null }).where('sys_id', '=', jobId).execute();
}

/** Which of these keys belong to a run still waiting in the queue. */
export async function queuedRunKeys(db: Kysely<any>, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom('sys_job').select('idempotency_key').where('idempotency_key', 'in', [...keys]).where('state', '=', 'queued').execute();
  return new Set(rows.map((r) => String(r.idempotency_key)));
}
