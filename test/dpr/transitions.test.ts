import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/server.ts';

const BASE = '/api/sn_dpr/v1/digital_product_release';

describe.each(DIALECTS)('scheduled release transitions on the clock (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let n = 0;
  const db = () => server.handle.services.database.db;
  const setClock = (now: string) => server.request('POST', '/api/dpr/clock', { body: { now } });
  const createRelease = async (extra: Record<string, unknown> = {}) => {
    const res = await server.request('POST', `${BASE}/release`, {
      auth: world.as('pm'),
      body: { name: `Scheduled ${++n}`, releaseTarget: world.targets.mar20, releaseOwner: world.users.pm, templateId: world.templates.timeline, productId: world.products.payments, ...extra },
    });
    expect(res.status, res.text).toBe(201);
    return res.json.result.releaseId as string;
  };
  const phases = (id: string) => db().selectFrom('sn_dpr_model_release_phase').selectAll().where('release', '=', id).orderBy('order').execute();
  const closeTasks = async (phaseId: string) => {
    await db().updateTable('task').set({ state: 3, approval: 'approved', active: 0 }).where('phase', '=', phaseId).execute();
  };

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z' });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('completes a timeline phase on its planned end date once its tasks are closed', async () => {
    await setClock('2025-10-01T00:00:00Z');
    const id = await createRelease();
    const [plan] = await phases(id);
    const dayAfter = new Date(Date.parse(`${plan.planned_end_date}T00:00:00Z`) + 86_400_000).toISOString();
    // Due, but a task is open: nothing moves.
    await setClock(dayAfter);
    expect((await phases(id))[0].state).toBe('in_progress');
    await closeTasks(plan.sys_id);
    await server.request('POST', '/api/dpr/clock', { body: { advance: 'PT1H' } });
    const after = await phases(id);
    expect(after.map((p) => p.state)).toEqual(['completed', 'in_progress', 'pending', 'pending']);
    expect(after[0].actual_end_date).toBe(dayAfter.slice(0, 10));
  });

  it('starts a Pending release on its planned start date', async () => {
    await setClock('2025-10-01T00:00:00Z');
    const id = await createRelease();
    await db().updateTable('sn_dpr_model_release').set({ state: 'pending', planned_start_date: '2025-10-06', actual_start_date: null }).where('sys_id', '=', id).execute();
    await db().updateTable('sn_dpr_model_release_phase').set({ state: 'pending', actual_start_date: null }).where('release', '=', id).execute();
    await db().updateTable('task').set({ state: -5, approval: 'not requested' }).where('release', '=', id).execute();
    await setClock('2025-10-05T12:00:00Z');
    expect((await db().selectFrom('sn_dpr_model_release').select('state').where('sys_id', '=', id).executeTakeFirstOrThrow()).state).toBe('pending');
    await setClock('2025-10-06T01:30:00Z');
    const release = await db().selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', id).executeTakeFirstOrThrow();
    expect(release).toMatchObject({ state: 'in_progress', actual_start_date: '2025-10-06' });
    const [plan] = await phases(id);
    expect(plan.state).toBe('in_progress');
    expect(release.current_phase).toBe(plan.sys_id);
    const tasks = await db().selectFrom('task').select('state').where('phase', '=', plan.sys_id).orderBy('order').execute();
    expect(tasks.map((t) => t.state)).toEqual([1, -5]);
  });

  it('moves a stage release on as soon as a phase is done, and to Review at the end', async () => {
    await setClock('2025-10-01T00:00:00Z');
    const id = await createRelease({ templateId: world.templates.stage, releaseTarget: '' });
    for (const phase of await phases(id)) {
      await closeTasks(phase.sys_id);
      await server.request('POST', '/api/dpr/clock', { body: { advance: 'PT1H' } });
    }
    expect((await phases(id)).every((p) => p.state === 'completed')).toBe(true);
    expect((await db().selectFrom('sn_dpr_model_release').select('state').where('sys_id', '=', id).executeTakeFirstOrThrow()).state).toBe('review');
  });

  it('leaves On Hold releases alone', async () => {
    await setClock('2025-10-01T00:00:00Z');
    const id = await createRelease({ templateId: world.templates.stage, releaseTarget: '' });
    const [design] = await phases(id);
    await server.request('POST', `/api/dpr/release/${id}/hold`, { auth: world.as('ra'), body: { reason: 'freeze' } });
    await closeTasks(design.sys_id);
    await server.request('POST', '/api/dpr/clock', { body: { advance: 'PT2H' } });
    expect((await phases(id))[0].state).toBe('in_progress');
  });
});
