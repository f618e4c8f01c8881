import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { toGlideDateTime } from '../../platform/clock/format.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { Actor } from '../../platform/records/actor.ts';
import type { RecordRules } from '../../platform/records/hooks.ts';
import { bundleMemberStates, releaseState, writeBundleState, type BundleStateRow, type Leaving } from './bundle-repo.ts';
import { bundleIsActive, deriveBundleState } from './bundle-state.ts';

/** Who and when to stamp on the bundles whose state changes (omit to leave `sys_updated_*` alone). */
export interface StateStamp {
  clock: Clock;
  actor: Actor;
}

/**
 * Recomputes `state` and `active` of every bundle holding `releaseId` and stores those that changed.
 * Call it (inside the write's transaction) after changing a release's state other than through the
 * record store; record-store updates of `sn_dpr_model_release.state` already run it (see
 * `registerBundleRules`), so calling it again there is harmless but not needed.
 * One statement to read, one UPDATE per bundle whose state changed.
 */
export async function refreshBundlesOfRelease(db: Kysely<any>, releaseId: string, stamp?: StateStamp, leaving: Leaving = {}): Promise<void> {
  await store(db, await bundleMemberStates(db, { releaseId }, leaving), stamp);
}

/** Recomputes and stores `state`/`active` of the given bundles. */
export async function refreshBundles(db: Kysely<any>, bundleIds: string[], stamp?: StateStamp, leaving: Leaving = {}): Promise<void> {
  const ids = [...new Set(bundleIds.filter(Boolean))];
  await store(db, await bundleMemberStates(db, { bundleIds: ids }, leaving), stamp);
}

async function store(db: Kysely<any>, rows: BundleStateRow[], stamp?: StateStamp): Promise<void> {
  const byBundle = new Map<string, BundleStateRow[]>();
  for (const row of rows) byBundle.set(row.bundle, [...(byBundle.get(row.bundle) ?? []), row]);
  for (const [bundle, members] of byBundle) {
    const state = deriveBundleState(members.map((m) => m.releaseState));
    const active = bundleIsActive(state);
    const { state: stored, active: storedActive } = members[0];
    if (stored === state && storedActive === (active ? 1 : 0)) continue;
    await writeBundleState(db, bundle, state, active, stamp && { on: toGlideDateTime(stamp.clock.now()), by: stamp.actor.userName });
  }
}

/** DOMAIN.md §2.7: "Draft releases cannot be added to a bundle" (400; platform envelope on the Table API). */
async function refuseDraftRelease(db: Kysely<any>, releaseId: unknown): Promise<void> {
  if (typeof releaseId !== 'string' || !releaseId) return;
  const release = await releaseState(db, releaseId);
  if (release?.state === 'draft') {
    throw Errors.badRequest(
      'Draft releases cannot be added to a bundle',
      `Release ${release.name} is in Draft; complete its setup before adding it to a bundle`,
    );
  }
}

/**
 * Business rules that keep bundle state derived from membership (DOMAIN.md §2.7), for the Table
 * API and the engine alike: a membership insert, update or delete, a release state change and a
 * release delete refresh the bundles concerned, in the same transaction. A new bundle starts Draft
 * (it has no releases yet).
 */
export function registerBundleRules(rules: RecordRules): void {
  rules.register('sn_dpr_model_release_bundle', {
    beforeInsert: (_ctx, row) => {
      row.state = 'draft';
      row.active = 1;
    },
  });
  rules.register('sn_dpr_model_release_bundle_m2m', {
    beforeInsert: (ctx, row) => refuseDraftRelease(ctx.db, row.release),
    afterInsert: (ctx, row) => refreshBundles(ctx.db, [String(row.bundle)], ctx),
    beforeUpdate: async (ctx, next, _previous, changed) => {
      if (changed.has('release')) await refuseDraftRelease(ctx.db, next.release);
    },
    afterUpdate: async (ctx, next, previous, changed) => {
      if (changed.has('bundle') || changed.has('release')) await refreshBundles(ctx.db, [String(next.bundle), String(previous.bundle)], ctx);
    },
    beforeDelete: (ctx, previous) => refreshBundles(ctx.db, [String(previous.bundle)], ctx, { link: String(previous.sys_id) }),
  });
  rules.register('sn_dpr_model_release', {
    afterUpdate: async (ctx, next, _previous, changed) => {
      if (changed.has('state')) await refreshBundlesOfRelease(ctx.db, String(next.sys_id), ctx);
    },
    // Deleting a release drops its memberships by cascade, below the record store's rules.
    beforeDelete: (ctx, previous) => refreshBundlesOfRelease(ctx.db, String(previous.sys_id), ctx, { release: String(previous.sys_id) }),
  });
}
