import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../app.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { requireRoles } from '../auth/guard.ts';
import { dprRoute } from '../dpr/dpr-routes.ts';
import { ENDPOINT_ROLES } from '../dpr/roles.ts';
import { createRelease, type JobEnqueuer } from './create-release.ts';
import { CreateReleaseBody, normalizeReleaseBody } from './release-inputs.ts';

const CreateReleaseAnswer = Type.Object({
  result: Type.Object({
    error: Type.Boolean(),
    message: Type.String(),
    releaseId: Type.String(),
    progressId: Type.Optional(Type.String()),
  }),
});

/** `POST release` under both DPR prefixes. */
export async function releaseRoutes(app: FastifyInstance, opts: { services: Services; jobs?: JobEnqueuer }): Promise<void> {
  const { services } = opts;
  const deps = { store: services.store, properties: services.properties, clock: services.clock, catalog: services.catalog, jobs: opts.jobs };
  dprRoute(
    app,
    'POST',
    '/release',
    { preHandler: requireRoles(...ENDPOINT_ROLES.createRelease), schema: { body: CreateReleaseBody, response: { 201: CreateReleaseAnswer } } },
    async (request, reply) => {
      const input = normalizeReleaseBody(request.body as CreateReleaseBody);
      const created = await inTransaction(services.database.db, (trx) => createRelease(deps, trx, request.actor, input));
      return reply.status(201).send({ result: { error: false, message: '', ...created } });
    },
  );
}
