import { newSysId } from '../../platform/ids/sys-id.ts';
import { toGlideDateTime } from '../../platform/clock/format.ts';
import type { Row } from '../../platform/records/row.ts';
import { buildParams, evaluatePolicy, recordToCel, recordsToCel, type PolicyContext } from '../policy/cel/index.ts';
import type { DemoPolicy } from './insert-policies.ts';
import type { DemoModels } from './insert-products.ts';
import type { ReleaseScope } from './insert-scope.ts';
import type { StoredRelease } from './release-plan.ts';
import { at, type SeedContext } from './seed-context.ts';

type Status = 'compliant' | 'non_compliant' | 'not_run';

/**
 * Runs the mapped policies with the real CEL evaluator over the demo records, as the policy job
 * would have: once when each completed phase closed, and today for a current phase whose story says
 * so. Results become `sn_dpr_policy_execution` records, and phase and release `policy_status`
 * follow. The runs are real evaluations, so the data shows what the policies actually say of it.
 */
export async function runPolicies(
  ctx: SeedContext,
  releases: ReadonlyMap<string, StoredRelease>,
  scope: ReadonlyMap<string, ReleaseScope>,
  models: DemoModels,
  policies: ReadonlyMap<string, DemoPolicy>,
): Promise<Row[]> {
  const policyById = new Map([...policies.values()].map((p) => [p.sysId, p]));
  const modelById = new Map([...models.products.values(), ...models.versions.values()].map((m) => [String(m.sys_id), m]));
  const types = (table: string) => ctx.w.fieldTypes(table);
  const taskTypes = types('sn_dpr_model_release_task');
  const executions: Array<Record<string, unknown>> = [];

  for (const r of releases.values()) {
    const around = scope.get(String(r.release.sys_id))!;
    const product = modelById.get(String(r.release.product));
    const version = modelById.get(String(r.release.version));
    const base: PolicyContext = {
      release: recordToCel(r.release, types('sn_dpr_model_release')),
      product: product ? recordToCel(product, types(String(product.sys_class_name))) : undefined,
      version: version ? recordToCel(version, types(String(version.sys_class_name))) : undefined,
      allTasks: recordsToCel(r.tasks, taskTypes),
      keyDates: recordsToCel(r.keyDates, types('sn_dpr_model_release_key_date')),
      // As the policy runner reads them: every related task, change requests included.
      relatedTasks: [...around.relatedTasks, ...around.changeRequests].map((t) => recordToCel(t, types(String(t.sys_class_name)))),
      changeRequests: recordsToCel(around.changeRequests, types('change_request')),
      enhancements: recordsToCel(around.enhancements, types('sn_dpr_model_product_enhancement')),
      artifacts: recordsToCel(around.artifacts, types('sn_dpr_model_release_artifact')),
    };
    const runToday = r.position.state === 'in_progress' && r.position.policiesRun === true;
    for (const phase of r.phases) {
      const isCurrent = phase.sys_id === r.release.current_phase && phase.state === 'in_progress';
      if (phase.state !== 'completed' && !(isCurrent && runToday)) continue;
      // Completed phases were checked the afternoon they closed; today's run was two hours ago.
      const ranAt = phase.state === 'completed' ? at(String(phase.actual_end_date), '14:00:00') : toGlideDateTime(new Date(ctx.now.getTime() - 2 * 3_600_000));
      const runId = newSysId();
      const context: PolicyContext = {
        ...base,
        phase: recordToCel(phase, types('sn_dpr_model_release_phase')),
        tasks: recordsToCel(
          r.tasks.filter((t) => t.phase === phase.sys_id),
          taskTypes,
        ),
      };
      for (const mapping of r.mappings.filter((m) => m.phase === phase.sys_id)) {
        const policy = policyById.get(String(mapping.policy))!;
        const result = evaluatePolicy(policy.source, { ...context, params: buildParams(policy.source.inputs, mapping.config) });
        executions.push({
          release: r.release.sys_id,
          phase: phase.sys_id,
          mapping: mapping.sys_id,
          policy: mapping.policy,
          product: r.release.product,
          status: result.status,
          reason: result.reason,
          execution_output: JSON.stringify(result.executionOutput),
          last_run_at: ranAt,
          run_id: runId,
        });
      }
    }
  }
  const rows = await ctx.w.insert('sn_dpr_policy_execution', executions);

  for (const r of releases.values()) {
    const phaseStatuses: Status[] = [];
    for (const phase of r.phases) {
      const status = rollUp(rows.filter((e) => e.phase === phase.sys_id).map((e) => e.status as Status));
      phaseStatuses.push(status);
      if (status !== 'not_run') await ctx.w.update('sn_dpr_model_release_phase', String(phase.sys_id), { policy_status: status });
    }
    const releaseStatus = rollUp(phaseStatuses);
    if (releaseStatus !== 'not_run') {
      r.release = await ctx.w.update('sn_dpr_model_release', String(r.release.sys_id), { policy_status: releaseStatus });
    }
  }
  return rows;
}

/** Any non-compliant result makes the whole non-compliant; otherwise any compliant one makes it compliant. */
function rollUp(statuses: readonly Status[]): Status {
  if (statuses.includes('non_compliant')) return 'non_compliant';
  return statuses.includes('compliant') ? 'compliant' : 'not_run';
}
