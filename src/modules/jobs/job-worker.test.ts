import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/dialects.ts';
import type { Services } from '../../app.ts';
import { runDue } from './run-due.ts';
import { createJobTestDatabase, frozenClock, jobKit, type JobTestDatabase } from './testing/job-test-database.ts';
import type { JobContext } from './types.ts';

const T0 = '2025-03-10T09:00:00Z';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(DIALECTS)('job worker (%s)', (dialect) => {
  let database: JobTestDatabase;
  let services: Services;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createJobTestDatabase(dialect);
    services = await database.open();
    db = services.database.db;
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    await db.deleteFrom('sys_job').execute();
    await db.deleteFrom('sys_trigger').execute();
  });

  it('runs a job through its handler with payload, job, clock and signal', async () => {
    const clock = frozenClock(T0);
    const { queue, worker } = jobKit(services, clock);
    const seen: Array<{ payload: unknown; context: JobContext }> = [];
    worker.registerHandler<{ n: number }>('greet', async (payload, context) => {
      seen.push({ payload, context });
    });
    const job = await queue.enqueue(db, { type: 'greet', payload: { n: 7 } });
    expect(await worker.drain()).toEqual({ ran: 1, capped: false });
    expect(seen).toHaveLength(1);
    expect(seen[0].payload).toEqual({ n: 7 });
    expect(seen[0].context.job).toMatchObject({ id: job.id, attempts: 1, lockedBy: worker.id });
    expect(seen[0].context.clock).toBe(clock);
    expect(seen[0].context.signal.aborted).toBe(false);
    expect(await queue.get(db, job.id)).toMatchObject({ state: 'done' });
    expect(() => worker.registerHandler('greet', async () => undefined)).toThrow(/registered already/);
  });

  it('records a handler error, retries after the backoff on the app clock, and buries the job after max attempts', async () => {
    const clock = frozenClock(T0);
    const { queue, worker } = jobKit(services, clock);
    let calls = 0;
    worker.registerHandler('always-fails', async () => {
      calls++;
      throw new Error(`attempt ${calls} failed`);
    });
    const job = await queue.enqueue(db, { type: 'always-fails', maxAttempts: 3 });

    await worker.drain();
    expect(await queue.get(db, job.id)).toMatchObject({ state: 'queued', attempts: 1, lastError: 'attempt 1 failed' });
    // The retry is not due yet: draining again runs nothing.
    expect((await worker.drain()).ran).toBe(0);
    clock.advance(10_000);
    await worker.drain();
    expect(await queue.get(db, job.id)).toMatchObject({ state: 'queued', attempts: 2, lastError: 'attempt 2 failed' });
    clock.advance(20_000);
    await worker.drain();
    expect(await queue.get(db, job.id)).toMatchObject({ state: 'dead', attempts: 3, lastError: 'attempt 3 failed' });
    clock.advance(3600_000);
    await worker.drain();
    expect(calls).toBe(3);
  });

  it('buries a job of an unknown type at once with a clear error', async () => {
    const { queue, worker } = jobKit(services, frozenClock(T0));
    const job = await queue.enqueue(db, { type: 'no-such-type' });
    await worker.drain();
    const dead = await queue.get(db, job.id);
    expect(dead).toMatchObject({ state: 'dead', attempts: 1, lastError: "No handler registered for job type 'no-such-type'" });
    expect(dead!.finishedAt).not.toBeNull();
  });

  it('buries a job whose payload was edited into invalid JSON instead of failing the claim', async () => {
    const { queue, worker } = jobKit(services, frozenClock(T0));
    let calls = 0;
    worker.registerHandler('garbled', async () => {
      calls++;
    });
    const job = await queue.enqueue(db, { type: 'garbled', payload: { ok: true } });
    await db.updateTable('sys_job').set({ payload: '{oops' }).where('sys_id', '=', job.id).execute();
    const ok = await queue.enqueue(db, { type: 'garbled', payload: { ok: true } });
    expect((await worker.drain()).ran).toBe(2);
    expect(calls).toBe(1);
    expect((await queue.get(db, job.id))!.lastError).toMatch(/^The job's payload is not valid JSON: /);
    expect((await queue.get(db, job.id))!.state).toBe('dead');
    expect((await queue.get(db, ok.id))!.state).toBe('done');
  });

  it('buries a job whose last attempt lost its lease instead of running it again', async () => {
    const clock = frozenClock(T0);
    const { queue, worker } = jobKit(services, clock, { leaseMs: 60_000 });
    let calls = 0;
    worker.registerHandler('crashy', async () => {
      calls++;
    });
    const job = await queue.enqueue(db, { type: 'crashy', maxAttempts: 1 });
    // A worker that claimed it and died.
    await queue.claim(db, 'dead-worker', 1, 60_000);
    clock.advance(61_000);
    await worker.drain();
    expect(calls).toBe(0);
    expect(await queue.get(db, job.id)).toMatchObject({ state: 'dead', lastError: 'Lease expired on the last of 1 attempts' });
  });

  it('runs follow-up jobs a handler enqueues due now within the same drain', async () => {
    const { queue, worker } = jobKit(services, frozenClock(T0));
    const order: number[] = [];
    worker.registerHandler<{ step: number }>('chain', async ({ step }, { db: jobDb }) => {
      order.push(step);
      if (step < 3) await queue.enqueue(jobDb, { type: 'chain', payload: { step: step + 1 } });
    });
    await queue.enqueue(db, { type: 'chain', payload: { step: 1 } });
    expect(await worker.drain()).toEqual({ ran: 3, capped: false });
    expect(order).toEqual([1, 2, 3]);
  });

  it('caps a drain when a job re-enqueues itself due now forever', async () => {
    const { queue, worker, scheduler } = jobKit(services, frozenClock(T0));
    let calls = 0;
    worker.registerHandler('forever', async (_payload, { db: jobDb }) => {
      calls++;
      await queue.enqueue(jobDb, { type: 'forever' });
    });
    await queue.enqueue(db, { type: 'forever' });
    const result = await runDue(scheduler, worker, { maxJobs: 25 });
    expect(result.capped).toBe(true);
    expect(result.ran).toBeGreaterThanOrEqual(25);
    expect(calls).toBe(result.ran);
    expect(result.ran).toBeLessThan(25 + 4);
  });

  it('polls for due jobs, bounds concurrency, and stop() waits for a running job', async () => {
    const clock = frozenClock(T0);
    const { queue, worker } = jobKit(services, clock, { concurrency: 2, pollMs: 10 });
    const release = deferred();
    let running = 0;
    let peak = 0;
    let signal: AbortSignal | undefined;
    let finished = 0;
    worker.registerHandler('blocking', async (_payload, context) => {
      signal = context.signal;
      running++;
      peak = Math.max(peak, running);
      await release.promise;
      running--;
      finished++;
    });
    const jobs = await Promise.all([1, 2, 3].map(() => queue.enqueue(db, { type: 'blocking' })));
    worker.start();
    await until(async () => running === 2);
    // Two slots: the third job waits in the queue.
    await new Promise((r) => setTimeout(r, 50));
    expect(peak).toBe(2);
    const states = await Promise.all(jobs.map(async (j) => (await queue.get(db, j.id))!.state));
    expect(states.sort()).toEqual(['queued', 'running', 'running']);

    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(signal!.aborted).toBe(true);
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(finished).toBe(2);
    const after = await Promise.all(jobs.map(async (j) => (await queue.get(db, j.id))!.state));
    expect(after.sort()).toEqual(['done', 'done', 'queued']);
    // Stopped for good: no more polling, no more draining.
    expect(worker.stopped).toBe(true);
    expect(await worker.drain()).toEqual({ ran: 0, capped: false });
    expect(() => worker.start()).toThrow(/cannot start again/);
  });

  it('gives up waiting for a job that ignores the stop signal after stopTimeoutMs', async () => {
    const { queue, worker } = jobKit(services, frozenClock(T0), { stopTimeoutMs: 100 });
    const never = deferred();
    let started = false;
    worker.registerHandler('stuck', async () => {
      started = true;
      await never.promise;
    });
    await queue.enqueue(db, { type: 'stuck' });
    worker.start();
    await until(async () => started);
    const t = Date.now();
    await worker.stop();
    expect(Date.now() - t).toBeLessThan(2000);
    never.resolve();
  });

  it('runs every job exactly once with two workers in two processes claiming concurrently', async () => {
    const other = await database.open();
    const clock = frozenClock(T0);
    const a = jobKit(services, clock, { concurrency: 6, workerId: 'worker-a' });
    const b = jobKit(other, frozenClock(T0), { concurrency: 6, workerId: 'worker-b' });
    const runs = new Map<number, string[]>();
    for (const kit of [a, b]) {
      kit.worker.registerHandler<{ i: number }>('count', async ({ i }, { job }) => {
        runs.set(i, [...(runs.get(i) ?? []), job.lockedBy!]);
        // Yield so that the two workers interleave.
        await new Promise((r) => setImmediate(r));
      });
    }
    for (let i = 0; i < 200; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => a.queue.enqueue(db, { type: 'count', payload: { i: i + k } })));
    }
    const [ra, rb] = await Promise.all([a.worker.drain(), b.worker.drain()]);
    expect(ra.ran + rb.ran).toBe(200);
    expect(runs.size).toBe(200);
    expect([...runs.values()].every((owners) => owners.length === 1)).toBe(true);
    const byWorker = [...runs.values()].flat();
    expect(byWorker.filter((w) => w === 'worker-a').length).toBeGreaterThan(0);
    expect(byWorker.filter((w) => w === 'worker-b').length).toBeGreaterThan(0);
    const states = await db.selectFrom('sys_job').select('state').where('job_type', '=', 'count').execute();
    expect(states.every((s) => s.state === 'done')).toBe(true);
    expect(states).toHaveLength(200);
  });

  it('runs every job exactly once with two polling workers', async () => {
    const other = await database.open();
    const a = jobKit(services, frozenClock(T0), { concurrency: 3, pollMs: 10, workerId: 'poll-a' });
    const b = jobKit(other, frozenClock(T0), { concurrency: 3, pollMs: 10, workerId: 'poll-b' });
    const counts = new Map<number, number>();
    for (const kit of [a, b]) {
      kit.worker.registerHandler<{ i: number }>('tally', async ({ i }) => {
        counts.set(i, (counts.get(i) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 1));
      });
    }
    a.worker.start();
    b.worker.start();
    try {
      for (let i = 0; i < 60; i++) await a.queue.enqueue(db, { type: 'tally', payload: { i } });
      await until(async () => {
        const left = await db.selectFrom('sys_job').select('sys_id').where('job_type', '=', 'tally').where('state', '!=', 'done').execute();
        return left.length === 0;
      });
    } finally {
      await Promise.all([a.worker.stop(), b.worker.stop()]);
    }
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});
