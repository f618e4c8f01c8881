import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { compileSpan, spanCovers, type ScheduleSpanInput } from './schedule-spans.ts';
import { CalendarError, InvalidScheduleSpanError } from './errors.ts';

function covers(span: ScheduleSpanInput, date: string): boolean {
  return spanCovers(compileSpan(span, 0), Temporal.PlainDate.from(date));
}

describe('repeat_type none', () => {
  const span: ScheduleSpanInput = { start_date: '2025-12-24', end_date: '2025-12-26', repeat_type: 'none', days_of_week: '' };

  it('covers start_date…end_date inclusive', () => {
    expect(covers(span, '2025-12-23')).toBe(false);
    expect(covers(span, '2025-12-24')).toBe(true);
    expect(covers(span, '2025-12-25')).toBe(true);
    expect(covers(span, '2025-12-26')).toBe(true);
    expect(covers(span, '2025-12-27')).toBe(false);
    expect(covers(span, '2026-12-25')).toBe(false);
  });

  it('covers just start_date when end_date is empty or null', () => {
    for (const end_date of ['', null, undefined]) {
      const single: ScheduleSpanInput = { start_date: '2025-07-04', end_date, repeat_type: 'none' };
      expect(covers(single, '2025-07-04')).toBe(true);
      expect(covers(single, '2025-07-05')).toBe(false);
    }
  });

  it('reads an empty repeat_type as none', () => {
    expect(covers({ start_date: '2025-07-04', end_date: '', repeat_type: '' }, '2025-07-04')).toBe(true);
    expect(covers({ start_date: '2025-07-04', end_date: '', repeat_type: null }, '2026-07-04')).toBe(false);
  });
});

describe('repeat_type weekly', () => {
  const weekends: ScheduleSpanInput = { start_date: '2025-01-01', end_date: '', repeat_type: 'weekly', days_of_week: '67' };

  it('covers the listed weekdays from start_date on, for ever when end_date is empty', () => {
    expect(covers(weekends, '2025-09-06')).toBe(true); // Saturday
    expect(covers(weekends, '2025-09-07')).toBe(true); // Sunday
    expect(covers(weekends, '2025-09-05')).toBe(false); // Friday
    expect(covers(weekends, '2025-09-08')).toBe(false); // Monday
    expect(covers(weekends, '2099-12-26')).toBe(true); // Saturday, far ahead
    expect(covers(weekends, '2024-12-29')).toBe(false); // Sunday before start_date
  });

  it('stops after end_date (inclusive)', () => {
    const bounded: ScheduleSpanInput = { ...weekends, end_date: '2025-09-06' };
    expect(covers(bounded, '2025-09-06')).toBe(true);
    expect(covers(bounded, '2025-09-07')).toBe(false);
  });

  it("uses start_date's weekday when days_of_week is empty", () => {
    const tuesdays: ScheduleSpanInput = { start_date: '2025-09-02', end_date: null, repeat_type: 'weekly', days_of_week: '' };
    expect(covers(tuesdays, '2025-09-09')).toBe(true);
    expect(covers(tuesdays, '2025-09-10')).toBe(false);
  });

  it('tolerates separators between digits', () => {
    const span: ScheduleSpanInput = { ...weekends, days_of_week: '1, 3' };
    expect(covers(span, '2025-09-01')).toBe(true); // Monday
    expect(covers(span, '2025-09-03')).toBe(true); // Wednesday
    expect(covers(span, '2025-09-02')).toBe(false);
  });

  it('refuses days_of_week outside 1..7', () => {
    expect(() => compileSpan({ ...weekends, days_of_week: '08' }, 2)).toThrow(InvalidScheduleSpanError);
    expect(() => compileSpan({ ...weekends, days_of_week: 'sat' }, 2)).toThrow(/Schedule span #3 is invalid: days_of_week/);
  });
});

describe('repeat_type yearly', () => {
  it('repeats the window every year from the start year on', () => {
    const summer: ScheduleSpanInput = { start_date: '2025-08-01', end_date: '2025-08-15', repeat_type: 'yearly' };
    expect(covers(summer, '2025-08-01')).toBe(true);
    expect(covers(summer, '2031-08-15')).toBe(true);
    expect(covers(summer, '2031-08-16')).toBe(false);
    expect(covers(summer, '2031-07-31')).toBe(false);
    expect(covers(summer, '2024-08-05')).toBe(false); // before the first occurrence
  });

  it('handles a window crossing new year', () => {
    const winter: ScheduleSpanInput = { start_date: '2024-12-24', end_date: '2025-01-02', repeat_type: 'yearly' };
    expect(covers(winter, '2024-12-23')).toBe(false);
    expect(covers(winter, '2024-12-31')).toBe(true);
    expect(covers(winter, '2025-01-02')).toBe(true);
    expect(covers(winter, '2025-01-03')).toBe(false);
    expect(covers(winter, '2027-12-24')).toBe(true);
    expect(covers(winter, '2028-01-01')).toBe(true);
    expect(covers(winter, '2028-01-02')).toBe(true);
    expect(covers(winter, '2028-01-03')).toBe(false);
    expect(covers(winter, '2024-01-01')).toBe(false); // the tail of a 2023 occurrence never existed
  });

  it('a one-day window when end_date is empty', () => {
    const christmas: ScheduleSpanInput = { start_date: '2025-12-25', end_date: '', repeat_type: 'yearly' };
    expect(covers(christmas, '2030-12-25')).toBe(true);
    expect(covers(christmas, '2030-12-26')).toBe(false);
  });

  it('observes a Feb 29 day on Feb 28 in non-leap years', () => {
    const leapDay: ScheduleSpanInput = { start_date: '2028-02-29', end_date: '2028-02-29', repeat_type: 'yearly' };
    expect(covers(leapDay, '2028-02-29')).toBe(true);
    expect(covers(leapDay, '2029-02-28')).toBe(true);
    expect(covers(leapDay, '2029-03-01')).toBe(false);
    expect(covers(leapDay, '2032-02-29')).toBe(true);
    expect(covers(leapDay, '2032-02-28')).toBe(false);
  });

  it('clamps a window ending on Feb 29 to Feb 28 in non-leap years', () => {
    const february: ScheduleSpanInput = { start_date: '2028-02-01', end_date: '2028-02-29', repeat_type: 'yearly' };
    expect(covers(february, '2029-02-28')).toBe(true);
    expect(covers(february, '2029-03-01')).toBe(false);
    expect(covers(february, '2032-02-29')).toBe(true);
  });
});

describe('validation', () => {
  it('refuses unreadable dates', () => {
    expect(() => compileSpan({ start_date: '2025-02-30', repeat_type: 'none' }, 0)).toThrow(/start_date must be a date/);
    expect(() => compileSpan({ start_date: '2025-02-01', end_date: '02/03/2025', repeat_type: 'none' }, 0)).toThrow(/end_date must be a date/);
  });

  it('refuses end_date before start_date', () => {
    expect(() => compileSpan({ start_date: '2025-02-10', end_date: '2025-02-01', repeat_type: 'none' }, 0)).toThrow(
      /end_date 2025-02-01 is before start_date 2025-02-10/,
    );
  });

  it('refuses an unknown repeat_type, as a CalendarError', () => {
    const bad = { start_date: '2025-02-10', repeat_type: 'daily' } as unknown as ScheduleSpanInput;
    expect(() => compileSpan(bad, 0)).toThrow(CalendarError);
    expect(() => compileSpan(bad, 0)).toThrow(/repeat_type must be none, weekly or yearly/);
  });
});
