import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../../app.ts';
import { today } from '../../platform/clock/today.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { requireRoles } from '../auth/guard.ts';
import { dprRoute } from '../dpr/dpr-routes.ts';
import { DPR, ENDPOINT_ROLES } from '../dpr/roles.ts';
import { completePhase } from './complete-phase.ts';
import { cancelRelease, completeRelease, holdRelease, restartPhase, resumeRelease, type LifecycleDeps } from './lifecycle.ts';

const ReleaseParams = Type.Object({ releaseId: Type.String({ maxLength: 200 }) });
const CompletePhaseAnswer = Type.Object({ result: Type.Object({ status: Type.String(), message: Type.String(), phaseSysId: Type.String() }) });
const LifecycleBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 4000 })), phaseId: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: true });
const LifecycleAnswer = Type.Object({ result: Type.Object({ error: Type.Boolean(), message: Type.String(), state: Type.String(), phaseSysId: Type.Optional(Type.String()) }) });

/**
 * `POST release_id/{releaseId}/complete_phase` (the reference's irregular path) and the lifecycle
 * actions the reference leaves to the workspace, as small endpoints under `/api/dpr/release/{id}/`:
 * `hold`, `resume`, `cancel`, `complete` (from Review) and `restart_phase` (stage releases), all
 * release_admin only (DOMAIN §3.5). Being outside `/api/sn_dpr/`, their 400s use the platform envelope.
 */
export async function phaseRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  const deps: LifecycleDeps = { store: services.store, properties: services.properties, postgres: services.database.caps.kind === 'postgres' };
  dprRoute(
    app,
    'POST',
    '/release_id/:releaseId/complete_phase',
    { preHandler: requireRoles(...ENDPOINT_ROLES.completePhase), schema: { params: ReleaseParams, response: { 201: CompletePhaseAnswer } } },
    async (request, reply) => {
      const { releaseId } = request.params as { releaseId: string };
      const done = await inTransaction(services.database.db, (trx) =>
        completePhase({ ...deps, clock: services.clock }, trx, request.actor, releaseId),
      );
      return reply.status(201).send({ result: { status: 'success', message: 'Release phase is marked as complete', phaseSysId: done.completed.sys_id } });
    },
  );

  const actions = {
    hold: (ctx, id, body) => holdRelease(deps, ctx, id, body.reason),
    resume: (ctx, id) => resumeRelease(deps, ctx, id),
    cancel: (ctx, id, body) => cancelRelease(deps, ctx, id, body.reason),
    complete: (ctx, id) => completeRelease(deps, ctx, id),
    restart_phase: (ctx, id, body) => restartPhase(deps, ctx, id, body.phaseId),
  } satisfies Record<string, (ctx: Parameters<typeof holdRelease>[1], id: string, body: { reason?: string; phaseId?: string }) => Promise<unknown>>;
  for (const [action, run] of Object.entries(actions)) {
    app.post(
      `/api/dpr/release/:releaseId/${action}`,
      {
        // The body is optional: an absent one validates as `{}`.
        preValidation: async (request) => {
          request.body ??= {};
        },
        preHandler: requireRoles(DPR.releaseAdmin),
        schema: { params: ReleaseParams, body: LifecycleBody, response: { 200: LifecycleAnswer } },
      },
      async (request) => {
        const { releaseId } = request.params as { releaseId: string };
        const body = (request.body ?? {}) as { reason?: string; phaseId?: string };
        return inTransaction(services.database.db, async (trx) => {
          const ctx = { db: trx, actor: request.actor, today: await today(services.clock, services.properties, trx) };
          const outcome = await run(ctx, releaseId, body);
          const state = await trx.selectFrom('sn_dpr_model_release').select('state').where('sys_id', '=', releaseId).executeTakeFirstOrThrow();
          return { result: { error: false, message: '', state: String(state.state), ...(typeof outcome === 'string' ? { phaseSysId: outcome } : {}) } };
        });
      },
    );
  }
}
