import { sql, type Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { migrationsCurrent } from '../../platform/db/migrate.ts';

const Ok = Type.Object({ status: Type.String() });

/** Liveness (`/health`) and readiness (`/health/ready`: database reachable, migrations current). */
export async function healthRoutes(app: FastifyInstance, opts: { db: Kysely<any> }): Promise<void> {
  app.get('/health', { config: { public: true }, schema: { response: { 200: Ok } } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { config: { public: true }, schema: { response: { 200: Ok, 503: Ok } } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(opts.db);
      if (!(await migrationsCurrent(opts.db))) return reply.status(503).send({ status: 'migrations pending' });
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });
}
