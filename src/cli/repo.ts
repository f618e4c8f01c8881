import type { Kysely } from 'kysely';

/** The lookups the CLI commands make before writing through the RecordStore. */

export interface UserRef {
  sys_id: string;
  user_name: string;
}

export async function findUser(db: Kysely<any>, userName: string): Promise<UserRef | undefined> {
  const row = await db.selectFrom('sys_user').select(['sys_id', 'user_name']).where('user_name', '=', userName).executeTakeFirst();
  return row ? { sys_id: String(row.sys_id), user_name: String(row.user_name) } : undefined;
}

/** Every role name with its sys_id. */
export async function allRoles(db: Kysely<any>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('sys_user_role').select(['sys_id', 'name']).execute();
  return new Map(rows.map((r) => [String(r.name), String(r.sys_id)]));
}

/** sys_ids of the roles granted directly to a user (not through containment). */
export async function grantedRoleIds(db: Kysely<any>, userId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('sys_user_has_role').select('role').where('user', '=', userId).execute();
  return new Set(rows.map((r) => String(r.role)));
}

export async function oauthClientExists(db: Kysely<any>, clientId: string): Promise<boolean> {
  const row = await db.selectFrom('oauth_entity').select('sys_id').where('client_id', '=', clientId).executeTakeFirst();
  return row !== undefined;
}
