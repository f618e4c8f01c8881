import { sql, type Kysely } from 'kysely';

export interface MappingStatus {
  mappingId: string;
  policyId: string;
  policyName: string;
  /** The latest execution's status, or `not_run`. */
  status: string;
}

/** Statuses that let a phase close (CONTRACT §5.4: compliant, or compliant with an exception). */
export const PASSING_STATUSES = ['compliant', 'compliant_with_exception'];

/**
 * The latest execution status of every active policy mapping of a phase, in one statement (a
 * correlated subquery picks each mapping's latest execution).
 */
export async function phaseMappingStatuses(db: Kysely<any>, phaseId: string): Promise<MappingStatus[]> {
  const rows = await db
    .selectFrom('sn_pace_policy_mapping as m')
    .innerJoin('sn_pace_policy as p', 'p.sys_id', 'm.policy')
    .select((eb) => [
      'm.sys_id as mappingId',
      'p.sys_id as policyId',
      'p.name as policyName',
      eb
        .selectFrom('sn_dpr_policy_execution as e')
        .select('e.status')
        .whereRef('e.mapping', '=', 'm.sys_id')
        .orderBy('e.last_run_at', 'desc')
        .orderBy('e.sys_created_on', 'desc')
        // Two runs within one second tie on both stamps; run ids start with the run's instant.
        .orderBy(sql`coalesce(e.run_id, '')`, 'desc')
        .limit(1)
        .as('status'),
    ])
    .where('m.phase', '=', phaseId)
    .where('m.state', '=', 'active')
    .orderBy('p.name')
    .execute();
  return rows.map((r) => ({ mappingId: r.mappingId, policyId: r.policyId, policyName: r.policyName, status: r.status ?? 'not_run' }));
}

/** The mappings that keep a phase from closing, with their status. */
export async function policyBlockers(db: Kysely<any>, phaseId: string): Promise<MappingStatus[]> {
  return (await phaseMappingStatuses(db, phaseId)).filter((m) => !PASSING_STATUSES.includes(m.status));
}
