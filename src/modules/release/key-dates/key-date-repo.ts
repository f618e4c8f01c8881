import { sql, type Kysely } from 'kysely';

/** True when the release already has a key date with this name, ignoring case and surrounding spaces. */
export async function keyDateNamed(db: Kysely<any>, releaseId: string, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('sn_dpr_model_release_key_date')
    .select('sys_id')
    .where('release', '=', releaseId)
    .where(sql`lower(trim(name))`, '=', name.trim().toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}
