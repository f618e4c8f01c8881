import type { Kysely } from 'kysely';

/** The `task` records (any task table) among `ids`, with their concrete table. */
export async function tasksByIds(db: Kysely<any>, ids: readonly string[]): Promise<Array<{ sys_id: string; sys_class_name: string }>> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('task').select(['sys_id', 'sys_class_name']).where('sys_id', 'in', [...ids]).execute()) as Array<{
    sys_id: string;
    sys_class_name: string;
  }>;
}

/** Which of `taskIds` are already related to the release. */
export async function linkedTaskIds(db: Kysely<any>, releaseId: string, taskIds: readonly string[]): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('sn_dpr_model_release_related_task_m2m')
    .select('task')
    .where('release', '=', releaseId)
    .where('task', 'in', [...taskIds])
    .execute();
  return new Set(rows.map((r) => String(r.task)));
}
