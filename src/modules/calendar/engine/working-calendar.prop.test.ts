import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { WorkingCalendar } from './working-calendar.ts';
import type { ScheduleSpanInput } from './schedule-spans.ts';

const BASE = Temporal.PlainDate.from('2024-01-01');
const dateArb = fc.integer({ min: 0, max: 4 * 366 }).map((offset) => BASE.add({ days: offset }).toString());

// Optional weekends, optional weekly closure of another day, and a few random holiday ranges:
// always leaves working days, so no search may fail.
const calendarArb = fc
  .record({
    weekends: fc.boolean(),
    extraWeekday: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    holidays: fc.array(fc.tuple(dateArb, fc.integer({ min: 0, max: 10 })), { maxLength: 6 }),
  })
  .map(({ weekends, extraWeekday, holidays }) => {
    const spans: ScheduleSpanInput[] = [];
    if (weekends) spans.push({ start_date: '2000-01-01', end_date: '', repeat_type: 'weekly', days_of_week: '67' });
    if (extraWeekday) spans.push({ start_date: '2000-01-01', end_date: '', repeat_type: 'weekly', days_of_week: String(extraWeekday) });
    for (const [start, length] of holidays) {
      spans.push({ start_date: start, end_date: Temporal.PlainDate.from(start).add({ days: length }).toString(), repeat_type: 'none' });
    }
    return new WorkingCalendar(spans);
  });

const shift = (date: string, days: number) => Temporal.PlainDate.from(date).add({ days }).toString();
const params = { numRuns: 150 };

describe('WorkingCalendar properties', () => {
  it('addWorkingDays lands on a working day exactly |n| working days away', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: -60, max: 60 }), (calendar, date, n) => {
        const result = calendar.addWorkingDays(date, n);
        if (n === 0) {
          expect(result).toBe(date);
        } else {
          expect(calendar.isWorkingDay(result)).toBe(true);
          if (n > 0) expect(calendar.workingDaysBetween(shift(date, 1), result)).toBe(n);
          else expect(calendar.workingDaysBetween(result, shift(date, -1))).toBe(-n);
        }
      }),
      params,
    );
  });

  it('addWorkingDays by n then −n returns to a working start', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: -40, max: 40 }), (calendar, date, n) => {
        const start = calendar.previousWorkingDay(date);
        expect(calendar.addWorkingDays(calendar.addWorkingDays(start, n), -n)).toBe(start);
      }),
      params,
    );
  });

  it('previous/nextWorkingDay are the nearest working days around a date', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, (calendar, date) => {
        const previous = calendar.previousWorkingDay(date);
        const next = calendar.nextWorkingDay(date);
        expect(previous <= date && date <= next).toBe(true);
        expect(calendar.isWorkingDay(previous) && calendar.isWorkingDay(next)).toBe(true);
        expect(calendar.workingDaysBetween(previous, date)).toBe(1);
        expect(calendar.workingDaysBetween(date, next)).toBe(1);
        expect(previous === date).toBe(calendar.isWorkingDay(date));
      }),
      params,
    );
  });

  it('isWorkingDay agrees with overlaps', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, (calendar, date) => {
        expect(calendar.isWorkingDay(date)).toBe(calendar.overlaps(date).length === 0);
      }),
      params,
    );
  });
});
