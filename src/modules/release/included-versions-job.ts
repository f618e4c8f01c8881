import type { Kysely } from 'kysely';
import { inTransaction } from '../../platform/db/transaction.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/records/actor.ts';
import type { JobHandler } from '../jobs/types.ts';
import { createChildRelease, type ReleaseEngineDeps } from './create-release.ts';
import { findProduct } from './release-lookups.ts';
import { childrenOf, findRelease } from './release-repo.ts';

export interface IncludedVersionsPayload {
  releaseId: string;
  progressId: string;
  actor: string;
  items: Array<{ product: string; version: string }>;
}

/**
 * The background half of `autoCreateIncludedVersions` (CONTRACT §5.1): creates each version and its
 * child release, one transaction per product, and reports progress on the `sys_progress_worker`
 * whose sys_id the API returned as `progressId`. A retry skips products that already have a child,
 * so a crash halfway never duplicates a child release.
 */
export function includedVersionsJob(deps: ReleaseEngineDeps): JobHandler<IncludedVersionsPayload> {
  return async (payload, { db }) => {
    const actor: Actor = { ...SYSTEM_ACTOR, userName: payload.actor || 'system' };
    const progress = (values: Record<string, unknown>) =>
      inTransaction(db, (trx) => deps.store.update(trx, actor, 'sys_progress_worker', payload.progressId, values));
    await progress({ state: 'running', message: `Creating ${payload.items.length} child release(s)` });
    try {
      for (const [index, item] of payload.items.entries()) {
        await inTransaction(db, async (trx) => {
          const primary = await findRelease(trx, payload.releaseId);
          if (!primary) throw new AppError('RELEASE_GONE', 400, `Release ${payload.releaseId} no longer exists`);
          const product = await findProduct(trx, deps.catalog, item.product, 'Included product');
          const existing = (await childrenOf(trx, primary.sys_id)).some((c) => c.product === product.sys_id);
          if (!existing) await createChildRelease(deps, trx, actor, primary, product, item.version);
        });
        await progress({ percent_complete: Math.round(((index + 1) / payload.items.length) * 100), message: `${index + 1} of ${payload.items.length} created` });
      }
      await progress({ state: 'complete', completion_code: 'success', percent_complete: 100, message: `Created ${payload.items.length} child release(s)` });
    } catch (error) {
      await progress({ state: 'complete', completion_code: 'error', message: error instanceof Error ? error.message : String(error) });
      // A business rule will fail the same way on every retry: record it and stop.
      if (error instanceof AppError) return;
      throw error;
    }
  };
}

export async function progressOf(db: Kysely<any>, id: string) {
  return db.selectFrom('sys_progress_worker').selectAll().where('sys_id', '=', id).executeTakeFirst();
}
