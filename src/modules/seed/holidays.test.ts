import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../calendar/engine/index.ts';
import { usHolidaySpans } from './holidays.ts';

describe('usHolidaySpans', () => {
  it('places the moving holidays on their weekdays', () => {
    const byName = new Map(usHolidaySpans([2025, 2026]).map((s) => [s.name, s]));
    expect(byName.get('Martin Luther King Jr. Day 2025')?.start_date).toBe('2025-01-20');
    expect(byName.get("Presidents' Day 2025")?.start_date).toBe('2025-02-17');
    expect(byName.get('Memorial Day 2025')?.start_date).toBe('2025-05-26');
    expect(byName.get('Labor Day 2025')?.start_date).toBe('2025-09-01');
    expect(byName.get('Thanksgiving 2025')).toMatchObject({ start_date: '2025-11-27', end_date: '2025-11-28', repeat_type: 'none' });
    expect(byName.get('Martin Luther King Jr. Day 2026')?.start_date).toBe('2026-01-19');
    expect(byName.get('Memorial Day 2026')?.start_date).toBe('2026-05-25');
    expect(byName.get('Labor Day 2026')?.start_date).toBe('2026-09-07');
    expect(byName.get('Thanksgiving 2026')?.start_date).toBe('2026-11-26');
  });

  it('repeats the fixed-date holidays yearly from the first year', () => {
    const calendar = new WorkingCalendar(usHolidaySpans([2025, 2026, 2027]));
    for (const day of ['2025-07-04', '2026-07-04', '2031-07-04', '2027-12-25', '2026-06-19', '2028-01-01']) {
      expect(calendar.isWorkingDay(day), day).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-07-06')).toBe(true);
  });
});
