import { describe, expect, it } from 'vitest';
import { ExclusionSchedules } from './exclusion-schedules.ts';
import { describeOverlaps } from './target-service.ts';

const blackout = { sys_id: 'b'.repeat(32), name: 'Blackout', spans: [{ name: 'Freeze', start_date: '2025-12-22', end_date: '2026-01-02' }] };
const holidays = {
  sys_id: 'h'.repeat(32),
  name: 'Holidays',
  spans: [
    { name: 'Weekends', start_date: '2000-01-01', repeat_type: 'weekly' as const, days_of_week: '67' },
    { name: null, start_date: '2025-12-26', end_date: null },
  ],
};

describe('ExclusionSchedules', () => {
  const exclusions = new ExclusionSchedules([blackout, holidays]);

  it('finds nothing on a free day', () => {
    expect(exclusions.overlapsOn('2025-12-19')).toEqual([]);
  });

  it('names every covering span, schedules in their given order, unnamed spans as ""', () => {
    expect(exclusions.overlapsOn('2025-12-26')).toEqual([
      { scheduleId: blackout.sys_id, scheduleName: 'Blackout', spanName: 'Freeze' },
      { scheduleId: holidays.sys_id, scheduleName: 'Holidays', spanName: '' },
    ]);
    expect(exclusions.overlapsOn('2025-12-27')).toEqual([
      { scheduleId: blackout.sys_id, scheduleName: 'Blackout', spanName: 'Freeze' },
      { scheduleId: holidays.sys_id, scheduleName: 'Holidays', spanName: 'Weekends' },
    ]);
  });

  it('refuses a schedule holding a broken span, naming the schedule (a 400)', () => {
    const broken = { sys_id: 'c'.repeat(32), name: 'Broken', spans: [{ name: 'x', start_date: '2025-12-31', end_date: '2025-12-01' }] };
    expect(() => new ExclusionSchedules([broken])).toThrow(/^Schedule Broken \(c{32}\) cannot be used: Schedule span #1 is invalid: end_date 2025-12-01 is before start_date 2025-12-31$/);
  });
});

describe('describeOverlaps', () => {
  it('names each schedule once with its span names', () => {
    const overlaps = [
      { scheduleId: 'a', scheduleName: 'Blackout', spanName: 'Freeze' },
      { scheduleId: 'b', scheduleName: 'Holidays', spanName: 'Weekends' },
      { scheduleId: 'b', scheduleName: 'Holidays', spanName: 'Boxing Day' },
      { scheduleId: 'c', scheduleName: 'Maintenance', spanName: '' },
    ];
    expect(describeOverlaps(overlaps)).toBe('Blackout (Freeze), Holidays (Weekends, Boxing Day), Maintenance');
  });
});
