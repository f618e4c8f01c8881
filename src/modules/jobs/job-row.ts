import { sql } from 'kysely';
import { fromGlideDateTime, toGlideDateTime } from '../../platform/clock/format.ts';
import type { Job, JobState } from './types.ts';

/** A `sys_job` row as the database returns it (date-times as UTC text, payload as JSON text). */
export type JobRow = Record<string, unknown>;

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : fromGlideDateTime(String(v)));

export function toJob(row: JobRow): Job {
  return {
    id: String(row.sys_id),
    type: String(row.job_type),
    ...readPayload(row.payload),
    state: row.state as JobState,
    runAt: date(row.run_at)!,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    lockedBy: (row.locked_by as string | null) ?? null,
    lockedUntil: date(row.locked_until),
    lastError: (row.last_error as string | null) ?? null,
    idempotencyKey: (row.idempotency_key as string | null) ?? null,
    finishedAt: date(row.finished_at),
    createdAt: date(row.sys_created_on)!,
  };
}

/** The payload is editable through the Table API; a job whose text is not JSON must still load (and then die). */
function readPayload(text: unknown): Pick<Job, 'payload' | 'invalidPayload'> {
  if (text === null || text === undefined) return { payload: null };
  try {
    return { payload: JSON.parse(String(text)) };
  } catch (error) {
    return { payload: null, invalidPayload: error instanceof Error ? error.message : String(error) };
  }
}

/** The system fields of a row the jobs module inserts (it writes as `system`, on the app clock). */
export function insertStamps(table: string, now: Date) {
  const stamp = toGlideDateTime(now);
  return { sys_class_name: table, sys_created_on: stamp, sys_created_by: 'system', sys_updated_on: stamp, sys_updated_by: 'system', sys_mod_count: 0 };
}

/** The system fields every update by the jobs module sets. */
export function updateStamps(now: Date) {
  return { sys_updated_on: toGlideDateTime(now), sys_updated_by: 'system', sys_mod_count: sql<number>`sys_mod_count + 1` };
}
