/**
 * Date-only helpers. The engine speaks `yyyy-MM-dd` strings at its edges (that is how the platform
 * stores `glide_date` values) and `Temporal.PlainDate` inside, so no time zone or DST can shift a date.
 */
import { Temporal } from 'temporal-polyfill';
import { InvalidDateError } from './errors.ts';

// Temporal alone also accepts `20250101`, `+002025-01-01` and date-times; the platform format is
// exactly four-digit year, two-digit month and day, so check the shape first.
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** True when `value` is a real calendar date written as `yyyy-MM-dd`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_SHAPE.test(value)) return false;
  try {
    Temporal.PlainDate.from(value); // rejects 2025-02-30 and friends
    return true;
  } catch {
    return false;
  }
}

/** Parses a `yyyy-MM-dd` string; `field` names the input in the error message. */
export function parseDate(value: unknown, field = 'date'): Temporal.PlainDate {
  if (!isIsoDate(value)) throw new InvalidDateError(field, value);
  return Temporal.PlainDate.from(value);
}

/** Formats back to `yyyy-MM-dd` (years 0000–9999, which is all the platform stores). */
export function formatDate(date: Temporal.PlainDate): string {
  return date.toString();
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addCalendarDays(date: string, days: number, field = 'date'): string {
  return formatDate(parseDate(date, field).add({ days }));
}

/** Signed number of calendar days from `from` to `to` (positive when `to` is later). */
export function calendarDaysBetween(from: string, to: string): number {
  return parseDate(from, 'from').until(parseDate(to, 'to'), { largestUnit: 'days' }).days;
}

/** Orders two `yyyy-MM-dd` strings; valid ISO dates sort correctly as plain strings. */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
