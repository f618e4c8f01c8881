import type { FastifyRequest } from 'fastify';
import { Errors } from '../../platform/errors/catalogue.ts';
import { hasAnyRole } from '../../platform/records/actor.ts';

/**
 * The one reusable role check: a preHandler that lets through a caller holding any one of `roles`
 * (after containment; `admin` passes every check) and answers 403 otherwise.
 */
export function requireRoles(...roles: string[]) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!hasAnyRole(request.actor, roles)) {
      throw Errors.forbidden(`Requires one of the roles: ${roles.join(', ')}`);
    }
  };
}
