import { Errors } from '../../platform/errors/catalogue.ts';
import { CalendarError, layoutTimeline, maxDurationError, placeKeyDate, type PhaseDates, type WorkingCalendar } from '../calendar/engine/index.ts';
import type { TemplateBlueprint } from '../template/template-repo.ts';

export interface ReleaseLayout {
  /** Planned dates per template phase sys_id (timeline only). */
  phaseDates: Map<string, PhaseDates>;
  /** Due dates per template key date sys_id. */
  keyDateDues: Map<string, string>;
  plannedStart: string | null;
  plannedEnd: string | null;
}

export interface LayoutRules {
  today: string;
  allowAnyDates: boolean;
  maxDuration: number;
}

/**
 * Lays a template's phases out backwards from the readiness date over the working days of the
 * release's schedule (CONTRACT §5.2, DOMAIN §3.8), places its key dates, and applies the date
 * rules: no start before today unless `sn_dpr_model.allow_any_release_dates`, and the
 * `sn_dpr.max_template_duration` limit. Stage templates have no dates.
 */
export function layoutRelease(blueprint: TemplateBlueprint, readinessDate: string | null, calendar: WorkingCalendar, rules: LayoutRules): ReleaseLayout {
  const empty: ReleaseLayout = { phaseDates: new Map(), keyDateDues: new Map(), plannedStart: null, plannedEnd: null };
  if (blueprint.process_type === 'stage') return empty;
  if (blueprint.phases.length === 0) throw Errors.rule(`Template ${blueprint.name} has no phases`);
  if (!readinessDate) throw Errors.rule('A timeline release needs a readiness date: give releaseTarget, or releaseDate with releaseCalendar');
  const tooLong = maxDurationError(blueprint.phases, rules.maxDuration);
  if (tooLong) throw Errors.rule(tooLong);
  try {
    const layout = layoutTimeline(blueprint.phases, readinessDate, calendar);
    if (!rules.allowAnyDates && layout.planned_start_date < rules.today) {
      throw Errors.rule(
        `The release would start on ${layout.planned_start_date}, before today (${rules.today}): choose a later readiness date (the phases need ${blueprint.phases.reduce((s, p) => s + p.duration, 0)} working days)`,
      );
    }
    const phaseDates = new Map(layout.phases.map((p) => [p.sys_id, { planned_start_date: p.planned_start_date, planned_end_date: p.planned_end_date }]));
    const keyDateDues = new Map<string, string>();
    for (const k of blueprint.keyDates) {
      const dates = phaseDates.get(k.template_phase);
      if (dates) keyDateDues.set(k.sys_id, placeKeyDate(k, dates, calendar));
    }
    return { phaseDates, keyDateDues, plannedStart: layout.planned_start_date, plannedEnd: layout.planned_end_date };
  } catch (error) {
    if (error instanceof CalendarError) throw Errors.rule(error.message);
    throw error;
  }
}
