import { sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import { countAll } from '../../platform/db/dialect/dialect.ts';

// Every read of the bundle endpoint is one statement whatever the bundle's size: member rows are
// joined and counted in SQL (GROUP BY / COUNT / SUM(CASE …)), never loaded and counted here. The
// joins follow indexed references (every reference column leads an index: 0001, 0004), and task
// counts come from the rollup the database keeps per release and phase (migration 0004).
//
// The task and mapping counts start from the membership rows with a CROSS JOIN plus a join
// condition in WHERE: SQLite then keeps that order (bundle index → release index). As an
// inner join, SQLite without ANALYZE statistics started from `task` by its sys_class_name index and
// read every release task of the instance: 250 ms for a 10-release bundle at 100 000 tasks, against
// 2 ms now (npm run bench, BENCHMARKS.md). PostgreSQL plans a CROSS JOIN with a WHERE condition as
// the inner join it is.

const BUNDLE = 'sn_dpr_model_release_bundle';
const MEMBERS = 'sn_dpr_model_release_bundle_m2m';
const RELEASE = 'sn_dpr_model_release';
const PHASE = 'sn_dpr_model_release_phase';
const TASK_ROLLUP = 'dpr_release_task_rollup';

/** Phase states whose items dashboards leave out (DPR 2.6.2 release notes, DOMAIN.md §3.9). */
export const EXCLUDED_PHASE_STATES = ['cancelled', 'restarted'] as const;

/** Enhancement states counted as `Open` in `enhancementAggregate`; every other state is `Closed`. */
export const OPEN_ENHANCEMENT_STATES = ['open', 'work_in_progress'] as const;

export interface BundleRow {
  sysId: string;
  name: string;
  description: string | null;
  state: string | null;
  active: boolean;
  /** The owner's `user_name`, or null without an owner. */
  ownerUserName: string | null;
}

export interface MemberRelease {
  sysId: string;
  number: string | null;
  name: string;
  state: string | null;
}

/** A `0` for an empty SUM on both databases, as an integer (pg sums integers as bigint). */
const sumOf = (value: RawBuilder<unknown>) => sql<number>`cast(coalesce(sum(${value}), 0) as integer)`;
const sumWhen = (condition: RawBuilder<unknown>) => sumOf(sql`case when ${condition} then 1 else 0 end`);

/** Items of a left-joined phase `p` count unless the phase was cancelled or restarted. */
function phaseCounts(eb: ExpressionBuilder<any, any>) {
  return eb.or([eb('p.state', 'is', null), eb('p.state', 'not in', [...EXCLUDED_PHASE_STATES])]);
}

export async function findBundle(db: Kysely<any>, sysId: string): Promise<BundleRow | undefined> {
  const row = await db
    .selectFrom(`${BUNDLE} as b`)
    .leftJoin('sys_user as u', 'u.sys_id', 'b.owner')
    .select(['b.sys_id', 'b.name', 'b.description', 'b.state', 'b.active', 'u.user_name'])
    .where('b.sys_id', '=', sysId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    sysId: row.sys_id,
    name: row.name ?? '',
    description: row.description ?? null,
    state: row.state ?? null,
    active: Number(row.active) === 1,
    ownerUserName: row.user_name ?? null,
  };
}

/** The bundle's releases, oldest release number first. */
export async function listMemberReleases(db: Kysely<any>, bundleId: string): Promise<MemberRelease[]> {
  const rows = await db
    .selectFrom(`${MEMBERS} as m`)
    .innerJoin(`${RELEASE} as r`, 'r.sys_id', 'm.release')
    .select(['r.sys_id', 'r.number', 'r.name', 'r.state'])
    .where('m.bundle', '=', bundleId)
    .orderBy('r.number')
    .orderBy('r.sys_id')
    .execute();
  return rows.map((r) => ({ sysId: r.sys_id, number: r.number ?? null, name: r.name ?? '', state: r.state ?? null }));
}

/** Member releases per stored state (states with no release are absent). */
export async function countReleasesByState(db: Kysely<any>, bundleId: string): Promise<Array<{ state: string; count: number }>> {
  const rows = await db
    .selectFrom(`${MEMBERS} as m`)
    .innerJoin(`${RELEASE} as r`, 'r.sys_id', 'm.release')
    .select(['r.state', countAll().as('n')])
    .where('m.bundle', '=', bundleId)
    .where('r.state', 'is not', null)
    .groupBy('r.state')
    .execute();
  return rows.map((r) => ({ state: String(r.state), count: Number(r.n) }));
}

/**
 * Release tasks of the member releases: all of them, and those whose approval is `approved`. Read
 * from the per-release, per-phase counts the database keeps (migration 0004): a few rows per
 * release instead of one per task. `phase` is '' for tasks without a phase, which then count.
 */
export async function countReleaseTasks(db: Kysely<any>, bundleId: string): Promise<{ total: number; approved: number }> {
  const row = await db
    .selectFrom(`${MEMBERS} as m`)
    .crossJoin(`${TASK_ROLLUP} as x`)
    .leftJoin(`${PHASE} as p`, 'p.sys_id', 'x.phase')
    .select([sumOf(sql`x.tasks`).as('total'), sumOf(sql`x.approved`).as('approved')])
    .whereRef('x.release', '=', 'm.release')
    .where('m.bundle', '=', bundleId)
    .where(phaseCounts)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), approved: Number(row.approved) };
}

