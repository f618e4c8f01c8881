import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * helmet's default security headers on every answer (Content-Security-Policy, HSTS, nosniff,
 * frame options, referrer policy, …). The middleware is built once, at start: the Fastify plugin
 * for helmet built it again on every request, parsing the CSP directives each time (~4 % of the
 * CPU of a simple read, BENCHMARKS.md §7).
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  const setHeaders = helmet();
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
}
