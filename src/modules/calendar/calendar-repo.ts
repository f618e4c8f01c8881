import { sql, type Kysely } from 'kysely';
import { isSysId } from '../../platform/ids/sys-id.ts';

export interface CalendarRow {
  sys_id: string;
  name: string;
  release_admin: string | null;
  /** Comma-separated `cmn_schedule` sys_ids (a glide_list), or null. */
  schedules: string | null;
}

export async function findCalendar(db: Kysely<any>, id: string): Promise<CalendarRow | undefined> {
  if (!isSysId(id)) return undefined;
  return (await db
    .selectFrom('sn_dpr_model_release_calendar')
    .select(['sys_id', 'name', 'release_admin', 'schedules'])
    .where('sys_id', '=', id)
    .executeTakeFirst()) as CalendarRow | undefined;
}

/** The sys_id of another calendar with this name, ignoring case and surrounding spaces. */
export async function calendarNamed(db: Kysely<any>, name: string, exceptId?: string): Promise<string | undefined> {
  let q = db
    .selectFrom('sn_dpr_model_release_calendar')
    .select('sys_id')
    .where(sql`lower(trim(name))`, '=', name.trim().toLowerCase());
  if (exceptId) q = q.where('sys_id', '!=', exceptId);
  return (await q.executeTakeFirst())?.sys_id as string | undefined;
}

export interface UserRow {
  sys_id: string;
  user_name: string;
  active: number;
}

export async function findUser(db: Kysely<any>, id: string): Promise<UserRow | undefined> {
  if (!isSysId(id)) return undefined;
  return (await db.selectFrom('sys_user').select(['sys_id', 'user_name', 'active']).where('sys_id', '=', id).executeTakeFirst()) as UserRow | undefined;
}

/** Which of `ids` name an existing `cmn_schedule`. */
export async function existingScheduleIds(db: Kysely<any>, ids: readonly string[]): Promise<Set<string>> {
  const wellFormed = ids.filter(isSysId);
  if (wellFormed.length === 0) return new Set();
  const rows = await db.selectFrom('cmn_schedule').select('sys_id').where('sys_id', 'in', wellFormed).execute();
  return new Set(rows.map((r) => String(r.sys_id)));
}
