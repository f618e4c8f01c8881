import { toGlideDateTime } from '../../platform/clock/format.ts';
import type { Row } from '../../platform/records/row.ts';
import { buildParams, type PolicyContext, type PolicyEngine, type PolicyEvaluation } from './cel/index.ts';
import type { CelRecords } from './cel-records.ts';
import type { PolicyTarget } from './family.ts';
import type { MappingToRun, WaiverRow } from './mapping-repo.ts';
import { policySourceOf } from './policy-source.ts';
import { RELATED_RELEASE, type ReleaseRecords } from './snapshot-repo.ts';

/** Everything one run reads, loaded in one snapshot. */
export interface RunSnapshot {
  targets: readonly PolicyTarget[];
  mappings: readonly MappingToRun[];
  records: ReleaseRecords;
  /** Product and version models by sys_id. */
  models: ReadonlyMap<string, Row>;
  /** Approved exceptions in force on the run date. */
  waivers: readonly WaiverRow[];
}

/** The values of one `sn_dpr_policy_execution` record. */
export interface ExecutionValues {
  release: string;
  phase: string;
  mapping: string;
  policy: string;
  product: string | null;
  status: 'compliant' | 'non_compliant' | 'compliant_with_exception';
  reason: string;
  execution_output: string;
  last_run_at: string;
  run_id: string;
}

/**
 * Evaluates every mapping of the snapshot: one CEL context per product (release + phase), prepared
 * once and shared by its mappings, each with its own `params` (policy inputs merged with the mapping
 * config). A non-compliant result with an approved exception in force becomes
 * `compliant_with_exception` (CONTRACT §8). Pure: no I/O.
 */
export function evaluateTargets(engine: PolicyEngine, cel: CelRecords, snapshot: RunSnapshot, now: Date, runId: string): ExecutionValues[] {
  const byRelease = groupRecords(snapshot.records);
  const mappingsByPhase = groupBy(snapshot.mappings, (m) => m.phase);
  const waiverOf = new Map<string, WaiverRow>();
  for (const waiver of snapshot.waivers) if (!waiverOf.has(waiver.mapping)) waiverOf.set(waiver.mapping, waiver);
  const lastRunAt = toGlideDateTime(now);
  const out: ExecutionValues[] = [];

  for (const { release, phase } of snapshot.targets) {
    const mappings = mappingsByPhase.get(phase.sys_id);
    if (!mappings?.length) continue;
    const own = byRelease.get(release.sys_id) ?? emptyRecords();
    const context: PolicyContext = {
      release: cel.record(release as unknown as Row, 'sn_dpr_model_release'),
      phase: cel.record(phase as unknown as Row, 'sn_dpr_model_release_phase'),
      product: cel.record(release.product ? snapshot.models.get(release.product) : undefined, 'cmdb_model'),
      version: cel.record(release.version ? snapshot.models.get(release.version) : undefined, 'cmdb_model'),
      tasks: cel.list(own.tasks.filter((t) => t.phase === phase.sys_id), 'sn_dpr_model_release_task'),
      allTasks: cel.list(own.tasks, 'sn_dpr_model_release_task'),
      keyDates: cel.list(own.keyDates, 'sn_dpr_model_release_key_date'),
      relatedTasks: cel.list(own.related, 'task'),
      changeRequests: cel.list(own.related.filter((t) => t.sys_class_name === 'change_request'), 'change_request'),
      enhancements: cel.list(own.enhancements, 'sn_dpr_model_product_enhancement'),
      artifacts: cel.list(own.artifacts, 'sn_dpr_model_release_artifact'),
    };
    const prepared = engine.prepare(context);
    for (const mapping of mappings) {
      const evaluation = engine.evaluate(policySourceOf(mapping), prepared.withParams(buildParams(mapping.inputs, mapping.config)));
      const waiver = evaluation.status === 'non_compliant' ? waiverOf.get(mapping.sys_id) : undefined;
      out.push({
        release: release.sys_id,
        phase: phase.sys_id,
        mapping: mapping.sys_id,
        policy: mapping.policy,
        product: release.product,
        ...outcome(evaluation, waiver),
        last_run_at: lastRunAt,
        run_id: runId,
      });
    }
  }
  return out;
}

function outcome(evaluation: PolicyEvaluation, waiver: WaiverRow | undefined): Pick<ExecutionValues, 'status' | 'reason' | 'execution_output'> {
  if (!waiver) return { status: evaluation.status, reason: evaluation.reason, execution_output: JSON.stringify(evaluation.executionOutput) };
  const { sys_id, reason, start_date, end_date } = waiver;
  return {
    status: 'compliant_with_exception',
    reason: `Compliant with exception "${reason}" (in force ${start_date} to ${end_date}): ${evaluation.reason}`,
    execution_output: JSON.stringify({ ...evaluation.executionOutput, waiver: { sys_id, reason, start_date, end_date } }),
  };
}

function emptyRecords(): ReleaseRecords {
  return { tasks: [], keyDates: [], related: [], enhancements: [], artifacts: [] };
}

function groupRecords(records: ReleaseRecords): Map<string, ReleaseRecords> {
  const byRelease = new Map<string, ReleaseRecords>();
  const add = (key: keyof ReleaseRecords, row: Row, releaseId: unknown) => {
    if (typeof releaseId !== 'string') return;
    let entry = byRelease.get(releaseId);
    if (!entry) byRelease.set(releaseId, (entry = emptyRecords()));
    entry[key].push(row);
  };
  for (const row of records.tasks) add('tasks', row, row.release);
  for (const row of records.keyDates) add('keyDates', row, row.release);
  for (const row of records.related) add('related', row, row[RELATED_RELEASE]);
  for (const row of records.enhancements) add('enhancements', row, row.release);
  for (const row of records.artifacts) add('artifacts', row, row.release);
  return byRelease;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
