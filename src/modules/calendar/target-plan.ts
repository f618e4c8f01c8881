import type { Kysely } from 'kysely';
import { Errors } from '../../platform/errors/catalogue.ts';
import { findCalendar, existingScheduleIds, type CalendarRow } from './calendar-repo.ts';
import { fromEngine } from './engine-errors.ts';
import { parseDate, recurrenceDates } from './engine/index.ts';
import { loadExclusionSchedules } from './exclusion-repo.ts';
import { ExclusionSchedules, type Overlap } from './exclusion-schedules.ts';
import { givenText, idList } from './inputs.ts';

/** What decides the dates of a readiness-target request (`POST release_target` and its preview). */
export interface TargetDatesRequest {
  releaseCalendar?: unknown;
  scheduleSysId?: unknown;
  recurring: boolean;
  startDate?: unknown;
  endDate?: unknown;
  /** The `repeats` object: `type`, `every`, `daysOfWeek`. */
  repeats?: unknown;
}

export interface PlannedDate {
  date: string;
  /** The exclusion-schedule entries covering the date; empty when it is free. */
  overlaps: Overlap[];
}

export interface TargetDatesPlan {
  calendar: CalendarRow;
  scheduleId: string | undefined;
  dates: PlannedDate[];
}

/**
 * Validates the calendar, the schedule and the dates of a request and computes the dates it asks
 * for (CONTRACT §5.7): `startDate` alone for a single target, the recurrence otherwise, each with
 * the entries of the calendar's exclusion schedules (and of `scheduleSysId`) it falls in. Nothing is
 * written; `today` is the instance-zone date (CONTRACT §8 Targets: today or later).
 */
export async function planTargetDates(db: Kysely<any>, today: string, request: TargetDatesRequest): Promise<TargetDatesPlan> {
  const calendarId = givenText(request.releaseCalendar);
  if (!calendarId) throw Errors.rule('releaseCalendar is required');
  const calendar = await findCalendar(db, calendarId);
  if (!calendar) throw Errors.rule(`Release calendar is invalid: ${calendarId}`);

  const scheduleId = givenText(request.scheduleSysId);
  if (scheduleId && !(await existingScheduleIds(db, [scheduleId])).has(scheduleId)) {
    throw Errors.rule(`scheduleSysId is invalid: ${scheduleId} is not a schedule`);
  }

  const startDate = givenText(request.startDate);
  if (!startDate) throw Errors.rule('startDate is required');
  fromEngine(() => parseDate(startDate, 'startDate'));
  if (startDate < today) throw Errors.rule(`startDate ${startDate} is before today (${today}): readiness targets must be today or later`);

  const dates = request.recurring ? seriesDates(startDate, request.endDate, request.repeats) : [startDate];

  const scheduleIds = idList(calendar.schedules, 'schedules');
  if (scheduleId && !scheduleIds.includes(scheduleId)) scheduleIds.push(scheduleId);
  const exclusions = new ExclusionSchedules(await loadExclusionSchedules(db, scheduleIds));
  return { calendar, scheduleId, dates: dates.map((date) => ({ date, overlaps: exclusions.overlapsOn(date) })) };
}

function seriesDates(startDate: string, rawEndDate: unknown, rawRepeats: unknown): string[] {
  const endDate = givenText(rawEndDate);
  if (!endDate) throw Errors.rule('endDate is required when isRecurring is true');
  if (rawRepeats === undefined || rawRepeats === null || rawRepeats === '') throw Errors.rule('repeats is required when isRecurring is true');
  if (typeof rawRepeats !== 'object' || Array.isArray(rawRepeats)) throw Errors.rule('repeats must be an object with type, every and daysOfWeek');
  const repeats = rawRepeats as Record<string, unknown>;
  const type = givenText(repeats.type)?.toLowerCase();
  if (!type) throw Errors.rule('repeats.type is required (weekly or monthly)');
  if (givenText(repeats.every) === undefined) throw Errors.rule('repeats.every is required');
  const dates = fromEngine(() =>
    recurrenceDates({
      type: type as 'weekly' | 'monthly',
      every: typeof repeats.every === 'string' ? repeats.every.trim() : (repeats.every as number),
      daysOfWeek: repeats.daysOfWeek as number | string | null | undefined,
      startDate,
      endDate,
    }),
  );
  if (dates.length === 0) throw Errors.rule(`The recurrence gives no date from ${startDate} to ${endDate}; widen the range or change repeats.daysOfWeek`);
  return dates;
}
