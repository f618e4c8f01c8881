import type { FastifyInstance, HTTPMethods } from 'fastify';
import { Errors } from '../errors/catalogue.ts';

const METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Collects the methods of every route as it is added; `seal()` then answers the other methods of
 * those paths with 405 instead of a 404, as the platform does.
 */
export function trackRoutesFor405(app: FastifyInstance): { seal(): void } {
  const byUrl = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const set = byUrl.get(route.url) ?? new Set<string>();
    for (const m of methods) set.add(m);
    byUrl.set(route.url, set);
  });
  return {
    seal() {
      for (const [url, methods] of [...byUrl]) {
        const others = METHODS.filter((m) => !methods.has(m));
        if (others.length === 0 || !url.startsWith('/api/')) continue;
        app.route({
          method: others,
          url,
          handler: async (request) => {
            throw Errors.methodNotAllowed(request.method);
          },
        });
      }
    },
  };
}
