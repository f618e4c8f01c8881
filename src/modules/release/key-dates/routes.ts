import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { requireRoles } from '../../auth/guard.ts';
import { dprRoute } from '../../dpr/dpr-routes.ts';
import { ENDPOINT_ROLES } from '../../dpr/roles.ts';
import { createKeyDate } from './create-key-date.ts';
import { parseKeyDateBody } from './key-date-inputs.ts';
import { KeyDateAnswer, KeyDateBody, KeyDateParams } from './schemas.ts';

/** `POST release/{releaseId}/key_date` under both DPR prefixes: 201 with the new key date's sys_id. */
export async function keyDateRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  const deps = {
    store: services.store,
    properties: services.properties,
    clock: services.clock,
    roles: services.roles,
    postgres: services.database.caps.kind === 'postgres',
  };
  dprRoute(
    app,
    'POST',
    '/release/:releaseId/key_date',
    {
      preHandler: requireRoles(...ENDPOINT_ROLES.keyDate),
      schema: { params: KeyDateParams, body: KeyDateBody, response: { 201: KeyDateAnswer } },
    },
    async (request, reply) => {
      const { releaseId } = request.params as { releaseId: string };
      const input = parseKeyDateBody(request.body as KeyDateBody);
      const keyDateSysId = await inTransaction(services.database.db, (trx) => createKeyDate(deps, trx, request.actor, releaseId, input));
      return reply.status(201).send({ result: { error: false, message: 'Release key date created successfully', keyDateSysId } });
    },
  );
}
