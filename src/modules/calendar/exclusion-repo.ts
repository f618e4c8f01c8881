import type { Kysely } from 'kysely';
import { isSysId } from '../../platform/ids/sys-id.ts';
import type { ScheduleSpanInput } from './engine/index.ts';

export interface NamedSpan extends ScheduleSpanInput {
  name: string | null;
}

export interface ExclusionScheduleRow {
  sys_id: string;
  name: string;
  spans: NamedSpan[];
}

/**
 * The schedules with their spans, in the order of `ids` (two queries whatever the count). Ids of
 * schedules that no longer exist are left out: a calendar's `schedules` list does not cascade.
 */
export async function loadExclusionSchedules(db: Kysely<any>, ids: readonly string[]): Promise<ExclusionScheduleRow[]> {
  const wanted = [...new Set(ids.filter(isSysId))];
  if (wanted.length === 0) return [];
  const schedules = await db.selectFrom('cmn_schedule').select(['sys_id', 'name']).where('sys_id', 'in', wanted).execute();
  const spans = await db
    .selectFrom('cmn_schedule_span')
    .select(['schedule', 'name', 'start_date', 'end_date', 'repeat_type', 'days_of_week'])
    .where('schedule', 'in', wanted)
    .orderBy('start_date')
    .orderBy('sys_id')
    .execute();
  const byId = new Map<string, ExclusionScheduleRow>(schedules.map((s) => [String(s.sys_id), { sys_id: String(s.sys_id), name: String(s.name ?? ''), spans: [] }]));
  for (const s of spans) {
    byId.get(String(s.schedule))?.spans.push({ name: s.name, start_date: s.start_date, end_date: s.end_date, repeat_type: s.repeat_type, days_of_week: s.days_of_week });
  }
  return wanted.flatMap((id) => byId.get(id) ?? []);
}
