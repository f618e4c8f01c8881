import type { Kysely } from 'kysely';

export interface KeyDateRow {
  sys_id: string;
  phase: string | null;
  name: string;
  due_date: string;
  state: 'archived' | 'missed' | 'upcoming';
}

/** The key dates of a release. */
export async function keyDatesOf(db: Kysely<any>, releaseId: string): Promise<KeyDateRow[]> {
  return (await db
    .selectFrom('sn_dpr_model_release_key_date')
    .select(['sys_id', 'phase', 'name', 'due_date', 'state'])
    .where('release', '=', releaseId)
    .orderBy('due_date')
    .orderBy('sys_id')
    .execute()) as KeyDateRow[];
}
