import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURGE_UNUSED_TARGETS, purgeUnusedTargets } from '../../src/modules/calendar/index.ts';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe.each(DIALECTS)('purge of unused readiness targets older than six months (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  const db = () => server.handle.services.database.db;
  const insert = (table: string, values: Record<string, unknown>) =>
    inTransaction(db(), async (trx) => String((await server.handle.services.store.insert(trx, SYSTEM_ACTOR, table, values)).sys_id));
  const target = (name: string, date: string, extra: Record<string, unknown> = {}) =>
    insert('sn_dpr_model_release_target', { name, date, release_calendar: world.calendar, release_admin: world.users.ra, ...extra });
  const remaining = async (ids: string[]) =>
    (await db().selectFrom('sn_dpr_model_release_target').select('sys_id').where('sys_id', 'in', ids).execute()).map((r) => r.sys_id).sort();

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z' });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('deletes targets dated more than six months before today that no release references', async () => {
    const oldUnused = await target('Old unused', '2025-03-31');
    const oldOutOfBand = await target('Old out of band', '2024-06-01', { out_of_band: true });
    const exactlySixMonths = await target('Six months ago', '2025-04-01');
    const oldUsed = await target('Old but used', '2025-01-15');
    const release = await insert('sn_dpr_model_release', { name: 'Shipped in January', release_target: oldUsed, state: 'completed' });
    const future = Object.values(world.targets);

    const purged = await inTransaction(db(), (trx) => purgeUnusedTargets(trx, '2025-10-01'));
    expect(purged).toBe(2);
    const kept = await remaining([oldUnused, oldOutOfBand, exactlySixMonths, oldUsed, ...future]);
    expect(kept).toEqual([exactlySixMonths, oldUsed, ...future].sort());
    const row = await db().selectFrom('sn_dpr_model_release').select('release_target').where('sys_id', '=', release).executeTakeFirstOrThrow();
    expect(row.release_target).toBe(oldUsed);

    // Idempotent: a second run finds nothing more.
    expect(await inTransaction(db(), (trx) => purgeUnusedTargets(trx, '2025-10-01'))).toBe(0);
  });

  it('is scheduled as a daily trigger and runs when the clock moves a day', async () => {
    const trigger = await db().selectFrom('sys_trigger').selectAll().where('name', '=', PURGE_UNUSED_TARGETS).executeTakeFirstOrThrow();
    expect(trigger).toMatchObject({ job_type: PURGE_UNUSED_TARGETS, interval_seconds: 86400, next_run: '2025-10-02 00:00:00', active: 1 });

    // Six months before 2025-10-02 is 2025-04-02: the first goes, the second stays.
    const goes = await target('Gone tomorrow', '2025-04-01');
    const stays = await target('Still young enough', '2025-04-02');
    const used = await target('Used', '2025-02-01');
    await insert('sn_dpr_model_release', { name: 'Uses an old target', release_target: used, state: 'completed' });
    expect(await remaining([goes, stays, used])).toEqual([goes, stays, used].sort());

    const moved = await server.request('POST', '/api/dpr/clock', { body: { advance: 'P1D' } });
    expect(moved.status, moved.text).toBe(200);
    expect(await remaining([goes, stays, used])).toEqual([stays, used].sort());
    const job = await db().selectFrom('sys_job').selectAll().where('job_type', '=', PURGE_UNUSED_TARGETS).executeTakeFirstOrThrow();
    expect(job.state).toBe('done');
  });
});
