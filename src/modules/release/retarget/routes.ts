import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { requireRoles } from '../../auth/guard.ts';
import { dprRoute } from '../../dpr/dpr-routes.ts';
import { ENDPOINT_ROLES } from '../../dpr/roles.ts';
import { parseRetargetBody } from './retarget-inputs.ts';
import { retargetRelease } from './retarget-release.ts';
import { RetargetAnswer, RetargetBody, RetargetParams } from './schemas.ts';

/** `PUT release/{sysId}/retarget` under both DPR prefixes: 200 with an empty message. */
export async function retargetRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  const deps = { store: services.store, properties: services.properties, clock: services.clock, postgres: services.database.caps.kind === 'postgres' };
  dprRoute(
    app,
    'PUT',
    '/release/:sysId/retarget',
    {
      preHandler: requireRoles(...ENDPOINT_ROLES.retarget),
      schema: { params: RetargetParams, body: RetargetBody, response: { 200: RetargetAnswer } },
    },
    async (request) => {
      const { sysId } = request.params as { sysId: string };
      const input = parseRetargetBody(request.body as RetargetBody);
      await inTransaction(services.database.db, (trx) => retargetRelease(deps, trx, request.actor, sysId, input));
      return { result: { error: false, message: '' } };
    },
  );
}
