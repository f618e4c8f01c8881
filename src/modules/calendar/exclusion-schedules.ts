import { Errors } from '../../platform/errors/catalogue.ts';
import { CalendarError, WorkingCalendar } from './engine/index.ts';
import type { ExclusionScheduleRow } from './exclusion-repo.ts';

/** One schedule entry a date collides with, named for the user. */
export interface Overlap {
  scheduleId: string;
  scheduleName: string;
  /** The span's name, `""` when it has none. */
  spanName: string;
}

/**
 * The exclusion schedules of a readiness target (its calendar's `schedules` and its own
 * `scheduleSysId`): which of their entries cover a date. Unlike the merged calendar of
 * `exclusionCalendarFor`, each schedule keeps its own spans so that a collision can be named.
 */
export class ExclusionSchedules {
  private readonly calendars: Array<{ row: ExclusionScheduleRow; calendar: WorkingCalendar }>;

  constructor(rows: readonly ExclusionScheduleRow[]) {
    this.calendars = rows.map((row) => {
      try {
        return { row, calendar: new WorkingCalendar(row.spans) };
      } catch (error) {
        if (error instanceof CalendarError) throw Errors.rule(`Schedule ${row.name} (${row.sys_id}) cannot be used: ${error.message}`);
        throw error;
      }
    });
  }

  /** Every schedule entry covering `date` (`yyyy-MM-dd`), schedules in their given order. */
  overlapsOn(date: string): Overlap[] {
    return this.calendars.flatMap(({ row, calendar }) =>
      calendar.overlaps(date).map((index) => ({ scheduleId: row.sys_id, scheduleName: row.name, spanName: row.spans[index].name ?? '' })),
    );
  }
}
