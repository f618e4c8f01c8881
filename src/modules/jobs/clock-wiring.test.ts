import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/dialects.ts';
import { startServer, type TestServer } from '../../../test/support/server.ts';
import { toGlideDateTime } from '../../platform/clock/format.ts';
import { DONE_JOB_RETENTION_MS, PURGE_DONE_JOBS } from './housekeeping.ts';

const NOW = '2025-09-26T08:30:00Z';

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(DIALECTS)('jobs on the server (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: NOW, DPR_JOB_POLL_MS: 20 });
  });
  afterAll(async () => {
    await server?.close();
  });

  const jobs = () => server.handle.services.jobs;
  const db = () => server.handle.services.database.db;

  it('runs an hourly trigger once when the clock moves 3 hours, before POST /api/dpr/clock answers', async () => {
    const ran: string[] = [];
    jobs().worker.registerHandler('test.hourly', async (_payload, { clock }) => {
      // Slow enough that an answer not waiting for it would be caught.
      await new Promise((r) => setTimeout(r, 100));
      ran.push(clock.now().toISOString());
    });
    await jobs().scheduler.ensureTrigger({ name: 'test.hourly', type: 'test.hourly', intervalSeconds: 3600, firstRun: new Date('2025-09-26T09:00:00Z') });

    const res = await server.request('POST', '/api/dpr/clock', { body: { advance: 'PT3H' } });
    expect(res.status).toBe(200);
    expect(res.json.now).toMatch(/^2025-09-26T11:30:0\dZ$/);
    expect(ran).toHaveLength(1);
    const trigger = await db().selectFrom('sys_trigger').selectAll().where('name', '=', 'test.hourly').executeTakeFirstOrThrow();
    expect(trigger.next_run).toBe('2025-09-26 12:00:00');
    const fired = await db().selectFrom('sys_job').selectAll().where('job_type', '=', 'test.hourly').execute();
    expect(fired.map((j) => j.state)).toEqual(['done']);

    // The next hour fires the next run, and only that.
    await server.request('POST', '/api/dpr/clock', { body: { advance: 'PT1H' } });
    expect(ran).toHaveLength(2);
  });

  it('runs a job that falls due when the clock is set forward', async () => {
    let payload: unknown;
    jobs().worker.registerHandler('test.later', async (p) => {
      payload = p;
    });
    const now = server.handle.services.clock.now();
    const job = await jobs().queue.enqueue(db(), { type: 'test.later', payload: { x: 1 }, runAt: new Date(now.getTime() + 2 * 86400_000) });
    // Not due: the poll loop leaves it alone.
    await new Promise((r) => setTimeout(r, 100));
    expect((await jobs().queue.get(db(), job.id))!.state).toBe('queued');

    const target = new Date(now.getTime() + 2 * 86400_000 + 60_000).toISOString();
    const res = await server.request('POST', '/api/dpr/clock', { body: { now: target } });
    expect(res.status).toBe(200);
    expect(payload).toEqual({ x: 1 });
    expect((await jobs().queue.get(db(), job.id))!.state).toBe('done');
  });

  it('runs due jobs from the poll loop without a clock move', async () => {
    let ran = 0;
    jobs().worker.registerHandler('test.polled', async () => {
      ran++;
    });
    const job = await jobs().queue.enqueue(db(), { type: 'test.polled' });
    await until(async () => (await jobs().queue.get(db(), job.id))!.state === 'done');
    expect(ran).toBe(1);
  });

  it('purges done jobs older than 7 days in the daily housekeeping run', async () => {
    const trigger = await db().selectFrom('sys_trigger').selectAll().where('name', '=', PURGE_DONE_JOBS).executeTakeFirstOrThrow();
    expect(trigger).toMatchObject({ job_type: PURGE_DONE_JOBS, interval_seconds: 86400, active: 1 });
    expect(trigger.next_run).toMatch(/ 00:00:00$/);

    const queue = jobs().queue;
    const now = server.handle.services.clock.nowMs();
    const finished = async (type: string, agoMs: number) => {
      const job = await queue.enqueue(db(), { type });
      await db()
        .updateTable('sys_job')
        .set({ state: 'done', finished_at: toGlideDateTime(new Date(now - agoMs)) })
        .where('sys_id', '=', job.id)
        .execute();
      return job.id;
    };
    // Measured from the purge run a day from now.
    const old = await finished('test.old', DONE_JOB_RETENTION_MS);
    const recent = await finished('test.recent', DONE_JOB_RETENTION_MS - 3 * 86400_000);

    const purges = () => db().selectFrom('sys_job').select('state').where('job_type', '=', PURGE_DONE_JOBS).execute();
    // Earlier tests moved the clock by days, so the purge may have run already.
    const before = (await purges()).length;
    const res = await server.request('POST', '/api/dpr/clock', { body: { advance: 'P1D' } });
    expect(res.status).toBe(200);
    expect(await queue.get(db(), old)).toBeUndefined();
    expect(await queue.get(db(), recent)).toBeDefined();
    const after = await purges();
    expect(after).toHaveLength(before + 1);
    expect(after.every((j) => j.state === 'done')).toBe(true);
  });
});

describe.each(DIALECTS)('jobs on an api-only server (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: NOW, DPR_JOB_POLL_MS: 20, DPR_ROLE: 'api' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('does not poll, but still runs what falls due when its clock is moved', async () => {
    const { jobs, database } = server.handle.services;
    let ran = 0;
    jobs.worker.registerHandler('test.api-only', async () => {
      ran++;
    });
    const job = await jobs.queue.enqueue(database.db, { type: 'test.api-only' });
    await new Promise((r) => setTimeout(r, 150));
    expect(ran).toBe(0);
    expect((await jobs.queue.get(database.db, job.id))!.state).toBe('queued');
    const res = await server.request('POST', '/api/dpr/clock', { body: { advance: 'PT1S' } });
    expect(res.status).toBe(200);
    expect(ran).toBe(1);
  });
});
