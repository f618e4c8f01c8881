/**
 * Backwards layout of a timeline release's phases (DOMAIN §3.8, CONTRACT §5.2).
 *
 * The readiness phase ends on the readiness date (or the working day before it when that date is
 * not a working day). Walking backwards, each phase spans `duration` working days, its start being a
 * working day, and the phase before it ends on the previous working day before that start; non-working
 * days inside a phase only stretch its calendar span. Phases after the readiness phase follow it
 * forwards in the same way.
 *
 * Interpretations:
 * - Phases are taken in `order` (stable for equal orders), whatever order they are passed in.
 * - With no phase flagged `readiness_phase`, the last phase is the readiness phase, as DOMAIN §3.8
 *   step 1 words it; more than one flagged phase is refused.
 * - A duration must be a whole number ≥ 1: a phase of 0 working days has no start or end to place.
 */
import { InvalidTimelineError } from './errors.ts';
import { parseDate } from './dates.ts';
import type { WorkingCalendar } from './working-calendar.ts';

export interface TimelinePhaseInput {
  order: number;
  /** Working days. */
  duration: number;
  readiness_phase: boolean;
}

export interface PhaseDates {
  planned_start_date: string;
  planned_end_date: string;
}

export interface TimelineLayout<T extends TimelinePhaseInput> {
  /** The input phases in layout (`order`) order, each with its planned dates added. */
  phases: Array<T & PhaseDates>;
  /** The first phase's start. */
  planned_start_date: string;
  /** The last phase's end. */
  planned_end_date: string;
  /** Where the readiness phase ends: the readiness date, or the previous working day. */
  readiness_end_date: string;
}

/** The calendar operations the layout needs (a WorkingCalendar, or a test double). */
export type LayoutCalendar = Pick<WorkingCalendar, 'previousWorkingDay' | 'addWorkingDays'>;

/** `sn_dpr.max_template_duration` default (DOMAIN §6). */
export const DEFAULT_MAX_TEMPLATE_DURATION = 730;

// Durations beyond this are refused before laying out, so a typo like 1e9 cannot pin the CPU.
// A hundred years of working days is far beyond any template the maximum-duration rule allows.
const LAYOUT_DURATION_LIMIT = 36_600;

function checkPhases(phases: readonly TimelinePhaseInput[]): void {
  if (phases.length === 0) throw new InvalidTimelineError('A timeline release needs at least one phase');
  phases.forEach((phase, index) => {
    if (!Number.isSafeInteger(phase.duration) || phase.duration < 1) {
      throw new InvalidTimelineError(
        `Phase ${index + 1} (order ${phase.order}) duration must be a whole number of working days of at least 1 (got ${phase.duration})`,
      );
    }
  });
  if (phases.filter((phase) => phase.readiness_phase).length > 1) {
    throw new InvalidTimelineError('Exactly one phase can be the release readiness phase');
  }
  const total = totalDuration(phases);
  if (total > LAYOUT_DURATION_LIMIT) {
    throw new InvalidTimelineError(`The total duration of the phases (${total} days) is too long to lay out`);
  }
}

/** Sum of the phases' durations (working days). */
export function totalDuration(phases: readonly Pick<TimelinePhaseInput, 'duration'>[]): number {
  return phases.reduce((sum, phase) => sum + phase.duration, 0);
}

/**
 * The error message when the phases exceed `sn_dpr.max_template_duration`, or null when they fit.
 * `maxDuration` may be the raw property value; an empty or non-numeric value means the default.
 */
export function maxDurationError(
  phases: readonly Pick<TimelinePhaseInput, 'duration'>[],
  maxDuration: number | string | null | undefined = DEFAULT_MAX_TEMPLATE_DURATION,
): string | null {
  const parsed = typeof maxDuration === 'string' && maxDuration.trim() !== '' ? Number(maxDuration) : maxDuration;
  const max = typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : DEFAULT_MAX_TEMPLATE_DURATION;
  const total = totalDuration(phases);
  if (total <= max) return null;
  return `The total duration of the phases (${total} days) exceeds the maximum template duration of ${max} days (sn_dpr.max_template_duration)`;
}

/** Lays the phases out around `readinessDate` (`yyyy-MM-dd`) on `calendar`'s working days. */
export function layoutTimeline<T extends TimelinePhaseInput>(
  phases: readonly T[],
  readinessDate: string,
  calendar: LayoutCalendar,
): TimelineLayout<T> {
  parseDate(readinessDate, 'readiness_date');
  checkPhases(phases);

  const ordered = phases.map((phase, index) => ({ phase, index }));
  ordered.sort((a, b) => a.phase.order - b.phase.order || a.index - b.index);
  const flagged = ordered.findIndex(({ phase }) => phase.readiness_phase);
  const readinessIndex = flagged === -1 ? ordered.length - 1 : flagged;

  const dates: PhaseDates[] = new Array(ordered.length);
  const readinessEnd = calendar.previousWorkingDay(readinessDate);

  // Backwards from the readiness phase: `end` is always a working day, and the start is the
  // (duration)-th working day counting the end as the first.
  let end = readinessEnd;
  for (let i = readinessIndex; i >= 0; i--) {
    const start = calendar.addWorkingDays(end, -(ordered[i].phase.duration - 1));
    dates[i] = { planned_start_date: start, planned_end_date: end };
    end = calendar.addWorkingDays(start, -1);
  }

  // Forwards after it: each phase starts on the working day after the previous one ends.
  for (let i = readinessIndex + 1; i < ordered.length; i++) {
    const start = calendar.addWorkingDays(dates[i - 1].planned_end_date, 1);
    dates[i] = { planned_start_date: start, planned_end_date: calendar.addWorkingDays(start, ordered[i].phase.duration - 1) };
  }

  const laidOut = ordered.map(({ phase }, i) => ({ ...phase, ...dates[i] }));
  return {
    phases: laidOut,
    planned_start_date: dates[0].planned_start_date,
    planned_end_date: dates[dates.length - 1].planned_end_date,
    readiness_end_date: readinessEnd,
  };
}
