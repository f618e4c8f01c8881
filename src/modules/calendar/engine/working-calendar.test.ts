import { describe, expect, it } from 'vitest';
import { WorkingCalendar, MAX_NON_WORKING_RUN } from './working-calendar.ts';
import { CalendarError, InvalidDateError, InvalidScheduleSpanError, NoWorkingDaysError } from './errors.ts';
import type { ScheduleSpanInput } from './schedule-spans.ts';

// Weekends plus the 2025 US holidays of the DOMAIN §3.8 worked example.
const usSpans: ScheduleSpanInput[] = [
  { start_date: '2000-01-01', end_date: '', repeat_type: 'weekly', days_of_week: '67' },
  { start_date: '2025-06-19', end_date: '2025-06-19', repeat_type: 'none', days_of_week: '' },
  { start_date: '2025-07-04', end_date: '2025-07-04', repeat_type: 'none', days_of_week: '' },
  { start_date: '2025-09-01', end_date: '2025-09-01', repeat_type: 'none', days_of_week: '' },
];
const us = new WorkingCalendar(usSpans);

describe('a calendar without spans', () => {
  const open = new WorkingCalendar([]);

  it('treats every day as a working day, weekends included', () => {
    expect(open.isWorkingDay('2025-09-06')).toBe(true);
    expect(open.previousWorkingDay('2025-09-07')).toBe('2025-09-07');
    expect(open.addWorkingDays('2025-09-05', 1)).toBe('2025-09-06');
    expect(open.addWorkingDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(open.workingDaysBetween('2025-01-01', '2025-12-31')).toBe(365);
    expect(new WorkingCalendar().overlaps('2025-01-01')).toEqual([]);
  });
});

describe('isWorkingDay and overlaps', () => {
  it('knows weekends and holidays', () => {
    expect(us.isWorkingDay('2025-09-05')).toBe(true);
    expect(us.isWorkingDay('2025-09-06')).toBe(false);
    expect(us.isWorkingDay('2025-09-01')).toBe(false);
    expect(us.isWorkingDay('2025-07-03')).toBe(true);
  });

  it('lists every span covering a date', () => {
    const spans: ScheduleSpanInput[] = [
      ...usSpans,
      { start_date: '2025-07-01', end_date: '2025-07-06', repeat_type: 'none' }, // a blackout week
    ];
    const calendar = new WorkingCalendar(spans);
    expect(calendar.overlaps('2025-07-04')).toEqual([2, 4]);
    expect(calendar.overlaps('2025-07-05')).toEqual([0, 4]);
    expect(calendar.overlaps('2025-07-02')).toEqual([4]);
    expect(calendar.overlaps('2025-07-07')).toEqual([]);
  });

  it('validates spans when built and dates when asked', () => {
    expect(() => new WorkingCalendar([{ start_date: 'soon', repeat_type: 'none' }])).toThrow(InvalidScheduleSpanError);
    expect(() => us.isWorkingDay('2025-13-01')).toThrow(InvalidDateError);
    expect(() => us.isWorkingDay('2025-9-1')).toThrow(/date must be a date in yyyy-MM-dd format/);
  });
});

describe('previousWorkingDay / nextWorkingDay', () => {
  it('returns the date itself when it is a working day', () => {
    expect(us.previousWorkingDay('2025-09-05')).toBe('2025-09-05');
    expect(us.nextWorkingDay('2025-09-05')).toBe('2025-09-05');
  });

  it('skips weekends and holidays', () => {
    expect(us.previousWorkingDay('2025-09-01')).toBe('2025-08-29'); // Labor Day Monday → Friday
    expect(us.nextWorkingDay('2025-08-30')).toBe('2025-09-02'); // Saturday → Tuesday
    expect(us.previousWorkingDay('2025-07-06')).toBe('2025-07-03'); // Sunday, Saturday, Jul 4 → Thursday
  });
});

describe('addWorkingDays', () => {
  it('counts only working days stepped onto, never the start', () => {
    expect(us.addWorkingDays('2025-08-29', 1)).toBe('2025-09-02'); // Fri + 1 over the weekend and Labor Day
    expect(us.addWorkingDays('2025-08-30', 1)).toBe('2025-09-02'); // Sat + 1
    expect(us.addWorkingDays('2025-09-02', -1)).toBe('2025-08-29');
    expect(us.addWorkingDays('2025-09-07', -1)).toBe('2025-09-05'); // Sun − 1
    expect(us.addWorkingDays('2025-09-05', -9)).toBe('2025-08-22');
    expect(us.addWorkingDays('2025-06-11', 59)).toBe('2025-09-05');
  });

  it('leaves the date unchanged for n = 0, even on a non-working day', () => {
    expect(us.addWorkingDays('2025-09-06', 0)).toBe('2025-09-06');
  });

  it('refuses a fractional count', () => {
    expect(() => us.addWorkingDays('2025-09-05', 1.5)).toThrow(CalendarError);
  });
});

describe('workingDaysBetween', () => {
  it('counts both ends', () => {
    expect(us.workingDaysBetween('2025-06-11', '2025-09-05')).toBe(60);
    expect(us.workingDaysBetween('2025-09-05', '2025-09-05')).toBe(1);
    expect(us.workingDaysBetween('2025-09-06', '2025-09-07')).toBe(0);
  });

  it('is 0 for a reversed range', () => {
    expect(us.workingDaysBetween('2025-09-05', '2025-09-04')).toBe(0);
  });
});

describe('no-working-day guard', () => {
  const never = new WorkingCalendar([{ start_date: '2000-01-01', end_date: '', repeat_type: 'weekly', days_of_week: '1234567' }]);

  it('throws NoWorkingDaysError instead of searching for ever', () => {
    expect(never.isWorkingDay('2025-09-05')).toBe(false);
    expect(() => never.previousWorkingDay('2025-09-05')).toThrow(NoWorkingDaysError);
    expect(() => never.nextWorkingDay('2025-09-05')).toThrow(NoWorkingDaysError);
    expect(() => never.addWorkingDays('2025-09-05', -3)).toThrow(NoWorkingDaysError);
    expect(() => never.nextWorkingDay('2025-09-05')).toThrow(CalendarError);
    expect(() => never.nextWorkingDay('2025-09-05')).toThrow(`no working day within ${MAX_NON_WORKING_RUN} days after 2025-09-05`);
  });

  it('also catches a yearly window covering the whole year', () => {
    const always = new WorkingCalendar([{ start_date: '2020-01-01', end_date: '2020-12-31', repeat_type: 'yearly' }]);
    expect(() => always.nextWorkingDay('2025-06-01')).toThrow(NoWorkingDaysError);
    // Before the first occurrence (2020) days are working again.
    expect(always.previousWorkingDay('2025-06-01')).toBe('2019-12-31');
  });

  it('still finds a working day past a long but finite closure', () => {
    const closed = new WorkingCalendar([{ start_date: '2025-01-01', end_date: '2029-12-31', repeat_type: 'none' }]);
    expect(closed.nextWorkingDay('2025-01-01')).toBe('2030-01-01');
    expect(closed.previousWorkingDay('2029-12-31')).toBe('2024-12-31');
  });
});
