import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_NAMES, READY_MARKER, type BenchPlan } from '../../src/modules/seed/bench/bench-scale.ts';
import { seedBench, type BenchSeedDeps } from '../../src/modules/seed/bench/seed-bench.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';

/** A tenth of a scale unit's releases (every release fate appears in each 100), three small measured bundles. */
const PLAN: BenchPlan = {
  unit: { releases: 100, drafts: 4, products: 3, versionsPerProduct: 2, owners: 3, smallBundles: 2 },
  measuredBundles: [5, 10, 50],
};
const DPR = '/api/sn_dpr/digital_product_release';

describe.each(DIALECTS)('dpr seed --bench and GET /api/dpr/stats (%s)', (dialect) => {
  let server: TestServer;
  let deps: BenchSeedDeps;
  const db = () => server.handle.services.database.db;
  const releasesByState = async () => {
    const rows = await db().selectFrom('sn_dpr_model_release').select(['state', (eb) => eb.fn.countAll().as('n')]).where('name', 'like', 'Bench Release %').groupBy('state').execute();
    return Object.fromEntries(rows.map((r) => [String(r.state), Number(r.n)]));
  };

  beforeAll(async () => {
    // HTTP only, as the benchmark runs it: no job worker polling (and counting statements) meanwhile.
    server = await startServer(dialect, { DPR_ROLE: 'api' });
    const s = server.handle.services;
    deps = { db: s.database.db, store: s.store, clock: s.clock, properties: s.properties, catalog: s.catalog, postgres: s.database.caps.kind === 'postgres' };
  }, 180_000);
  afterAll(() => server.close());

  it('writes releases in every state through the engine, with their phases, tasks and mappings', async () => {
    const report = await seedBench(deps, 1, undefined, PLAN);
    expect(report.status).toBe('loaded');
    expect(await releasesByState()).toEqual({ in_progress: 70, on_hold: 8, review: 7, completed: 7, cancelled: 8 });
    const release = await db().selectFrom('sn_dpr_model_release').select('sys_id').where('name', '=', BENCH_NAMES.release(40)).executeTakeFirstOrThrow();
    const phases = await db().selectFrom('sn_dpr_model_release_phase').select('sys_id').where('release', '=', release.sys_id).execute();
    const tasks = await db().selectFrom('task').select('sys_id').where('release', '=', release.sys_id).execute();
    expect([phases.length, tasks.length]).toEqual([5, 50]);
    const drafts = await db().selectFrom('sn_dpr_model_release').select('state').where('name', 'like', 'Bench Draft %').execute();
    expect(drafts.map((d) => d.state)).toEqual(['draft', 'draft', 'draft', 'draft']);
  }, 180_000);

  it('creates the measured bundles with their sizes, and the policy-load release with 1 000 mappings', async () => {
    for (const size of PLAN.measuredBundles) {
      const bundle = await db().selectFrom('sn_dpr_model_release_bundle').select('sys_id').where('name', '=', BENCH_NAMES.bundle(size)).executeTakeFirstOrThrow();
      const answer = await server.request('GET', `${DPR}/bundle/${bundle.sys_id}`);
      expect(answer.status).toBe(200);
      expect(answer.json.releases.count).toBe(size);
    }
    const policy = await db().selectFrom('sn_dpr_model_release').select(['sys_id', 'current_phase']).where('name', '=', BENCH_NAMES.policyRelease).executeTakeFirstOrThrow();
    const mappings = await db().selectFrom('sn_pace_policy_mapping').select((eb) => eb.fn.countAll().as('n')).where('phase', '=', policy.current_phase).where('state', '=', 'active').executeTakeFirstOrThrow();
    expect(Number(mappings.n)).toBe(1000);
  });

  it('leaves the marked releases ready for complete_phase', async () => {
    const ready = await db().selectFrom('sn_dpr_model_release').select('sys_id').where('description', '=', READY_MARKER).where('state', '=', 'in_progress').execute();
    expect(ready).toHaveLength(35);
    const answer = await server.request('POST', `${DPR}/release_id/${ready[0].sys_id}/complete_phase`);
    expect(answer.status).toBe(201);
    const other = await db().selectFrom('sn_dpr_model_release').select('sys_id').where('name', '=', BENCH_NAMES.release(50)).executeTakeFirstOrThrow();
    expect((await server.request('POST', `${DPR}/release_id/${other.sys_id}/complete_phase`)).status).toBe(400);
  });

  it('does nothing at the loaded scale and tops a smaller scale up', async () => {
    expect(await seedBench(deps, 1, undefined, PLAN)).toEqual({ status: 'already_loaded', scale: 1 });
    const grown = await seedBench(deps, 2, undefined, PLAN);
    expect(grown).toMatchObject({ status: 'loaded', scale: 2, previousScale: 1 });
    const counts = await releasesByState();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(200);
    const bundles = await db().selectFrom('sn_dpr_model_release_bundle').select('name').where('name', 'like', 'Bench Bundle %').execute();
    expect(bundles).toHaveLength(3);
  }, 180_000);

  it('reports statements run, RSS and uptime to an admin, and refuses anyone else', async () => {
    const first = await server.request('GET', '/api/dpr/stats');
    expect(first.status).toBe(200);
    expect(first.json.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(first.json.uptimeSeconds).toBeGreaterThan(0);
    const bundle = await db().selectFrom('sn_dpr_model_release_bundle').select('sys_id').where('name', '=', BENCH_NAMES.bundle(5)).executeTakeFirstOrThrow();
    await server.request('GET', `${DPR}/bundle/${bundle.sys_id}`);
    const second = await server.request('GET', '/api/dpr/stats');
    // The bundle read runs SQL; the stats reads themselves run none (cached credentials).
    expect(second.json.statements).toBeGreaterThan(first.json.statements);
    const third = await server.request('GET', '/api/dpr/stats');
    expect(third.json.statements).toBe(second.json.statements);
    await createUser(server, 'bench.viewer', 'pw', ['sn_dpr_model.release_admin']);
    expect((await server.request('GET', '/api/dpr/stats', { auth: ['bench.viewer', 'pw'] })).status).toBe(403);
  });
});
