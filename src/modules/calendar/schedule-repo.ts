import type { Kysely } from 'kysely';
import { WorkingCalendar, type ScheduleSpanInput } from './engine/index.ts';

/** The spans of the given schedules, in one query. */
export async function loadScheduleSpans(db: Kysely<any>, scheduleIds: readonly string[]): Promise<Map<string, ScheduleSpanInput[]>> {
  const byId = new Map<string, ScheduleSpanInput[]>(scheduleIds.map((id) => [id, []]));
  if (scheduleIds.length === 0) return byId;
  const rows = await db
    .selectFrom('cmn_schedule_span')
    .select(['schedule', 'start_date', 'end_date', 'repeat_type', 'days_of_week'])
    .where('schedule', 'in', [...scheduleIds])
    .orderBy('start_date')
    .execute();
  for (const r of rows) {
    byId.get(r.schedule)?.push({ start_date: r.start_date, end_date: r.end_date, repeat_type: r.repeat_type, days_of_week: r.days_of_week });
  }
  return byId;
}

/**
 * The working-day calendar of a release or template schedule (CONTRACT §8 "Working days"): the
 * spans of the schedule are its non-working days; no schedule means every day is a working day.
 */
export async function workingCalendarFor(db: Kysely<any>, scheduleId: string | null | undefined): Promise<WorkingCalendar> {
  if (!scheduleId) return new WorkingCalendar([]);
  const spans = await loadScheduleSpans(db, [scheduleId]);
  return new WorkingCalendar(spans.get(scheduleId) ?? []);
}

/** One calendar treating the spans of all given schedules as exclusions (a release calendar's schedules). */
export async function exclusionCalendarFor(db: Kysely<any>, scheduleIds: readonly string[]): Promise<WorkingCalendar> {
  const spans = await loadScheduleSpans(db, scheduleIds);
  return new WorkingCalendar([...spans.values()].flat());
}
