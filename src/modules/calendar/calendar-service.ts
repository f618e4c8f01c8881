import type { Kysely } from 'kysely';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { Actor } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import { existingScheduleIds, findUser } from './calendar-repo.ts';
import { idList, requiredText } from './inputs.ts';

/** The `POST release_calendar` body as received. */
export interface ReleaseCalendarInput {
  name?: unknown;
  releaseAdmin?: unknown;
  description?: unknown;
  schedules?: unknown;
}

/**
 * Creates a release calendar in the caller's transaction; returns its sys_id.
 *
 * `schedules` may name any existing `cmn_schedule` (every type in our value set is an exclusion
 * kind: excluded, blackout, maintenance, holiday); the UI's narrower picker
 * (`sn_dpr.release_calendar_exclusions`) is a convenience of the form, not a rule of the record.
 * Names are unique (see `calendar-name-rule.ts`).
 */
export async function createReleaseCalendar(db: Kysely<any>, store: RecordStore, actor: Actor, input: ReleaseCalendarInput): Promise<string> {
  const name = requiredText(input.name, 'name');
  const adminId = requiredText(input.releaseAdmin, 'releaseAdmin');
  const admin = await findUser(db, adminId);
  if (!admin) throw Errors.rule(`Release admin is invalid: ${adminId}`);
  if (admin.active !== 1) throw Errors.rule(`Release admin ${admin.user_name} is not an active user`);
  const schedules = idList(input.schedules, 'schedules');
  const existing = await existingScheduleIds(db, schedules);
  const unknown = schedules.filter((id) => !existing.has(id));
  if (unknown.length) throw Errors.rule(`schedules: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not schedules' : 'is not a schedule'}`);
  const row = await store.insert(db, actor, 'sn_dpr_model_release_calendar', {
    name,
    release_admin: admin.sys_id,
    description: typeof input.description === 'string' ? input.description : null,
    schedules: schedules.join(','),
  });
  return String(row.sys_id);
}
