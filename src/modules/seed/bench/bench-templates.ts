import { CONTENT_PACK } from '../../policy/cel/index.ts';
import { orderOf } from '../demo-templates.ts';
import type { SeedWriter } from '../seed-writer.ts';
import { BENCH_NAMES, POLICY_LOAD_MAPPINGS } from './bench-scale.ts';

const PHASES = ['Plan', 'Build', 'Test', 'Harden', 'Release readiness'] as const;
const TASKS_PER_PHASE = 10;

/** Policies gate the later phases only, so a release's first phase can be completed without a run. */
const PHASE_POLICIES: Record<number, string[]> = {
  2: ['all_phase_tasks_closed', 'no_open_critical_incidents'],
  3: ['test_pass_threshold', 'code_coverage_threshold'],
  4: ['no_critical_vulnerabilities', 'all_change_requests_are_closed_inactive'],
};

/** The content-pack policies (CEL conditions), active, by policy id → sys_id. */
export async function insertPolicies(w: SeedWriter): Promise<Map<string, string>> {
  const rows = await w.insert(
    'sn_pace_policy',
    CONTENT_PACK.map((p) => ({ name: p.name, description: p.description, active: true, condition: p.condition, message: p.message, inputs: p.inputs, policy_id: p.id })),
  );
  return new Map(rows.map((row, i) => [CONTENT_PACK[i].id, String(row.sys_id)]));
}

/**
 * The measured templates: a timeline and a stage process of 5 phases × 10 tasks (one approval task
 * per phase, a key date in each phase, policies on phases 3–5), and the policy-load template (one
 * phase carrying POLICY_LOAD_MAPPINGS policy mappings).
 */
export async function insertTemplates(w: SeedWriter, policies: ReadonlyMap<string, string>): Promise<void> {
  const templates = await w.insert('sn_dpr_model_release_template', [
    { name: BENCH_NAMES.timelineTemplate, short_description: 'Five-phase timeline process (benchmark data)', process_type: 'timeline', validates_version: false, active: true },
    { name: BENCH_NAMES.stageTemplate, short_description: 'Five-phase stage process (benchmark data)', process_type: 'stage', validates_version: false, active: true },
    { name: BENCH_NAMES.policyTemplate, short_description: 'One gate with many policies (benchmark data)', process_type: 'stage', validates_version: false, active: true },
  ]);
  const [timeline, stage, policyLoad] = templates;
  const phaseRows: Record<string, unknown>[] = [timeline, stage].flatMap((t) =>
    PHASES.map((name, i) => ({
      template: t.sys_id,
      name,
      order: orderOf(i),
      duration: t === timeline ? 5 : 0,
      readiness_phase: t === timeline && i === PHASES.length - 1,
      short_description: `${name} phase`,
    })),
  );
  phaseRows.push({ template: policyLoad.sys_id, name: 'Gate', order: orderOf(0), duration: 0, readiness_phase: false, short_description: 'Policy gate' });
  const phases = await w.insert('sn_dpr_model_template_phase', phaseRows);
  await w.insert(
    'sn_dpr_model_template_task',
    phases.flatMap((phase) =>
      Array.from({ length: TASKS_PER_PHASE }, (_, ti) => ({
        template_phase: phase.sys_id,
        name: `${String(phase.name)} task ${ti + 1}`,
        order: orderOf(ti),
        need_approval: ti === TASKS_PER_PHASE - 1,
        short_description: `Step ${ti + 1} of ${String(phase.name)}`,
      })),
    ),
  );
  const timelinePhases = phases.slice(0, PHASES.length);
  await w.insert(
    'sn_dpr_model_template_key_date',
    timelinePhases.map((phase) => ({ template_phase: phase.sys_id, name: `${String(phase.name)} checkpoint`, type: 'milestone', offset_days: 1, offset_from: 'end', description: 'Phase checkpoint' })),
  );
  const mappings: Record<string, unknown>[] = phases.slice(0, 2 * PHASES.length).flatMap((phase, i) =>
    (PHASE_POLICIES[i % PHASES.length] ?? []).map((id) => ({ template_phase: phase.sys_id, policy: policyId(policies, id) })),
  );
  const ids = [...policies.values()];
  for (let i = 0; i < POLICY_LOAD_MAPPINGS; i++) mappings.push({ template_phase: phases[phases.length - 1].sys_id, policy: ids[i % ids.length] });
  await w.insert('sn_dpr_model_template_policy', mappings);
}

function policyId(policies: ReadonlyMap<string, string>, id: string): string {
  const sysId = policies.get(id);
  if (!sysId) throw new Error(`The content pack has no policy ${id}`);
  return sysId;
}
