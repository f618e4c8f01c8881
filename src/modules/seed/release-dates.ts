import { Temporal } from 'temporal-polyfill';
import { addCalendarDays, layoutTimeline, type TimelineLayout, type TimelinePhaseInput, type WorkingCalendar } from '../calendar/engine/index.ts';
import type { ReleasePosition } from './demo-release-scenarios.ts';
import { orderOf, type DemoTemplate } from './demo-templates.ts';

/**
 * Dates of the demo story, all relative to today: the weekly release windows, the dates an
 * out-of-band release may take, and the readiness date that puts each release where its story
 * says ("in Testing today", "completed a few weeks ago"). Pure, so every day of the year can be
 * checked to give a story (release-dates.test.ts).
 */

/** Weekly windows on Fridays from ten weeks ago to sixteen weeks ahead. */
const WEEKS_BACK = 10;
const WEEKS_AHEAD = 16;

/** Fridays around today that no schedule of the calendar excludes (holidays, the freeze). */
export function weeklyWindowDates(today: string, allowed: WorkingCalendar): string[] {
  const day = Temporal.PlainDate.from(today);
  const firstFriday = day.subtract({ days: (day.dayOfWeek - 5 + 7) % 7 }).subtract({ weeks: WEEKS_BACK });
  const dates: string[] = [];
  for (let week = 0; week <= WEEKS_BACK + WEEKS_AHEAD; week++) {
    const date = firstFriday.add({ weeks: week }).toString();
    if (allowed.isWorkingDay(date)) dates.push(date);
  }
  return dates;
}

/** The next three months' allowed days other than Fridays (which belong to the weekly windows). */
export function outOfBandDates(today: string, allowed: WorkingCalendar): string[] {
  const out: string[] = [];
  let day = today;
  for (let i = 0; i < 60; i++) {
    day = allowed.addWorkingDays(day, 1);
    if (Temporal.PlainDate.from(day).dayOfWeek !== 5) out.push(day);
  }
  return out;
}

/**
 * Every working day from about three months back to three months ahead: the last resort when
 * neither a window nor an allowed day fits (around the year-end freeze, a release may have to
 * target a day inside it, which the calendar allows when someone opts in).
 */
export function anyWorkingDates(today: string, workdays: WorkingCalendar): string[] {
  const out: string[] = [];
  let day = workdays.addWorkingDays(today, -66);
  for (let i = 0; i < 132; i++) out.push((day = workdays.addWorkingDays(day, 1)));
  return out;
}

/** A set of candidate dates, computed only if the sets before it had no fitting date. */
export type CandidateSet = () => readonly string[];

/** Candidate readiness dates for a release, most preferred first. */
export function candidateDates(target: 'series' | 'out_of_band', today: string, windows: readonly string[], allowed: WorkingCalendar, workdays: WorkingCalendar): CandidateSet[] {
  const outOfBand = () => outOfBandDates(today, allowed);
  const last = () => anyWorkingDates(today, workdays);
  return target === 'series' ? [() => windows, outOfBand, last] : [outOfBand, last];
}

export function timelinePhases(template: DemoTemplate): TimelinePhaseInput[] {
  return template.phases.map((p, i) => ({ order: orderOf(i), duration: p.duration, readiness_phase: p.readiness === true }));
}

export interface StoryCheck<T extends TimelinePhaseInput> {
  /** A cheap bound on the readiness date alone, checked before laying a candidate out. */
  plausible(date: string): boolean;
  /** Whether the layout puts the release where its story says. */
  fits(layout: TimelineLayout<T>): boolean;
}

/**
 * Where `position` wants a release of `template`, seen from `today` (`workday` is the last working
 * day up to today, so a weekend counts as the Friday before).
 */
export function storyCheck<T extends TimelinePhaseInput>(position: ReleasePosition, template: DemoTemplate, today: string, workdays: WorkingCalendar): StoryCheck<T> {
  const workday = workdays.previousWorkingDay(today);
  const names = template.phases.map((p) => p.name);
  const readiness = Math.max(0, template.phases.findIndex((p) => p.readiness === true));
  const current = 'phase' in position ? names.indexOf(position.phase) : -1;
  // From the current phase's start to the readiness date: at most its working days, each
  // calendar week holding at least three working days even with holidays.
  const ahead = template.phases.slice(Math.max(current, 0), readiness + 1).reduce((sum, p) => sum + p.duration, 0);
  const horizon = addCalendarDays(workday, Math.ceil((ahead * 7) / 3));
  return {
    plausible(date) {
      switch (position.state) {
        case 'completed':
        case 'review':
          return date < today;
        case 'pending':
          return date > today;
        case 'in_progress':
        case 'on_hold':
        case 'cancelled':
          return current <= readiness ? date >= workday && date <= horizon : true;
        case 'draft':
          return false;
      }
    },
    fits(layout) {
      const start = layout.planned_start_date;
      const end = layout.planned_end_date;
      switch (position.state) {
        case 'completed':
          return end < workdays.addWorkingDays(workday, -10);
        case 'review':
          return end < today && end >= workdays.addWorkingDays(workday, -8);
        case 'pending':
          return start > workdays.addWorkingDays(workday, 2) && start <= workdays.addWorkingDays(workday, 20);
        case 'in_progress':
        case 'on_hold':
        case 'cancelled': {
          const phase = layout.phases[current];
          return phase !== undefined && phase.planned_start_date <= workday && workday <= phase.planned_end_date;
        }
        case 'draft':
          return false;
      }
    },
  };
}

/** Which fitting date to take: the most recent for finished releases, the nearest for others. */
export function preferenceOf(position: ReleasePosition): 'earliest' | 'latest' {
  switch (position.state) {
    case 'in_progress':
    case 'on_hold':
    case 'cancelled':
      return position.prefer;
    case 'pending':
    case 'draft':
      return 'earliest';
    case 'review':
    case 'completed':
      return 'latest';
  }
}

/**
 * The readiness date for a release: the first candidate (in date order, or reverse for `latest`)
 * whose backwards-laid-out timeline fits the story. `candidateSets` are tried in turn, most preferred first
 * (e.g. the weekly windows, then out-of-band days); throws when no set has a fitting date.
 */
export function chooseReadinessDate<T extends TimelinePhaseInput>(
  phases: readonly T[],
  candidateSets: readonly CandidateSet[],
  calendar: WorkingCalendar,
  check: StoryCheck<T>,
  prefer: 'earliest' | 'latest',
): { date: string; layout: TimelineLayout<T> } {
  for (const candidates of candidateSets) {
    const ordered = candidates().filter((date) => check.plausible(date)).sort();
    if (prefer === 'latest') ordered.reverse();
    for (const date of ordered) {
      const layout = layoutTimeline(phases, date, calendar);
      if (check.fits(layout)) return { date, layout };
    }
  }
  throw new Error('No readiness date fits the demo release');
}
