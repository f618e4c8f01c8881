import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type UserKey, type World } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { expectRule } from '../support/expect-rule.ts';

const BASE = '/api/sn_dpr/v1/digital_product_release';

describe.each(DIALECTS)('complete_phase, tasks and the release lifecycle (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let n = 0;
  const db = () => server.handle.services.database.db;

  const createRelease = async (extra: Record<string, unknown> = {}) => {
    const res = await server.request('POST', `${BASE}/release`, {
      auth: world.as('pm'),
      body: { name: `Phase test ${++n}`, releaseTarget: world.targets.mar20, releaseOwner: world.users.pm, templateId: world.templates.timeline, productId: world.products.payments, ...extra },
    });
    expect(res.status, res.text).toBe(201);
    return res.json.result.releaseId as string;
  };
  const complete = (id: string, user: UserKey = 'rc', base = BASE) => server.request('POST', `${base}/release_id/${id}/complete_phase`, { auth: world.as(user) });
  const release = (id: string) => db().selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', id).executeTakeFirstOrThrow();
  const phases = (id: string) => db().selectFrom('sn_dpr_model_release_phase').selectAll().where('release', '=', id).orderBy('order').orderBy('sys_created_on').execute();
  const tasksOf = (phaseId: string) => db().selectFrom('task').selectAll().where('phase', '=', phaseId).orderBy('order').execute();
  const patchTask = (taskId: string, body: Record<string, unknown>, user: UserKey = 'ru') =>
    server.request('PATCH', `/api/now/table/sn_dpr_model_release_task/${taskId}`, { auth: world.as(user), body });
  /** Works through the current phase's tasks as a release user would: approve or close each in turn. */
  const finishCurrentPhaseTasks = async (id: string) => {
    const current = (await release(id)).current_phase!;
    for (;;) {
      const open = (await tasksOf(current)).find((t) => t.state === 1 || t.state === 2);
      if (!open) break;
      const res = await patchTask(open.sys_id, open.need_approval === 1 ? { approval: 'approved' } : { state: '3' });
      expect(res.status, res.text).toBe(200);
    }
    expect((await tasksOf(current)).every((t) => [3, 4, 7].includes(t.state))).toBe(true);
  };

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z' });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers an unknown release exactly as the reference', async () => {
    const res = await complete('a');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ result: { error: true, message: 'Release ID is invalid' } });
  });

  it('opens tasks in turn, guards approvals, and completes the phase once every task is closed', async () => {
    const id = await createRelease();
    const [plan, build] = await phases(id);
    const [first, second] = await tasksOf(plan.sys_id);
    expectRule(await complete(id), `Phase Plan has 2 open task(s) that must be closed first: ${first.number}, ${second.number}`);

    const early = await patchTask(second.sys_id, { approval: 'approved' });
    expect(early.status).toBe(400);
    expect(early.json).toEqual({ error: { message: `Task ${second.number} cannot be approved or rejected before its turn (state Pending)`, detail: null }, status: 'failure' });
    expect((await patchTask(second.sys_id, { state: '3' })).json.error.message).toBe(`Task ${second.number} is Pending: its turn has not come, so it cannot be closed`);

    expect((await patchTask(first.sys_id, { state: '3' })).status).toBe(200);
    const [, opened] = await tasksOf(plan.sys_id);
    expect(opened).toMatchObject({ state: 1, approval: 'requested' });
    expect((await patchTask(second.sys_id, { state: '3' })).json.error.message).toBe(`Task ${second.number} needs approval before it can be closed`);
    expect((await patchTask(second.sys_id, { need_approval: 'false' }, 'pm')).status).toBe(403);
    const approved = await patchTask(second.sys_id, { approval: 'approved' });
    expect(approved.status).toBe(200);
    expect((await tasksOf(plan.sys_id))[1]).toMatchObject({ state: 3, approval: 'approved', active: 0 });

    const done = await complete(id);
    expect(done.status).toBe(201);
    expect(done.json).toEqual({ result: { status: 'success', message: 'Release phase is marked as complete', phaseSysId: plan.sys_id } });
    const after = await phases(id);
    expect(after[0]).toMatchObject({ state: 'completed', actual_end_date: '2025-10-01' });
    expect(after[1]).toMatchObject({ state: 'in_progress', actual_start_date: '2025-10-01' });
    expect((await release(id)).current_phase).toBe(build.sys_id);
    expect((await tasksOf(build.sys_id)).map((t) => t.state)).toEqual([1, -5]);
  });

  it('gates the phase on its policies: not run and non-compliant block, compliant passes', async () => {
    const id = await createRelease();
    const [plan] = await phases(id);
    const { store } = server.handle.services;
    const { mapping, policy } = await inTransaction(db(), async (trx) => {
      const policy = await store.insert(trx, SYSTEM_ACTOR, 'sn_pace_policy', { name: 'All tasks closed', condition: 'true', message: '"ok"' });
      const mapping = await store.insert(trx, SYSTEM_ACTOR, 'sn_dpr_pace_policy_mapping', { release: id, phase: plan.sys_id, policy: policy.sys_id, state: 'active' });
      return { mapping, policy };
    });
    await finishCurrentPhaseTasks(id);
    expectRule(await complete(id), 'Phase Plan cannot be completed until its policies are compliant: All tasks closed (not_run)');
    const execution = (status: string, at: string) =>
      inTransaction(db(), (trx) =>
        store.insert(trx, SYSTEM_ACTOR, 'sn_dpr_policy_execution', { release: id, phase: plan.sys_id, mapping: mapping.sys_id, policy: policy.sys_id, status, last_run_at: at }),
      );
    await execution('non_compliant', '2025-10-01 01:00:00');
    expectRule(await complete(id), /All tasks closed \(non_compliant\)/);
    await execution('compliant_with_exception', '2025-10-01 02:00:00');
    expect((await complete(id)).status).toBe(201);
  });

  it('runs through every phase to Review, and to Completed when the property says so', async () => {
    const id = await createRelease();
    for (let i = 0; i < 4; i++) {
      await finishCurrentPhaseTasks(id);
      expect((await complete(id, i % 2 ? 'pm' : 'ra')).status).toBe(201);
    }
    expect(await release(id)).toMatchObject({ state: 'review', current_phase: null });
    expectRule(await complete(id), 'Release must be In Progress to complete a phase (current state: Review)');
    const closed = await server.request('POST', `/api/dpr/release/${id}/complete`, { auth: world.as('ra') });
    expect(closed.status).toBe(200);
    expect(closed.json.result.state).toBe('completed');

    await db().updateTable('sys_properties').set({ value: 'true' }).where('name', '=', 'sn_dpr.auto_transition_release_to_completed').execute();
    try {
      const auto = await createRelease();
      for (let i = 0; i < 4; i++) {
        await finishCurrentPhaseTasks(auto);
        expect((await complete(auto)).status).toBe(201);
      }
      expect(await release(auto)).toMatchObject({ state: 'completed', actual_end_date: '2025-10-01' });
    } finally {
      await db().updateTable('sys_properties').set({ value: 'false' }).where('name', '=', 'sn_dpr.auto_transition_release_to_completed').execute();
    }
  });

  it('opens every task of a phase at once without sequential execution', async () => {
    await db().updateTable('sys_properties').set({ value: 'false' }).where('name', '=', 'sn_dpr.sequential_task_execution').execute();
    try {
      const id = await createRelease();
      const [plan] = await phases(id);
      expect((await tasksOf(plan.sys_id)).map((t) => [t.state, t.approval])).toEqual([
        [1, 'not requested'],
        [1, 'requested'],
      ]);
    } finally {
      await db().updateTable('sys_properties').set({ value: 'true' }).where('name', '=', 'sn_dpr.sequential_task_execution').execute();
    }
  });

  it('holds, resumes and cancels a release', async () => {
    const id = await createRelease();
    await finishCurrentPhaseTasks(id);
    expect((await server.request('POST', `/api/dpr/release/${id}/hold`, { auth: world.as('pm'), body: { reason: 'x' } })).status).toBe(403);
    const held = await server.request('POST', `/api/dpr/release/${id}/hold`, { auth: world.as('ra'), body: { reason: 'Waiting for legal' } });
    expect(held.json.result.state).toBe('on_hold');
    expect(await release(id)).toMatchObject({ state: 'on_hold', held_state: 'in_progress', hold_reason: 'Waiting for legal' });
    expectRule(await complete(id), `Release Phase test ${n} is On Hold: resume it before completing a phase`);
    expect((await server.request('POST', `/api/dpr/release/${id}/resume`, { auth: world.as('ra') })).json.result.state).toBe('in_progress');
    expect((await complete(id)).status).toBe(201);

    const noReason = await server.request('POST', `/api/dpr/release/${id}/cancel`, { auth: world.as('ra'), body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.message).toBe('A cancellation reason is required');
    const cancelled = await server.request('POST', `/api/dpr/release/${id}/cancel`, { auth: world.as('ra'), body: { reason: 'Scope moved to Q2' } });
    expect(cancelled.json.result.state).toBe('cancelled');
    const after = await phases(id);
    expect(after.map((p) => p.state)).toEqual(['completed', 'cancelled', 'cancelled', 'cancelled']);
    const tasks = await db().selectFrom('task').select(['state', 'phase']).where('release', '=', id).execute();
    expect(tasks.filter((t) => t.phase !== after[0].sys_id).every((t) => t.state === 7)).toBe(true);
    expect((await release(id)).cancellation_reason).toBe('Scope moved to Q2');
    expectRule(await complete(id), 'Release must be In Progress to complete a phase (current state: Cancelled)');
  });

  it('keeps primary and child releases in step', async () => {
    const id = await createRelease({ includedVersions: [world.versions.mobile31] });
    const child = (await db().selectFrom('sn_dpr_model_release').select(['sys_id', 'name']).where('parent', '=', id).executeTakeFirstOrThrow());
    await finishCurrentPhaseTasks(id);
    expectRule(await complete(id), `Child release ${child.name} has not completed phase Plan; the primary release cannot pass it`);
    await finishCurrentPhaseTasks(child.sys_id);
    expect((await complete(child.sys_id)).status).toBe(201);
    await finishCurrentPhaseTasks(child.sys_id);
    expectRule(await complete(child.sys_id), /cannot run ahead of its primary release Phase test \d+ \(current phase: Plan\)/);
    expect((await complete(id)).status).toBe(201);
    expect((await complete(child.sys_id)).status).toBe(201);
  });

  it('restarts a stage release from a completed phase', async () => {
    const id = await createRelease({ templateId: world.templates.stage, releaseTarget: '' });
    await finishCurrentPhaseTasks(id);
    expect((await complete(id)).status).toBe(201);
    const [design] = await phases(id);
    expect((await server.request('POST', `/api/dpr/release/${id}/restart_phase`, { auth: world.as('ra'), body: { phaseId: 'nope' } })).status).toBe(400);
    const res = await server.request('POST', `/api/dpr/release/${id}/restart_phase`, { auth: world.as('ra'), body: { phaseId: design.sys_id } });
    expect(res.status, res.text).toBe(200);
    const all = await phases(id);
    expect(all.map((p) => [p.name, p.state])).toEqual([
      ['Design', 'restarted'],
      ['Design', 'in_progress'],
      ['Develop', 'restarted'],
      ['Develop', 'pending'],
      ['Launch', 'pending'],
    ]);
    expect((await release(id)).current_phase).toBe(res.json.result.phaseSysId);
    expect((await tasksOf(res.json.result.phaseSysId)).map((t) => t.state)).toEqual([1, -5]);
  });

  it('advances a release once under 20 concurrent calls', async () => {
    const id = await createRelease();
    await finishCurrentPhaseTasks(id);
    const results = await Promise.all(Array.from({ length: 20 }, () => complete(id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(400);
      expect(r.json.result.error).toBe(true);
    }
    expect((await phases(id)).map((p) => p.state)).toEqual(['completed', 'in_progress', 'pending', 'pending']);
  });

  it('allows product managers, release admins and coordinators; refuses release users', async () => {
    const id = await createRelease();
    expect((await complete(id, 'ru')).status).toBe(403);
    expect((await complete(id, 'nobody')).status).toBe(403);
    expect((await server.request('POST', `${BASE}/release_id/${id}/complete_phase`, { auth: null })).status).toBe(401);
    for (const user of ['pm', 'ra', 'rc'] as const) expect((await complete(id, user)).status).toBe(400);
    expect((await complete(id, 'rc', '/api/sn_dpr/digital_product_release')).status).toBe(400);
  });
});
