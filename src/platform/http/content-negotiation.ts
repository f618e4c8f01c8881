import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors/catalogue.ts';

/** True when an Accept header admits a JSON answer (absent, wildcard, or JSON listed with q > 0). */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept || !accept.trim()) return true;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) return false;
    return type === '*/*' || type === 'application/*' || type === 'application/json' || type.endsWith('+json');
  });
}

/**
 * 406 for an Accept that excludes JSON, on the API paths only (the workspace serves HTML).
 * Unsupported body types are refused by Fastify's content-type parser (415) and bad JSON is a 400.
 */
export function installContentNegotiation(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/oauth_token.do')) return;
    if (!acceptsJson(request.headers.accept)) throw Errors.notAcceptable();
  });
}
