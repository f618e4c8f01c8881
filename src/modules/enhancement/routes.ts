import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { requireRoles } from '../auth/guard.ts';
import { dprRoute } from '../dpr/dpr-routes.ts';
import { ENDPOINT_ROLES } from '../dpr/roles.ts';
import { createEnhancement, normalizeEnhancementBody } from './create-enhancement.ts';
import { CreateEnhancementAnswer, CreateEnhancementBody } from './schemas.ts';

/** `POST product_enhancement` under both DPR prefixes: 201 with the new enhancement's sys_id. */
export async function enhancementRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  dprRoute(
    app,
    'POST',
    '/product_enhancement',
    {
      preHandler: requireRoles(...ENDPOINT_ROLES.productEnhancement),
      schema: { body: CreateEnhancementBody, response: { 201: CreateEnhancementAnswer } },
    },
    async (request, reply) => {
      const input = normalizeEnhancementBody(request.body as CreateEnhancementBody);
      const created = await inTransaction(services.database.db, (trx) => createEnhancement(services.store, trx, request.actor, input));
      return reply.status(201).send({ result: { error: false, sysId: String(created.sys_id) } });
    },
  );
}
