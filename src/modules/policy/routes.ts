import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { requireRoles } from '../auth/guard.ts';
import { dprRoute } from '../dpr/dpr-routes.ts';
import { ENDPOINT_ROLES } from '../dpr/roles.ts';
import { policyStatusReport } from './policy-status-report.ts';
import { ReleaseParams, RunAnswer, RunBody, StatusAnswer } from './schemas.ts';
import { requestPolicyRun } from './schedule-run.ts';
import { inSnapshot } from './snapshot-transaction.ts';

/** `POST release/{releaseId}/policies/run` and `GET releases/{releaseId}/policies/status` (the reference's irregular paths). */
export async function policyRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  const deps = { store: services.store, queue: services.jobs.queue };

  dprRoute(
    app,
    'POST',
    '/release/:releaseId/policies/run',
    {
      // No body is the usual call: validate it as `{}`.
      preValidation: async (request) => {
        request.body ??= {};
      },
      preHandler: requireRoles(...ENDPOINT_ROLES.policyRun),
      schema: { params: ReleaseParams, body: RunBody, response: { 201: RunAnswer } },
    },
    async (request, reply) => {
      const { releaseId } = request.params as { releaseId: string };
      const outcome = await inTransaction(services.database.db, (trx) => requestPolicyRun(deps, trx, releaseId));
      return reply.status(201).send({ result: { error: false, errorCode: '', message: outcome.message, policyExecutionScheduled: outcome.scheduled } });
    },
  );

  dprRoute(
    app,
    'GET',
    '/releases/:releaseId/policies/status',
    { preHandler: requireRoles(...ENDPOINT_ROLES.policyStatus), schema: { params: ReleaseParams, response: { 200: StatusAnswer } } },
    async (request) => {
      const { releaseId } = request.params as { releaseId: string };
      // One snapshot: the products and their results are read as of one instant.
      const postgres = services.database.caps.kind === 'postgres';
      return { result: await inSnapshot(services.database.db, postgres, (trx) => policyStatusReport(trx, releaseId)) };
    },
  );
}
