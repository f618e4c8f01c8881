import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ClockInputError, parseDuration, parseInstant } from '../../platform/clock/clock.ts';
import { toIsoUtc } from '../../platform/clock/format.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import { requireRoles } from '../auth/guard.ts';
import type { ClockService } from './clock-service.ts';

const Now = Type.Object({ now: Type.String() });
const Move = Type.Object({ now: Type.Optional(Type.String()), advance: Type.Optional(Type.String()) });

/** `GET/POST /api/dpr/clock` (CONTRACT §6, §8): admin only; moving it runs what falls due. */
export async function clockRoutes(app: FastifyInstance, opts: { clocks: ClockService }): Promise<void> {
  const admin = requireRoles('admin');
  app.get('/api/dpr/clock', { preHandler: admin, schema: { response: { 200: Now } } }, async () => ({ now: toIsoUtc(opts.clocks.clock.now()) }));
  app.post('/api/dpr/clock', { preHandler: admin, schema: { body: Move, response: { 200: Now } } }, async (request) => {
    const body = request.body as { now?: string; advance?: string };
    if ((body.now === undefined) === (body.advance === undefined)) throw Errors.badRequest('Give exactly one of now or advance');
    try {
      const moved = body.now !== undefined ? await opts.clocks.moveTo(parseInstant(body.now)) : await opts.clocks.advance(parseDuration(body.advance!));
      return { now: toIsoUtc(moved) };
    } catch (error) {
      if (error instanceof ClockInputError) throw Errors.badRequest(error.message);
      throw error;
    }
  });
}
