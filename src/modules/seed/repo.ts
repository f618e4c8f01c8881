import type { Kysely } from 'kysely';

/** The reads the demo seed makes besides its RecordStore writes. */

/** The property that marks the demo data as loaded (its value is when). */
export const DEMO_MARKER = 'dpr.demo.loaded_on';

export async function demoLoadedOn(db: Kysely<any>): Promise<string | undefined> {
  const row = await db.selectFrom('sys_properties').select('value').where('name', '=', DEMO_MARKER).executeTakeFirst();
  return row ? String(row.value) : undefined;
}

export async function existingUserNames(db: Kysely<any>, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db.selectFrom('sys_user').select('user_name').where('user_name', 'in', names).execute();
  return rows.map((r) => String(r.user_name));
}

/** Role name → sys_id. */
export async function roleIds(db: Kysely<any>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('sys_user_role').select(['sys_id', 'name']).execute();
  return new Map(rows.map((r) => [String(r.name), String(r.sys_id)]));
}

/** `glide.sys.default.tz`, the zone of "today". */
export async function instanceTimeZone(db: Kysely<any>): Promise<string | undefined> {
  const row = await db.selectFrom('sys_properties').select('value').where('name', '=', 'glide.sys.default.tz').executeTakeFirst();
  return row?.value ? String(row.value) : undefined;
}

/** Policies by machine name (`policy_id`), e.g. the content pack shipped by migration. */
export async function policiesByMachineName(db: Kysely<any>, ids: readonly string[]): Promise<Array<Record<string, unknown>>> {
  if (ids.length === 0) return [];
  return db.selectFrom('sn_pace_policy').select(['sys_id', 'policy_id', 'condition', 'message', 'inputs']).where('policy_id', 'in', ids).execute();
}
