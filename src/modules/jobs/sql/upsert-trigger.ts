import type { Kysely } from 'kysely';
import { toGlideDateTime } from '../../../platform/clock/format.ts';
import { newSysId } from '../../../platform/ids/sys-id.ts';
import { insertStamps, updateStamps } from '../job-row.ts';
import { toTrigger, type TriggerRow } from './select-due-triggers.ts';

export interface TriggerSpec {
  name: string;
  type: string;
  payload?: unknown;
  intervalSeconds: number;
  /** The first firing, used only when the trigger does not exist yet. */
  firstRun: Date;
}

/**
 * Creates the trigger named `spec.name`, or brings an existing one's job type, payload and interval
 * up to date. `next_run` and `active` of an existing trigger are kept: a restart must not reset the
 * schedule nor re-enable a trigger an admin switched off. Locking: `ON CONFLICT (name) DO NOTHING`
 * on the unique name, so processes starting together create one row; the follow-up UPDATE (only
 * when something changed) is last-writer-wins between identical specs.
 */
export async function upsertTrigger(db: Kysely<any>, spec: TriggerSpec, now: Date): Promise<TriggerRow> {
  const payload = spec.payload === undefined ? null : JSON.stringify(spec.payload);
  await db
    .insertInto('sys_trigger')
    .values({
      sys_id: newSysId(),
      ...insertStamps('sys_trigger', now),
      name: spec.name,
      job_type: spec.type,
      payload,
      interval_seconds: spec.intervalSeconds,
      next_run: toGlideDateTime(spec.firstRun),
      active: 1,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('sys_trigger').selectAll().where('name', '=', spec.name).executeTakeFirstOrThrow();
  if (row.job_type === spec.type && (row.payload ?? null) === payload && Number(row.interval_seconds) === spec.intervalSeconds) return toTrigger(row);
  const updated = await db
    .updateTable('sys_trigger')
    .set({ job_type: spec.type, payload, interval_seconds: spec.intervalSeconds, ...updateStamps(now) })
    .where('sys_id', '=', row.sys_id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTrigger(updated);
}
