import { fromEngine } from '../../calendar/engine-errors.ts';
import { shiftKeyDate, type WorkingCalendar } from '../../calendar/engine/index.ts';
import type { KeyDateRow } from './retarget-repo.ts';

/**
 * New due dates of the key dates that follow a retarget (CONTRACT §8 "Retarget shift"): each moves by
 * the calendar days the readiness date moved, then to the previous working day if it lands on a
 * non-working one. Only `upcoming` key dates outside completed phases move: archived and missed ones,
 * and those of completed phases, record what already happened. Returns only the dates that change.
 */
export function shiftedKeyDates(
  keyDates: readonly KeyDateRow[],
  calendarDays: number,
  completedPhases: ReadonlySet<string>,
  calendar: Pick<WorkingCalendar, 'previousWorkingDay'>,
): Map<string, string> {
  const moved = new Map<string, string>();
  if (calendarDays === 0) return moved;
  for (const k of keyDates) {
    if (k.state !== 'upcoming' || (k.phase && completedPhases.has(k.phase))) continue;
    const due = fromEngine(() => shiftKeyDate(k.due_date, calendarDays, calendar));
    if (due !== k.due_date) moved.set(k.sys_id, due);
  }
  return moved;
}
