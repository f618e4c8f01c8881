import type { Kysely } from 'kysely';

export interface RunnableRelease {
  sys_id: string;
  parent: string | null;
  phase_order: number;
}

/** In Progress releases whose current phase is In Progress (DOMAIN §4.4), one statement. */
export async function runnableReleases(db: Kysely<any>): Promise<RunnableRelease[]> {
  return (await db
    .selectFrom('sn_dpr_model_release as r')
    .innerJoin('sn_dpr_model_release_phase as p', 'p.sys_id', 'r.current_phase')
    .select(['r.sys_id', 'r.parent', 'p.order as phase_order'])
    .where('r.state', '=', 'in_progress')
    .where('p.state', '=', 'in_progress')
    .orderBy('r.sys_created_on')
    .orderBy('r.sys_id')
    .execute()) as RunnableRelease[];
}

/** Exceptions still requested or approved whose `end_date` is before `day`. */
export async function waiversPastEnd(db: Kysely<any>, day: string): Promise<string[]> {
  const rows = await db
    .selectFrom('sn_dpr_policy_exception')
    .select('sys_id')
    .where('state', 'in', ['requested', 'approved'])
    .where('end_date', '<', day)
    .execute();
  return rows.map((r) => String(r.sys_id));
}
