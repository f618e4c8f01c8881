import type { SeedWriter } from '../seed-writer.ts';
import { BENCH_NAMES } from './bench-scale.ts';
import type { Progress } from './progress-bar.ts';

/** Rows per insert statement for the scope records (kept far below bound-parameter limits). */
const CHUNK = 500;

async function insertChunked(w: SeedWriter, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await w.insert(table, rows.slice(i, i + CHUNK));
}

/**
 * Two artifacts per release (a build with coverage and test results, a container image with
 * vulnerability counts) and, for every other release, a related incident (open or resolved).
 */
export async function insertReleaseScope(w: SeedWriter, releaseIds: readonly string[], ownerIds: readonly string[], from: number): Promise<void> {
  await insertChunked(
    w,
    'sn_dpr_model_release_artifact',
    releaseIds.flatMap((release, i) => {
      const n = from + i;
      return [
        { release, name: 'build', version: `1.${n}.0`, code_coverage: 60 + (n % 40), tests_total: 500, tests_passed: 500 - (n % 7) },
        { release, name: 'container image', version: `1.${n}.0`, vulnerabilities_critical: n % 13 === 0 ? 1 : 0, vulnerabilities_high: n % 5 },
      ];
    }),
  );
  const incidentOf = releaseIds.filter((_, i) => (from + i) % 2 === 0);
  const incidents: Record<string, unknown>[] = incidentOf.map((_, i) => {
    const open = i % 3 === 0;
    return {
      short_description: `Regression found in release testing ${from + 2 * i}`,
      state: open ? 2 : 7,
      active: open,
      priority: 1 + (i % 4),
      incident_state: open ? 2 : 7,
      assigned_to: ownerIds[i % ownerIds.length],
      caller_id: ownerIds[(i + 1) % ownerIds.length],
    };
  });
  const links: Record<string, unknown>[] = [];
  for (let i = 0; i < incidents.length; i += CHUNK) {
    const rows = await w.insert('incident', incidents.slice(i, i + CHUNK));
    rows.forEach((row, k) => links.push({ release: incidentOf[i + k], task: row.sys_id }));
  }
  await insertChunked(w, 'sn_dpr_model_release_related_task_m2m', links);
}

/** One bundle and its members (the bundle rules derive its state from them). */
export async function insertBundle(w: SeedWriter, name: string, ownerId: string, releaseIds: readonly string[]): Promise<void> {
  const bundle = await w.insertOne('sn_dpr_model_release_bundle', { name, owner: ownerId, description: `${releaseIds.length} releases (benchmark data)` });
  await insertChunked(
    w,
    'sn_dpr_model_release_bundle_m2m',
    releaseIds.map((release) => ({ bundle: bundle.sys_id, release })),
  );
}

/** The measured bundles (10, 200 and 2 000 releases), taken from the first releases. */
export async function insertMeasuredBundles(w: SeedWriter, sizes: readonly number[], releaseIds: readonly string[], ownerId: string, progress: Progress): Promise<void> {
  for (const [i, size] of sizes.entries()) {
    if (releaseIds.length < size) throw new Error(`A bundle of ${size} releases needs ${size} releases; only ${releaseIds.length} were created`);
    await insertBundle(w, BENCH_NAMES.bundle(size), ownerId, releaseIds.slice(0, size));
    progress('measured bundles', i + 1, sizes.length);
  }
}
