import { placeKeyDate, type PhaseDates, type WorkingCalendar } from '../calendar/engine/index.ts';
import { newSysId } from '../../platform/ids/sys-id.ts';
import type { Row } from '../../platform/records/row.ts';
import type { ReleasePosition } from './demo-release-scenarios.ts';
import type { TemplateRecord } from './insert-templates.ts';
import { at } from './seed-context.ts';

/**
 * The records of one demo release (release, phases, tasks, key dates, policy mappings), built
 * consistently for where the release stands. This is what the release engine does when it creates
 * a release from a template and moves it along; the seed builds the end state directly so it does
 * not depend on the engine (replace with engine calls once they exist).
 */

type PhaseState = 'pending' | 'in_progress' | 'completed' | 'cancelled';
type TaskState = -5 | 1 | 2 | 3 | 4 | 7;

export interface ReleasePlanInput {
  name: string;
  description: string;
  template: TemplateRecord;
  position: ReleasePosition;
  productId: string;
  versionId: string;
  ownerId: string;
  /** Users who work the tasks (assigned in turn). */
  assigneeIds: readonly string[];
  targetId: string | null;
  readinessDate: string | null;
  /** Planned dates per template phase (timeline releases), in phase order. */
  plannedDates: readonly PhaseDates[] | null;
  /** Today's date and the last working day up to it (today itself on a working day). */
  today: string;
  workday: string;
  workdays: WorkingCalendar;
}

export interface ReleasePlan {
  release: Record<string, unknown>;
  phases: Array<Record<string, unknown>>;
  tasks: Array<Record<string, unknown>>;
  keyDates: Array<Record<string, unknown>>;
  mappings: Array<Record<string, unknown>>;
  /** The phase `current_phase` points at (set after the phases exist), or null. */
  currentPhaseId: string | null;
}

const CLOSED: ReadonlySet<TaskState> = new Set([3, 4, 7]);

/** Index of the phase the release is in (or stopped in), or -1 before the first / after the last. */
function currentIndex(position: ReleasePosition, template: TemplateRecord): number {
  if (position.state === 'in_progress' || position.state === 'on_hold' || position.state === 'cancelled') {
    const index = template.phases.findIndex((p) => p.def.name === position.phase);
    if (index < 0) throw new Error(`Template ${template.def.name} has no phase ${position.phase}`);
    return index;
  }
  return -1;
}

function phaseState(position: ReleasePosition, index: number, current: number): PhaseState {
  switch (position.state) {
    case 'review':
    case 'completed':
      return 'completed';
    case 'draft':
    case 'pending':
      return 'pending';
    case 'in_progress':
    case 'on_hold':
      return index < current ? 'completed' : index === current ? 'in_progress' : 'pending';
    case 'cancelled':
      return index < current ? 'completed' : 'cancelled';
  }
}

/**
 * Task states of a phase under sequential execution (`sn_dpr.sequential_task_execution`): the first
 * `closed` tasks are done, the next is open (an approval task waits in `requested`), the rest wait.
 */
function taskStates(needApproval: readonly boolean[], closed: number): Array<{ state: TaskState; approval: string }> {
  return needApproval.map((approval, i) => {
    if (i < closed) return { state: 3, approval: approval ? 'approved' : 'not requested' };
    if (i === closed) return approval ? { state: 1, approval: 'requested' } : { state: 2, approval: 'not requested' };
    return { state: -5, approval: 'not requested' };
  });
}

