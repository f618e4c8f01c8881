import { describe, expect, it } from 'vitest';
import * as engine from './index.ts';

describe('engine barrel', () => {
  it('exposes the public API', () => {
    const calendar = new engine.WorkingCalendar([{ start_date: '2000-01-01', end_date: '', repeat_type: 'weekly', days_of_week: '67' }]);
    const layout = engine.layoutTimeline([{ order: 1, duration: 5, readiness_phase: true }], '2025-09-05', calendar);
    expect(layout.planned_start_date).toBe('2025-09-01');
    expect(engine.placeKeyDate({ offset_days: 1, offset_from: 'end' }, layout.phases[0], calendar)).toBe('2025-09-04');
    expect(engine.recurrenceDates({ type: 'monthly', every: 1, startDate: '2025-01-31', endDate: '2025-02-28' })).toEqual(['2025-01-31', '2025-02-28']);
    expect(engine.todayIn(new Date('2025-09-05T03:00:00Z'), 'America/New_York')).toBe('2025-09-04');
    expect(new engine.NoWorkingDaysError('2025-01-01', 'after', 1)).toBeInstanceOf(engine.CalendarError);
    expect(new engine.InvalidDateError('date', 'x').name).toBe('InvalidDateError');
  });
});
