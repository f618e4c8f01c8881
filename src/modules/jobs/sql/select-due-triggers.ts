import type { Kysely } from 'kysely';
import { fromGlideDateTime, toGlideDateTime } from '../../../platform/clock/format.ts';

export interface TriggerRow {
  id: string;
  name: string;
  type: string;
  payload: unknown;
  intervalSeconds: number;
  nextRun: Date;
  /** `next_run` exactly as stored: the compare-and-set value of `advanceTrigger`. */
  storedNextRun: string;
  /** Set when the stored payload is not valid JSON (edited by hand); such a trigger is not fired. */
  invalidPayload?: string;
}

function readPayload(text: unknown): Pick<TriggerRow, 'payload' | 'invalidPayload'> {
  if (text === null || text === undefined) return { payload: undefined };
  try {
    return { payload: JSON.parse(String(text)) };
  } catch (error) {
    return { payload: undefined, invalidPayload: error instanceof Error ? error.message : String(error) };
  }
}

export function toTrigger(row: Record<string, unknown>): TriggerRow {
  return {
    id: String(row.sys_id),
    name: String(row.name),
    type: String(row.job_type),
    ...readPayload(row.payload),
    intervalSeconds: Number(row.interval_seconds),
    nextRun: fromGlideDateTime(String(row.next_run)),
    storedNextRun: String(row.next_run),
  };
}

/**
 * Active triggers whose `next_run` has come. Locking: none, a plain read; two schedulers may both
 * see a trigger, and `advanceTrigger`'s compare-and-set plus the job's idempotency key decide.
 */
export async function selectDueTriggers(db: Kysely<any>, now: Date): Promise<TriggerRow[]> {
  const rows = await db.selectFrom('sys_trigger').selectAll().where('active', '=', 1).where('next_run', '<=', toGlideDateTime(now)).orderBy('next_run').execute();
  return rows.map(toTrigger);
}
