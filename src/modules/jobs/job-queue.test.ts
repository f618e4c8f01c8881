import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/dialects.ts';
import type { Services } from '../../app.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { JobQueue } from './job-queue.ts';
import { claimJobs } from './sql/claim-jobs.ts';
import { purgeDoneJobs } from './sql/purge-done-jobs.ts';
import { createJobTestDatabase, frozenClock, type JobTestDatabase } from './testing/job-test-database.ts';

const T0 = '2025-03-10T09:00:00Z';
const at = (iso: string) => new Date(iso);
const LEASE = 60_000;

async function rowsOf(db: Kysely<any>, type: string) {
  return db.selectFrom('sys_job').selectAll().where('job_type', '=', type).execute();
}

describe.each(DIALECTS)('job queue (%s)', (dialect) => {
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
  });

  it('enqueues, claims and completes a job', async () => {
    const clock = frozenClock(T0);
    const queue = new JobQueue(clock);
    const job = await queue.enqueue(db, { type: 'mail', payload: { to: 'a@b.c', n: [1, 2] } });
    expect(job).toMatchObject({ type: 'mail', state: 'queued', attempts: 0, maxAttempts: 5, payload: { to: 'a@b.c', n: [1, 2] } });
    expect(job.runAt).toEqual(at(T0));
    expect(job.id).toMatch(/^[0-9a-f]{32}$/);

    const [claimed, ...others] = await queue.claim(db, 'w1', 10, LEASE);
    expect(others).toEqual([]);
    expect(claimed).toMatchObject({ id: job.id, state: 'running', attempts: 1, lockedBy: 'w1', payload: { to: 'a@b.c', n: [1, 2] } });
    expect(claimed.lockedUntil).toEqual(new Date(at(T0).getTime() + LEASE));
    expect(await queue.claim(db, 'w2', 10, LEASE)).toEqual([]);

    clock.advance(5000);
    expect(await queue.complete(db, claimed)).toBe(true);
    const done = await queue.get(db, job.id);
    expect(done).toMatchObject({ state: 'done', attempts: 1, lockedBy: null, lockedUntil: null, lastError: null });
    expect(done!.finishedAt).toEqual(at('2025-03-10T09:00:05Z'));
    // A second completion of the same claim changes nothing.
    expect(await queue.complete(db, claimed)).toBe(false);
    const [row] = await rowsOf(db, 'mail');
    expect(row).toMatchObject({ sys_class_name: 'sys_job', sys_created_on: '2025-03-10 09:00:00', sys_updated_on: '2025-03-10 09:00:05', sys_mod_count: 2 });
  });

  it('stores a job without payload as null', async () => {
    const queue = new JobQueue(frozenClock(T0));
    const job = await queue.enqueue(db, { type: 'bare' });
    expect(job.payload).toBeNull();
    expect((await rowsOf(db, 'bare'))[0].payload).toBeNull();
  });

  it('claims only due jobs, earliest first, up to the limit', async () => {
    const clock = frozenClock(T0);
    const queue = new JobQueue(clock);
    const late = await queue.enqueue(db, { type: 'order', payload: 'late', runAt: at('2025-03-10T08:59:00Z') });
    const early = await queue.enqueue(db, { type: 'order', payload: 'early', runAt: at('2025-03-10T08:00:00Z') });
    const future = await queue.enqueue(db, { type: 'order', payload: 'future', runAt: at('2025-03-10T10:00:00Z') });

    // A lease longer than the test's hour, so the first two stay claimed.
    const lease = 2 * 3600_000;
    expect((await queue.claim(db, 'w1', 1, lease)).map((j) => j.id)).toEqual([early.id]);
    expect((await queue.claim(db, 'w1', 5, lease)).map((j) => j.id)).toEqual([late.id]);
    expect(await queue.claim(db, 'w1', 5, lease)).toEqual([]);
    clock.set(at('2025-03-10T10:00:00Z'));
    expect((await queue.claim(db, 'w1', 5, lease)).map((j) => j.id)).toEqual([future.id]);
    expect(await queue.claim(db, 'w1', 0, lease)).toEqual([]);
  });

  it('skips the jobs a claimer says it is running', async () => {
    const clock = frozenClock(T0);
    const queue = new JobQueue(clock);
    const a = await queue.enqueue(db, { type: 'x' });
    const b = await queue.enqueue(db, { type: 'x' });
    await queue.claim(db, 'w1', 2, LEASE);
    clock.advance(2 * LEASE);
    const reclaimed = await queue.claim(db, 'w1', 5, LEASE, [a.id]);
    expect(reclaimed.map((j) => j.id)).toEqual([b.id]);
  });

  it('retries a failed job with exponential backoff and buries it after max attempts', async () => {
    const clock = frozenClock(T0);
    const queue = new JobQueue(clock);
    const job = await queue.enqueue(db, { type: 'flaky', maxAttempts: 3 });

    let claimed = (await queue.claim(db, 'w1', 1, LEASE))[0];
    expect(await queue.fail(db, claimed, new Error('boom 1'))).toBe('retry');
    let row = await queue.get(db, job.id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1, lastError: 'boom 1', lockedBy: null, lockedUntil: null, finishedAt: null });
    expect(row!.runAt).toEqual(at('2025-03-10T09:00:10Z'));

    // Not due before the backoff has passed.
    clock.advance(9_000);
    expect(await queue.claim(db, 'w1', 1, LEASE)).toEqual([]);
    clock.advance(1_000);
    claimed = (await queue.claim(db, 'w1', 1, LEASE))[0];
    expect(claimed.attempts).toBe(2);
    expect(await queue.fail(db, claimed, 'boom 2')).toBe('retry');
    row = await queue.get(db, job.id);
    expect(row!.runAt).toEqual(at('2025-03-10T09:00:30Z'));

    clock.set(at('2025-03-10T09:00:30Z'));
    claimed = (await queue.claim(db, 'w1', 1, LEASE))[0];
    expect(claimed.attempts).toBe(3);
    expect(await queue.fail(db, claimed, new Error('boom 3'))).toBe('dead');
    row = await queue.get(db, job.id);
    expect(row).toMatchObject({ state: 'dead', attempts: 3, lastError: 'boom 3' });
    expect(row!.finishedAt).toEqual(at('2025-03-10T09:00:30Z'));
    clock.advance(24 * 3600_000);
    expect(await queue.claim(db, 'w1', 1, LEASE)).toEqual([]);
  });

  it('uses the backoff it is given and can bury a job at once', async () => {
    const clock = frozenClock(T0);
    const queue = new JobQueue(clock, (attempts) => attempts * 60_000);
    const a = await queue.enqueue(db, { type: 'b' });
    const b = await queue.enqueue(db, { type: 'b' });
    const [ca, cb] = await queue.claim(db, 'w1', 2, LEASE);
    await queue.fail(db, ca.id === a.id ? ca : cb, new Error('later'));
    await queue.fail(db, ca.id === b.id ? ca : cb, new Error('never'), { permanent: true });
    expect((await queue.get(db, a.id))!.runAt).toEqual(at('2025-03-10T09:01:00Z'));
    expect(await queue.get(db, b.id)).toMatchObject({ state: 'dead', attempts: 1, lastError: 'never' });
  });

  it('treats a duplicate idempotency key as a no-op returning the existing job', async () => {
    const clock = frozenClock(T0);
    const queue = new JobQueue(clock);
    const first = await queue.enqueue(db, { type: 'once', payload: { v: 1 }, idempotencyKey: 'k-1' });
    clock.advance(1000);
    const second = await queue.enqueue(db, { type: 'once', payload: { v: 2 }, idempotencyKey: 'k-1' });
    expect(second.id).toBe(first.id);
    expect(second.payload).toEqual({ v: 1 });
    expect(await rowsOf(db, 'once')).toHaveLength(1);
    // Still a no-op once the job ran.
    const [claimed] = await queue.claim(db, 'w1', 1, LEASE);
    await queue.complete(db, claimed);
    expect((await queue.enqueue(db, { type: 'once', idempotencyKey: 'k-1' })).state).toBe('done');
    // Jobs without a key never collide.
    await queue.enqueue(db, { type: 'once' });
    await queue.enqueue(db, { type: 'once' });
    expect(await rowsOf(db, 'once')).toHaveLength(3);
  });

  it('keeps one job when the same key is enqueued concurrently', async () => {
    const queue = new JobQueue(frozenClock(T0));
    const other = await database.open();
    const otherQueue = new JobQueue(frozenClock(T0));
    const jobs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? queue.enqueue(db, { type: 'race', idempotencyKey: 'same' }) : otherQueue.enqueue(other.database.db, { type: 'race', idempotencyKey: 'same' }))),
    );
    expect(new Set(jobs.map((j) => j.id)).size).toBe(1);
    expect(await rowsOf(db, 'race')).toHaveLength(1);
  });

  it('enqueues inside the caller transaction: a rollback leaves no job', async () => {
    const queue = new JobQueue(frozenClock(T0));
    await expect(
      inTransaction(db, async (trx) => {
        await queue.enqueue(trx, { type: 'tx', idempotencyKey: 'tx-1' });
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await rowsOf(db, 'tx')).toHaveLength(0);
    await inTransaction(db, async (trx) => {
      await queue.enqueue(trx, { type: 'tx', idempotencyKey: 'tx-1' });
    });
    expect(await rowsOf(db, 'tx')).toHaveLength(1);
  });

  it('lets another worker take over an expired lease and ignores the first worker’s late outcome', async () => {
    const clock = frozenClock(T0);
    const queue = new JobQueue(clock);
    const job = await queue.enqueue(db, { type: 'slow' });
    const byA = (await queue.claim(db, 'worker-a', 1, LEASE))[0];

    clock.advance(LEASE);
    // At the lease's last second it still belongs to A.
    expect(await queue.claim(db, 'worker-b', 1, LEASE)).toEqual([]);
    clock.advance(1000);
    const byB = (await queue.claim(db, 'worker-b', 1, LEASE))[0];
    expect(byB).toMatchObject({ id: job.id, lockedBy: 'worker-b', attempts: 2 });

    expect(await queue.complete(db, byA)).toBe(false);
    expect(await queue.fail(db, byA, new Error('late'))).toBe('lost');
    expect(await queue.get(db, job.id)).toMatchObject({ state: 'running', lockedBy: 'worker-b', lastError: null });
    expect(await queue.complete(db, byB)).toBe(true);
    expect(await queue.get(db, job.id)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('ignores an outcome from an older claim of the same worker', async () => {
    const clock = frozenClock(T0);
    const queue = new JobQueue(clock, () => 0);
    const job = await queue.enqueue(db, { type: 'again' });
    const first = (await queue.claim(db, 'w1', 1, LEASE))[0];
    clock.advance(LEASE + 1000);
    const second = (await queue.claim(db, 'w1', 1, LEASE))[0];
    expect(second.attempts).toBe(2);
    // The first claim's late completion would otherwise finish the second run's job.
    expect(await queue.complete(db, first)).toBe(false);
    expect(await queue.get(db, job.id)).toMatchObject({ state: 'running', attempts: 2 });
  });

  it('claims each job once when claims race (PostgreSQL: SKIP LOCKED)', async () => {
    const queue = new JobQueue(frozenClock(T0));
    const other = await database.open();
    for (let i = 0; i < 60; i++) await queue.enqueue(db, { type: 'burst', payload: i });
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => claimJobs(i % 2 ? db : other.database.db, `w${i}`, 7, at(T0), LEASE)),
    );
    const ids = claims.flat().map((j) => j.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
  });

  it('purges done jobs older than the cutoff and nothing else', async () => {
    const clock = frozenClock('2025-03-01T00:00:00Z');
    const queue = new JobQueue(clock);
    const finish = async (type: string, how: 'done' | 'dead' | 'queued') => {
      const job = await queue.enqueue(db, { type });
      if (how === 'queued') return job;
      const [claimed] = await queue.claim(db, 'w1', 1, LEASE);
      if (how === 'done') await queue.complete(db, claimed);
      else await queue.fail(db, claimed, 'x', { permanent: true });
      return job;
    };
    const oldDone = await finish('old-done', 'done');
    const oldDead = await finish('old-dead', 'dead');
    clock.set(at('2025-03-09T00:00:00Z'));
    const newDone = await finish('new-done', 'done');
    const queued = await finish('queued', 'queued');

    expect(await purgeDoneJobs(db, at('2025-03-02T00:00:00Z'))).toBe(1);
    expect(await queue.get(db, oldDone.id)).toBeUndefined();
    for (const kept of [oldDead, newDone, queued]) expect(await queue.get(db, kept.id)).toBeDefined();
  });

  it('rejects a job spec it cannot store', async () => {
    const queue = new JobQueue(frozenClock(T0));
    expect(() => queue.enqueue(db, { type: '' })).toThrow(/type/);
    expect(() => queue.enqueue(db, { type: 'x', maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});
