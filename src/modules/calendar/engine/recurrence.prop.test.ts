import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { recurrenceDates } from './recurrence.ts';

const BASE = Temporal.PlainDate.from('2024-01-01');
const dateArb = fc.integer({ min: 0, max: 6 * 366 }).map((offset) => BASE.add({ days: offset }));
const rangeArb = fc.tuple(dateArb, fc.integer({ min: 0, max: 3 * 366 })).map(([start, length]) => [start, start.add({ days: length })] as const);
const params = { numRuns: 200 };
const d = (s: string) => Temporal.PlainDate.from(s);

describe('recurrence properties', () => {
  it('weekly: right weekday, in range, evenly spaced, none missed at either end', () => {
    fc.assert(
      fc.property(rangeArb, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 8 }), ([start, end], weekday, every) => {
        const dates = recurrenceDates({ type: 'weekly', every, daysOfWeek: weekday, startDate: start.toString(), endDate: end.toString() }).map(d);
        const first = start.add({ days: (weekday - start.dayOfWeek + 7) % 7 });
        if (Temporal.PlainDate.compare(first, end) > 0) {
          expect(dates).toEqual([]);
          return;
        }
        expect(dates[0].equals(first)).toBe(true);
        dates.forEach((date, i) => {
          expect(date.dayOfWeek).toBe(weekday);
          expect(Temporal.PlainDate.compare(date, start) >= 0 && Temporal.PlainDate.compare(date, end) <= 0).toBe(true);
          if (i > 0) expect(dates[i - 1].until(date).days).toBe(7 * every);
        });
        expect(Temporal.PlainDate.compare(dates[dates.length - 1].add({ weeks: every }), end) > 0).toBe(true);
      }),
      params,
    );
  });

  it("monthly: the start's day clamped to each month, every `every` months, in range", () => {
    fc.assert(
      fc.property(rangeArb, fc.integer({ min: 1, max: 13 }), ([start, end], every) => {
        const dates = recurrenceDates({ type: 'monthly', every, startDate: start.toString(), endDate: end.toString() }).map(d);
        expect(dates[0].equals(start)).toBe(true);
        dates.forEach((date, i) => {
          expect(date.day).toBe(Math.min(start.day, date.daysInMonth));
          const monthsFromStart = (date.year - start.year) * 12 + (date.month - start.month);
          expect(monthsFromStart).toBe(i * every);
          expect(Temporal.PlainDate.compare(date, end) <= 0).toBe(true);
        });
        // The next occurrence would be after the end.
        const next = start.with({ day: 1 }).add({ months: dates.length * every });
        expect(Temporal.PlainDate.compare(next.with({ day: Math.min(start.day, next.daysInMonth) }), end) > 0).toBe(true);
      }),
      params,
    );
  });
});
