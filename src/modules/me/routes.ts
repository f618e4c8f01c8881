import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock/clock.ts';
import { today } from '../../platform/clock/today.ts';
import type { Properties } from '../../platform/properties/properties.ts';
import { hasAnyRole } from '../../platform/records/actor.ts';
import { ENDPOINT_ROLES } from '../dpr/roles.ts';
import { MeAnswer } from './schemas.ts';

/**
 * `GET /api/dpr/me`: who the credentials belong to and which DPR endpoints they open, so a client
 * (the workspace) shows only the actions the user may take. The server still checks every call.
 */
export async function meRoutes(app: FastifyInstance, opts: { clock: Clock; properties: Properties }): Promise<void> {
  app.get('/api/dpr/me', { schema: { response: { 200: MeAnswer } } }, async (request) => {
    const actor = request.actor;
    const can: Record<string, boolean> = {};
    for (const [endpoint, roles] of Object.entries(ENDPOINT_ROLES)) can[endpoint] = hasAnyRole(actor, roles);
    // The server's "today" (its clock, in the instance time zone), not the browser's: timelines and
    // calendars must agree with the dates the engine applies.
    const day = await today(opts.clock, opts.properties);
    return { result: { sysId: actor.userId ?? '', userName: actor.userName, roles: [...actor.roles].sort(), can, today: day } };
  });
}
