/** The calendar module as `src/app.ts` composes it. */
export { calendarRoutes, type CalendarRouteDeps } from './routes.ts';
export { calendarNameRule } from './calendar-name-rule.ts';
export { installTargetPurge, PURGE_UNUSED_TARGETS } from './jobs.ts';
export { purgeUnusedTargets } from './purge-unused-targets.ts';
