import type { Kysely } from 'kysely';
import { fromGlideDateTime, toIsoUtc } from '../../platform/clock/format.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import { notRunnableReason } from './family.ts';
import { loadFamily } from './family-repo.ts';
import { latestResultsOf, type LatestResult } from './mapping-repo.ts';
import { COMPLIANT_STATUSES } from './policy-statuses.ts';
import { loadModels } from './snapshot-repo.ts';

export interface Summary {
  compliant: boolean;
  compliantCount: number;
  nonCompliantCount: number;
  totalCount: number;
}

export interface PolicyExecutionDetail {
  name: string;
  policyId: string;
  status: string;
  lastRunAt: string;
  executionOutput: string;
  reason: string;
}

export interface ProductStatus {
  productId: string;
  productName: string;
  productVersion: string;
  summary: Summary;
  policyExecutionDetails: PolicyExecutionDetail[];
}

export interface PolicyStatusReport {
  overallSummary: Summary & { currentPhase: string; timestamp: string };
  products: ProductStatus[];
}

/**
 * `GET releases/{releaseId}/policies/status` (CONTRACT §5.5, §8): the latest completed execution
 * of every active mapping of the current phase, per product — the release's own product first,
 * then (for a primary) each child's product with the child's phase of the same order. A mapping
 * never run shows `not_run` with empty `lastRunAt`, `executionOutput` and `reason`. Five statements.
 */
export async function policyStatusReport(db: Kysely<any>, releaseId: string): Promise<PolicyStatusReport> {
  const family = await loadFamily(db, releaseId);
  const problem = notRunnableReason(family, 'report its policy status');
  if (problem || !family) throw Errors.rule(problem ?? 'Release ID is invalid');
  const targets = family.targets(family.release);
  const results = await latestResultsOf(db, targets.map((t) => t.phase.sys_id));
  const models = await loadModels(db, targets.flatMap((t) => [t.release.product, t.release.version]));

  let latest = '';
  const products = targets.map(({ release, phase }): ProductStatus => {
    const details = results.filter((r) => r.phase === phase.sys_id).map(detailOf);
    for (const r of results) if (r.phase === phase.sys_id && r.last_run_at && r.last_run_at > latest) latest = r.last_run_at;
    const product = release.product ? models.get(release.product) : undefined;
    const version = release.version ? models.get(release.version) : undefined;
    return {
      productId: release.product ?? '',
      productName: text(product?.name),
      productVersion: text(version?.version),
      summary: summarize(details),
      policyExecutionDetails: details,
    };
  });
  const overall = summarize(products.flatMap((p) => p.policyExecutionDetails));
  return {
    overallSummary: { ...overall, currentPhase: targets[0]?.phase.name ?? '', timestamp: latest ? toIsoUtc(fromGlideDateTime(latest)) : '' },
    products,
  };
}

function detailOf(result: LatestResult): PolicyExecutionDetail {
  return {
    name: result.policy_name,
    policyId: result.policy,
    status: result.status ?? 'not_run',
    lastRunAt: result.last_run_at ? toIsoUtc(fromGlideDateTime(result.last_run_at)) : '',
    executionOutput: result.execution_output ?? '',
    reason: result.reason ?? '',
  };
}

/** `compliantCount` includes compliant-with-exception; `compliant` needs at least one policy, all compliant. */
function summarize(details: readonly PolicyExecutionDetail[]): Summary {
  const compliantCount = details.filter((d) => COMPLIANT_STATUSES.includes(d.status)).length;
  const nonCompliantCount = details.filter((d) => d.status === 'non_compliant').length;
  const totalCount = details.length;
  return { compliant: totalCount > 0 && compliantCount === totalCount, compliantCount, nonCompliantCount, totalCount };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
