import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireRoles } from '../auth/guard.ts';

const Stats = Type.Object({
  /** SQL statements this process has run since it started (counted by the data layer). */
  statements: Type.Integer(),
  /** Resident set size of this process, in bytes. */
  rssBytes: Type.Integer(),
  heapUsedBytes: Type.Integer(),
  uptimeSeconds: Type.Number(),
});

/**
 * `GET /api/dpr/stats` (admin only): what the benchmark reads before and after each scenario to
 * report SQL statements per request and peak memory. Reading it runs no SQL, so it does not
 * disturb the count it reports.
 */
export async function statsRoutes(app: FastifyInstance, opts: { statementCount: () => number }): Promise<void> {
  app.get('/api/dpr/stats', { preHandler: requireRoles('admin'), schema: { response: { 200: Stats } } }, async () => {
    const memory = process.memoryUsage();
    return { statements: opts.statementCount(), rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, uptimeSeconds: process.uptime() };
  });
}