export function planRelease(input: ReleasePlanInput): ReleasePlan {
  const { template, position, workdays } = input;
  const timeline = template.def.processType === 'timeline';
  const releaseId = newSysId();
  const current = currentIndex(position, template);
  const hasPhases = position.state !== 'draft';
  const phaseIds = template.phases.map(() => newSysId());

  // Stage phases have no planned dates; their history is told in weeks back from today.
  const stageDates = (i: number): PhaseDates => {
    const weeksBack = (current < 0 ? template.phases.length : current) - i;
    const start = workdays.addWorkingDays(input.workday, -(5 * weeksBack + 4));
    return { planned_start_date: start, planned_end_date: workdays.addWorkingDays(start, 4) };
  };
  const datesOf = (i: number): PhaseDates => (timeline ? input.plannedDates![i] : stageDates(i));

  const phases: Array<Record<string, unknown>> = [];
  const tasks: Array<Record<string, unknown>> = [];
  const keyDates: Array<Record<string, unknown>> = [];
  const mappings: Array<Record<string, unknown>> = [];
  if (hasPhases) {
    template.phases.forEach((phase, i) => {
      const state = phaseState(position, i, current);
      const dates = datesOf(i);
      const started = state === 'completed' || state === 'in_progress' || (state === 'cancelled' && i === current);
      phases.push({
        sys_id: phaseIds[i],
        release: releaseId,
        name: phase.row.name,
        order: phase.row.order,
        state,
        duration: timeline ? phase.row.duration : null,
        readiness_phase: phase.row.readiness_phase === 1,
        planned_start_date: timeline ? dates.planned_start_date : null,
        planned_end_date: timeline ? dates.planned_end_date : null,
        actual_start_date: started ? dates.planned_start_date : null,
        actual_end_date: state === 'completed' ? dates.planned_end_date : null,
        template_phase: phase.row.sys_id,
      });

      const approvals = phase.tasks.map((t) => t.need_approval === 1);
      let closed = 0;
      if (state === 'completed') closed = approvals.length;
      else if (state === 'in_progress' || (state === 'cancelled' && i === current)) {
        const elapsed = Math.max(1, countWorkingDays(workdays, dates.planned_start_date, input.workday));
        const duration = timeline ? Number(phase.row.duration) : 5;
        closed = Math.min(approvals.length - 1, Math.floor((elapsed / duration) * approvals.length));
      }
      const states = state === 'pending' || (state === 'cancelled' && i !== current) ? taskStates(approvals, -1) : taskStates(approvals, closed);
      phase.tasks.forEach((t, ti) => {
        let { state: taskState, approval } = states[ti];
        if (state === 'cancelled' && !CLOSED.has(taskState)) {
          // Cancelling a release closes what was left: open work incomplete, waiting work skipped.
          taskState = taskState === -5 ? 7 : 4;
          if (approval === 'requested') approval = 'cancelled';
        }
        const closedOn = CLOSED.has(taskState)
          ? state === 'cancelled' && taskState !== 3
            ? input.workday
            : minDate(workdays.addWorkingDays(dates.planned_start_date, ti), minDate(dates.planned_end_date, input.workday))
          : null;
        tasks.push({
          release: releaseId,
          phase: phaseIds[i],
          template_task: t.sys_id,
          short_description: t.name,
          description: t.short_description,
          order: t.order,
          need_approval: t.need_approval === 1,
          state: taskState,
          approval,
          active: !CLOSED.has(taskState),
          assigned_to: t.need_approval === 1 ? input.ownerId : input.assigneeIds[(i + ti) % input.assigneeIds.length],
          opened_by: input.ownerId,
          opened_at: started ? at(dates.planned_start_date, '09:00:00') : null,
          closed_at: closedOn ? at(closedOn, '16:30:00') : null,
          due_date: timeline ? dates.planned_end_date : null,
        });
      });

      if (timeline) {
        for (const k of phase.keyDates) {
          const due = placeKeyDate({ offset_days: Number(k.offset_days), offset_from: k.offset_from === 'end' ? 'end' : 'start' }, dates, workdays);
          const finished = position.state === 'completed' || position.state === 'cancelled';
          const keyState = finished || due < input.today ? 'archived' : 'upcoming';
          keyDates.push({ release: releaseId, phase: phaseIds[i], name: k.name, type: k.type, due_date: due, state: keyState, assigned_to: input.ownerId, description: k.description });
        }
      }

      for (const tp of phase.policies) {
        mappings.push({ policy: tp.policy.sysId, state: 'active', release: releaseId, phase: phaseIds[i], config: tp.config, template_policy: tp.sysId });
      }
    });
  }

  const first = phases[0];
  const last = phases[phases.length - 1];
  const currentPhaseId =
    current >= 0 ? phaseIds[current] : position.state === 'review' || position.state === 'completed' ? phaseIds[phaseIds.length - 1] : null;
  const release: Record<string, unknown> = {
    sys_id: releaseId,
    name: input.name,
    description: input.description,
    product: input.productId,
    version: input.versionId,
    template: template.row.sys_id,
    release_target: input.targetId,
    owner: input.ownerId,
    state: position.state,
    process_type: template.row.process_type,
    validates_version: template.row.validates_version === 1,
    readiness_date: input.readinessDate,
    planned_start_date: timeline && first ? first.planned_start_date : null,
    planned_end_date: timeline && last ? last.planned_end_date : null,
    actual_start_date: first?.actual_start_date ?? null,
    actual_end_date: position.state === 'completed' ? (last?.actual_end_date ?? null) : null,
    schedule: timeline ? template.row.schedule : null,
    hold_reason: position.state === 'on_hold' ? position.holdReason : null,
    held_state: position.state === 'on_hold' ? 'in_progress' : null,
    cancellation_reason: position.state === 'cancelled' ? position.cancellationReason : null,
  };
  return { release, phases, tasks, keyDates, mappings, currentPhaseId };
}

/** Working days from `from` to `to`, both included (0 when `to` is before `from`). */
function countWorkingDays(workdays: WorkingCalendar, from: string, to: string): number {
  let count = 0;
  for (let day = workdays.nextWorkingDay(from); day <= to; day = workdays.addWorkingDays(day, 1)) count++;
  return count;
}

const minDate = (a: string, b: string) => (a < b ? a : b);

/** The rows of a plan, as the store returned them, for later steps. */
export interface StoredRelease {
  name: string;
  position: ReleasePosition;
  release: Row;
  phases: Row[];
  tasks: Row[];
  keyDates: Row[];
  mappings: Row[];
}
