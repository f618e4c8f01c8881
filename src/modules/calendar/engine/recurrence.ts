/**
 * Dates of a recurring readiness-target series (CONTRACT §5.7, DOMAIN §2.8 and §3.8).
 *
 * - `weekly`: the first date on or after `startDate` whose ISO weekday is `daysOfWeek`
 *   (1=Mon…7=Sun), then every `every` weeks, up to `endDate` inclusive.
 * - `monthly`: `startDate`, then the same day of month every `every` months, up to `endDate`
 *   inclusive. A day the month lacks falls on its last day, computed from the start's day each time,
 *   so Jan 31 gives Feb 28 (29), Mar 31, Apr 30 rather than drifting to the 28th.
 *
 * Interpretations: `daysOfWeek` is one weekday number (the reference's only example, 5, is a Friday
 * series); when absent on a weekly series the start date's weekday is used. It is ignored for
 * monthly series. `every` is 1…1000 (a bigger interval cannot produce a second date in any useful
 * range). At most `maxOccurrences` (default 1000) dates are produced; more is an error, not a silent
 * truncation, so a client never believes it created a series it did not get.
 */
import { Temporal } from 'temporal-polyfill';
import { InvalidRecurrenceError, TooManyOccurrencesError } from './errors.ts';
import { formatDate, parseDate } from './dates.ts';
import type { WorkingDayChecker } from './working-calendar.ts';

export type RecurrenceType = 'weekly' | 'monthly';

/** The API's `repeats` object with the series bounds (`yyyy-MM-dd`). */
export interface RecurrenceInput {
  type: RecurrenceType;
  every: number | string;
  /** ISO weekday for weekly series. */
  daysOfWeek?: number | string | null;
  startDate: string;
  endDate: string;
}

export interface RecurrenceOptions {
  /** Most dates one series may produce (default `DEFAULT_MAX_OCCURRENCES`). */
  maxOccurrences?: number;
}

export const DEFAULT_MAX_OCCURRENCES = 1000;
const MAX_EVERY = 1000;

function parseWholeNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : null;
  if (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw)) return Number(raw);
  return null;
}

function parseEvery(raw: unknown): number {
  const every = parseWholeNumber(raw);
  if (every === null || every < 1 || every > MAX_EVERY) {
    throw new InvalidRecurrenceError(`repeats.every must be a whole number from 1 to ${MAX_EVERY} (got ${JSON.stringify(raw)})`);
  }
  return every;
}

function parseWeekday(raw: unknown, start: Temporal.PlainDate): number {
  if (raw === undefined || raw === null || raw === '') return start.dayOfWeek;
  const day = parseWholeNumber(raw);
  if (day === null || day < 1 || day > 7) {
    throw new InvalidRecurrenceError(`repeats.daysOfWeek must be a weekday number from 1 (Monday) to 7 (Sunday) (got ${JSON.stringify(raw)})`);
  }
  return day;
}

function weeklyDates(start: Temporal.PlainDate, end: Temporal.PlainDate, every: number, weekday: number, limit: number): string[] {
  const dates: string[] = [];
  let date = start.add({ days: (weekday - start.dayOfWeek + 7) % 7 });
  while (Temporal.PlainDate.compare(date, end) <= 0) {
    if (dates.length === limit) throw new TooManyOccurrencesError(limit);
    dates.push(formatDate(date));
    date = date.add({ weeks: every });
  }
  return dates;
}

function monthlyDates(start: Temporal.PlainDate, end: Temporal.PlainDate, every: number, limit: number): string[] {
  const dates: string[] = [];
  const firstOfStartMonth = start.with({ day: 1 });
  for (let k = 0; ; k++) {
    // Always from the start month and the start's day, so clamping never accumulates.
    const month = firstOfStartMonth.add({ months: k * every });
    const date = month.with({ day: Math.min(start.day, month.daysInMonth) });
    if (Temporal.PlainDate.compare(date, end) > 0) return dates;
    if (dates.length === limit) throw new TooManyOccurrencesError(limit);
    dates.push(formatDate(date));
  }
}

/** The series' dates in ascending order (`yyyy-MM-dd`); validates the input. */
export function recurrenceDates(input: RecurrenceInput, options: RecurrenceOptions = {}): string[] {
  const start = parseDate(input.startDate, 'startDate');
  const end = parseDate(input.endDate, 'endDate');
  if (Temporal.PlainDate.compare(end, start) < 0) {
    throw new InvalidRecurrenceError(`endDate ${input.endDate} must not be before startDate ${input.startDate}`);
  }
  const every = parseEvery(input.every);
  const limit = options.maxOccurrences ?? DEFAULT_MAX_OCCURRENCES;
  switch (input.type) {
    case 'weekly':
      return weeklyDates(start, end, every, parseWeekday(input.daysOfWeek, start), limit);
    case 'monthly':
      return monthlyDates(start, end, every, limit);
    default:
      throw new InvalidRecurrenceError(`repeats.type must be weekly or monthly (got ${JSON.stringify(input.type)})`);
  }
}

export interface RecurringTargetPlan {
  /** Every date of the series. */
  dates: string[];
  /** The dates that fall on an excluded (non-working) day of any of the exclusion schedules. */
  overlapping: string[];
  /** The other dates, created without opt-in. */
  free: string[];
}

/**
 * The series' dates split by the calendar's exclusion schedules: a date overlaps when any checker
 * (e.g. a WorkingCalendar built from a blackout or holiday schedule's spans) says it is not a working day.
 */
export function planRecurringTargets(
  input: RecurrenceInput,
  exclusions: WorkingDayChecker | readonly WorkingDayChecker[] = [],
  options: RecurrenceOptions = {},
): RecurringTargetPlan {
  const checkers: readonly WorkingDayChecker[] = Array.isArray(exclusions) ? exclusions : [exclusions as WorkingDayChecker];
  const dates = recurrenceDates(input, options);
  const overlapping: string[] = [];
  const free: string[] = [];
  for (const date of dates) {
    (checkers.some((checker) => !checker.isWorkingDay(date)) ? overlapping : free).push(date);
  }
  return { dates, overlapping, free };
}
