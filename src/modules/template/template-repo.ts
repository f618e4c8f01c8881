import type { Kysely } from 'kysely';

export interface TemplatePhase {
  sys_id: string;
  name: string;
  order: number;
  duration: number;
  readiness_phase: boolean;
  short_description: string | null;
}
export interface TemplateTask {
  sys_id: string;
  template_phase: string;
  name: string;
  order: number;
  need_approval: boolean;
  short_description: string | null;
}
export interface TemplateKeyDate {
  sys_id: string;
  template_phase: string;
  name: string;
  type: string;
  offset_days: number;
  offset_from: 'start' | 'end';
  description: string | null;
}
export interface TemplatePolicy {
  sys_id: string;
  template_phase: string;
  policy: string;
  config: string | null;
}

/** A template with everything it stamps onto a release. */
export interface TemplateBlueprint {
  sys_id: string;
  name: string;
  process_type: 'timeline' | 'stage';
  validates_version: boolean;
  active: boolean;
  schedule: string | null;
  phases: TemplatePhase[];
  tasks: TemplateTask[];
  keyDates: TemplateKeyDate[];
  policies: TemplatePolicy[];
}

/** Loads a template and its phases, tasks, key dates and policies: five statements, whatever its size. */
export async function loadTemplateBlueprint(db: Kysely<any>, templateId: string): Promise<TemplateBlueprint | undefined> {
  const t = await db.selectFrom('sn_dpr_model_release_template').selectAll().where('sys_id', '=', templateId).executeTakeFirst();
  if (!t) return undefined;
  const phases = await db
    .selectFrom('sn_dpr_model_template_phase')
    .select(['sys_id', 'name', 'order', 'duration', 'readiness_phase', 'short_description'])
    .where('template', '=', templateId)
    .orderBy('order')
    .orderBy('name')
    .execute();
  const phaseIds = phases.map((p) => p.sys_id as string);
  const byPhases = <T>(table: string, columns: string[], order: string[]) =>
    phaseIds.length === 0
      ? Promise.resolve([] as T[])
      : (order.reduce((q, c) => q.orderBy(c), db.selectFrom(table).select(columns).where('template_phase', 'in', phaseIds)).execute() as Promise<T[]>);
  const [tasks, keyDates, policies] = await Promise.all([
    byPhases<TemplateTask>('sn_dpr_model_template_task', ['sys_id', 'template_phase', 'name', 'order', 'need_approval', 'short_description'], ['order', 'name']),
    byPhases<TemplateKeyDate>('sn_dpr_model_template_key_date', ['sys_id', 'template_phase', 'name', 'type', 'offset_days', 'offset_from', 'description'], ['name']),
    byPhases<TemplatePolicy>('sn_dpr_model_template_policy', ['sys_id', 'template_phase', 'policy', 'config'], ['sys_id']),
  ]);
  return {
    sys_id: t.sys_id,
    name: t.name,
    process_type: t.process_type === 'stage' ? 'stage' : 'timeline',
    validates_version: t.validates_version === 1,
    active: t.active !== 0,
    schedule: t.schedule ?? null,
    phases: phases.map((p) => ({ ...p, order: Number(p.order ?? 0), duration: Number(p.duration ?? 0), readiness_phase: p.readiness_phase === 1 }) as TemplatePhase),
    tasks: tasks.map((x) => ({ ...x, order: Number(x.order ?? 0), need_approval: (x.need_approval as unknown) === 1 })),
    keyDates: keyDates.map((k) => ({ ...k, offset_days: Number(k.offset_days ?? 0), offset_from: k.offset_from === 'end' ? 'end' : 'start' })),
    policies,
  };
}
