/**
 * "Today" in the instance time zone (CONTRACT §1 `TZ` / `glide.sys.default.tz`).
 *
 * Date-only values have no zone, but "today" does: at 23:30 in New York it is already tomorrow in
 * UTC. Converting through Temporal's zone rules keeps DST days right (the local midnight of a DST
 * change is still one instant; only the 02:00–03:00 hour is skipped or repeated).
 */
import { Temporal } from 'temporal-polyfill';
import { InvalidTimeZoneError } from './errors.ts';

function toZoned(instant: Date, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
}

/** True for an IANA zone name (`America/New_York`, `UTC`) or a fixed offset (`+05:30`). */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    toZoned(new Date(0), timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (`yyyy-MM-dd`) of `instant` in `timeZone`. */
export function todayIn(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('todayIn needs a valid Date');
  if (!isValidTimeZone(timeZone)) throw new InvalidTimeZoneError(timeZone);
  return toZoned(instant, timeZone).toPlainDate().toString();
}
