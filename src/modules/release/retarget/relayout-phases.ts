import { Errors } from '../../../platform/errors/catalogue.ts';
import { fromEngine } from '../../calendar/engine-errors.ts';
import { layoutTimeline, type LayoutCalendar } from '../../calendar/engine/index.ts';
import type { PhaseRow } from '../release-repo.ts';

export interface RelayoutRules {
  today: string;
  /** `sn_dpr_model.allow_any_release_dates`: phases that have not started may then start in the past. */
  allowAnyDates: boolean;
  /** Names the release in messages. */
  releaseName: string;
}

export interface PhasePlan {
  sys_id: string;
  planned_start_date: string;
  planned_end_date: string;
}

export interface Relayout {
  /** New planned dates of every phase still in the plan (completed ones unchanged). */
  phases: PhasePlan[];
  /** The first phase's planned start and the last phase's planned end (CONTRACT §8 Dates). */
  plannedStart: string | null;
  plannedEnd: string | null;
}

const inPlan = (p: PhaseRow) => p.state !== 'cancelled' && p.state !== 'restarted';

/**
 * Re-lays a timeline release's phases around a new readiness date (CONTRACT §5.8, DOMAIN §3.7):
 * completed phases keep their dates; the others are laid out backwards from the readiness date over
 * the release's working days, as at creation.
 *
 * The phase in progress has started: its actual start never changes, and when the new layout would
 * move its planned start into the past, it keeps the planned start it had (the plan already said when
 * it began), unless that start is after its new planned end, where only the layout is consistent.
 * A phase that has not started may not start before today unless `allowAnyDates`.
 */
export function relayoutPhases(phases: readonly PhaseRow[], readinessDate: string, calendar: LayoutCalendar, rules: RelayoutRules): Relayout {
  const live = phases.filter(inPlan);
  const open = live.filter((p) => p.state !== 'completed');
  const completedReadiness = live.find((p) => p.state === 'completed' && p.readiness_phase === 1);
  if (completedReadiness && open.length) {
    throw Errors.rule(`The readiness phase ${completedReadiness.name} of release ${rules.releaseName} is completed: its readiness date can no longer move`);
  }
  const planned = new Map<string, PhasePlan>();
  for (const p of live) {
    if (p.planned_start_date && p.planned_end_date) planned.set(p.sys_id, { sys_id: p.sys_id, planned_start_date: p.planned_start_date, planned_end_date: p.planned_end_date });
  }
  if (open.length) {
    const layout = fromEngine(() =>
      layoutTimeline(
        open.map((p) => ({ phase: p, order: Number(p.order), duration: Number(p.duration), readiness_phase: p.readiness_phase === 1 })),
        readinessDate,
        calendar,
      ),
    );
    for (const laid of layout.phases) {
      const p = laid.phase;
      let start = laid.planned_start_date;
      if (p.state === 'in_progress' && start < rules.today && p.planned_start_date && p.planned_start_date <= laid.planned_end_date) {
        start = p.planned_start_date;
      }
      if (p.state !== 'in_progress' && start < rules.today && !rules.allowAnyDates) {
        throw Errors.rule(
          `Retargeting release ${rules.releaseName} to ${readinessDate} would start phase ${p.name} on ${start}, before today (${rules.today}): choose a later readiness target`,
        );
      }
      planned.set(p.sys_id, { sys_id: p.sys_id, planned_start_date: start, planned_end_date: laid.planned_end_date });
    }
  }
  // Phases come ordered (`phasesOf`); the plan's first and last phases give the release's dates.
  const ordered = live.map((p) => planned.get(p.sys_id)).filter((p): p is PhasePlan => p !== undefined);
  return {
    phases: ordered,
    plannedStart: ordered[0]?.planned_start_date ?? null,
    plannedEnd: ordered.at(-1)?.planned_end_date ?? null,
  };
}
