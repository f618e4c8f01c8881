/**
 * Template key dates on a release's phases (CONTRACT §8 "Template key dates", "Retarget shift").
 *
 * - `offset_from` `start`: the working day `offset_days` working days after the phase's planned
 *   start (0 = the start day itself).
 * - `offset_from` `end`: `offset_days` working days before the phase's planned end (0 = the end day).
 * Counting follows `WorkingCalendar.addWorkingDays`. Planned starts and ends are working days, so the
 * result always is one; if a caller passes a non-working anchor with offset 0 the date snaps to the
 * previous working day, the rule the docs give for key dates landing on holidays.
 *
 * Interpretations: `offset_days` must be a whole number ≥ 0 (numeric strings, as stored values, are
 * accepted; empty means 0). The result is not clamped to the phase: a long offset may fall outside it,
 * and the caller decides whether that is acceptable.
 */
import { InvalidKeyDateError } from './errors.ts';
import { addCalendarDays } from './dates.ts';
import type { PhaseDates } from './timeline-layout.ts';
import type { WorkingCalendar } from './working-calendar.ts';

export type KeyDateOffsetFrom = 'start' | 'end';

export interface TemplateKeyDateInput {
  offset_days: number | string | null | undefined;
  offset_from: KeyDateOffsetFrom;
}

/** The calendar operations key-date placement needs. */
export type KeyDateCalendar = Pick<WorkingCalendar, 'previousWorkingDay' | 'addWorkingDays'>;

function parseOffset(raw: TemplateKeyDateInput['offset_days']): number {
  const value = raw === null || raw === undefined || raw === '' ? 0 : typeof raw === 'string' ? Number(raw.trim()) : raw;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidKeyDateError(`Key date offset_days must be a whole number of working days of at least 0 (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** The due date (`yyyy-MM-dd`) of a template key date on a phase with planned dates. */
export function placeKeyDate(keyDate: TemplateKeyDateInput, phase: PhaseDates, calendar: KeyDateCalendar): string {
  const offset = parseOffset(keyDate.offset_days);
  switch (keyDate.offset_from) {
    case 'start':
      return calendar.addWorkingDays(calendar.previousWorkingDay(phase.planned_start_date), offset);
    case 'end':
      return calendar.addWorkingDays(calendar.previousWorkingDay(phase.planned_end_date), -offset);
    default:
      throw new InvalidKeyDateError(`Key date offset_from must be start or end (got ${JSON.stringify(keyDate.offset_from)})`);
  }
}

/**
 * A key date moved by the readiness date's move (`calendarDaysDelta` calendar days, negative = earlier),
 * then to the previous working day when it lands on a non-working day.
 */
export function shiftKeyDate(dueDate: string, calendarDaysDelta: number, calendar: Pick<WorkingCalendar, 'previousWorkingDay'>): string {
  if (!Number.isSafeInteger(calendarDaysDelta)) {
    throw new InvalidKeyDateError(`The key date shift must be a whole number of days (got ${calendarDaysDelta})`);
  }
  return calendar.previousWorkingDay(addCalendarDays(dueDate, calendarDaysDelta, 'due_date'));
}
