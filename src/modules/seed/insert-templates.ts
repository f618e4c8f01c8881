import type { Row } from '../../platform/records/row.ts';
import { DEMO_TEMPLATES, orderOf, type DemoTemplate, type DemoTemplatePhase, type TemplateKey } from './demo-templates.ts';
import type { DemoPolicy } from './insert-policies.ts';
import type { DemoSchedules } from './insert-schedules.ts';
import type { SeedWriter } from './seed-writer.ts';

export interface TemplatePolicyRecord {
  sysId: string;
  policy: DemoPolicy;
  /** Stored JSON text of the mapping's config overrides, or null. */
  config: string | null;
}

export interface TemplatePhaseRecord {
  def: DemoTemplatePhase;
  row: Row;
  tasks: Row[];
  keyDates: Row[];
  policies: TemplatePolicyRecord[];
}

export interface TemplateRecord {
  def: DemoTemplate;
  row: Row;
  phases: TemplatePhaseRecord[];
}

/** The release templates with their phases, tasks, key dates and policy mappings. */
export async function insertTemplates(w: SeedWriter, schedules: DemoSchedules, policies: ReadonlyMap<string, DemoPolicy>): Promise<Map<TemplateKey, TemplateRecord>> {
  const templates = await w.insert(
    'sn_dpr_model_release_template',
    DEMO_TEMPLATES.map((t) => ({
      name: t.name,
      short_description: t.shortDescription,
      process_type: t.processType,
      validates_version: t.validatesVersion,
      active: true,
      schedule: t.usesHolidaySchedule ? schedules.holidaysId : null,
    })),
  );
  const phaseDefs = DEMO_TEMPLATES.flatMap((t, ti) => t.phases.map((p, pi) => ({ p, pi, template: templates[ti] })));
  const phases = await w.insert(
    'sn_dpr_model_template_phase',
    phaseDefs.map(({ p, pi, template }) => ({
      template: template.sys_id,
      name: p.name,
      order: orderOf(pi),
      duration: p.duration,
      readiness_phase: p.readiness === true,
      short_description: p.description,
    })),
  );
  const tasks = await w.insert(
    'sn_dpr_model_template_task',
    phaseDefs.flatMap(({ p }, i) =>
      p.tasks.map((t, ti) => ({ template_phase: phases[i].sys_id, name: t.name, order: orderOf(ti), need_approval: t.needApproval === true, short_description: t.description })),
    ),
  );
  const keyDates = await w.insert(
    'sn_dpr_model_template_key_date',
    phaseDefs.flatMap(({ p }, i) =>
      (p.keyDates ?? []).map((k) => ({
        template_phase: phases[i].sys_id,
        name: k.name,
        type: k.type,
        offset_days: k.offsetDays,
        offset_from: k.offsetFrom,
        description: k.description,
      })),
    ),
  );
  const mappingDefs = phaseDefs.flatMap(({ p }, i) =>
    (p.policies ?? []).map((m) => {
      const policy = policies.get(m.id);
      if (!policy) throw new Error(`Demo template phase ${p.name} maps unknown policy ${m.id}`);
      return { phaseId: String(phases[i].sys_id), policy, config: m.config ?? null };
    }),
  );
  const mappings = await w.insert(
    'sn_dpr_model_template_policy',
    mappingDefs.map((m) => ({ template_phase: m.phaseId, policy: m.policy.sysId, config: m.config })),
  );

  const byPhase = (rows: Row[], phaseId: unknown) => rows.filter((r) => r.template_phase === phaseId);
  const out = new Map<TemplateKey, TemplateRecord>();
  DEMO_TEMPLATES.forEach((def, ti) => {
    const own = phaseDefs.map((d, i) => ({ ...d, row: phases[i] })).filter((d) => d.template === templates[ti]);
    out.set(def.key, {
      def,
      row: templates[ti],
      phases: own.map(({ p, row }) => ({
        def: p,
        row,
        tasks: byPhase(tasks, row.sys_id),
        keyDates: byPhase(keyDates, row.sys_id),
        policies: mappings
          .map((m, i) => ({ m, def: mappingDefs[i] }))
          .filter(({ def: d }) => d.phaseId === row.sys_id)
          .map(({ m, def: d }) => ({ sysId: String(m.sys_id), policy: d.policy, config: m.config === null ? null : String(m.config) })),
      })),
    });
  });
  return out;
}
