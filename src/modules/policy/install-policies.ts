import type { Clock } from '../../platform/clock/clock.ts';
import type { Catalog } from '../../platform/db/catalog/types.ts';
import type { Properties } from '../../platform/properties/properties.ts';
import type { RecordRules } from '../../platform/records/hooks.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import type { Jobs } from '../jobs/create-jobs.ts';
import { createPolicyEngine, type PolicyEngine } from './cel/index.ts';
import { installDailyPolicyJobs } from './daily-jobs.ts';
import { mappingRules } from './mapping-rules.ts';
import { phaseChangeRule } from './phase-change-rule.ts';
import { policyRunHandler } from './policy-run-job.ts';
import { policySaveRule } from './policy-save-rule.ts';
import { enqueuePolicyRun, POLICY_RUN_JOB } from './schedule-run.ts';
import { waiverRules } from './waiver-rules.ts';

export interface PolicyInstallDeps {
  rules: RecordRules;
  store: RecordStore;
  catalog: Catalog;
  clock: Clock;
  properties: Properties;
  jobs: Jobs;
  postgres: boolean;
}

/**
 * Wires the policy engine into the server: the business rules on policies, mappings,
 * exceptions and release phase changes, the run job and the two daily triggers. One CEL engine (with its program cache)
 * serves save-time checks and runs. Returns the engine.
 */
export async function installPolicies(deps: PolicyInstallDeps): Promise<PolicyEngine> {
  const { rules, store, catalog, clock, properties, jobs, postgres } = deps;
  const engine = createPolicyEngine();
  const schedule = { store, queue: jobs.queue };
  rules.register('sn_pace_policy', policySaveRule(engine));
  rules.register('sn_dpr_pace_policy_mapping', mappingRules({ store, rerun: (db, releaseId) => enqueuePolicyRun(schedule, db, releaseId) }));
  rules.register('sn_dpr_policy_exception', waiverRules({ properties }));
  rules.register('sn_dpr_model_release', phaseChangeRule(store));
  jobs.worker.registerHandler(POLICY_RUN_JOB, policyRunHandler({ store, catalog, properties, engine, postgres }));
  await installDailyPolicyJobs(jobs, clock, { ...schedule, properties });
  return engine;
}
