import { describe, expect, it } from 'vitest';
import { layoutTimeline, maxDurationError, totalDuration, DEFAULT_MAX_TEMPLATE_DURATION } from './timeline-layout.ts';
import { WorkingCalendar } from './working-calendar.ts';
import { calendarDaysBetween } from './dates.ts';
import { InvalidDateError, InvalidTimelineError, NoWorkingDaysError } from './errors.ts';

// DOMAIN §3.8 worked example: weekends + US federal holidays Jun 19, Jul 4, Sep 1 2025.
const us = new WorkingCalendar([
  { start_date: '2000-01-01', end_date: '', repeat_type: 'weekly', days_of_week: '67' },
  { start_date: '2025-06-19', end_date: '2025-06-19', repeat_type: 'none', days_of_week: '' },
  { start_date: '2025-07-04', end_date: '2025-07-04', repeat_type: 'none', days_of_week: '' },
  { start_date: '2025-09-01', end_date: '2025-09-01', repeat_type: 'none', days_of_week: '' },
]);
const examplePhases = [
  { order: 100, duration: 10, readiness_phase: false, name: 'Plan' },
  { order: 200, duration: 25, readiness_phase: false, name: 'Build' },
  { order: 300, duration: 15, readiness_phase: false, name: 'Test' },
  { order: 400, duration: 10, readiness_phase: true, name: 'Release' },
];

const datesOf = (layout: ReturnType<typeof layoutTimeline>) =>
  layout.phases.map((p) => [p.planned_start_date, p.planned_end_date]);

describe('DOMAIN §3.8 worked example', () => {
  const layout = layoutTimeline(examplePhases, '2025-09-05', us);

  it('lays the four phases out exactly as documented', () => {
    expect(datesOf(layout)).toEqual([
      ['2025-06-11', '2025-06-25'],
      ['2025-06-26', '2025-07-31'],
      ['2025-08-01', '2025-08-21'],
      ['2025-08-22', '2025-09-05'],
    ]);
    expect(layout.planned_start_date).toBe('2025-06-11');
    expect(layout.planned_end_date).toBe('2025-09-05');
    expect(layout.readiness_end_date).toBe('2025-09-05');
  });

  it('spans 60 working days over 87 calendar days', () => {
    expect(totalDuration(examplePhases)).toBe(60);
    expect(us.workingDaysBetween(layout.planned_start_date, layout.planned_end_date)).toBe(60);
    expect(calendarDaysBetween(layout.planned_start_date, layout.planned_end_date) + 1).toBe(87);
  });

  it('keeps the caller’s fields on each phase', () => {
    expect(layout.phases.map((p) => p.name)).toEqual(['Plan', 'Build', 'Test', 'Release']);
  });

  it('sorts phases by order whatever the input order', () => {
    const shuffled = layoutTimeline([examplePhases[2], examplePhases[0], examplePhases[3], examplePhases[1]], '2025-09-05', us);
    expect(shuffled.phases.map((p) => p.name)).toEqual(['Plan', 'Build', 'Test', 'Release']);
    expect(datesOf(shuffled)).toEqual(datesOf(layout));
  });
});

describe('readiness date on a non-working day', () => {
  it('ends the readiness phase on the previous working day (weekend)', () => {
    const layout = layoutTimeline(examplePhases, '2025-09-07', us);
    expect(layout.readiness_end_date).toBe('2025-09-05');
    expect(layout.phases[3].planned_end_date).toBe('2025-09-05');
    expect(layout.planned_start_date).toBe('2025-06-11');
  });

  it('ends the readiness phase on the previous working day (holiday)', () => {
    const layout = layoutTimeline([{ order: 1, duration: 3, readiness_phase: true }], '2025-09-01', us);
    expect(datesOf(layout)).toEqual([['2025-08-27', '2025-08-29']]);
  });
});

