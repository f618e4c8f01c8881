import type { Kysely } from 'kysely';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../../platform/records/actor.ts';
import { createRelease, type ReleaseEngineDeps } from '../../release/create-release.ts';
import { cancelRelease, completeRelease, holdRelease, type LifecycleDeps } from '../../release/lifecycle.ts';
import type { ReleaseRequest } from '../../release/release-inputs.ts';
import { TASK_STATE } from '../../release/release-states.ts';
import { firstPhaseTaskIds, type BenchProduct } from './bench-repo.ts';
import { BENCH_NAMES, READY_MARKER, RELEASE_BATCH, releaseFate } from './bench-scale.ts';
import type { Progress } from './progress-bar.ts';

export interface ReleaseCatalog {
  templateId: string;
  draftTemplateId: string;
  products: readonly BenchProduct[];
  ownerIds: readonly string[];
  targetIds: readonly string[];
}

export interface ReleaseWriteDeps {
  db: Kysely<any>;
  engine: ReleaseEngineDeps;
  lifecycle: LifecycleDeps;
  today: string;
  progress: Progress;
}

const request = (fields: Partial<ReleaseRequest>): ReleaseRequest => ({ isDraft: false, includedVersions: [], autoCreateIncludedVersions: [], ...fields });

/**
 * Full releases numbered `from` … `to` − 1, created by `createRelease` exactly as `POST release`
 * creates them (phases, tasks, key dates, mappings laid out from the template), RELEASE_BATCH per
 * transaction, then moved to the state their number gives them (releaseFate) by the engine's own
 * lifecycle code. Returns their sys_ids in order.
 */
export async function insertReleases(deps: ReleaseWriteDeps, catalog: ReleaseCatalog, from: number, to: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = from; start < to; start += RELEASE_BATCH) {
    const end = Math.min(to, start + RELEASE_BATCH);
    await inTransaction(deps.db, async (trx) => {
      for (let n = start; n < end; n++) {
        const product = catalog.products[n % catalog.products.length];
        const fate = releaseFate(n);
        const created = await createRelease(
          deps.engine,
          trx,
          SYSTEM_ACTOR,
          request({
            name: BENCH_NAMES.release(n),
            productId: product.id,
            productVersion: product.versionIds[Math.floor(n / catalog.products.length) % product.versionIds.length],
            releaseOwner: catalog.ownerIds[n % catalog.ownerIds.length],
            templateId: catalog.templateId,
            releaseTarget: catalog.targetIds[n % catalog.targetIds.length],
            description: fate === 'ready_to_complete' ? READY_MARKER : `Benchmark release ${n}`,
          }),
        );
        ids.push(created.releaseId);
        await applyFate(deps, trx, created.releaseId, fate);
      }
    });
    deps.progress('releases', end - from, to - from);
  }
  return ids;
}

async function applyFate(deps: ReleaseWriteDeps, db: Kysely<any>, releaseId: string, fate: ReturnType<typeof releaseFate>): Promise<void> {
  const ctx = { db, actor: SYSTEM_ACTOR, today: deps.today };
  const store = deps.engine.store;
  switch (fate) {
    case 'ready_to_complete':
      // Tasks close in order (sequential execution opens each next one); the approval task closes by approval.
      for (const taskId of await firstPhaseTaskIds(db, releaseId)) {
        const task = await store.get(db, 'sn_dpr_model_release_task', taskId);
        const values = task?.need_approval === 1 ? { approval: 'approved' } : { state: TASK_STATE.closedComplete };
        await store.update(db, SYSTEM_ACTOR, 'sn_dpr_model_release_task', taskId, values);
      }
      return;
    case 'on_hold':
      return holdRelease(deps.lifecycle, ctx, releaseId, 'Waiting for a dependency (benchmark data)');
    case 'cancelled':
      return cancelRelease(deps.lifecycle, ctx, releaseId, 'Descoped (benchmark data)');
    case 'review':
    case 'completed':
      // Reaching Review through every phase gate would need policy runs; the seed sets it as the
      // last phase's completion would, then completes through the engine.
      await store.update(db, SYSTEM_ACTOR, 'sn_dpr_model_release', releaseId, { state: 'review' });
      if (fate === 'completed') await completeRelease(deps.lifecycle, ctx, releaseId);
      return;
    case 'in_progress':
      return;
  }
}

/** Draft releases numbered `from` … `to` − 1 (name, product, owner and template only). */
export async function insertDrafts(deps: ReleaseWriteDeps, catalog: ReleaseCatalog, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += RELEASE_BATCH) {
    const end = Math.min(to, start + RELEASE_BATCH);
    await inTransaction(deps.db, async (trx) => {
      for (let n = start; n < end; n++) {
        await createRelease(
          deps.engine,
          trx,
          SYSTEM_ACTOR,
          request({
            isDraft: true,
            name: BENCH_NAMES.draft(n),
            productId: catalog.products[n % catalog.products.length].id,
            releaseOwner: catalog.ownerIds[n % catalog.ownerIds.length],
            templateId: catalog.draftTemplateId,
          }),
        );
      }
    });
    deps.progress('drafts', end - from, to - from);
  }
}
