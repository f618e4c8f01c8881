/**
 * Schedule spans: which days one `cmn_schedule_span` record excludes (CONTRACT §8 "Working days").
 *
 * Spans are compiled once (parsed and validated) so that the working-day searches, which ask about
 * thousands of days, only compare numbers.
 *
 * Interpretations (the contract leaves these open):
 * - `none` with an empty `end_date` covers the single day `start_date`.
 * - `weekly` with an empty `days_of_week` repeats on `start_date`'s weekday (what the platform's
 *   form pre-selects); `,` and spaces between digits are tolerated, any other character is refused.
 * - `yearly` repeats from `start_date`'s year on, for ever (the table has no repeat-until field).
 *   Its window may cross new year (`2024-12-24`…`2025-01-02` covers Dec 24 – Jan 2 every winter),
 *   and an empty `end_date` makes it a one-day window.
 * - A Feb 29 bound of a `yearly` window falls on Feb 28 in non-leap years (a leap-day holiday is
 *   observed on the last day of February rather than skipped), so the window never silently vanishes.
 * - `end_date` before `start_date` is refused rather than read as an empty span.
 * - `repeat_type` empty or null is read as `none`, as the platform's default choice.
 */
import { Temporal } from 'temporal-polyfill';
import { InvalidScheduleSpanError } from './errors.ts';
import { isIsoDate } from './dates.ts';

export type ScheduleRepeatType = 'none' | 'weekly' | 'yearly';

/** The fields of a `cmn_schedule_span` record the engine needs; extra fields are ignored. */
export interface ScheduleSpanInput {
  start_date: string;
  end_date?: string | null;
  repeat_type?: ScheduleRepeatType | '' | null;
  days_of_week?: string | null;
}

/** A validated span, ready for fast `covers` checks. */
export type CompiledSpan =
  | { readonly kind: 'none'; readonly start: Temporal.PlainDate; readonly end: Temporal.PlainDate }
  | {
      readonly kind: 'weekly';
      readonly start: Temporal.PlainDate;
      /** null: repeats for ever. */
      readonly end: Temporal.PlainDate | null;
      /** ISO weekdays, 1=Mon…7=Sun. */
      readonly days: ReadonlySet<number>;
    }
  | {
      readonly kind: 'yearly';
      readonly start: Temporal.PlainDate;
      readonly end: Temporal.PlainDate;
      /** How many new years the window crosses (0 for a window inside one year). */
      readonly yearSpan: number;
    };

function parseSpanDate(index: number, field: string, value: unknown): Temporal.PlainDate {
  if (!isIsoDate(value)) {
    throw new InvalidScheduleSpanError(index, `${field} must be a date in yyyy-MM-dd format (got ${JSON.stringify(value)})`);
  }
  return Temporal.PlainDate.from(value);
}

function parseDaysOfWeek(index: number, raw: string | null | undefined, start: Temporal.PlainDate): Set<number> {
  const text = (raw ?? '').replace(/[\s,]/g, '');
  if (text === '') return new Set([start.dayOfWeek]);
  if (!/^[1-7]+$/.test(text)) {
    throw new InvalidScheduleSpanError(index, `days_of_week must be digits 1 (Monday) to 7 (Sunday), e.g. "67" (got ${JSON.stringify(raw)})`);
  }
  return new Set([...text].map(Number));
}

/** Validates one span record; `index` is its position, used in error messages and overlap reports. */
export function compileSpan(span: ScheduleSpanInput, index: number): CompiledSpan {
  const start = parseSpanDate(index, 'start_date', span.start_date);
  const rawEnd = span.end_date ?? '';
  const end = rawEnd === '' ? null : parseSpanDate(index, 'end_date', rawEnd);
  if (end !== null && Temporal.PlainDate.compare(end, start) < 0) {
    throw new InvalidScheduleSpanError(index, `end_date ${end.toString()} is before start_date ${start.toString()}`);
  }
  const repeat = span.repeat_type ?? '';
  switch (repeat) {
    case '':
    case 'none':
      return { kind: 'none', start, end: end ?? start };
    case 'weekly':
      return { kind: 'weekly', start, end, days: parseDaysOfWeek(index, span.days_of_week, start) };
    case 'yearly': {
      const windowEnd = end ?? start;
      return { kind: 'yearly', start, end: windowEnd, yearSpan: windowEnd.year - start.year };
    }
    default:
      throw new InvalidScheduleSpanError(index, `repeat_type must be none, weekly or yearly (got ${JSON.stringify(repeat)})`);
  }
}

// Month/day in another year, Feb 29 falling back to Feb 28 (see the file comment).
function inYear(date: Temporal.PlainDate, year: number): Temporal.PlainDate {
  return Temporal.PlainDate.from({ year, month: date.month, day: date.day }, { overflow: 'constrain' });
}

function isBetween(date: Temporal.PlainDate, from: Temporal.PlainDate, to: Temporal.PlainDate): boolean {
  return Temporal.PlainDate.compare(from, date) <= 0 && Temporal.PlainDate.compare(date, to) <= 0;
}

/** True when the span makes `date` a non-working day. */
export function spanCovers(span: CompiledSpan, date: Temporal.PlainDate): boolean {
  switch (span.kind) {
    case 'none':
      return isBetween(date, span.start, span.end);
    case 'weekly':
      if (Temporal.PlainDate.compare(date, span.start) < 0) return false;
      if (span.end !== null && Temporal.PlainDate.compare(date, span.end) > 0) return false;
      return span.days.has(date.dayOfWeek);
    case 'yearly': {
      // Only the occurrences starting in year (date.year - yearSpan)…date.year can contain `date`;
      // occurrences start in start.year at the earliest.
      for (let year = Math.max(span.start.year, date.year - span.yearSpan); year <= date.year; year++) {
        const offset = year - span.start.year;
        const from = inYear(span.start, year);
        const to = inYear(span.end, span.end.year + offset);
        if (isBetween(date, from, to)) return true;
      }
      return false;
    }
  }
}
