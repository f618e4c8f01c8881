import type { Kysely } from 'kysely';

export interface TriggerSchedule {
  id: string;
  nextRun: string;
  intervalSeconds: number;
}

/** Every active trigger's schedule (a handful of rows). Locking: none; changes go through advanceTrigger's compare-and-set. */
export async function selectActiveTriggers(db: Kysely<any>): Promise<TriggerSchedule[]> {
  const rows = await db.selectFrom('sys_trigger').select(['sys_id', 'next_run', 'interval_seconds']).where('active', '=', 1).execute();
  return rows.map((r) => ({ id: String(r.sys_id), nextRun: String(r.next_run), intervalSeconds: Number(r.interval_seconds) }));
}
