/**
 * How much `dpr seed --bench --scale N` writes. Scale 1 is about 147 000 rows: 2 000 full releases
 * (a 5-phase × 10-task template: ~63 rows each with phases, tasks, key dates, policy mappings and
 * the template association) plus drafts, artifacts, related incidents and bundles. The three
 * measured bundles (10, 200 and 2 000 releases) exist once whatever the scale; larger scales add
 * releases, products and bundles of 10 around them, as a growing instance would.
 */
export interface BenchSizes {
  /** Full (non-draft) releases created from the timeline template. */
  releases: number;
  drafts: number;
  products: number;
  versionsPerProduct: number;
  owners: number;
  /** Bundles of 10 releases besides the three measured bundles. */
  smallBundles: number;
}

/** Per scale unit. */
export const BENCH_UNIT: BenchSizes = { releases: 2000, drafts: 100, products: 20, versionsPerProduct: 5, owners: 25, smallBundles: 20 };

export function benchSizes(scale: number, unit: BenchSizes = BENCH_UNIT): BenchSizes {
  const UNIT = unit;
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a whole number of at least 1 (got ${scale})`);
  return {
    releases: UNIT.releases * scale,
    drafts: UNIT.drafts * scale,
    products: UNIT.products * scale,
    versionsPerProduct: UNIT.versionsPerProduct,
    owners: UNIT.owners * scale,
    smallBundles: UNIT.smallBundles * scale,
  };
}

/** The measured bundles (CONTRACT §5.9 aggregates over 10 → 200 → 2 000 releases). */
export const MEASURED_BUNDLES: readonly number[] = [10, 200, 2000];

/** What a scale unit holds and which bundles are measured (tests seed a smaller plan). */
export interface BenchPlan {
  unit: BenchSizes;
  measuredBundles: readonly number[];
}

export const BENCH_PLAN: BenchPlan = { unit: BENCH_UNIT, measuredBundles: MEASURED_BUNDLES };

/** Releases are written this many per transaction (one transaction per batch). */
export const RELEASE_BATCH = 50;

/** Mappings of the policy-load release: one run evaluates this many (the 1 000-mapping target). */
export const POLICY_LOAD_MAPPINGS = 1000;

/**
 * What a release's position in the data set makes of it, out of every 100 full releases: most are
 * In Progress (the first half of those with their first phase's tasks closed, ready for
 * `complete_phase`), the rest On Hold, Review, Completed or Cancelled.
 */
export type BenchReleaseFate = 'ready_to_complete' | 'in_progress' | 'on_hold' | 'review' | 'completed' | 'cancelled';

export function releaseFate(index: number): BenchReleaseFate {
  const slot = index % 100;
  if (slot < 35) return 'ready_to_complete';
  if (slot < 70) return 'in_progress';
  if (slot < 78) return 'on_hold';
  if (slot < 85) return 'review';
  if (slot < 92) return 'completed';
  return 'cancelled';
}

/** The description marker of releases whose first phase can be completed (the harness finds them by it). */
export const READY_MARKER = 'bench: first phase ready to complete';

export const BENCH_NAMES = {
  timelineTemplate: 'Bench Timeline 5x10',
  stageTemplate: 'Bench Stage 5x10',
  policyTemplate: 'Bench Policy Load',
  policyRelease: 'Bench Policy Load Release',
  calendar: 'Bench Release Calendar',
  bundle: (size: number) => `Bench Bundle ${size}`,
  release: (n: number) => `Bench Release ${String(n).padStart(6, '0')}`,
  draft: (n: number) => `Bench Draft ${String(n).padStart(6, '0')}`,
  product: (n: number) => `Bench Product ${String(n).padStart(4, '0')}`,
  owner: (n: number) => `bench.owner${String(n).padStart(4, '0')}`,
} as const;

/** The property recording the scale loaded so far (a larger `--scale` tops the data set up). */
export const BENCH_MARKER = 'dpr.bench.scale';
