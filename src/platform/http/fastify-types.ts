import type { Actor } from '../records/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by the authentication hook on every non-public route. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Routes that answer without credentials (`/health`, `/oauth_token.do`, the workspace shell). */
    public?: boolean;
  }
}
