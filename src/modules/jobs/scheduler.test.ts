import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/dialects.ts';
import type { Services } from '../../app.ts';
import { nextRunAfter, triggerJobKey } from './scheduler.ts';
import { createJobTestDatabase, frozenClock, jobKit, type JobTestDatabase } from './testing/job-test-database.ts';

const at = (iso: string) => new Date(iso);
const HOUR = 3600;

describe('nextRunAfter', () => {
  it('is the first whole interval strictly after now, so missed runs coalesce', () => {
    const from = at('2025-03-10T09:00:00Z');
    expect(nextRunAfter(from, HOUR, at('2025-03-10T09:00:00Z'))).toEqual(at('2025-03-10T10:00:00Z'));
    expect(nextRunAfter(from, HOUR, at('2025-03-10T09:59:59Z'))).toEqual(at('2025-03-10T10:00:00Z'));
    expect(nextRunAfter(from, HOUR, at('2025-03-10T10:00:00Z'))).toEqual(at('2025-03-10T11:00:00Z'));
    expect(nextRunAfter(from, HOUR, at('2025-03-10T12:30:00Z'))).toEqual(at('2025-03-10T13:00:00Z'));
    // A clock set backwards still moves next_run forward by one interval.
    expect(nextRunAfter(from, HOUR, at('2025-03-01T00:00:00Z'))).toEqual(at('2025-03-10T10:00:00Z'));
  });
});

