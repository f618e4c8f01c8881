import { sql, type Kysely } from 'kysely';
import { BENCH_MARKER, BENCH_NAMES } from './bench-scale.ts';

/** The reads the bench seed makes besides its writes through the engine. */

export async function loadedScale(db: Kysely<any>): Promise<number> {
  const row = await db.selectFrom('sys_properties').select('value').where('name', '=', BENCH_MARKER).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

export async function benchOwnerIds(db: Kysely<any>): Promise<string[]> {
  const rows = await db.selectFrom('sys_user').select('sys_id').where('user_name', 'like', 'bench.owner%').orderBy('user_name').execute();
  return rows.map((r) => String(r.sys_id));
}

export interface BenchProduct {
  id: string;
  versionIds: string[];
}

export async function benchProducts(db: Kysely<any>): Promise<BenchProduct[]> {
  const products = await db.selectFrom('cmdb_model').select('sys_id').where('name', 'like', 'Bench Product %').where('sys_class_name', '=', 'cmdb_application_product_model').orderBy('name').execute();
  const versions = await db.selectFrom('cmdb_model').select(['sys_id', 'product']).where('name', 'like', 'Bench Product %').where('sys_class_name', '=', 'cmdb_sw_component_model').orderBy('name').execute();
  const byProduct = new Map<string, string[]>();
  for (const v of versions) byProduct.set(String(v.product), [...(byProduct.get(String(v.product)) ?? []), String(v.sys_id)]);
  return products.map((p) => ({ id: String(p.sys_id), versionIds: byProduct.get(String(p.sys_id)) ?? [] }));
}

export async function templateIdNamed(db: Kysely<any>, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('sn_dpr_model_release_template').select('sys_id').where('name', '=', name).executeTakeFirst();
  return row ? String(row.sys_id) : undefined;
}

/** The bench calendar's readiness targets from `from` on, earliest first. */
export async function benchTargetIds(db: Kysely<any>, from: string): Promise<string[]> {
  const rows = await db
    .selectFrom('sn_dpr_model_release_target as t')
    .innerJoin('sn_dpr_model_release_calendar as c', 'c.sys_id', 't.release_calendar')
    .select('t.sys_id')
    .where('c.name', '=', BENCH_NAMES.calendar)
    .where('t.date', '>=', from)
    .orderBy('t.date')
    .execute();
  return rows.map((r) => String(r.sys_id));
}

/** How many full and draft bench releases exist (a top-up numbers new ones after them). */
export async function benchReleaseCounts(db: Kysely<any>): Promise<{ releases: number; drafts: number }> {
  const count = async (pattern: string) =>
    Number((await db.selectFrom('sn_dpr_model_release').select((eb) => eb.fn.countAll().as('n')).where('name', 'like', pattern).executeTakeFirstOrThrow()).n);
  return { releases: await count('Bench Release %'), drafts: await count('Bench Draft %') };
}

/** Full bench releases numbered `from` (inclusive) to `to` (exclusive) by name, with their state. */
export async function benchReleasesBetween(db: Kysely<any>, from: number, to: number): Promise<Array<{ sysId: string; state: string }>> {
  const rows = await db
    .selectFrom('sn_dpr_model_release')
    .select(['sys_id', 'state'])
    .where('name', '>=', BENCH_NAMES.release(from))
    .where('name', '<', BENCH_NAMES.release(to))
    .where('name', 'like', 'Bench Release %')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ sysId: String(r.sys_id), state: String(r.state) }));
}

/** The phase-1 tasks of a release (closed by the seed for releases ready to complete it). */
export async function firstPhaseTaskIds(db: Kysely<any>, releaseId: string): Promise<string[]> {
  const phase = await db
    .selectFrom('sn_dpr_model_release_phase')
    .select('sys_id')
    .where('release', '=', releaseId)
    .orderBy('order')
    .limit(1)
    .executeTakeFirst();
  if (!phase) return [];
  const rows = await db.selectFrom('task').select('sys_id').where('phase', '=', String(phase.sys_id)).orderBy('order').execute();
  return rows.map((r) => String(r.sys_id));
}

/** Tables the data set fills, for the seed's report. */
const COUNTED = [
  'sys_user',
  'cmdb_model',
  'sn_dpr_model_release_template',
  'sn_dpr_model_template_phase',
  'sn_dpr_model_template_task',
  'sn_dpr_model_template_policy',
  'sn_dpr_model_release_target',
  'sn_dpr_model_release',
  'sn_dpr_model_release_phase',
  'task',
  'sn_dpr_model_release_key_date',
  'sn_pace_policy_mapping',
  'sn_dpr_release_association',
  'sn_dpr_model_release_artifact',
  'sn_dpr_model_release_related_task_m2m',
  'sn_dpr_model_release_bundle',
  'sn_dpr_model_release_bundle_m2m',
] as const;

/** Rows per physical table (a hierarchy such as `task` counts every class stored in it). */
export async function rowCounts(db: Kysely<any>): Promise<Array<[table: string, rows: number]>> {
  const out: Array<[string, number]> = [];
  for (const table of COUNTED) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    out.push([table, Number(row.n)]);
  }
  return out;
}

export async function markerId(db: Kysely<any>): Promise<string | undefined> {
  const row = await db.selectFrom('sys_properties').select('sys_id').where('name', '=', BENCH_MARKER).executeTakeFirst();
  return row ? String(row.sys_id) : undefined;
}

/**
 * Refreshes the planner statistics after the bulk load (PostgreSQL `ANALYZE`, SQLite `ANALYZE`).
 * Without them PostgreSQL estimated 164 rows for `task.sys_class_name = 'sn_dpr_model_release_task'`
 * (there are 100 000) and answered a 200-release bundle's aggregates in 2.9 s instead of
 * milliseconds, until autovacuum would have caught up; an import of this size needs it anyway.
 */
export async function analyze(db: Kysely<any>): Promise<void> {
  await sql`analyze`.execute(db);
}
