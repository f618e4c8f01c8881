import type { Kysely } from 'kysely';
import { newSysId } from '../../platform/ids/sys-id.ts';
import type { Actor } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import type { TemplateBlueprint } from '../template/template-repo.ts';
import type { ReleaseLayout } from './release-layout.ts';
import { TASK_STATE } from './release-states.ts';

export interface StampOptions {
  releaseId: string;
  blueprint: TemplateBlueprint;
  layout: ReleaseLayout;
  /** The first phase starts at once (releases created In Progress, CONTRACT §5.1). */
  startFirstPhase: boolean;
  today: string;
  sequentialTasks: boolean;
}

/**
 * Stamps a template onto a release: its phases, tasks (order, approval flag), key dates and policy
 * mappings, one multi-row INSERT per table whatever the template's size. Returns the first
 * phase's sys_id.
 */
export async function stampTemplate(db: Kysely<any>, store: RecordStore, actor: Actor, o: StampOptions): Promise<string | null> {
  const { blueprint, layout } = o;
  const phaseIds = new Map(blueprint.phases.map((p) => [p.sys_id, newSysId()]));
  const firstPhase = blueprint.phases[0];
  await store.insertMany(
    db,
    actor,
    'sn_dpr_model_release_phase',
    blueprint.phases.map((p) => {
      const dates = layout.phaseDates.get(p.sys_id);
      const started = o.startFirstPhase && p === firstPhase;
      return {
        sys_id: phaseIds.get(p.sys_id),
        release: o.releaseId,
        name: p.name,
        order: p.order,
        duration: blueprint.process_type === 'timeline' ? p.duration : null,
        readiness_phase: p.readiness_phase,
        state: started ? 'in_progress' : 'pending',
        planned_start_date: dates?.planned_start_date ?? null,
        planned_end_date: dates?.planned_end_date ?? null,
        actual_start_date: started ? o.today : null,
        template_phase: p.sys_id,
      };
    }),
  );

  const firstTaskOfFirstPhase = blueprint.tasks.find((t) => t.template_phase === firstPhase?.sys_id);
  await store.insertMany(
    db,
    actor,
    'sn_dpr_model_release_task',
    blueprint.tasks.map((t) => {
      const inStartedPhase = o.startFirstPhase && t.template_phase === firstPhase?.sys_id;
      const open = inStartedPhase && (!o.sequentialTasks || t === firstTaskOfFirstPhase);
      return {
        release: o.releaseId,
        phase: phaseIds.get(t.template_phase),
        short_description: t.name,
        description: t.short_description,
        order: t.order,
        need_approval: t.need_approval,
        state: open ? TASK_STATE.open : TASK_STATE.pending,
        approval: open && t.need_approval ? 'requested' : 'not requested',
        template_task: t.sys_id,
        due_date: layout.phaseDates.get(t.template_phase)?.planned_end_date ?? null,
      };
    }),
  );

  if (blueprint.process_type === 'timeline') {
    await store.insertMany(
      db,
      actor,
      'sn_dpr_model_release_key_date',
      blueprint.keyDates
        .filter((k) => layout.keyDateDues.has(k.sys_id))
        .map((k) => ({
          release: o.releaseId,
          phase: phaseIds.get(k.template_phase),
          name: k.name,
          type: k.type,
          due_date: layout.keyDateDues.get(k.sys_id),
          state: 'upcoming',
          description: k.description,
        })),
    );
  }

  await store.insertMany(
    db,
    actor,
    'sn_dpr_pace_policy_mapping',
    blueprint.policies.map((p) => ({
      release: o.releaseId,
      phase: phaseIds.get(p.template_phase),
      policy: p.policy,
      state: 'active',
      config: p.config,
      template_policy: p.sys_id,
    })),
  );
  await store.insert(db, actor, 'sn_dpr_release_association', { release: o.releaseId, template: blueprint.sys_id });
  return firstPhase ? phaseIds.get(firstPhase.sys_id)! : null;
}
