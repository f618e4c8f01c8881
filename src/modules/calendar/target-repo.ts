import { sql, type Kysely } from 'kysely';

/**
 * Deletes the readiness targets dated before `cutoff` (`yyyy-MM-dd`, exclusive) that no release
 * references, in one statement; returns how many went.
 *
 * Locking: one DELETE with a NOT EXISTS on `sn_dpr_model_release`. A release attached to such an old
 * target in a concurrent transaction is the only race (PostgreSQL would then clear that release's
 * `release_target` through the ON DELETE SET NULL key); it needs a target dated more than six months
 * ago, which creation and retargeting refuse unless `sn_dpr_model.allow_any_release_dates` is on.
 */
export async function deleteUnusedTargetsBefore(db: Kysely<any>, cutoff: string): Promise<number> {
  const result = await db
    .deleteFrom('sn_dpr_model_release_target')
    .where('date', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('sn_dpr_model_release as r').select(sql`1`.as('one')).whereRef('r.release_target', '=', 'sn_dpr_model_release_target.sys_id'))),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
