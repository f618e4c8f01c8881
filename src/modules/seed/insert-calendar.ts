import type { WorkingCalendar } from '../calendar/engine/index.ts';
import { newSysId } from '../../platform/ids/sys-id.ts';
import type { Row } from '../../platform/records/row.ts';
import type { DemoSchedules } from './insert-schedules.ts';
import { weeklyWindowDates } from './release-dates.ts';
import { userId, type SeedContext } from './seed-context.ts';

export interface DemoCalendar {
  row: Row;
  /** The weekly release windows (readiness targets), by date. */
  windows: Map<string, Row>;
  /** Days a readiness date may fall on: not excluded by any of the calendar's schedules. */
  allowed: WorkingCalendar;
}

/**
 * The release calendar (holiday and freeze schedules excluded) and a recurring series of weekly
 * readiness targets on Fridays (ten weeks back to sixteen ahead). As the API does for dates inside an exclusion schedule that nobody
 * opted in, Fridays on a holiday or in the freeze get no target.
 */
export async function insertCalendar(ctx: SeedContext, schedules: DemoSchedules): Promise<DemoCalendar> {
  const admin = userId(ctx, 'olivia.brooks');
  const calendar = await ctx.w.insertOne('sn_dpr_model_release_calendar', {
    name: 'Digital Products Release Calendar',
    release_admin: admin,
    description: 'Weekly release windows for every digital product and service',
    schedules: [schedules.holidaysId, schedules.freezeId],
  });
  const dates = weeklyWindowDates(ctx.today, schedules.allowedDays);
  const series = newSysId();
  const targets = await ctx.w.insert(
    'sn_dpr_model_release_target',
    dates.map((date) => ({
      name: 'Weekly release window',
      release_admin: admin,
      release_calendar: calendar.sys_id,
      date,
      description: 'Friday release window',
      recurring: true,
      schedule: schedules.holidaysId,
      series,
      out_of_band: false,
    })),
  );
  return { row: calendar, windows: new Map(targets.map((t) => [String(t.date), t])), allowed: schedules.allowedDays };
}

/** An out-of-band target on the calendar for one release's own date. */
export function insertOutOfBandTarget(ctx: SeedContext, calendar: DemoCalendar, date: string, releaseName: string): Promise<Row> {
  return ctx.w.insertOne('sn_dpr_model_release_target', {
    name: `${releaseName} (out of band)`,
    release_admin: calendar.row.release_admin,
    release_calendar: calendar.row.sys_id,
    date,
    description: `Release date agreed outside the weekly windows for ${releaseName}`,
    recurring: false,
    out_of_band: true,
  });
}
