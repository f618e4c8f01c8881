import { sql, type Kysely } from 'kysely';
import type { PhaseState, ReleaseState } from './release-states.ts';

export interface ReleaseRow {
  sys_id: string;
  number: string;
  name: string;
  description: string | null;
  product: string | null;
  version: string | null;
  parent: string | null;
  template: string | null;
  release_target: string | null;
  owner: string | null;
  state: ReleaseState;
  process_type: 'timeline' | 'stage' | null;
  validates_version: number;
  readiness_date: string | null;
  planned_start_date: string | null;
  planned_end_date: string | null;
  actual_start_date: string | null;
  actual_end_date: string | null;
  current_phase: string | null;
  schedule: string | null;
  held_state: 'pending' | 'in_progress' | null;
  policy_status: string;
  sys_mod_count: number;
}

export interface PhaseRow {
  sys_id: string;
  release: string;
  name: string;
  order: number;
  state: PhaseState;
  duration: number | null;
  readiness_phase: number;
  planned_start_date: string | null;
  planned_end_date: string | null;
  actual_start_date: string | null;
  actual_end_date: string | null;
  policy_status: string;
}

/**
 * Reads a release. With `forUpdate` the row is locked until the transaction ends (PostgreSQL
 * `FOR UPDATE`): concurrent phase completions or retargets of one release queue behind each other.
 * SQLite needs no lock: its single writer already serializes write transactions.
 */
export async function findRelease(db: Kysely<any>, sysId: string, options: { forUpdate?: boolean; postgres?: boolean } = {}): Promise<ReleaseRow | undefined> {
  if (!/^[0-9a-f]{32}$/.test(sysId)) return undefined;
  let q = db.selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', sysId);
  if (options.forUpdate && options.postgres) q = q.forUpdate();
  return (await q.executeTakeFirst()) as ReleaseRow | undefined;
}

export async function phasesOf(db: Kysely<any>, releaseId: string): Promise<PhaseRow[]> {
  return (await db
    .selectFrom('sn_dpr_model_release_phase')
    .selectAll()
    .where('release', '=', releaseId)
    .orderBy('order')
    .orderBy('sys_created_on')
    .execute()) as PhaseRow[];
}

export async function childrenOf(db: Kysely<any>, releaseId: string): Promise<ReleaseRow[]> {
  return (await db.selectFrom('sn_dpr_model_release').selectAll().where('parent', '=', releaseId).where('state', '!=', 'cancelled').execute()) as ReleaseRow[];
}

/** True when an open release (not Completed or Cancelled) already has this name, ignoring case and surrounding spaces. */
export async function openReleaseNamed(db: Kysely<any>, name: string, exceptId?: string): Promise<boolean> {
  let q = db
    .selectFrom('sn_dpr_model_release')
    .select('sys_id')
    .where(sql`lower(trim(name))`, '=', name.trim().toLowerCase())
    // Literal states, not parameters: only then can the planners prove the partial unique index's
    // predicate and search it; with bound values both scan every release (bench: 4 ms at 2 000).
    .where('state', 'not in', [sql.lit('completed'), sql.lit('cancelled')]);
  if (exceptId) q = q.where('sys_id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Points a release at its current phase (set after the phases exist, within the same transaction). */
export async function setCurrentPhase(db: Kysely<any>, releaseId: string, phaseId: string | null): Promise<void> {
  await db.updateTable('sn_dpr_model_release').set({ current_phase: phaseId }).where('sys_id', '=', releaseId).execute();
}

/** An open release (not Completed or Cancelled) that validates this version, other than `exceptId`. */
export async function openValidatingReleaseOf(db: Kysely<any>, versionId: string, exceptId?: string): Promise<{ sys_id: string; name: string } | undefined> {
  let q = db
    .selectFrom('sn_dpr_model_release')
    .select(['sys_id', 'name'])
    .where('version', '=', versionId)
    .where('validates_version', '=', 1)
    .where('state', 'not in', ['completed', 'cancelled']);
  if (exceptId) q = q.where('sys_id', '!=', exceptId);
  return (await q.executeTakeFirst()) as { sys_id: string; name: string } | undefined;
}

/** The version of a product with this version name, if one exists. */
export async function versionNamed(db: Kysely<any>, classNames: string[], productId: string, version: string): Promise<{ sys_id: string } | undefined> {
  return (await db
    .selectFrom('cmdb_model')
    .select('sys_id')
    .where('sys_class_name', 'in', classNames)
    .where('product', '=', productId)
    .where('version', '=', version)
    .executeTakeFirst()) as { sys_id: string } | undefined;
}

/** Inactivates every policy mapping of a release (a cancelled release runs no policies). */
export async function deactivateMappings(db: Kysely<any>, releaseId: string): Promise<void> {
  await db.updateTable('sn_pace_policy_mapping').set({ state: 'inactive' }).where('release', '=', releaseId).where('state', '=', 'active').execute();
}
