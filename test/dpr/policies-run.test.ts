import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type UserKey, type World } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import {
  BASE,
  V1,
  createPolicyTemplate,
  createRelease,
  db,
  executions,
  packPolicy,
  phases,
  release,
  requestRun,
  runJobs,
  startPolicyServer,
  update,
} from '../policy/policy-world.ts';

const SCHEDULED = { error: false, errorCode: '', message: 'Policy execution scheduled.', policyExecutionScheduled: true };

describe.each(DIALECTS)('POST release/{releaseId}/policies/run (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let template: string;
  let emptyTemplate: string;
  let tasksClosed: string;
  let coverage: string;

  const runJobsOf = (releaseId: string) =>
    db(server).selectFrom('sys_job').selectAll().where('job_type', '=', 'policy.run').where('payload', '=', JSON.stringify({ releaseId })).orderBy('sys_created_on').execute();
  const expectRefusal = (res: { status: number; json: any; text: string }, message: string) => {
    expect(res.status, res.text).toBe(400);
    expect(res.json).toEqual({ result: { error: true, message, errorCode: '400', policyExecutionScheduled: false } });
  };

  beforeAll(async () => {
    server = await startPolicyServer(dialect);
    world = await createWorld(server);
    tasksClosed = await packPolicy(server, 'all_phase_tasks_closed');
    coverage = await packPolicy(server, 'code_coverage_threshold');
    template = await createPolicyTemplate(server, world, [
      { policy: tasksClosed },
      { policy: coverage, config: { minCodeCoverageThreshold: 80 } },
      { policy: tasksClosed, phase: 1 },
    ]);
    emptyTemplate = await createPolicyTemplate(server, world, []);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('schedules one background run and answers exactly as the reference; the run writes one execution per mapping', async () => {
    const id = await createRelease(server, world, template);
    const [gate, ship] = await phases(server, id);
    const res = await requestRun(server, world, id);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({ result: SCHEDULED });

    const [job] = await runJobsOf(id);
    expect(job).toMatchObject({ state: 'queued', idempotency_key: `policy-run:${id}` });
    expect((await phases(server, id)).map((p) => p.policy_status)).toEqual(['in_progress', 'not_run']);
    expect((await release(server, id)).policy_status).toBe('in_progress');
    expect(await executions(server, id)).toEqual([]);

    expect(await runJobs(server)).toBe(1);
    const [done] = await runJobsOf(id);
    expect(done).toMatchObject({ state: 'done', idempotency_key: null, attempts: 1 });
    const rows = await executions(server, id);
    expect(rows).toHaveLength(2);
    const gateMappings = await db(server).selectFrom('sn_pace_policy_mapping').selectAll().where('phase', '=', gate.sys_id).execute();
    expect(rows.map((r) => r.mapping).sort()).toEqual(gateMappings.map((m) => m.sys_id).sort());
    for (const row of rows) {
      expect(row).toMatchObject({ release: id, phase: gate.sys_id, product: world.products.payments, status: 'non_compliant', sys_class_name: 'sn_dpr_policy_execution' });
      expect(String(row.last_run_at)).toMatch(/^2025-10-01 00:0\d:\d\d$/);
      expect(String(row.run_id)).toMatch(/^[0-9a-f]{32}$/);
      expect(row.run_id).toBe(rows[0].run_id);
      const output = JSON.parse(String(row.execution_output));
      expect(output).toMatchObject({ result: false, inputSizes: expect.objectContaining({ tasks: 2, allTasks: 3, artifacts: 0 }) });
    }
    const tasks = rows.find((r) => r.policy === tasksClosed)!;
    expect(tasks.reason).toMatch(/^2 of 2 tasks of the phase are not closed: RTSK\d{7}, RTSK\d{7}$/);
    const cov = rows.find((r) => r.policy === coverage)!;
    expect(cov.reason).toBe('The release has no artifacts, so code coverage cannot be verified');
    expect(JSON.parse(String(cov.execution_output)).params).toEqual({ minCodeCoverageThreshold: 80 });

    expect((await phases(server, id)).map((p) => [p.sys_id, p.policy_status])).toEqual([
      [gate.sys_id, 'non_compliant'],
      [ship.sys_id, 'not_run'],
    ]);
    expect((await release(server, id)).policy_status).toBe('non_compliant');
  });

  it('answers the same under the versioned prefix', async () => {
    const id = await createRelease(server, world, template);
    const res = await requestRun(server, world, id, 'pm', V1);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({ result: SCHEDULED });
    expect(await runJobsOf(id)).toHaveLength(1);
    await runJobs(server);
    expect(await executions(server, id)).toHaveLength(2);
  });

  it('coalesces a request made while a run is queued; once the run has started a request queues a new one', async () => {
    const id = await createRelease(server, world, template);
    for (const base of [BASE, V1, BASE]) {
      const res = await requestRun(server, world, id, 'pm', base);
      expect(res.status, res.text).toBe(201);
      expect(res.json).toEqual({ result: SCHEDULED });
    }
    expect(await runJobsOf(id)).toHaveLength(1);
    expect(await runJobs(server)).toBe(1);
    const first = await executions(server, id);
    expect(first).toHaveLength(2);
    expect(new Set(first.map((r) => r.run_id)).size).toBe(1);

    expect((await requestRun(server, world, id)).status).toBe(201);
    const jobs = await runJobsOf(id);
    expect(jobs.map((j) => j.state)).toEqual(['done', 'queued']);
    expect(jobs.map((j) => j.idempotency_key)).toEqual([null, `policy-run:${id}`]);
    expect(await runJobs(server)).toBe(1);
    const second = await executions(server, id);
    expect(second).toHaveLength(4);
    expect(new Set(second.map((r) => r.run_id)).size).toBe(2);
  });

  it('answers 201 without scheduling anything when the phase has no active mapping', async () => {
    const id = await createRelease(server, world, emptyTemplate);
    const res = await requestRun(server, world, id);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({
      result: { error: false, errorCode: '', message: 'No active policy is mapped to the current phase Gate; there is nothing to run.', policyExecutionScheduled: false },
    });
    expect(await runJobsOf(id)).toEqual([]);
    expect((await phases(server, id)).map((p) => p.policy_status)).toEqual(['not_run', 'not_run']);

    // Inactive mappings do not count either.
    const withMappings = await createRelease(server, world, template);
    const [gate] = await phases(server, withMappings);
    await db(server).updateTable('sn_pace_policy_mapping').set({ state: 'inactive' }).where('phase', '=', gate.sys_id).execute();
    expect((await requestRun(server, world, withMappings)).json.result.policyExecutionScheduled).toBe(false);
  });

  it('refuses a release or current phase that is not In Progress, with the reference error fields', async () => {
    expectRefusal(await requestRun(server, world, 'a'.repeat(32)), 'Release ID is invalid');
    expectRefusal(await requestRun(server, world, 'not-a-sys-id', 'pm', V1), 'Release ID is invalid');

    const draft = await server.request('POST', `${BASE}/release`, { auth: world.as('pm'), body: { isDraftRelease: true, name: 'Draft for policies', productId: world.products.payments } });
    expect(draft.status, draft.text).toBe(201);
    expectRefusal(await requestRun(server, world, draft.json.result.releaseId), 'Release must be In Progress to run policies (current state: Draft)');

    const held = await createRelease(server, world, template);
    expect((await server.request('POST', `/api/dpr/release/${held}/hold`, { auth: world.as('ra'), body: { reason: 'Legal review' } })).status).toBe(200);
    expectRefusal(await requestRun(server, world, held), 'Release must be In Progress to run policies (current state: On Hold)');

    const pendingPhase = await createRelease(server, world, template);
    const [gate] = await phases(server, pendingPhase);
    await update(server, 'sn_dpr_model_release_phase', String(gate.sys_id), { state: 'pending' });
    expectRefusal(await requestRun(server, world, pendingPhase), 'The current phase must be In Progress to run policies (phase Gate is Pending)');

    const noPhase = await createRelease(server, world, template);
    await update(server, 'sn_dpr_model_release', noPhase, { current_phase: null });
    const name = (await release(server, noPhase)).name;
    expectRefusal(await requestRun(server, world, noPhase), `Release ${name} has no current phase`);

    for (const id of [held, pendingPhase, noPhase]) expect(await runJobsOf(id)).toEqual([]);
  });

  it('is for product managers only (and admin)', async () => {
    const id = await createRelease(server, world, template);
    const anonymous = await server.request('POST', `${BASE}/release/${id}/policies/run`, { auth: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ error: { message: 'User Not Authenticated' }, status: 'failure' });
    for (const who of ['ra', 'rc', 'ru', 'cal', 'tmpl', 'nobody'] as UserKey[]) {
      const res = await requestRun(server, world, id, who);
      expect(res.status, `${who}: ${res.text}`).toBe(403);
      expect(res.json).toMatchObject({ error: { message: 'User Not Authorized' }, status: 'failure' });
    }
    expect(await runJobsOf(id)).toEqual([]);
    expect((await requestRun(server, world, id, 'pm')).status).toBe(201);
    const asAdmin = await server.request('POST', `${V1}/release/${id}/policies/run`);
    expect(asAdmin.status, asAdmin.text).toBe(201);
    expect(asAdmin.json).toEqual({ result: SCHEDULED });
    expect(await runJobsOf(id)).toHaveLength(1);
    await runJobs(server);
  });

  it('accepts an empty JSON object as body', async () => {
    const id = await createRelease(server, world, template);
    const res = await server.request('POST', `${BASE}/release/${id}/policies/run`, { auth: world.as('pm'), body: {} });
    expect(res.status, res.text).toBe(201);
    await runJobs(server);
  });

  it('a queued run whose release stopped being runnable evaluates nothing and leaves no phase In progress', async () => {
    const id = await createRelease(server, world, template);
    expect((await requestRun(server, world, id)).status).toBe(201);
    expect((await phases(server, id))[0].policy_status).toBe('in_progress');
    expect((await server.request('POST', `/api/dpr/release/${id}/hold`, { auth: world.as('ra'), body: { reason: 'Paused' } })).status).toBe(200);
    expect(await runJobs(server)).toBe(1);
    expect(await executions(server, id)).toEqual([]);
    expect((await phases(server, id)).map((p) => p.policy_status)).toEqual(['not_run', 'not_run']);
    expect((await release(server, id)).policy_status).toBe('not_run');
  });

  it('the daily trigger runs the policies of every In Progress phase', async () => {
    const id = await createRelease(server, world, template);
    const idle = await createRelease(server, world, emptyTemplate);
    const moved = await server.request('POST', '/api/dpr/clock', { body: { now: '2025-10-02T00:30:00Z' } });
    expect(moved.status, moved.text).toBe(200);
    const rows = await executions(server, id);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => String(r.last_run_at).startsWith('2025-10-02 00:30'))).toBe(true);
    expect(await executions(server, idle)).toEqual([]);
    expect((await phases(server, id))[0].policy_status).toBe('non_compliant');
    const daily = await db(server).selectFrom('sys_job').select(['state']).where('job_type', '=', 'policy.daily_runs').execute();
    expect(daily).toEqual([{ state: 'done' }]);
  });
});
