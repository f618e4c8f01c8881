import { describe, expect, it } from 'vitest';
import { planRecurringTargets, recurrenceDates, DEFAULT_MAX_OCCURRENCES, type RecurrenceInput } from './recurrence.ts';
import { WorkingCalendar } from './working-calendar.ts';
import { InvalidDateError, InvalidRecurrenceError, TooManyOccurrencesError } from './errors.ts';

const weekly = (over: Partial<RecurrenceInput>): RecurrenceInput => ({
  type: 'weekly',
  every: 1,
  daysOfWeek: 5,
  startDate: '2025-10-24',
  endDate: '2025-11-19',
  ...over,
});
const monthly = (startDate: string, endDate: string, every = 1): RecurrenceInput => ({ type: 'monthly', every, startDate, endDate });

describe('weekly', () => {
  it('reproduces the reference example (every Friday, Oct 24 – Nov 19 2025)', () => {
    expect(recurrenceDates(weekly({}))).toEqual(['2025-10-24', '2025-10-31', '2025-11-07', '2025-11-14']);
  });

  it('includes an end date that is itself an occurrence', () => {
    expect(recurrenceDates(weekly({ endDate: '2025-11-14' }))).toEqual(['2025-10-24', '2025-10-31', '2025-11-07', '2025-11-14']);
  });

  it('starts on the first matching weekday after a non-matching start date', () => {
    expect(recurrenceDates(weekly({ startDate: '2025-10-20' }))).toEqual(['2025-10-24', '2025-10-31', '2025-11-07', '2025-11-14']);
    expect(recurrenceDates(weekly({ startDate: '2025-10-25', daysOfWeek: 1 }))).toEqual(['2025-10-27', '2025-11-03', '2025-11-10', '2025-11-17']);
  });

  it('skips weeks with every = 2', () => {
    expect(recurrenceDates(weekly({ every: 2, endDate: '2025-12-31' }))).toEqual(['2025-10-24', '2025-11-07', '2025-11-21', '2025-12-05', '2025-12-19']);
  });

  it('handles Sunday (7) and a one-day range', () => {
    expect(recurrenceDates(weekly({ daysOfWeek: 7, startDate: '2025-10-24', endDate: '2025-11-02' }))).toEqual(['2025-10-26', '2025-11-02']);
    expect(recurrenceDates(weekly({ startDate: '2025-10-24', endDate: '2025-10-24' }))).toEqual(['2025-10-24']);
    expect(recurrenceDates(weekly({ startDate: '2025-10-25', endDate: '2025-10-30' }))).toEqual([]);
  });

  it("uses the start date's weekday when daysOfWeek is absent, and accepts numeric strings", () => {
    expect(recurrenceDates(weekly({ daysOfWeek: undefined, startDate: '2025-10-21' }))).toEqual(['2025-10-21', '2025-10-28', '2025-11-04', '2025-11-11', '2025-11-18']);
    expect(recurrenceDates(weekly({ daysOfWeek: '5', every: '1' }))).toHaveLength(4);
  });

  it('crosses a year end', () => {
    expect(recurrenceDates(weekly({ daysOfWeek: 3, startDate: '2025-12-24', endDate: '2026-01-14' }))).toEqual([
      '2025-12-24',
      '2025-12-31',
      '2026-01-07',
      '2026-01-14',
    ]);
  });
});

describe('monthly', () => {
  it('clamps Jan 31 to each month end without drifting', () => {
    expect(recurrenceDates(monthly('2025-01-31', '2025-07-31'))).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
    ]);
    expect(recurrenceDates(monthly('2028-01-31', '2028-03-31'))).toEqual(['2028-01-31', '2028-02-29', '2028-03-31']);
  });

  it('keeps the 30th on the 30th after February', () => {
    expect(recurrenceDates(monthly('2026-01-30', '2026-04-30'))).toEqual(['2026-01-30', '2026-02-28', '2026-03-30', '2026-04-30']);
    expect(recurrenceDates(monthly('2025-04-30', '2025-06-30'))).toEqual(['2025-04-30', '2025-05-30', '2025-06-30']);
  });

  it('starts on a leap day Feb 29 2028', () => {
    expect(recurrenceDates(monthly('2028-02-29', '2028-05-31'))).toEqual(['2028-02-29', '2028-03-29', '2028-04-29', '2028-05-29']);
    expect(recurrenceDates(monthly('2028-02-29', '2032-02-29', 12))).toEqual(['2028-02-29', '2029-02-28', '2030-02-28', '2031-02-28', '2032-02-29']);
  });

  it('honours every and an end date that is an occurrence', () => {
    expect(recurrenceDates(monthly('2025-08-31', '2026-04-30', 2))).toEqual(['2025-08-31', '2025-10-31', '2025-12-31', '2026-02-28', '2026-04-30']);
    expect(recurrenceDates(monthly('2025-08-31', '2026-04-29', 2))).toEqual(['2025-08-31', '2025-10-31', '2025-12-31', '2026-02-28']);
  });

  it('ignores daysOfWeek', () => {
    expect(recurrenceDates({ ...monthly('2025-10-15', '2025-11-15'), daysOfWeek: 9 })).toEqual(['2025-10-15', '2025-11-15']);
  });
});

