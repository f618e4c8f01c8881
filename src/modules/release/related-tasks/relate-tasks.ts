import type { Kysely } from 'kysely';
import type { Catalog } from '../../../platform/db/catalog/types.ts';
import { Errors } from '../../../platform/errors/catalogue.ts';
import { isSysId } from '../../../platform/ids/sys-id.ts';
import type { Properties } from '../../../platform/properties/properties.ts';
import type { Actor } from '../../../platform/records/actor.ts';
import type { RecordStore } from '../../../platform/records/record-store.ts';
import { findRelease } from '../release-repo.ts';
import { releaseLabel } from '../release-states.ts';
import { linkedTaskIds, tasksByIds } from './related-task-repo.ts';
import { RELATED_TASK_TYPES_PROPERTY, relatedTaskTypes } from './related-task-types.ts';
import type { RelatedTaskBody } from './schemas.ts';

export interface RelateTasksDeps {
  store: RecordStore;
  properties: Properties;
  catalog: Catalog;
  /** PostgreSQL locks the release row (see `findRelease`); SQLite serializes writers anyway. */
  postgres: boolean;
}

/** The distinct, trimmed ids of the body, in their first order; blank entries are ignored. */
export function taskIdsOf(body: RelatedTaskBody): string[] {
  const ids = [...new Set((body.taskIds ?? []).map((id) => id.trim()).filter(Boolean))];
  if (ids.length === 0) throw Errors.rule('taskIds is required: give at least one task sys_id');
  return ids;
}

/** Closed releases keep the scope they closed with. */
const CLOSED_STATES = ['completed', 'cancelled'];

/**
 * `POST release/{releaseId}/related_task` (CONTRACT §5.6, DOMAIN.md §3.10): relates every task or
 * none. Each id must be an existing record of a table listed in
 * `sn_dpr_model.release_related_task_types`; ids already related are skipped. Runs inside the
 * caller's transaction; returns how many mappings were created.
 */
export async function relateTasks(deps: RelateTasksDeps, db: Kysely<any>, actor: Actor, releaseId: string, taskIds: string[]): Promise<number> {
  // The lock queues concurrent requests for one release, so each sees the links the previous one
  // committed and none inserts a mapping twice.
  const release = await findRelease(db, releaseId, { forUpdate: true, postgres: deps.postgres });
  if (!release) throw Errors.rule('Release ID is invalid');
  if (CLOSED_STATES.includes(release.state)) {
    throw Errors.rule(`Related tasks cannot be added to release ${release.name}: it is ${releaseLabel(release.state)}`);
  }

  const found = new Map((await tasksByIds(db, taskIds.filter(isSysId))).map((t) => [t.sys_id, t.sys_class_name]));
  const unknown = taskIds.filter((id) => !found.has(id));
  if (unknown.length) throw Errors.rule(`Task IDs are invalid (no such task record): ${unknown.join(', ')}`);

  const types = relatedTaskTypes(deps.catalog, await deps.properties.json<unknown>(RELATED_TASK_TYPES_PROPERTY, [], db));
  const refused = taskIds.filter((id) => !types.classNames.has(found.get(id)!));
  if (refused.length) {
    const allowed = types.tables.length ? `only records of ${types.tables.join(', ')}` : 'no task table';
    throw Errors.rule(
      `Tasks cannot be related to a release: ${refused.map((id) => `${id} (${found.get(id)})`).join(', ')}; ${RELATED_TASK_TYPES_PROPERTY} allows ${allowed}`,
    );
  }

  const linked = await linkedTaskIds(db, release.sys_id, taskIds);
  const fresh = taskIds.filter((id) => !linked.has(id));
  await deps.store.insertMany(
    db,
    actor,
    'sn_dpr_model_release_related_task_m2m',
    fresh.map((task) => ({ release: release.sys_id, task })),
  );
  return fresh.length;
}