describe.each(DIALECTS)('scheduler (%s)', (dialect) => {
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

  const jobsOf = (type: string) => db.selectFrom('sys_job').selectAll().where('job_type', '=', type).orderBy('run_at').execute();
  const triggerNamed = (name: string) => db.selectFrom('sys_trigger').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

  it('creates a trigger once and keeps its schedule and active flag when ensured again', async () => {
    const clock = frozenClock('2025-03-10T08:30:00Z');
    const { scheduler } = jobKit(services, clock);
    const created = await scheduler.ensureTrigger({ name: 'hourly', type: 'tick', payload: { a: 1 }, intervalSeconds: HOUR, firstRun: at('2025-03-10T09:00:00Z') });
    expect(created).toMatchObject({ name: 'hourly', type: 'tick', payload: { a: 1 }, intervalSeconds: HOUR, nextRun: at('2025-03-10T09:00:00Z') });
    expect(await triggerNamed('hourly')).toMatchObject({ active: 1, next_run: '2025-03-10 09:00:00', sys_mod_count: 0, sys_class_name: 'sys_trigger' });

    await db.updateTable('sys_trigger').set({ active: 0 }).where('name', '=', 'hourly').execute();
    // Same spec: nothing changes.
    await scheduler.ensureTrigger({ name: 'hourly', type: 'tick', payload: { a: 1 }, intervalSeconds: HOUR, firstRun: at('2025-04-01T00:00:00Z') });
    expect(await triggerNamed('hourly')).toMatchObject({ sys_mod_count: 0, active: 0, next_run: '2025-03-10 09:00:00' });
    // A new interval and payload are taken; the schedule and the admin's switch are not touched.
    const updated = await scheduler.ensureTrigger({ name: 'hourly', type: 'tick2', payload: { a: 2 }, intervalSeconds: 2 * HOUR, firstRun: at('2025-04-01T00:00:00Z') });
    expect(updated).toMatchObject({ type: 'tick2', payload: { a: 2 }, intervalSeconds: 2 * HOUR, nextRun: at('2025-03-10T09:00:00Z') });
    expect(await triggerNamed('hourly')).toMatchObject({ sys_mod_count: 1, active: 0 });
    expect(await db.selectFrom('sys_trigger').select('sys_id').execute()).toHaveLength(1);
    expect(() => scheduler.ensureTrigger({ name: 'bad', type: 't', intervalSeconds: 0, firstRun: clock.now() })).toThrow(/intervalSeconds/);
  });

  it('fires a due trigger once per interval and advances next_run', async () => {
    const clock = frozenClock('2025-03-10T08:30:00Z');
    const { scheduler } = jobKit(services, clock);
    await scheduler.ensureTrigger({ name: 'every-hour', type: 'hourly-work', payload: { kind: 'h' }, intervalSeconds: HOUR, firstRun: at('2025-03-10T09:00:00Z') });

    expect(await scheduler.tick()).toBe(0);
    clock.set(at('2025-03-10T09:00:00Z'));
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    clock.set(at('2025-03-10T09:59:59Z'));
    expect(await scheduler.tick()).toBe(0);
    clock.set(at('2025-03-10T10:00:01Z'));
    expect(await scheduler.tick()).toBe(1);

    const jobs = await jobsOf('hourly-work');
    expect(jobs.map((j) => [j.run_at, j.idempotency_key, j.payload, j.state])).toEqual([
      ['2025-03-10 09:00:00', triggerJobKey('every-hour', '2025-03-10 09:00:00'), '{"kind":"h"}', 'queued'],
      ['2025-03-10 10:00:00', triggerJobKey('every-hour', '2025-03-10 10:00:00'), '{"kind":"h"}', 'queued'],
    ]);
    expect((await triggerNamed('every-hour')).next_run).toBe('2025-03-10 11:00:00');
  });

  it('coalesces missed intervals: 3 hours later an hourly trigger fires once and resumes on its grid', async () => {
    const clock = frozenClock('2025-03-10T08:30:00Z');
    const { scheduler, worker } = jobKit(services, clock);
    let runs = 0;
    worker.registerHandler('catch-up', async () => {
      runs++;
    });
    await scheduler.ensureTrigger({ name: 'catch-up', type: 'catch-up', intervalSeconds: HOUR, firstRun: at('2025-03-10T09:00:00Z') });
    clock.advance(3 * HOUR * 1000);
    expect(await scheduler.tick()).toBe(1);
    await worker.drain();
    expect(runs).toBe(1);
    expect((await triggerNamed('catch-up')).next_run).toBe('2025-03-10 12:00:00');
    expect(await jobsOf('catch-up')).toHaveLength(1);
  });

  it('never fires an inactive trigger', async () => {
    const clock = frozenClock('2025-03-10T08:30:00Z');
    const { scheduler } = jobKit(services, clock);
    await scheduler.ensureTrigger({ name: 'off', type: 'off-work', intervalSeconds: 60, firstRun: at('2025-03-10T08:00:00Z') });
    await db.updateTable('sys_trigger').set({ active: 0 }).where('name', '=', 'off').execute();
    expect(await scheduler.tick()).toBe(0);
    expect(await jobsOf('off-work')).toHaveLength(0);
  });

  it('skips triggers broken by hand (zero interval, payload not JSON) and still fires the others', async () => {
    const clock = frozenClock('2025-03-10T08:30:00Z');
    const { scheduler } = jobKit(services, clock);
    const firstRun = at('2025-03-10T08:00:00Z');
    await scheduler.ensureTrigger({ name: 'zero', type: 'zero-work', intervalSeconds: 60, firstRun });
    await scheduler.ensureTrigger({ name: 'garbled', type: 'garbled-work', intervalSeconds: 60, firstRun });
    await scheduler.ensureTrigger({ name: 'fine', type: 'fine-work', intervalSeconds: 60, firstRun });
    await db.updateTable('sys_trigger').set({ interval_seconds: 0 }).where('name', '=', 'zero').execute();
    await db.updateTable('sys_trigger').set({ payload: '{not json' }).where('name', '=', 'garbled').execute();
    expect(await scheduler.tick()).toBe(1);
    expect(await jobsOf('zero-work')).toHaveLength(0);
    expect(await jobsOf('garbled-work')).toHaveLength(0);
    expect(await jobsOf('fine-work')).toHaveLength(1);
  });

  it('fires once per interval when two schedulers in two processes tick concurrently', async () => {
    const other = await database.open();
    const clockA = frozenClock('2025-03-10T08:30:00Z');
    const clockB = frozenClock('2025-03-10T08:30:00Z');
    const a = jobKit(services, clockA);
    const b = jobKit(other, clockB);
    await Promise.all([
      a.scheduler.ensureTrigger({ name: 'shared', type: 'shared-work', intervalSeconds: HOUR, firstRun: at('2025-03-10T09:00:00Z') }),
      b.scheduler.ensureTrigger({ name: 'shared', type: 'shared-work', intervalSeconds: HOUR, firstRun: at('2025-03-10T09:00:00Z') }),
    ]);
    let fired = 0;
    for (let hour = 1; hour <= 8; hour++) {
      clockA.advance(HOUR * 1000);
      clockB.advance(HOUR * 1000);
      await Promise.all([a.scheduler.tick(), b.scheduler.tick(), a.scheduler.tick(), b.scheduler.tick()]);
      fired++;
      // Other suites' triggers share this database (and are realigned to this clock), so count
      // the shared trigger's own jobs: exactly one more per interval.
      expect(await jobsOf('shared-work')).toHaveLength(fired);
    }
    const jobs = await jobsOf('shared-work');
    expect(jobs).toHaveLength(fired);
    expect(new Set(jobs.map((j) => j.run_at)).size).toBe(fired);
    expect((await triggerNamed('shared')).next_run).toBe('2025-03-10 17:00:00');
  });

  it('does not fire again when the job was enqueued but next_run was not advanced (a crash between the steps)', async () => {
    const clock = frozenClock('2025-03-10T09:00:00Z');
    const { scheduler, queue } = jobKit(services, clock);
    await scheduler.ensureTrigger({ name: 'crash', type: 'crash-work', intervalSeconds: HOUR, firstRun: at('2025-03-10T09:00:00Z') });
    await queue.enqueue(db, { type: 'crash-work', runAt: at('2025-03-10T09:00:00Z'), idempotencyKey: triggerJobKey('crash', '2025-03-10 09:00:00') });
    expect(await scheduler.tick()).toBe(1);
    expect(await jobsOf('crash-work')).toHaveLength(1);
    expect((await triggerNamed('crash')).next_run).toBe('2025-03-10 10:00:00');
  });
});
