import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { today } from '../../platform/clock/today.ts';
import type { Catalog } from '../../platform/db/catalog/types.ts';
import type { Properties } from '../../platform/properties/properties.ts';
import { SYSTEM_ACTOR } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import type { JobHandler } from '../jobs/types.ts';
import type { PolicyEngine } from './cel/index.ts';
import { CelRecords } from './cel-records.ts';
import { evaluateTargets } from './evaluate-targets.ts';
import { notRunnableReason } from './family.ts';
import { loadFamily } from './family-repo.ts';
import { activeMappingsOf, waiversInForce } from './mapping-repo.ts';
import { newRunId } from './run-id.ts';
import { releaseRunKey } from './run-job-repo.ts';
import type { PolicyRunPayload } from './schedule-run.ts';
import { loadModels, loadReleaseRecords } from './snapshot-repo.ts';
import { inSnapshot } from './snapshot-transaction.ts';
import { refreshFamilyStatuses } from './status-roll-up.ts';

export interface PolicyRunDeps {
  store: RecordStore;
  catalog: Catalog;
  properties: Properties;
  engine: PolicyEngine;
  postgres: boolean;
}

/** Executions inserted per statement (well below both databases' bound-parameter limits). */
const INSERT_CHUNK = 500;

/**
 * The background policy run. The job's coalescing key is dropped first, so a run requested from
 * now on queues anew; then the run reads, evaluates and writes in one snapshot.
 */
export function policyRunHandler(deps: PolicyRunDeps): JobHandler<PolicyRunPayload> {
  return async (payload, { db, clock, job, log, completeWith }) => {
    await releaseRunKey(db, job.id);
    const releaseId = typeof payload?.releaseId === 'string' ? payload.releaseId : '';
    // The job completes in the run's own transaction: a worker killed after the run committed
    // cannot have it run (and written its executions) a second time. Found by
    // test/reliability/crash-safety.test.ts.
    const written = await inSnapshot(db, deps.postgres, async (trx) => {
      const count = await runPolicies(deps, trx, clock, releaseId);
      await completeWith(trx);
      return count;
    });
    log.info({ releaseId, executions: written }, 'Policies run');
  };
}

/**
 * Evaluates every active mapping in the release's run scope (its current phase; for a primary also
 * its children's phase of the same order) and writes one `sn_dpr_policy_execution` per mapping,
 * then rolls the statuses up. A release that is no longer runnable (completed the phase, went On
 * Hold) is not evaluated, but its statuses are still recomputed so none stays `in_progress`.
 * Reads a constant number of statements whatever the number of products and mappings.
 * Returns the number of executions written.
 */
export async function runPolicies(deps: PolicyRunDeps, db: Kysely<any>, clock: Clock, releaseId: string): Promise<number> {
  const family = await loadFamily(db, releaseId);
  if (!family) return 0;
  let written = 0;
  if (!notRunnableReason(family, 'run policies')) {
    const targets = family.targets(family.release);
    const phaseIds = targets.map((t) => t.phase.sys_id);
    const mappings = await activeMappingsOf(db, phaseIds);
    if (mappings.length) {
      const records = await loadReleaseRecords(db, [...new Set(targets.map((t) => t.release.sys_id))]);
      const models = await loadModels(db, targets.flatMap((t) => [t.release.product, t.release.version]));
      const waivers = await waiversInForce(db, phaseIds, await today(clock, deps.properties, db));
      const now = clock.now();
      const rows = evaluateTargets(deps.engine, new CelRecords(deps.catalog), { targets, mappings, records, models, waivers }, now, newRunId(now));
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await deps.store.insertMany(db, SYSTEM_ACTOR, 'sn_dpr_policy_execution', rows.slice(i, i + INSERT_CHUNK) as unknown as Record<string, unknown>[]);
      }
      written = rows.length;
    }
  }
  await refreshFamilyStatuses(deps.store, db, family);
  return written;
}
