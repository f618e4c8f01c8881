import type { Kysely } from 'kysely';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { notRunnableReason } from './family.ts';
import { loadFamily } from './family-repo.ts';
import { countActiveMappings } from './mapping-repo.ts';
import { policyRunKey } from './run-job-repo.ts';
import { refreshFamilyStatuses } from './status-roll-up.ts';

export const POLICY_RUN_JOB = 'policy.run';

export interface PolicyRunPayload {
  releaseId: string;
}

export interface ScheduleDeps {
  store: RecordStore;
  queue: JobQueue;
}

/**
 * Queues a run of a release's policies in the caller's transaction (the job exists only if the
 * caller's work commits). A run already waiting for the release absorbs this one (its key, see
 * run-job-repo.ts). The phases the run will evaluate show `in_progress` until it has run.
 */
export async function enqueuePolicyRun(deps: ScheduleDeps, db: Kysely<any>, releaseId: string): Promise<void> {
  await deps.queue.enqueue<PolicyRunPayload>(db, { type: POLICY_RUN_JOB, payload: { releaseId }, idempotencyKey: policyRunKey(releaseId) });
  await refreshFamilyStatuses(deps.store, db, releaseId);
}

export interface RunRequestOutcome {
  scheduled: boolean;
  message: string;
}

/**
 * `POST release/{releaseId}/policies/run`: the release and its current phase must be In Progress
 * (400 with the reference's extra `errorCode` and `policyExecutionScheduled` fields otherwise).
 * With no active mapping in the run's scope nothing is queued (CONTRACT §5.5).
 */
export async function requestPolicyRun(deps: ScheduleDeps, db: Kysely<any>, releaseId: string): Promise<RunRequestOutcome> {
  const family = await loadFamily(db, releaseId);
  const problem = notRunnableReason(family, 'run policies');
  if (problem || !family) throw Errors.rule(problem ?? 'Release ID is invalid', { errorCode: '400', policyExecutionScheduled: false });
  const targets = family.targets(family.release);
  if ((await countActiveMappings(db, targets.map((t) => t.phase.sys_id))) === 0) {
    return { scheduled: false, message: `No active policy is mapped to the current phase ${targets[0]!.phase.name}; there is nothing to run.` };
  }
  await enqueuePolicyRun(deps, db, releaseId);
  return { scheduled: true, message: 'Policy execution scheduled.' };
}
