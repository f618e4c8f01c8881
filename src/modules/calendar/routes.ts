import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { today } from '../../platform/clock/today.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import type { Properties } from '../../platform/properties/properties.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import { requireRoles } from '../auth/guard.ts';
import { dprRoute } from '../dpr/dpr-routes.ts';
import { DPR, ENDPOINT_ROLES } from '../dpr/roles.ts';
import { createReleaseCalendar, type ReleaseCalendarInput } from './calendar-service.ts';
import { ReleaseCalendarBody, ReleaseCalendarCreated, ReleaseTargetBody, ReleaseTargetCreated, TargetPreviewQuery, TargetPreviewResponse } from './schemas.ts';
import { previewTargets, type TargetPreviewQuery as PreviewQuery } from './target-preview.ts';
import { createReleaseTargets, type ReleaseTargetInput } from './target-service.ts';

export interface CalendarRouteDeps {
  db: Kysely<any>;
  store: RecordStore;
  clock: Clock;
  properties: Properties;
}

/**
 * Who may preview target dates: whoever may create targets, and every DPR role, since each may read
 * the calendars, schedules and targets the preview is computed from (CONTRACT §8); it writes nothing.
 */
export const TARGET_PREVIEW_ROLES = [
  ...ENDPOINT_ROLES.releaseTarget,
  DPR.calendarAdmin,
  DPR.releaseCoordinator,
  DPR.releaseUser,
  DPR.templateAdmin,
];

/** `POST release_calendar`, `POST release_target` (CONTRACT §5.7) and `GET /api/dpr/release_target/preview`. */
export async function calendarRoutes(app: FastifyInstance, deps: CalendarRouteDeps): Promise<void> {
  dprRoute(
    app,
    'POST',
    '/release_calendar',
    { preHandler: requireRoles(...ENDPOINT_ROLES.releaseCalendar), schema: { body: ReleaseCalendarBody, response: { 201: ReleaseCalendarCreated } } },
    async (request, reply) => {
      const id = await inTransaction(deps.db, (trx) => createReleaseCalendar(trx, deps.store, request.actor, request.body as ReleaseCalendarInput));
      return reply.code(201).send({ result: { error: false, message: '', releaseCalendarId: id } });
    },
  );

  dprRoute(
    app,
    'POST',
    '/release_target',
    { preHandler: requireRoles(...ENDPOINT_ROLES.releaseTarget), schema: { body: ReleaseTargetBody, response: { 201: ReleaseTargetCreated } } },
    async (request, reply) => {
      const count = await inTransaction(deps.db, async (trx) =>
        createReleaseTargets(trx, deps.store, request.actor, await today(deps.clock, deps.properties, trx), request.body as ReleaseTargetInput),
      );
      return reply.code(201).send({ result: { error: false, message: '', count } });
    },
  );

  // Not a ServiceNow endpoint (hence /api/dpr/, like the clock): its 400s use the platform envelope.
  app.get(
    '/api/dpr/release_target/preview',
    { preHandler: requireRoles(...TARGET_PREVIEW_ROLES), schema: { querystring: TargetPreviewQuery, response: { 200: TargetPreviewResponse } } },
    async (request) => {
      const db = deps.db;
      const result = await previewTargets(db, await today(deps.clock, deps.properties, db), request.query as PreviewQuery);
      return { result };
    },
  );
}
