import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type UserKey, type World } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import {
  V1,
  byName,
  createPolicyTemplate,
  createRelease,
  db,
  getStatus,
  insert,
  packPolicy,
  phases,
  release,
  runAndReport,
  startPolicyServer,
  update,
} from '../policy/policy-world.ts';

const ISO = /^2025-10-01T00:0\d:\d\dZ$/;

describe.each(DIALECTS)('GET releases/{releaseId}/policies/status (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let template: string;
  let tasksClosed: string;
  let vulnerabilities: string;
  let coverage: string;

  const expectRule = (res: { status: number; json: any; text: string }, message: string) => {
    expect(res.status, res.text).toBe(400);
    expect(res.json).toEqual({ result: { error: true, message } });
  };

  beforeAll(async () => {
    server = await startPolicyServer(dialect);
    world = await createWorld(server);
    tasksClosed = await packPolicy(server, 'all_phase_tasks_closed');
    vulnerabilities = await packPolicy(server, 'no_critical_vulnerabilities');
    coverage = await packPolicy(server, 'code_coverage_threshold');
    template = await createPolicyTemplate(server, world, [{ policy: tasksClosed }, { policy: vulnerabilities }, { policy: coverage }, { policy: tasksClosed, phase: 1 }]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists every active mapping of the current phase as not_run before any run', async () => {
    const id = await createRelease(server, world, template);
    const res = await getStatus(server, world, id);
    expect(res.status, res.text).toBe(200);
    const notRun = (name: string, policyId: string) => ({ name, policyId, status: 'not_run', lastRunAt: '', executionOutput: '', reason: '' });
    expect(res.json).toEqual({
      result: {
        overallSummary: { compliant: false, compliantCount: 0, nonCompliantCount: 0, totalCount: 3, currentPhase: 'Gate', timestamp: '' },
        products: [
          {
            productId: world.products.payments,
            productName: 'Payments Service',
            productVersion: '2.5.0',
            summary: { compliant: false, compliantCount: 0, nonCompliantCount: 0, totalCount: 3 },
            policyExecutionDetails: [
              notRun('All phase tasks are closed', tasksClosed),
              notRun('Code coverage exceeds threshold', coverage),
              notRun('No critical or high vulnerabilities found', vulnerabilities),
            ],
          },
        ],
      },
    });
    // Keys in the reference's order.
    expect(res.text.startsWith('{"result":{"overallSummary":{"compliant":false,"compliantCount":0,"nonCompliantCount":0,"totalCount":3,"currentPhase":"Gate","timestamp":""},"products":[{"productId"')).toBe(true);
  });

  it('reports the latest run of each mapping after a run (run → status round trip)', async () => {
    const id = await createRelease(server, world, template);
    await insert(server, 'sn_dpr_model_release_artifact', { release: id, name: 'payments-api', version: '2.5.0', code_coverage: 100, vulnerabilities_critical: 0, vulnerabilities_high: 0 });
    const result = await runAndReport(server, world, id);
    const [product] = result.products;
    expect(product.summary).toEqual({ compliant: false, compliantCount: 2, nonCompliantCount: 1, totalCount: 3 });
    expect(result.overallSummary).toMatchObject({ compliant: false, compliantCount: 2, nonCompliantCount: 1, totalCount: 3, currentPhase: 'Gate' });
    expect(result.overallSummary.timestamp).toMatch(ISO);
    const details = byName(product);
    expect(details['All phase tasks are closed']).toMatchObject({ policyId: tasksClosed, status: 'non_compliant', reason: expect.stringMatching(/^2 of 2 tasks of the phase are not closed/) });
    expect(details['No critical or high vulnerabilities found']).toMatchObject({ status: 'compliant', reason: 'No critical or high vulnerabilities in 1 artifact(s)' });
    expect(details['Code coverage exceeds threshold']).toMatchObject({ status: 'compliant', reason: 'Mean code coverage is 100% over 1 artifact(s), meeting the 100% threshold' });
    for (const d of product.policyExecutionDetails) {
      expect(d.lastRunAt).toMatch(ISO);
      expect(JSON.parse(d.executionOutput)).toMatchObject({ condition: expect.any(String), params: expect.any(Object) });
    }
    expect(result.overallSummary.timestamp).toBe(product.policyExecutionDetails.map((d: any) => d.lastRunAt).sort().at(-1));

    // The stored run matches the report; a second run after a fix supersedes the first.
    const stored = await db(server).selectFrom('sn_dpr_policy_execution').selectAll().where('release', '=', id).execute();
    expect(stored).toHaveLength(3);
    await update(server, 'sn_dpr_model_release_artifact', String((await db(server).selectFrom('sn_dpr_model_release_artifact').select('sys_id').where('release', '=', id).executeTakeFirstOrThrow()).sys_id), { vulnerabilities_critical: 2 });
    const again = await runAndReport(server, world, id);
    expect(byName(again.products[0])['No critical or high vulnerabilities found']).toMatchObject({
      status: 'non_compliant',
      reason: '2 critical and 0 high vulnerabilities in 1 artifact(s): payments-api 2.5.0',
    });
    expect(again.overallSummary).toMatchObject({ compliantCount: 1, nonCompliantCount: 2, totalCount: 3 });
  });

  it('is compliant when every policy complies', async () => {
    const single = await createPolicyTemplate(server, world, [{ policy: vulnerabilities }]);
    const id = await createRelease(server, world, single);
    const result = await runAndReport(server, world, id);
    expect(result.overallSummary).toMatchObject({ compliant: true, compliantCount: 1, nonCompliantCount: 0, totalCount: 1 });
    expect(result.products[0].summary).toEqual({ compliant: true, compliantCount: 1, nonCompliantCount: 0, totalCount: 1 });
    expect((await release(server, id)).policy_status).toBe('compliant');

    const none = await createPolicyTemplate(server, world, []);
    const empty = await getStatus(server, world, await createRelease(server, world, none));
    expect(empty.json.result.overallSummary).toEqual({ compliant: false, compliantCount: 0, nonCompliantCount: 0, totalCount: 0, currentPhase: 'Gate', timestamp: '' });
    expect(empty.json.result.products[0]).toMatchObject({ summary: { compliant: false, totalCount: 0 }, policyExecutionDetails: [] });
  });

  it('reports a primary release and its two children as three products, and rolls their statuses up', async () => {
    const id = await createRelease(server, world, template, { includedVersions: [world.versions.mobile31, world.versions.ledger10] });
    const children = await db(server).selectFrom('sn_dpr_model_release').selectAll().where('parent', '=', id).orderBy('sys_created_on').orderBy('name').execute();
    expect(children).toHaveLength(2);
    // Ledger's artifact is clean, Mobile's has a critical vulnerability; the primary has none
    // (no vulnerability recorded, no coverage data). Tasks are open everywhere.
    const ledger = children.find((c) => c.product === world.products.ledger)!;
    const mobile = children.find((c) => c.product === world.products.mobile)!;
    await insert(server, 'sn_dpr_model_release_artifact', { release: ledger.sys_id, name: 'ledger-core', code_coverage: 100 });
    await insert(server, 'sn_dpr_model_release_artifact', { release: mobile.sys_id, name: 'mobile-app', code_coverage: 100, vulnerabilities_critical: 1 });

    const result = await runAndReport(server, world, id);
    expect(result.products.map((p: any) => [p.productId, p.productName, p.productVersion])).toEqual([
      [world.products.payments, 'Payments Service', '2.5.0'],
      ...children.map((c) => [c.product, c.product === world.products.mobile ? 'Mobile Banking App' : 'Ledger Core', c.product === world.products.mobile ? '3.1' : '1.0']),
    ]);
    const summaries = Object.fromEntries(result.products.map((p: any) => [p.productName, p.summary]));
    expect(summaries).toEqual({
      'Payments Service': { compliant: false, compliantCount: 1, nonCompliantCount: 2, totalCount: 3 },
      'Mobile Banking App': { compliant: false, compliantCount: 1, nonCompliantCount: 2, totalCount: 3 },
      'Ledger Core': { compliant: false, compliantCount: 2, nonCompliantCount: 1, totalCount: 3 },
    });
    expect(result.overallSummary).toMatchObject({ compliant: false, compliantCount: 4, nonCompliantCount: 5, totalCount: 9, currentPhase: 'Gate' });
    // Each product's executions name its own release, phase and product.
    const rows = await db(server).selectFrom('sn_dpr_policy_execution').select(['release', 'product']).where('release', 'in', [id, ...children.map((c) => c.sys_id)]).execute();
    expect(rows).toHaveLength(9);
    for (const r of rows) expect(r.product).toBe(r.release === id ? world.products.payments : children.find((c) => c.sys_id === r.release)!.product);
    // Statuses roll up: each phase, each child, and the primary combining them.
    expect((await phases(server, ledger.sys_id))[0].policy_status).toBe('non_compliant');
    expect((await release(server, id)).policy_status).toBe('non_compliant');

    // A child's status reports itself only.
    const childStatus = await getStatus(server, world, mobile.sys_id);
    expect(childStatus.json.result.products.map((p: any) => p.productName)).toEqual(['Mobile Banking App']);
    expect(childStatus.json.result.overallSummary.totalCount).toBe(3);
  });

  it('leaves out inactive mappings', async () => {
    const id = await createRelease(server, world, template);
    const [gate] = await phases(server, id);
    const mapping = await db(server).selectFrom('sn_pace_policy_mapping').select('sys_id').where('phase', '=', gate.sys_id).where('policy', '=', coverage).executeTakeFirstOrThrow();
    await update(server, 'sn_dpr_pace_policy_mapping', String(mapping.sys_id), { state: 'inactive' });
    const res = await getStatus(server, world, id);
    expect(res.json.result.products[0].policyExecutionDetails.map((d: any) => d.name)).toEqual(['All phase tasks are closed', 'No critical or high vulnerabilities found']);
  });

  it('needs the release and its current phase In Progress', async () => {
    expectRule(await getStatus(server, world, 'f'.repeat(32)), 'Release ID is invalid');
    expectRule(await getStatus(server, world, 'bogus'), 'Release ID is invalid');
    const draft = await server.request('POST', `/api/sn_dpr/digital_product_release/release`, { auth: world.as('pm'), body: { isDraftRelease: true, name: 'Draft for status', productId: world.products.payments } });
    expect(draft.status, draft.text).toBe(201);
    expectRule(await getStatus(server, world, draft.json.result.releaseId), 'Release must be In Progress to report its policy status (current state: Draft)');
    const id = await createRelease(server, world, template);
    const [gate] = await phases(server, id);
    await update(server, 'sn_dpr_model_release_phase', String(gate.sys_id), { state: 'completed' });
    expectRule(await getStatus(server, world, id, 'ra', V1), 'The current phase must be In Progress to report its policy status (phase Gate is Completed)');
  });

  it('admits the four DPR roles (and admin) under both prefixes, refuses the others', async () => {
    const id = await createRelease(server, world, template);
    for (const who of ['pm', 'ra', 'rc', 'ru'] as UserKey[]) {
      for (const base of ['/api/sn_dpr/digital_product_release', V1]) {
        const res = await getStatus(server, world, id, who, base);
        expect(res.status, `${who} ${base}: ${res.text}`).toBe(200);
        expect(res.json.result.overallSummary.totalCount).toBe(3);
      }
    }
    expect((await server.request('GET', `${V1}/releases/${id}/policies/status`)).status).toBe(200);
    for (const who of ['cal', 'tmpl', 'nobody'] as UserKey[]) {
      const res = await getStatus(server, world, id, who);
      expect(res.status, who).toBe(403);
      expect(res.json).toMatchObject({ error: { message: 'User Not Authorized' }, status: 'failure' });
    }
    const anonymous = await server.request('GET', `${V1}/releases/${id}/policies/status`, { auth: null });
    expect(anonymous.status).toBe(401);
  });
});
