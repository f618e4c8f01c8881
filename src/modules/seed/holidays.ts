import { Temporal } from 'temporal-polyfill';

/** One `cmn_schedule_span` of the demo holiday schedule. */
export interface HolidaySpan {
  name: string;
  start_date: string;
  end_date: string;
  repeat_type: 'none' | 'yearly';
}

/** Fixed-date US federal holidays: one yearly span each (observed-day shifts are left out: weekends are excluded anyway). */
const FIXED: Array<{ name: string; month: number; day: number }> = [
  { name: "New Year's Day", month: 1, day: 1 },
  { name: 'Juneteenth', month: 6, day: 19 },
  { name: 'Independence Day', month: 7, day: 4 },
  { name: 'Christmas Day', month: 12, day: 25 },
];

/** The `n`-th ISO weekday (1=Mon…7=Sun) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): Temporal.PlainDate {
  const first = Temporal.PlainDate.from({ year, month, day: 1 });
  return first.add({ days: ((weekday - first.dayOfWeek + 7) % 7) + 7 * (n - 1) });
}

function lastWeekday(year: number, month: number, weekday: number): Temporal.PlainDate {
  const first = Temporal.PlainDate.from({ year, month, day: 1 });
  const last = first.add({ days: first.daysInMonth - 1 });
  return last.subtract({ days: (last.dayOfWeek - weekday + 7) % 7 });
}

/** Holidays whose date moves: one non-repeating span per year. */
function movingHolidays(year: number): HolidaySpan[] {
  const once = (name: string, start: Temporal.PlainDate, days = 1): HolidaySpan => ({
    name: `${name} ${year}`,
    start_date: start.toString(),
    end_date: start.add({ days: days - 1 }).toString(),
    repeat_type: 'none',
  });
  return [
    once('Martin Luther King Jr. Day', nthWeekday(year, 1, 1, 3)),
    once("Presidents' Day", nthWeekday(year, 2, 1, 3)),
    once('Memorial Day', lastWeekday(year, 5, 1)),
    once('Labor Day', nthWeekday(year, 9, 1, 1)),
    // The company also closes on the Friday after Thanksgiving.
    once('Thanksgiving', nthWeekday(year, 11, 4, 4), 2),
  ];
}

/**
 * A US holiday calendar as schedule spans: fixed-date holidays repeat yearly from the first year,
 * moving ones are listed for each of `years` (schedules are maintained a year or two ahead, as
 * administrators do on the platform).
 */
export function usHolidaySpans(years: readonly number[]): HolidaySpan[] {
  const first = Math.min(...years);
  const fixed = FIXED.map(({ name, month, day }) => {
    const date = Temporal.PlainDate.from({ year: first, month, day }).toString();
    return { name, start_date: date, end_date: date, repeat_type: 'yearly' as const };
  });
  return [...fixed, ...years.flatMap(movingHolidays)];
}
