import { WorkingCalendar } from '../calendar/engine/index.ts';
import { usHolidaySpans } from './holidays.ts';
import type { SeedWriter } from './seed-writer.ts';

export interface DemoSchedules {
  holidaysId: string;
  freezeId: string;
  /** Working days of the holiday schedule (what timeline releases are laid out on). */
  workdays: WorkingCalendar;
  /** Days a readiness date may fall on: neither a holiday, a weekend nor in the year-end change freeze. */
  allowedDays: WorkingCalendar;
}

/** The spans of the two demo schedules, for the years around `today`. */
export function demoScheduleSpans(today: string) {
  const year = Number(today.slice(0, 4));
  const holidaySpans = [
    { name: 'Weekends', start_date: `${year - 1}-01-01`, end_date: null, repeat_type: 'weekly' as const, days_of_week: '67' },
    ...usHolidaySpans([year - 1, year, year + 1]).map((s) => ({ ...s, days_of_week: null })),
  ];
  const freezeSpans = [{ name: 'Year-end freeze', start_date: `${year - 1}-12-20`, end_date: `${year}-01-03`, repeat_type: 'yearly' as const, days_of_week: null }];
  return { holidaySpans, freezeSpans };
}

/**
 * An *Excluded* holiday schedule (weekends as a weekly `67` span, US holidays for last year to next
 * year) that timeline templates use, and a blackout schedule for the year-end change freeze that the
 * release calendar lists.
 */
export async function insertSchedules(w: SeedWriter, today: string): Promise<DemoSchedules> {
  const [holidays, freeze] = await w.insert('cmn_schedule', [
    {
      name: 'US Holidays and Weekends',
      type: 'excluded',
      time_zone: 'America/New_York',
      description: 'Non-working days for release timelines: weekends and US federal holidays',
    },
    { name: 'Year-End Change Freeze', type: 'blackout', time_zone: 'America/New_York', description: 'No production changes from December 20 to January 3' },
  ]);
  const { holidaySpans, freezeSpans } = demoScheduleSpans(today);
  await w.insert('cmn_schedule_span', [
    ...holidaySpans.map((s) => ({ ...s, schedule: holidays.sys_id })),
    ...freezeSpans.map((s) => ({ ...s, schedule: freeze.sys_id })),
  ]);
  return {
    holidaysId: String(holidays.sys_id),
    freezeId: String(freeze.sys_id),
    workdays: new WorkingCalendar(holidaySpans),
    allowedDays: new WorkingCalendar([...holidaySpans, ...freezeSpans]),
  };
}
