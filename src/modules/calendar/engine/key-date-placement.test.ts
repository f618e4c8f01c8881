import { describe, expect, it } from 'vitest';
import { placeKeyDate, shiftKeyDate } from './key-date-placement.ts';
import { WorkingCalendar } from './working-calendar.ts';
import { calendarDaysBetween } from './dates.ts';
import { InvalidKeyDateError, NoWorkingDaysError } from './errors.ts';
import type { TemplateKeyDateInput } from './key-date-placement.ts';

const us = new WorkingCalendar([
  { start_date: '2000-01-01', end_date: '', repeat_type: 'weekly', days_of_week: '67' },
  { start_date: '2025-06-19', end_date: '2025-06-19', repeat_type: 'none', days_of_week: '' },
  { start_date: '2025-07-04', end_date: '2025-07-04', repeat_type: 'none', days_of_week: '' },
  { start_date: '2025-09-01', end_date: '2025-09-01', repeat_type: 'none', days_of_week: '' },
]);
// Phase 2 of the DOMAIN §3.8 worked example.
const build = { planned_start_date: '2025-06-26', planned_end_date: '2025-07-31' };

describe('placeKeyDate from the phase start', () => {
  it.each([
    [0, '2025-06-26'], // the start day itself
    [1, '2025-06-27'],
    [2, '2025-06-30'], // over the weekend
    [5, '2025-07-03'],
    [6, '2025-07-07'], // over Jul 4 and the weekend
  ])('offset %i working days → %s', (offset_days, due) => {
    expect(placeKeyDate({ offset_days, offset_from: 'start' }, build, us)).toBe(due);
  });
});

describe('placeKeyDate before the phase end', () => {
  it.each([
    [0, '2025-07-31'], // the end day itself
    [1, '2025-07-30'],
    [4, '2025-07-25'], // over the weekend
    [5, '2025-07-24'],
  ])('offset %i working days → %s', (offset_days, due) => {
    expect(placeKeyDate({ offset_days, offset_from: 'end' }, build, us)).toBe(due);
  });

  it('crosses holidays too', () => {
    const release = { planned_start_date: '2025-08-22', planned_end_date: '2025-09-05' };
    expect(placeKeyDate({ offset_days: 4, offset_from: 'end' }, release, us)).toBe('2025-08-29'); // skips Labor Day
  });
});

describe('placeKeyDate input handling', () => {
  it('accepts stored numeric strings and an empty offset as 0', () => {
    expect(placeKeyDate({ offset_days: '2', offset_from: 'start' }, build, us)).toBe('2025-06-30');
    expect(placeKeyDate({ offset_days: '', offset_from: 'end' }, build, us)).toBe('2025-07-31');
    expect(placeKeyDate({ offset_days: null, offset_from: 'start' }, build, us)).toBe('2025-06-26');
  });

  it('snaps a non-working anchor to the previous working day', () => {
    const odd = { planned_start_date: '2025-07-05', planned_end_date: '2025-07-06' };
    expect(placeKeyDate({ offset_days: 0, offset_from: 'start' }, odd, us)).toBe('2025-07-03');
    expect(placeKeyDate({ offset_days: 0, offset_from: 'end' }, odd, us)).toBe('2025-07-03');
  });

  it('refuses negative, fractional or unreadable offsets and unknown anchors', () => {
    for (const offset_days of [-1, 1.5, 'two', '1e3x']) {
      expect(() => placeKeyDate({ offset_days, offset_from: 'start' }, build, us)).toThrow(InvalidKeyDateError);
    }
    const bad = { offset_days: 1, offset_from: 'middle' } as unknown as TemplateKeyDateInput;
    expect(() => placeKeyDate(bad, build, us)).toThrow(/offset_from must be start or end/);
  });
});

describe('shiftKeyDate (retarget)', () => {
  it('moves by the calendar days the readiness date moved', () => {
    const delta = calendarDaysBetween('2025-09-05', '2025-09-12');
    expect(delta).toBe(7);
    expect(shiftKeyDate('2025-08-20', delta, us)).toBe('2025-08-27');
    expect(shiftKeyDate('2025-08-20', -7, us)).toBe('2025-08-13');
  });

  it('moves a date landing on a non-working day to the previous working day', () => {
    expect(shiftKeyDate('2025-09-03', 3, us)).toBe('2025-09-05'); // Saturday → Friday
    expect(shiftKeyDate('2025-07-01', 3, us)).toBe('2025-07-03'); // Jul 4 → Jul 3
    expect(shiftKeyDate('2025-09-05', -4, us)).toBe('2025-08-29'); // Labor Day → Friday before
    expect(shiftKeyDate('2025-09-06', 0, us)).toBe('2025-09-05');
  });

  it('refuses fractional shifts and fails cleanly on an all-excluded schedule', () => {
    expect(() => shiftKeyDate('2025-09-05', 0.5, us)).toThrow(InvalidKeyDateError);
    const never = new WorkingCalendar([{ start_date: '2000-01-01', end_date: '', repeat_type: 'weekly', days_of_week: '1234567' }]);
    expect(() => shiftKeyDate('2025-09-05', 7, never)).toThrow(NoWorkingDaysError);
  });
});
