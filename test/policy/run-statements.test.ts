import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSysId } from '../../src/platform/ids/sys-id.ts';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import type { TestServer } from '../support/server.ts';
import { db, startPolicyServer } from './policy-world.ts';
import { runPolicies } from '../../src/modules/policy/policy-run-job.ts';
import { createPolicyEngine } from '../../src/modules/policy/cel/index.ts';

const PRODUCTS = 100;
const POLICIES = 10;

/**
 * A primary release with 99 children (100 products), each in its first phase with 10 mapped
 * policies (1 000 mappings), 3 tasks and 2 artifacts, written straight through the record store.
 */
async function bigFamily(server: TestServer): Promise<{ primary: string; all: string[] }> {
  const { store } = server.handle.services;
  return inTransaction(db(server), async (trx) => {
    const insertMany = (table: string, rows: Record<string, unknown>[]) => store.insertMany(trx, SYSTEM_ACTOR, table, rows);
    const policies = await insertMany(
      'sn_pace_policy',
      Array.from({ length: POLICIES }, (_, i) => ({
        name: `Perf policy ${i}`,
        condition: i % 2 ? 'tasks.all(t, has(t.state) && t.state in [3, 4, 7])' : 'sum(artifacts.map(a, has(a.tests_passed) ? a.tests_passed : 0)) >= int(params.min)',
        message: '"checked " + string(size(tasks)) + " tasks and " + string(size(artifacts)) + " artifacts"',
        inputs: JSON.stringify({ min: i }),
      })),
    );
    const products = await insertMany(
      'cmdb_application_product_model',
      Array.from({ length: PRODUCTS }, (_, i) => ({ name: `Perf product ${i}` })),
    );
    const ids = products.map(() => newSysId());
    const phaseIds = products.map(() => newSysId());
    await insertMany(
      'sn_dpr_model_release',
      products.map((p, i) => ({ sys_id: ids[i], name: `Perf release ${i}`, product: p.sys_id, parent: i === 0 ? null : ids[0], state: 'in_progress', process_type: 'stage' })),
    );
    await insertMany(
      'sn_dpr_model_release_phase',
      ids.map((release, i) => ({ sys_id: phaseIds[i], release, name: 'Build', order: 100, state: 'in_progress' })),
    );
    for (const [i, id] of ids.entries()) await trx.updateTable('sn_dpr_model_release').set({ current_phase: phaseIds[i] }).where('sys_id', '=', id).execute();
    await insertMany(
      'sn_dpr_model_release_task',
      ids.flatMap((release, i) => [1, 3, 3].map((state, k) => ({ release, phase: phaseIds[i], short_description: `Task ${k}`, state, order: k }))),
    );
    await insertMany(
      'sn_dpr_model_release_artifact',
      ids.flatMap((release) => [0, 1].map((k) => ({ release, name: `artifact ${k}`, tests_total: 10, tests_passed: 5 + k }))),
    );
    await insertMany(
      'sn_dpr_pace_policy_mapping',
      ids.flatMap((release, i) => policies.map((p) => ({ release, phase: phaseIds[i], policy: p.sys_id, state: 'active' }))),
    );
    return { primary: ids[0]!, all: ids };
  });
}

describe.each(DIALECTS)('a run over 100 products × 10 policies (%s)', (dialect) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startPolicyServer(dialect);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('evaluates 1 000 mappings with a constant number of statements, nothing per mapping', async () => {
    const { primary, all } = await bigFamily(server);
    const { services } = server.handle;
    const deps = { store: services.store, catalog: services.catalog, properties: services.properties, engine: createPolicyEngine(), postgres: dialect === 'postgres' };
    const timings: number[] = [];
    const statements: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = services.database.statementCount();
      const started = performance.now();
      const written = await inTransaction(db(server), (trx) => runPolicies(deps, trx, services.clock, primary));
      timings.push(performance.now() - started);
      statements.push(services.database.statementCount() - before);
      expect(written).toBe(PRODUCTS * POLICIES);
    }
    // Timing is the benchmark's job (`npm run bench`); the log line is for whoever reads the run.
    console.log(`[policy run] ${dialect}: ${PRODUCTS * POLICIES} mappings in ${timings.map((t) => t.toFixed(0)).join(' / ')} ms, ${statements.join(' / ')} statements`);
    // Reads: 3 (family) + 1 (mappings) + 5 (records) + 1 (models) + 2 (time zone, waivers);
    // writes: 2 inserts of 500; roll-up: 2 reads, then 1 statement per changed record (the
    // first run changes 100 phases and 100 releases, later runs none); begin and commit.
    // Nothing per mapping.
    expect(statements[0]).toBeLessThanOrEqual(18 + 2 * PRODUCTS);
    expect(statements[1]).toBeLessThanOrEqual(18);
    expect(new Set(statements.slice(1)).size).toBe(1);

    const rows = await db(server).selectFrom('sn_dpr_policy_execution').select(['status', 'release']).where('release', 'in', all).execute();
    expect(rows).toHaveLength(5 * PRODUCTS * POLICIES);
    // Even policies need at most 8 of the 11 passed tests: compliant; odd ones see an open task.
    expect(rows.filter((r) => r.status === 'compliant')).toHaveLength(5 * PRODUCTS * 5);
    const statuses = await db(server).selectFrom('sn_dpr_model_release').select('policy_status').where('sys_id', 'in', all).execute();
    expect(new Set(statuses.map((s) => s.policy_status))).toEqual(new Set(['non_compliant']));
  });
});
