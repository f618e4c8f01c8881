/**
 * The calendar engine: pure functions over plain data (no database, no HTTP).
 * Dates are date-only `yyyy-MM-dd` strings; errors are `CalendarError`s (HTTP 400).
 */
export {
  CalendarError,
  InvalidDateError,
  InvalidScheduleSpanError,
  NoWorkingDaysError,
  InvalidTimelineError,
  InvalidKeyDateError,
  InvalidRecurrenceError,
  TooManyOccurrencesError,
  InvalidTimeZoneError,
} from './errors.ts';
export { isIsoDate, parseDate, formatDate, addCalendarDays, calendarDaysBetween, compareDates } from './dates.ts';
export { compileSpan, spanCovers } from './schedule-spans.ts';
export type { ScheduleSpanInput, ScheduleRepeatType, CompiledSpan } from './schedule-spans.ts';
export { WorkingCalendar, MAX_NON_WORKING_RUN } from './working-calendar.ts';
export type { WorkingDayChecker } from './working-calendar.ts';
export { layoutTimeline, totalDuration, maxDurationError, DEFAULT_MAX_TEMPLATE_DURATION } from './timeline-layout.ts';
export type { TimelinePhaseInput, PhaseDates, TimelineLayout, LayoutCalendar } from './timeline-layout.ts';
export { placeKeyDate, shiftKeyDate } from './key-date-placement.ts';
export type { TemplateKeyDateInput, KeyDateOffsetFrom, KeyDateCalendar } from './key-date-placement.ts';
export { recurrenceDates, planRecurringTargets, DEFAULT_MAX_OCCURRENCES } from './recurrence.ts';
export type { RecurrenceInput, RecurrenceType, RecurrenceOptions, RecurringTargetPlan } from './recurrence.ts';
export { todayIn, isValidTimeZone } from './time-zone.ts';
