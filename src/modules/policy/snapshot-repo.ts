import type { Kysely } from 'kysely';
import type { Row } from '../../platform/records/row.ts';

/** Column naming the release a related task is linked to (the task's own `release` column means something else). */
export const RELATED_RELEASE = '__related_release';

/** The records policies read about a set of releases (CONTRACT §7), one statement per kind. */
export interface ReleaseRecords {
  /** Release tasks of every phase. */
  tasks: Row[];
  keyDates: Row[];
  /** Task records linked to the releases (any task class), each with RELATED_RELEASE. */
  related: Row[];
  enhancements: Row[];
  artifacts: Row[];
}

/**
 * Loads the records of `releaseIds` with five statements whatever their number (each filtered by
 * `release in (…)`), so a run over a primary and its children costs the same as over one release.
 */
export async function loadReleaseRecords(db: Kysely<any>, releaseIds: readonly string[]): Promise<ReleaseRecords> {
  if (releaseIds.length === 0) return { tasks: [], keyDates: [], related: [], enhancements: [], artifacts: [] };
  const ids = [...releaseIds];
  const tasks = await db
    .selectFrom('task')
    .selectAll()
    .where('sys_class_name', '=', 'sn_dpr_model_release_task')
    .where('release', 'in', ids)
    .orderBy('order')
    .orderBy('number')
    .execute();
  const keyDates = await db.selectFrom('sn_dpr_model_release_key_date').selectAll().where('release', 'in', ids).orderBy('due_date').orderBy('name').execute();
  const related = await db
    .selectFrom('sn_dpr_model_release_related_task_m2m as l')
    .innerJoin('task as t', 't.sys_id', 'l.task')
    .selectAll('t')
    .select(`l.release as ${RELATED_RELEASE}`)
    .where('l.release', 'in', ids)
    .orderBy('t.number')
    .execute();
  const enhancements = await db.selectFrom('sn_dpr_model_product_enhancement').selectAll().where('release', 'in', ids).orderBy('name').orderBy('sys_id').execute();
  const artifacts = await db.selectFrom('sn_dpr_model_release_artifact').selectAll().where('release', 'in', ids).orderBy('name').orderBy('sys_id').execute();
  return { tasks, keyDates, related, enhancements, artifacts } as ReleaseRecords;
}

/** Product and version models by sys_id, one statement. */
export async function loadModels(db: Kysely<any>, ids: readonly (string | null)[]): Promise<Map<string, Row>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))];
  if (wanted.length === 0) return new Map();
  const rows = (await db.selectFrom('cmdb_model').selectAll().where('sys_id', 'in', wanted).execute()) as Row[];
  return new Map(rows.map((row) => [String(row.sys_id), row]));
}
