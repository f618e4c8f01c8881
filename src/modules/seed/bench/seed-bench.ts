import type { Kysely } from 'kysely';
import type { Clock } from '../../../platform/clock/clock.ts';
import { toIsoUtc } from '../../../platform/clock/format.ts';
import { today } from '../../../platform/clock/today.ts';
import type { Catalog } from '../../../platform/db/catalog/types.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import type { Properties } from '../../../platform/properties/properties.ts';
import { SYSTEM_ACTOR } from '../../../platform/records/actor.ts';
import type { RecordStore } from '../../../platform/records/record-store.ts';
import { createRelease } from '../../release/create-release.ts';
import { SeedWriter } from '../seed-writer.ts';
import { insertCalendar, insertOwners, insertProducts } from './bench-catalog.ts';
import { analyze, benchOwnerIds, benchProducts, benchReleaseCounts, benchTargetIds, loadedScale, markerId, rowCounts, templateIdNamed } from './bench-repo.ts';
import { insertDrafts, insertReleases, type ReleaseCatalog, type ReleaseWriteDeps } from './bench-releases.ts';
import { BENCH_MARKER, BENCH_NAMES, BENCH_PLAN, benchSizes, type BenchPlan, type BenchSizes } from './bench-scale.ts';
import { insertBundle, insertMeasuredBundles, insertReleaseScope } from './bench-scope.ts';
import { insertPolicies, insertTemplates } from './bench-templates.ts';
import { noProgress, type Progress } from './progress-bar.ts';

export interface BenchSeedDeps {
  db: Kysely<any>;
  store: RecordStore;
  clock: Clock;
  properties: Properties;
  catalog: Catalog;
  postgres: boolean;
}

export type BenchSeedReport =
  | { status: 'already_loaded'; scale: number }
  | { status: 'loaded'; scale: number; previousScale: number; seconds: number; rows: Array<[table: string, rows: number]> };

const NONE: BenchSizes = { releases: 0, drafts: 0, products: 0, versionsPerProduct: 0, owners: 0, smallBundles: 0 };

/** Releases whose artifacts and incidents are written per transaction. */
const SCOPE_BATCH = 500;

/**
 * `dpr seed --bench --scale N`: the benchmark data set (bench-scale.ts), written through the engine
 * (RecordStore for catalog data, `createRelease` and the lifecycle for releases), one transaction per
 * batch. On a database loaded at a smaller scale it adds what the larger scale has on top (the
 * measured bundles stay as they are), so the harness can grow one database from scale 1 to 10.
 */
export async function seedBench(deps: BenchSeedDeps, scale: number, progress: Progress = noProgress, plan: BenchPlan = BENCH_PLAN): Promise<BenchSeedReport> {
  const started = Date.now();
  const sizes = benchSizes(scale, plan.unit);
  const previousScale = await loadedScale(deps.db);
  if (previousScale >= scale) return { status: 'already_loaded', scale: previousScale };
  const before = previousScale ? benchSizes(previousScale, plan.unit) : NONE;
  const day = await today(deps.clock, deps.properties, deps.db);
  const writer = (trx: Kysely<any>) => new SeedWriter(trx, deps.store);

  await inTransaction(deps.db, async (trx) => {
    const w = writer(trx);
    await insertOwners(w, before.owners, sizes.owners);
    const owners = await benchOwnerIds(trx);
    await insertProducts(w, before.products, sizes.products, sizes.versionsPerProduct, owners);
    if (!previousScale) {
      await insertTemplates(w, await insertPolicies(w));
      await insertCalendar(w, day, owners[0]);
    }
  });
  progress('catalog', 1, 1);

  const catalog = await loadCatalog(deps.db, day);
  const releaseDeps: ReleaseWriteDeps = {
    db: deps.db,
    engine: { store: deps.store, properties: deps.properties, clock: deps.clock, catalog: deps.catalog },
    lifecycle: { store: deps.store, properties: deps.properties, postgres: deps.postgres },
    today: day,
    progress,
  };
  const counts = await benchReleaseCounts(deps.db);
  const releaseIds = await insertReleases(releaseDeps, catalog, counts.releases, sizes.releases);
  await insertDrafts(releaseDeps, catalog, counts.drafts, sizes.drafts);

  for (let i = 0; i < releaseIds.length; i += SCOPE_BATCH) {
    const slice = releaseIds.slice(i, i + SCOPE_BATCH);
    await inTransaction(deps.db, (trx) => insertReleaseScope(writer(trx), slice, catalog.ownerIds, counts.releases + i));
    progress('artifacts, incidents', Math.min(releaseIds.length, i + SCOPE_BATCH), releaseIds.length);
  }

  await inTransaction(deps.db, async (trx) => {
    const w = writer(trx);
    if (!previousScale) {
      await insertMeasuredBundles(w, plan.measuredBundles, releaseIds, catalog.ownerIds[0], progress);
      await createRelease(releaseDeps.engine, trx, SYSTEM_ACTOR, {
        name: BENCH_NAMES.policyRelease,
        productId: catalog.products[0].id,
        releaseOwner: catalog.ownerIds[0],
        templateId: (await templateIdNamed(trx, BENCH_NAMES.policyTemplate))!,
        description: 'One gate with 1 000 policy mappings (benchmark data)',
        isDraft: false,
        includedVersions: [],
        autoCreateIncludedVersions: [],
      });
    }
    // Bundles of 10 spread over the new releases (every 10th block of ten).
    const small = sizes.smallBundles - before.smallBundles;
    const stride = Math.max(10, Math.floor(releaseIds.length / Math.max(1, small)));
    for (let b = 0; b < small; b++) {
      const members = releaseIds.slice(b * stride, b * stride + 10);
      if (members.length === 10) await insertBundle(w, `Bench Team Bundle ${before.smallBundles + b + 1}`, catalog.ownerIds[b % catalog.ownerIds.length], members);
    }
    const marker = await markerId(trx);
    const value = { value: String(scale), description: `Set by "dpr seed --bench" (${toIsoUtc(deps.clock.now())}): the benchmark data set's scale` };
    if (marker) await deps.store.update(trx, SYSTEM_ACTOR, 'sys_properties', marker, value);
    else await w.insertOne('sys_properties', { name: BENCH_MARKER, type: 'string', ...value });
  });
  progress('bundles', 1, 1);
  await analyze(deps.db);
  progress('planner statistics', 1, 1);

  return { status: 'loaded', scale, previousScale, seconds: (Date.now() - started) / 1000, rows: await rowCounts(deps.db) };
}

async function loadCatalog(db: Kysely<any>, day: string): Promise<ReleaseCatalog> {
  const templateId = await templateIdNamed(db, BENCH_NAMES.timelineTemplate);
  const draftTemplateId = await templateIdNamed(db, BENCH_NAMES.stageTemplate);
  if (!templateId || !draftTemplateId) throw new Error('The bench templates are missing: was the bench data set partly deleted?');
  const products = (await benchProducts(db)).filter((p) => p.versionIds.length > 0);
  const ownerIds = await benchOwnerIds(db);
  // Targets far enough ahead for the whole 25-working-day timeline to start after today.
  const targetIds = await benchTargetIds(db, day);
  if (!products.length || !ownerIds.length || !targetIds.length) throw new Error('The bench catalog (products, owners, targets) is missing');
  return { templateId, draftTemplateId, products, ownerIds, targetIds };
}