describe('validation', () => {
  it.each([0, -1, 1.5, '1.5', 'x', 1001, null])('refuses every = %s', (every) => {
    expect(() => recurrenceDates(weekly({ every: every as number }))).toThrow(InvalidRecurrenceError);
  });

  it.each([0, 8, 2.5, 'fri'])('refuses daysOfWeek = %s', (daysOfWeek) => {
    expect(() => recurrenceDates(weekly({ daysOfWeek }))).toThrow(/repeats.daysOfWeek must be a weekday number from 1/);
  });

  it('refuses reversed ranges, bad dates and unknown types', () => {
    expect(() => recurrenceDates(weekly({ startDate: '2025-11-20' }))).toThrow(/endDate 2025-11-19 must not be before startDate 2025-11-20/);
    expect(() => recurrenceDates(weekly({ startDate: '2025-02-29' }))).toThrow(InvalidDateError);
    expect(() => recurrenceDates(weekly({ endDate: '' }))).toThrow(/endDate must be a date/);
    expect(() => recurrenceDates(weekly({ type: 'daily' as 'weekly' }))).toThrow(/repeats.type must be weekly or monthly/);
  });

  it('caps the number of occurrences with a clear error', () => {
    expect(DEFAULT_MAX_OCCURRENCES).toBe(1000);
    // 1000 Fridays exactly is allowed, one more is not.
    const thousand = recurrenceDates(weekly({ endDate: '2044-12-22' }));
    expect(thousand).toHaveLength(1000);
    expect(thousand[999]).toBe('2044-12-16'); // 2025-10-24 + 999 weeks
    expect(() => recurrenceDates(weekly({ endDate: '2044-12-23' }))).toThrow(TooManyOccurrencesError);
    expect(() => recurrenceDates(weekly({ endDate: '2099-12-31' }))).toThrow('The recurrence produces more than 1000 dates');
    expect(() => recurrenceDates(monthly('2025-01-01', '2025-12-31'), { maxOccurrences: 11 })).toThrow(TooManyOccurrencesError);
    expect(recurrenceDates(monthly('2025-01-01', '2025-12-31'), { maxOccurrences: 12 })).toHaveLength(12);
  });
});

describe('planRecurringTargets', () => {
  const holidays = new WorkingCalendar([
    { start_date: '2025-10-31', end_date: '2025-10-31', repeat_type: 'none' },
    { start_date: '2025-11-10', end_date: '2025-11-14', repeat_type: 'none' },
  ]);
  const blackout = new WorkingCalendar([{ start_date: '2025-11-07', end_date: '', repeat_type: 'none' }]);

  it('lists every date and splits those falling in an exclusion schedule', () => {
    expect(planRecurringTargets(weekly({}), holidays)).toEqual({
      dates: ['2025-10-24', '2025-10-31', '2025-11-07', '2025-11-14'],
      overlapping: ['2025-10-31', '2025-11-14'],
      free: ['2025-10-24', '2025-11-07'],
    });
  });

  it('checks several schedules, and none at all', () => {
    expect(planRecurringTargets(weekly({}), [holidays, blackout]).overlapping).toEqual(['2025-10-31', '2025-11-07', '2025-11-14']);
    expect(planRecurringTargets(weekly({})).overlapping).toEqual([]);
    expect(planRecurringTargets(weekly({})).free).toHaveLength(4);
  });
});
