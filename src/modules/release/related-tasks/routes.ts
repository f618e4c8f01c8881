import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { requireRoles } from '../../auth/guard.ts';
import { dprRoute } from '../../dpr/dpr-routes.ts';
import { ENDPOINT_ROLES } from '../../dpr/roles.ts';
import { relateTasks, taskIdsOf } from './relate-tasks.ts';
import { RelatedTaskAnswer, RelatedTaskBody, RelatedTaskParams } from './schemas.ts';

/** `POST release/{releaseId}/related_task` under both DPR prefixes: 201 once every task is related. */
export async function relatedTaskRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  const deps = { store: services.store, properties: services.properties, catalog: services.catalog, postgres: services.database.caps.kind === 'postgres' };
  dprRoute(
    app,
    'POST',
    '/release/:releaseId/related_task',
    {
      preHandler: requireRoles(...ENDPOINT_ROLES.relatedTask),
      schema: { params: RelatedTaskParams, body: RelatedTaskBody, response: { 201: RelatedTaskAnswer } },
    },
    async (request, reply) => {
      const { releaseId } = request.params as { releaseId: string };
      const taskIds = taskIdsOf(request.body as RelatedTaskBody);
      await inTransaction(services.database.db, (trx) => relateTasks(deps, trx, request.actor, releaseId, taskIds));
      return reply.status(201).send({ result: { error: false, message: 'Successfully created the mappings between the release and all the tasks.' } });
    },
  );
}
