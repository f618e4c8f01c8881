import type { FastifyInstance } from 'fastify';
import { hasAnyRole } from '../../platform/records/actor.ts';
import { ENDPOINT_ROLES } from '../dpr/roles.ts';
import { MeAnswer } from './schemas.ts';

/**
 * `GET /api/dpr/me`: who the credentials belong to and which DPR endpoints they open, so a client
 * (the workspace) shows only the actions the user may take. The server still checks every call.
 */
export async function meRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/dpr/me', { schema: { response: { 200: MeAnswer } } }, async (request) => {
    const actor = request.actor;
    const can: Record<string, boolean> = {};
    for (const [endpoint, roles] of Object.entries(ENDPOINT_ROLES)) can[endpoint] = hasAnyRole(actor, roles);
    return { result: { sysId: actor.userId ?? '', userName: actor.userName, roles: [...actor.roles].sort(), can } };
  });
}
