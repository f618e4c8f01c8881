import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { Errors } from '../../platform/errors/catalogue.ts';
import { OAuthError, type OAuthService } from './oauth-service.ts';

/** `POST /oauth_token.do`: form-encoded, always answers JSON (CONTRACT §3, §8). */
export async function oauthRoutes(app: FastifyInstance, opts: { oauth: OAuthService }): Promise<void> {
  // Form bodies are accepted here only; everything else speaks JSON.
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  app.post('/oauth_token.do', { config: { public: true } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    if (typeof form !== 'object' || Array.isArray(form)) throw Errors.badRequest('Form body expected');
    const fields: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(form)) fields[k] = typeof v === 'string' ? v : undefined;
    try {
      const answer = await opts.oauth.grant(fields, request.ip);
      return reply.type('application/json').header('cache-control', 'no-store').send(answer);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return reply.status(error.status).type('application/json').send({ error: error.error, error_description: error.description });
    }
  });
}
