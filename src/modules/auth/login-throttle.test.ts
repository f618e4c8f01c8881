import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/support/dialects.ts';
import type { Database } from '../../platform/db/connect.ts';
import { createJobTestDatabase, type JobTestDatabase } from '../jobs/testing/job-test-database.ts';
import { LoginThrottle } from './login-throttle.ts';

const WINDOW = 60_000;

describe.each(DIALECTS)('login throttle (%s)', (dialect) => {
  let store: JobTestDatabase;
  let one: Database;
  let two: Database;
  let t = 1_700_000_000_000;
  const now = () => t;
  const rows = async () => (await one.db.selectFrom('sys_login_failure').select(['address', 'failed_at']).orderBy('failed_at').execute()).map((r) => ({ address: r.address, failed_at: Number(r.failed_at) }));

  beforeAll(async () => {
    store = await createJobTestDatabase(dialect);
    // Two connections to one database, as two processes would hold.
    one = (await store.open()).database;
    two = (await store.open()).database;
  });
  afterAll(async () => {
    await store?.drop();
  });
  beforeEach(async () => {
    await one.db.deleteFrom('sys_login_failure').execute();
  });

  it('blocks an address after `burst` failures within the window, until the window has passed', async () => {
    const throttle = new LoginThrottle(one, now, { burst: 3, windowMs: WINDOW, pruneChance: 0 });
    for (let i = 0; i < 3; i++) {
      expect(await throttle.blocked('10.0.0.1')).toBe(false);
      await throttle.fail('10.0.0.1');
      t += 1_000;
    }
    expect(await throttle.blocked('10.0.0.1')).toBe(true);
    expect(await throttle.blocked('10.0.0.2')).toBe(false);
    // The first failure leaves the window exactly WINDOW after it was made.
    t += WINDOW - 3_000;
    expect(await throttle.blocked('10.0.0.1')).toBe(false);
  });

  it('counts the failures of every connection on the database together', async () => {
    const a = new LoginThrottle(one, now, { burst: 10, pruneChance: 0 });
    const b = new LoginThrottle(two, now, { burst: 10, pruneChance: 0 });
    for (let i = 0; i < 6; i++) await a.fail('10.0.0.3');
    for (let i = 0; i < 3; i++) await b.fail('10.0.0.3');
    expect(await a.blocked('10.0.0.3')).toBe(false);
    await b.fail('10.0.0.3');
    expect(await a.blocked('10.0.0.3')).toBe(true);
    expect(await b.blocked('10.0.0.3')).toBe(true);
  });

  it('forgets an address on success, and only that address', async () => {
    const throttle = new LoginThrottle(one, now, { burst: 2, pruneChance: 0 });
    for (const address of ['10.0.0.4', '10.0.0.4', '10.0.0.5', '10.0.0.5']) await throttle.fail(address);
    await new LoginThrottle(two, now).succeed('10.0.0.4');
    expect(await throttle.blocked('10.0.0.4')).toBe(false);
    expect(await throttle.blocked('10.0.0.5')).toBe(true);
    expect((await rows()).map((r) => r.address)).toEqual(['10.0.0.5', '10.0.0.5']);
  });

  it('keeps the table bounded: pruning deletes every failure older than the window, of any address', async () => {
    const pruning = new LoginThrottle(one, now, { windowMs: WINDOW, random: () => 0 });
    // 200 addresses fail once each, one second apart: 200 s of failures.
    for (let i = 0; i < 200; i++) {
      await pruning.fail(`10.1.${Math.floor(i / 250)}.${i % 250}`);
      t += 1_000;
    }
    const left = await rows();
    // Pruned on every failure: only the last window's failures remain.
    expect(left.length).toBeLessThanOrEqual(WINDOW / 1_000);
    expect(left.every((r) => r.failed_at > t - 1_000 - WINDOW)).toBe(true);

    const never = new LoginThrottle(one, now, { windowMs: WINDOW, random: () => 0.5, pruneChance: 0.01 });
    for (let i = 0; i < 5; i++) await never.fail('10.0.0.6');
    expect((await rows()).length).toBe(left.length + 5);
    t += WINDOW;
    await never.prune();
    expect(await rows()).toEqual([]);
  });

  it('records a failure issued while another request has a transaction open, even if that one rolls back', async () => {
    const throttle = new LoginThrottle(one, now, { pruneChance: 0 });
    let started!: () => void;
    let finish!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const gate = new Promise<void>((r) => (finish = r));
    const request = one.db.transaction().execute(async (trx) => {
      await trx.insertInto('sys_login_failure').values({ sys_id: 'f'.repeat(32), address: 'rolled back', failed_at: t }).execute();
      started();
      await gate;
      throw new Error('business rule failed');
    });
    await inside;
    const failing = throttle.fail('10.0.0.7');
    // Let the failure go as far as it can while the transaction is still open.
    await new Promise((r) => setImmediate(r));
    finish();
    await expect(request).rejects.toThrow('business rule failed');
    await failing;
    expect((await rows()).map((r) => r.address)).toEqual(['10.0.0.7']);
  });
});
