import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { layoutTimeline } from './timeline-layout.ts';
import { WorkingCalendar } from './working-calendar.ts';
import type { ScheduleSpanInput } from './schedule-spans.ts';

const BASE = Temporal.PlainDate.from('2024-01-01');
const dateArb = fc.integer({ min: 0, max: 4 * 366 }).map((offset) => BASE.add({ days: offset }).toString());

const calendarArb = fc
  .record({
    weekends: fc.boolean(),
    holidays: fc.array(fc.tuple(dateArb, fc.integer({ min: 0, max: 6 })), { maxLength: 8 }),
    yearly: fc.option(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })), { nil: undefined }),
  })
  .map(({ weekends, holidays, yearly }) => {
    const spans: ScheduleSpanInput[] = [];
    if (weekends) spans.push({ start_date: '2000-01-01', end_date: '', repeat_type: 'weekly', days_of_week: '67' });
    for (const [start, length] of holidays) {
      spans.push({ start_date: start, end_date: Temporal.PlainDate.from(start).add({ days: length }).toString(), repeat_type: 'none' });
    }
    if (yearly) {
      const start = Temporal.PlainDate.from({ year: 2000, month: yearly[0], day: yearly[1] });
      spans.push({ start_date: start.toString(), end_date: start.add({ days: 3 }).toString(), repeat_type: 'yearly' });
    }
    return new WorkingCalendar(spans);
  });

const phasesArb = fc
  .array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 })
  .chain((durations) =>
    fc.integer({ min: 0, max: durations.length - 1 }).map((readiness) =>
      durations.map((duration, i) => ({ order: (i + 1) * 100, duration, readiness_phase: i === readiness })),
    ),
  );

describe('timeline layout invariants', () => {
  it('holds for random phases, readiness dates and schedules', () => {
    fc.assert(
      fc.property(phasesArb, dateArb, calendarArb, (phases, readinessDate, calendar) => {
        const layout = layoutTimeline(phases, readinessDate, calendar);
        const laid = layout.phases;
        expect(laid).toHaveLength(phases.length);
        laid.forEach((phase, i) => {
          // Each phase starts and ends on working days and holds exactly `duration` of them.
          expect(calendar.isWorkingDay(phase.planned_start_date)).toBe(true);
          expect(calendar.isWorkingDay(phase.planned_end_date)).toBe(true);
          expect(calendar.workingDaysBetween(phase.planned_start_date, phase.planned_end_date)).toBe(phase.duration);
          // Consecutive phases neither overlap nor leave a working day between them.
          if (i > 0) {
            const previous = laid[i - 1];
            expect(previous.planned_end_date < phase.planned_start_date).toBe(true);
            expect(calendar.workingDaysBetween(previous.planned_end_date, phase.planned_start_date)).toBe(2);
          }
        });
        const readiness = laid.find((p) => p.readiness_phase)!;
        expect(readiness.planned_end_date).toBe(calendar.previousWorkingDay(readinessDate));
        expect(readiness.planned_end_date <= readinessDate).toBe(true);
        expect(layout.planned_start_date).toBe(laid[0].planned_start_date);
        expect(layout.planned_end_date).toBe(laid[laid.length - 1].planned_end_date);
      }),
      { numRuns: 150 },
    );
  });
});