/**
 * Active policy mappings of the member releases, and those with at least one completed execution
 * (any status but `in_progress`, CONTRACT §8). An execution belongs to a mapping through its
 * `mapping` reference; one written without it (e.g. through the Table API, whose documented fields
 * are release, phase and policy) belongs to the mapping of the same release, phase and policy.
 */
export async function countActiveMappings(db: Kysely<any>, bundleId: string): Promise<{ total: number; executed: number }> {
  const completedRun = sql`exists (
    select 1 from sn_dpr_policy_execution e
    where e.status <> 'in_progress'
      and (e.mapping = pm.sys_id
        or (e.mapping is null and e.release = pm.release and e.policy = pm.policy
          and (e.phase = pm.phase or (e.phase is null and pm.phase is null))))
  )`;
  const row = await db
    .selectFrom(`${MEMBERS} as m`)
    .crossJoin('sn_pace_policy_mapping as pm')
    .leftJoin(`${PHASE} as p`, 'p.sys_id', 'pm.phase')
    .select([countAll().as('total'), sumWhen(completedRun).as('executed')])
    .whereRef('pm.release', '=', 'm.release')
    .where('m.bundle', '=', bundleId)
    .where('pm.sys_class_name', '=', 'sn_dpr_pace_policy_mapping')
    .where('pm.state', '=', 'active')
    .where(phaseCounts)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), executed: Number(row.executed) };
}

/** Enhancements of the member releases, and those in an open state. */
export async function countEnhancements(db: Kysely<any>, bundleId: string): Promise<{ total: number; open: number }> {
  const open = sql`e.state in (${sql.join([...OPEN_ENHANCEMENT_STATES])})`;
  const row = await db
    .selectFrom('sn_dpr_model_product_enhancement as e')
    .innerJoin(`${MEMBERS} as m`, 'm.release', 'e.release')
    .select([countAll().as('total'), sumWhen(open).as('open')])
    .where('m.bundle', '=', bundleId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), open: Number(row.open) };
}

export interface BundleStateRow {
  bundle: string;
  state: string | null;
  active: number | null;
  /** Stored state of one member release (null for a bundle without members). */
  releaseState: string | null;
}

/** What leaves a bundle's membership while the row is still there (deletes run their rules first). */
export interface Leaving {
  link?: string;
  release?: string;
}

/**
 * For each given bundle (or each bundle holding `releaseId`): its stored state and active flag and
 * the distinct states of its member releases, one statement. `leaving` drops a link or a release
 * that is about to be deleted.
 */
export async function bundleMemberStates(
  db: Kysely<any>,
  which: { bundleIds: string[] } | { releaseId: string },
  leaving: Leaving = {},
): Promise<BundleStateRow[]> {
  if ('bundleIds' in which && which.bundleIds.length === 0) return [];
  const rows = await db
    .selectFrom(`${BUNDLE} as b`)
    .leftJoin(`${MEMBERS} as m`, (join) => {
      let on = join.onRef('m.bundle', '=', 'b.sys_id');
      if (leaving.link) on = on.on('m.sys_id', '<>', leaving.link);
      if (leaving.release) on = on.on('m.release', '<>', leaving.release);
      return on;
    })
    .leftJoin(`${RELEASE} as r`, 'r.sys_id', 'm.release')
    .select(['b.sys_id', 'b.state', 'b.active', 'r.state as release_state'])
    .where((eb) =>
      'bundleIds' in which
        ? eb('b.sys_id', 'in', which.bundleIds)
        : eb('b.sys_id', 'in', eb.selectFrom(MEMBERS).select('bundle').where('release', '=', which.releaseId)),
    )
    .groupBy(['b.sys_id', 'b.state', 'b.active', 'r.state'])
    .execute();
  return rows.map((r) => ({
    bundle: r.sys_id,
    state: r.state ?? null,
    active: r.active === null || r.active === undefined ? null : Number(r.active),
    releaseState: r.release_state ?? null,
  }));
}

/** Stores a derived bundle state; `stamp` (when given) records who and when, as any update does. */
export async function writeBundleState(
  db: Kysely<any>,
  bundleId: string,
  state: string,
  active: boolean,
  stamp?: { on: string; by: string },
): Promise<void> {
  const set: Record<string, unknown> = { state, active: active ? 1 : 0 };
  if (stamp) {
    set.sys_updated_on = stamp.on;
    set.sys_updated_by = stamp.by;
    set.sys_mod_count = sql`sys_mod_count + 1`;
  }
  await db.updateTable(BUNDLE).set(set).where('sys_id', '=', bundleId).execute();
}

/** The stored state of one release (null when the release does not exist). */
export async function releaseState(db: Kysely<any>, releaseId: string): Promise<{ state: string | null; name: string } | undefined> {
  const row = await db.selectFrom(RELEASE).select(['state', 'name']).where('sys_id', '=', releaseId).executeTakeFirst();
  return row ? { state: row.state ?? null, name: row.name ?? '' } : undefined;
}
