import { sql, type Kysely } from 'kysely';
import { countAll } from '../../platform/db/dialect/dialect.ts';

/** The DPR child of `sn_pace_policy_mapping` (table per hierarchy: one physical table, told apart by class). */
const DPR_MAPPING = 'sn_dpr_pace_policy_mapping';

/** An active mapping with what a run needs of its policy. */
export interface MappingToRun {
  sys_id: string;
  release: string;
  phase: string;
  config: string | null;
  policy: string;
  policy_name: string;
  condition: string | null;
  message: string | null;
  inputs: string | null;
}

/** An active mapping with its latest completed execution (all execution fields null when never run). */
export interface LatestResult {
  mapping: string;
  release: string;
  phase: string;
  policy: string;
  policy_name: string;
  status: string | null;
  reason: string | null;
  execution_output: string | null;
  last_run_at: string | null;
}

export interface WaiverRow {
  sys_id: string;
  mapping: string;
  reason: string;
  start_date: string;
  end_date: string;
}

/** Active DPR mappings of the phases with their policies, one statement, by policy name. */
export async function activeMappingsOf(db: Kysely<any>, phaseIds: readonly string[]): Promise<MappingToRun[]> {
  if (phaseIds.length === 0) return [];
  return (await db
    .selectFrom('sn_pace_policy_mapping as m')
    .innerJoin('sn_pace_policy as p', 'p.sys_id', 'm.policy')
    .select(['m.sys_id', 'm.release', 'm.phase', 'm.config', 'p.sys_id as policy', 'p.name as policy_name', 'p.condition', 'p.message', 'p.inputs'])
    .where('m.sys_class_name', '=', DPR_MAPPING)
    .where('m.state', '=', 'active')
    .where('m.phase', 'in', [...phaseIds])
    .orderBy('p.name')
    .orderBy('m.sys_id')
    .execute()) as MappingToRun[];
}

export async function countActiveMappings(db: Kysely<any>, phaseIds: readonly string[]): Promise<number> {
  if (phaseIds.length === 0) return 0;
  const row = await db
    .selectFrom('sn_pace_policy_mapping')
    .select(countAll().as('n'))
    .where('sys_class_name', '=', DPR_MAPPING)
    .where('state', '=', 'active')
    .where('phase', 'in', [...phaseIds])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Every active mapping of the phases with its latest completed execution, in one statement: a
 * correlated subquery (served by the `(mapping, last_run_at)` index) picks each mapping's latest
 * execution that is not `in_progress`; runs within one second are told apart by `run_id`.
 */
export async function latestResultsOf(db: Kysely<any>, phaseIds: readonly string[]): Promise<LatestResult[]> {
  if (phaseIds.length === 0) return [];
  return (await db
    .selectFrom('sn_pace_policy_mapping as m')
    .innerJoin('sn_pace_policy as p', 'p.sys_id', 'm.policy')
    .leftJoin('sn_dpr_policy_execution as e', (join) =>
      join.on('e.sys_id', '=', (eb: any) =>
        eb
          .selectFrom('sn_dpr_policy_execution as x')
          .select('x.sys_id')
          .whereRef('x.mapping', '=', 'm.sys_id')
          .where('x.status', '!=', 'in_progress')
          .orderBy('x.last_run_at', 'desc')
          .orderBy('x.sys_created_on', 'desc')
          .orderBy(sql`coalesce(x.run_id, '')`, 'desc')
          .limit(1),
      ),
    )
    .select([
      'm.sys_id as mapping',
      'm.release',
      'm.phase',
      'p.sys_id as policy',
      'p.name as policy_name',
      'e.status',
      'e.reason',
      'e.execution_output',
      'e.last_run_at',
    ])
    .where('m.sys_class_name', '=', DPR_MAPPING)
    .where('m.state', '=', 'active')
    .where('m.phase', 'in', [...phaseIds])
    .orderBy('p.name')
    .orderBy('m.sys_id')
    .execute()) as LatestResult[];
}

/**
 * Approved exceptions in force on `day` (inclusive dates, CONTRACT §8) for the active mappings of
 * the phases; the one lasting longest first for each mapping.
 */
export async function waiversInForce(db: Kysely<any>, phaseIds: readonly string[], day: string): Promise<WaiverRow[]> {
  if (phaseIds.length === 0) return [];
  return (await db
    .selectFrom('sn_dpr_policy_exception as w')
    .innerJoin('sn_pace_policy_mapping as m', 'm.sys_id', 'w.mapping')
    .select(['w.sys_id', 'w.mapping', 'w.reason', 'w.start_date', 'w.end_date'])
    .where('m.phase', 'in', [...phaseIds])
    .where('m.state', '=', 'active')
    .where('w.state', '=', 'approved')
    .where('w.start_date', '<=', day)
    .where('w.end_date', '>=', day)
    .orderBy('w.mapping')
    .orderBy('w.end_date', 'desc')
    .execute()) as WaiverRow[];
}

/** True when the mapping has at least one execution (it has been run). */
export async function hasExecutions(db: Kysely<any>, mappingId: string): Promise<boolean> {
  const row = await db.selectFrom('sn_dpr_policy_execution').select('sys_id').where('mapping', '=', mappingId).limit(1).executeTakeFirst();
  return row !== undefined;
}
