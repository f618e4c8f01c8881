import type { Kysely } from 'kysely';
import { parseDate } from './engine/index.ts';
import { deleteUnusedTargetsBefore } from './target-repo.ts';

/**
 * The first date a target may have and survive the purge: six calendar months before `today`
 * (clamped to the month's end, so 2026-08-31 gives 2026-02-28).
 */
export function purgeCutoff(today: string): string {
  return parseDate(today, 'today').subtract({ months: 6 }).toString();
}

/**
 * DOMAIN §3.3 "Clean 6 month old unused release target" (daily): deletes the readiness targets dated
 * more than six months before `today` (instance-zone date) that no release references. A target
 * dated exactly six months ago stays until the next day. Returns how many were deleted.
 */
export async function purgeUnusedTargets(db: Kysely<any>, today: string): Promise<number> {
  return deleteUnusedTargetsBefore(db, purgeCutoff(today));
}

