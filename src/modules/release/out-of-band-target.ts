import type { Kysely } from 'kysely';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { Actor } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import { isIsoDate } from '../calendar/engine/index.ts';
import { findCalendar, type TargetRow } from './release-lookups.ts';

/**
 * An out-of-band readiness date (CONTRACT §5.1, §8 Targets): the release joins the earliest-created
 * target of the calendar on that date, or a new target is created, owned by the calendar's release
 * admin. The caller checks `sn_dpr.out_of_band_release_allowed`.
 */
export async function outOfBandTarget(
  db: Kysely<any>,
  store: RecordStore,
  actor: Actor,
  input: { calendarId: string | undefined; date: string | undefined; today: string },
): Promise<TargetRow> {
  if (!input.date || !isIsoDate(input.date)) throw Errors.rule(`releaseDate must be a date in the format yyyy-MM-dd${input.date ? ` (got ${input.date})` : ''}`);
  if (!input.calendarId) throw Errors.rule('releaseCalendar is required with an out-of-band releaseDate');
  const calendar = await findCalendar(db, input.calendarId);
  if (input.date < input.today) throw Errors.rule(`releaseDate ${input.date} is before today (${input.today})`);
  const existing = await db
    .selectFrom('sn_dpr_model_release_target')
    .select(['sys_id', 'name', 'date', 'release_calendar'])
    .where('release_calendar', '=', calendar.sys_id)
    .where('date', '=', input.date)
    .orderBy('sys_created_on')
    .orderBy('sys_id')
    .executeTakeFirst();
  if (existing) return existing as TargetRow;
  const created = await store.insert(db, actor, 'sn_dpr_model_release_target', {
    name: `Out of band ${input.date}`,
    date: input.date,
    release_calendar: calendar.sys_id,
    release_admin: calendar.release_admin,
    out_of_band: true,
    description: `Out-of-band readiness date on ${calendar.name}`,
  });
  return { sys_id: String(created.sys_id), name: String(created.name), date: input.date, release_calendar: calendar.sys_id };
}
