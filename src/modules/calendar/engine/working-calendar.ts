/**
 * Working-day arithmetic over a schedule's non-working spans (CONTRACT §8 "Working days").
 *
 * A day is non-working when any span covers it; with no spans every day is a working day (weekends
 * are only non-working when the schedule says so). All searches are capped at
 * `MAX_NON_WORKING_RUN` consecutive non-working days, so a schedule that excludes every day raises
 * `NoWorkingDaysError` instead of looping for ever. A real schedule never has a ten-year gap.
 */
import { Temporal } from 'temporal-polyfill';
import { CalendarError, NoWorkingDaysError } from './errors.ts';
import { formatDate, parseDate } from './dates.ts';
import { compileSpan, spanCovers, type CompiledSpan, type ScheduleSpanInput } from './schedule-spans.ts';

/** Longest run of consecutive non-working days a search walks before giving up (about 10 years). */
export const MAX_NON_WORKING_RUN = 3660;

// Working-day answers are memoised per calendar; the cap keeps a long-lived calendar from growing
// without bound (it is cleared, not evicted: simple, and refilling is cheap).
const CACHE_LIMIT = 50_000;

/** Anything that can say whether a date is a working day (WorkingCalendar, or a test double). */
export interface WorkingDayChecker {
  isWorkingDay(date: string): boolean;
}

export class WorkingCalendar implements WorkingDayChecker {
  private readonly spans: readonly CompiledSpan[];
  private readonly cache = new Map<number, boolean>();

  /** Validates every span up front (throws `InvalidScheduleSpanError` naming the first bad one). */
  constructor(spans: readonly ScheduleSpanInput[] = []) {
    this.spans = spans.map((span, index) => compileSpan(span, index));
  }

  /** True when no span excludes `date`. */
  isWorkingDay(date: string): boolean {
    return this.isWorking(parseDate(date));
  }

  /**
   * Indexes (into the constructor's `spans`) of every span covering `date`, in order; empty on a
   * working day. Used to tell users which schedule entries a date collides with.
   */
  overlaps(date: string): number[] {
    const day = parseDate(date);
    const hits: number[] = [];
    this.spans.forEach((span, index) => {
      if (spanCovers(span, day)) hits.push(index);
    });
    return hits;
  }

  /** `date` itself when it is a working day, otherwise the nearest earlier working day. */
  previousWorkingDay(date: string): string {
    return formatDate(this.nearestWorking(parseDate(date), -1));
  }

  /** `date` itself when it is a working day, otherwise the nearest later working day. */
  nextWorkingDay(date: string): string {
    return formatDate(this.nearestWorking(parseDate(date), 1));
  }

  /**
   * Moves `n` working days from `date` (back when `n` is negative), like a spreadsheet WORKDAY:
   * `date` itself is never counted, each calendar day stepped onto counts only if it is a working
   * day, and the walk stops on the |n|-th one, so the result is always a working day when n ≠ 0.
   * `n` = 0 returns `date` unchanged, working or not (use previous/nextWorkingDay to snap).
   * Examples with weekends off: Fri +1 → Mon; Sat +1 → Mon; Mon −1 → Fri; Sun −1 → Fri.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isSafeInteger(n)) {
      throw new CalendarError('invalid_working_days', `The number of working days must be an integer (got ${n})`);
    }
    let day = parseDate(date);
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; left--) {
      day = this.nearestWorking(day.add({ days: step }), step);
    }
    return formatDate(day);
  }

  /** Number of working days from `from` to `to`, both included; 0 when `to` is before `from`. */
  workingDaysBetween(from: string, to: string): number {
    const start = parseDate(from, 'from');
    const end = parseDate(to, 'to');
    if (Temporal.PlainDate.compare(start, end) > 0) return 0;
    if (this.spans.length === 0) return start.until(end, { largestUnit: 'days' }).days + 1;
    let count = 0;
    for (let day = start; Temporal.PlainDate.compare(day, end) <= 0; day = day.add({ days: 1 })) {
      if (this.isWorking(day)) count++;
    }
    return count;
  }

  // The first working day at or after (direction 1) / at or before (direction -1) `day`.
  private nearestWorking(day: Temporal.PlainDate, direction: 1 | -1): Temporal.PlainDate {
    let current = day;
    for (let walked = 0; walked <= MAX_NON_WORKING_RUN; walked++) {
      if (this.isWorking(current)) return current;
      current = current.add({ days: direction });
    }
    throw new NoWorkingDaysError(formatDate(day), direction < 0 ? 'before' : 'after', MAX_NON_WORKING_RUN);
  }

  private isWorking(day: Temporal.PlainDate): boolean {
    if (this.spans.length === 0) return true;
    const key = day.year * 10_000 + day.month * 100 + day.day;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const working = !this.spans.some((span) => spanCovers(span, day));
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, working);
    return working;
  }
}
