import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../../platform/records/actor.ts';
import type { Authenticator } from './authenticator.ts';

/** Authenticates every request except those of routes marked `public`. */
export function installAuthHook(app: FastifyInstance, auth: Authenticator): void {
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public) {
      request.actor = { ...SYSTEM_ACTOR, roles: new Set(), userName: 'guest' };
      return;
    }
    // Unknown routes still need credentials first, so probing paths reveals nothing.
    request.actor = await auth.authenticate(request.headers.authorization, request.ip);
  });
}
