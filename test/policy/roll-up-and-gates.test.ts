import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import {
  createPolicyTemplate,
  createRelease,
  db,
  finishCurrentPhaseTasks,
  insert,
  packPolicy,
  phases,
  release,
  requestRun,
  runAndReport,
  runJobs,
  startPolicyServer,
  update,
} from './policy-world.ts';

describe.each(DIALECTS)('policy status roll-up and phase gates (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let vulnerabilities: string;

  const statuses = async (id: string) => ({ release: (await release(server, id)).policy_status, phase: (await phases(server, id))[0].policy_status });
  const approveWaiver = async (releaseId: string) => {
    const mapping = await db(server).selectFrom('sn_pace_policy_mapping').select('sys_id').where('release', '=', releaseId).where('state', '=', 'active').executeTakeFirstOrThrow();
    const res = await server.request('POST', '/api/now/table/sn_dpr_policy_exception', {
      body: { mapping: mapping.sys_id, reason: 'Accepted risk', start_date: '2025-10-01', end_date: '2025-12-31', state: 'approved' },
    });
    expect(res.status, res.text).toBe(201);
  };

  beforeAll(async () => {
    server = await startPolicyServer(dialect);
    world = await createWorld(server);
    vulnerabilities = await packPolicy(server, 'no_critical_vulnerabilities');
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a primary's release status combines its children's; a child's own run updates its primary", async () => {
    const template = await createPolicyTemplate(server, world, [{ policy: vulnerabilities }]);
    const id = await createRelease(server, world, template, { includedVersions: [world.versions.mobile31] });
    const child = String((await db(server).selectFrom('sn_dpr_model_release').select('sys_id').where('parent', '=', id).executeTakeFirstOrThrow()).sys_id);
    expect(await statuses(id)).toEqual({ release: 'not_run', phase: 'not_run' });

    await insert(server, 'sn_dpr_model_release_artifact', { release: child, name: 'mobile-app', vulnerabilities_high: 1 });
    expect((await requestRun(server, world, id)).status).toBe(201);
    // Queued: the primary's and the child's phase are both in progress, and so are both releases.
    expect(await statuses(id)).toEqual({ release: 'in_progress', phase: 'in_progress' });
    expect(await statuses(child)).toEqual({ release: 'in_progress', phase: 'in_progress' });
    await runJobs(server);
    expect(await statuses(id)).toEqual({ release: 'non_compliant', phase: 'compliant' });
    expect(await statuses(child)).toEqual({ release: 'non_compliant', phase: 'non_compliant' });

    await approveWaiver(child);
    const waived = await runAndReport(server, world, child);
    expect(waived.products).toHaveLength(1);
    expect(await statuses(child)).toEqual({ release: 'compliant_with_exception', phase: 'compliant_with_exception' });
    expect(await statuses(id)).toEqual({ release: 'compliant_with_exception', phase: 'compliant' });

    await update(server, 'sn_dpr_model_release_artifact', String((await db(server).selectFrom('sn_dpr_model_release_artifact').select('sys_id').where('release', '=', child).executeTakeFirstOrThrow()).sys_id), { vulnerabilities_high: 0 });
    await runAndReport(server, world, id);
    expect(await statuses(id)).toEqual({ release: 'compliant', phase: 'compliant' });
    expect(await statuses(child)).toEqual({ release: 'compliant', phase: 'compliant' });
  });

  it('the timeline job completes a phase on its planned end only once its policies comply (or are waived)', async () => {
    // One working day per phase before the October target: Gate ends 2025-10-30.
    const template = await createPolicyTemplate(server, world, [{ policy: vulnerabilities }], [1, 1]);
    const id = await createRelease(server, world, template, { releaseTarget: world.targets.oct31 });
    const [gate] = await phases(server, id);
    expect(gate.planned_end_date).toBe('2025-10-30');
    await insert(server, 'sn_dpr_model_release_artifact', { release: id, name: 'payments-api', vulnerabilities_critical: 1 });
    await finishCurrentPhaseTasks(server, world, id);

    // The clock reaches the planned end: the daily run finds the phase non-compliant, so it stays.
    expect((await server.request('POST', '/api/dpr/clock', { body: { now: '2025-10-30T00:30:00Z' } })).status).toBe(200);
    await runJobs(server);
    expect((await phases(server, id))[0]).toMatchObject({ state: 'in_progress', policy_status: 'non_compliant' });
    expect((await server.request('POST', '/api/dpr/clock', { body: { advance: 'PT1H' } })).status).toBe(200);
    expect((await phases(server, id))[0].state).toBe('in_progress');

    await approveWaiver(id);
    await runAndReport(server, world, id);
    expect((await phases(server, id))[0].policy_status).toBe('compliant_with_exception');
    expect((await server.request('POST', '/api/dpr/clock', { body: { advance: 'PT1H' } })).status).toBe(200);
    const [after, ship] = await phases(server, id);
    expect(after.state).toBe('completed');
    expect(ship.state).toBe('in_progress');
    // The release now shows its new phase's status (Ship maps no policy); Gate keeps its result.
    expect((await release(server, id)).policy_status).toBe('not_run');
    expect(after.policy_status).toBe('compliant_with_exception');
  });

  it('complete_phase moves the release status to the next phase, whose policies have not run', async () => {
    const template = await createPolicyTemplate(server, world, [{ policy: vulnerabilities }, { policy: vulnerabilities, phase: 1 }]);
    const id = await createRelease(server, world, template);
    await finishCurrentPhaseTasks(server, world, id);
    await runAndReport(server, world, id);
    expect(await statuses(id)).toEqual({ release: 'compliant', phase: 'compliant' });
    const done = await server.request('POST', `/api/sn_dpr/digital_product_release/release_id/${id}/complete_phase`, { auth: world.as('pm') });
    expect(done.status, done.text).toBe(201);
    const [gate, ship] = await phases(server, id);
    expect([gate.policy_status, ship.policy_status]).toEqual(['compliant', 'not_run']);
    expect((await release(server, id)).policy_status).toBe('not_run');
    const next = await runAndReport(server, world, id);
    expect(next.overallSummary).toMatchObject({ currentPhase: 'Ship', compliant: true, totalCount: 1 });
    expect((await release(server, id)).policy_status).toBe('compliant');
  });
});