describe('phases after the readiness phase', () => {
  it('follow it forwards on working days', () => {
    const layout = layoutTimeline(
      [
        { order: 1, duration: 2, readiness_phase: false },
        { order: 2, duration: 3, readiness_phase: true },
        { order: 3, duration: 2, readiness_phase: false },
        { order: 4, duration: 1, readiness_phase: false },
      ],
      '2025-08-28',
      us,
    );
    expect(datesOf(layout)).toEqual([
      ['2025-08-22', '2025-08-25'],
      ['2025-08-26', '2025-08-28'],
      ['2025-08-29', '2025-09-02'], // Fri, then over the weekend and Labor Day
      ['2025-09-03', '2025-09-03'],
    ]);
    expect(layout.planned_end_date).toBe('2025-09-03');
  });
});

describe('defaults and errors', () => {
  it('uses contiguous calendar days without a schedule', () => {
    const layout = layoutTimeline(examplePhases, '2025-09-05', new WorkingCalendar());
    expect(datesOf(layout)).toEqual([
      ['2025-07-08', '2025-07-17'],
      ['2025-07-18', '2025-08-11'],
      ['2025-08-12', '2025-08-26'],
      ['2025-08-27', '2025-09-05'],
    ]);
  });

  it('treats the last phase as the readiness phase when none is flagged', () => {
    const unflagged = examplePhases.map((p) => ({ ...p, readiness_phase: false }));
    expect(datesOf(layoutTimeline(unflagged, '2025-09-05', us))).toEqual(datesOf(layoutTimeline(examplePhases, '2025-09-05', us)));
  });

  it('refuses several readiness phases, bad durations, no phases and bad dates', () => {
    const two = examplePhases.map((p) => ({ ...p, readiness_phase: true }));
    expect(() => layoutTimeline(two, '2025-09-05', us)).toThrow(/Exactly one phase can be the release readiness phase/);
    expect(() => layoutTimeline([{ order: 1, duration: 0, readiness_phase: true }], '2025-09-05', us)).toThrow(InvalidTimelineError);
    expect(() => layoutTimeline([{ order: 1, duration: 2.5, readiness_phase: true }], '2025-09-05', us)).toThrow(
      /Phase 1 \(order 1\) duration must be a whole number/,
    );
    expect(() => layoutTimeline([{ order: 1, duration: 1e9, readiness_phase: true }], '2025-09-05', us)).toThrow(/too long/);
    expect(() => layoutTimeline([], '2025-09-05', us)).toThrow(/at least one phase/);
    expect(() => layoutTimeline(examplePhases, '05/09/2025', us)).toThrow(InvalidDateError);
    expect(() => layoutTimeline(examplePhases, '05/09/2025', us)).toThrow(/readiness_date must be a date/);
  });

  it('raises NoWorkingDaysError on a schedule that excludes every day', () => {
    const never = new WorkingCalendar([{ start_date: '2000-01-01', end_date: '', repeat_type: 'weekly', days_of_week: '1234567' }]);
    expect(() => layoutTimeline(examplePhases, '2025-09-05', never)).toThrow(NoWorkingDaysError);
  });
});

describe('maximum duration', () => {
  it('accepts up to sn_dpr.max_template_duration and explains the excess', () => {
    expect(DEFAULT_MAX_TEMPLATE_DURATION).toBe(730);
    expect(maxDurationError([{ duration: 700 }, { duration: 30 }])).toBeNull();
    expect(maxDurationError([{ duration: 700 }, { duration: 31 }])).toBe(
      'The total duration of the phases (731 days) exceeds the maximum template duration of 730 days (sn_dpr.max_template_duration)',
    );
    expect(maxDurationError(examplePhases, 59)).toMatch(/\(60 days\) exceeds the maximum template duration of 59 days/);
    expect(maxDurationError(examplePhases, '60')).toBeNull();
    expect(maxDurationError([{ duration: 731 }], '')).toMatch(/of 730 days/);
    expect(maxDurationError([{ duration: 731 }], 'lots')).toMatch(/of 730 days/);
  });
});
