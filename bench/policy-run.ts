import { setTimeout as sleep } from 'node:timers/promises';
import type { Fixtures } from './fixtures.ts';
import { call } from './load.ts';

export interface PolicyRunResult {
  mappings: number;
  runs: number[];
  /** Median milliseconds from the run request to its results being visible. */
  medianMs: number;
  status: string;
}

const DPR = '/api/sn_dpr/digital_product_release';

/**
 * Times `POST release/{id}/policies/run` on the policy-load release (1 000 mappings in its current
 * phase) until the phase's `policy_status` leaves `in_progress`, i.e. the job evaluated every
 * mapping and wrote its executions. A worker process polling every 10 ms runs the job, so up to
 * ~10 ms of each time is the poll interval.
 */
export async function timePolicyRuns(url: string, auth: Record<string, string>, f: Fixtures, runs: number): Promise<PolicyRunResult> {
  const times: number[] = [];
  let status = '';
  const phaseUrl = `${url}/api/now/table/sn_dpr_model_release_phase/${f.policyRelease.phaseId}?sysparm_fields=policy_status`;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const requested = await call(`${url}${DPR}/release/${f.policyRelease.sysId}/policies/run`, 'POST', auth, {});
    if (requested.status !== 201 || requested.json?.result?.policyExecutionScheduled !== true) {
      throw new Error(`policies/run answered ${requested.status}: ${JSON.stringify(requested.json)}`);
    }
    for (;;) {
      const { json } = await call(phaseUrl, 'GET', auth);
      status = String(json?.result?.policy_status ?? '');
      if (status && status !== 'in_progress') break;
      if (performance.now() - started > 120_000) throw new Error('The policy run did not finish within 2 minutes (is the worker running?)');
      await sleep(2);
    }
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mappings = await call(
    `${url}/api/now/table/sn_dpr_pace_policy_mapping?sysparm_query=phase=${f.policyRelease.phaseId}^state=active&sysparm_fields=sys_id&sysparm_limit=10000`,
    'GET',
    auth,
  );
  return { mappings: Array.isArray(mappings.json?.result) ? mappings.json.result.length : 0, runs: times, medianMs: sorted[Math.floor(sorted.length / 2)], status };
}
