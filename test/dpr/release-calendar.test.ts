import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type UserKey, type World } from '../support/fixtures.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';
import { expectRule } from '../support/expect-rule.ts';

const BASE = '/api/sn_dpr/v1/digital_product_release';
const DEFAULT_BASE = '/api/sn_dpr/digital_product_release';

describe.each(DIALECTS)('POST release_calendar (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let n = 0;
  const db = () => server.handle.services.database.db;
  const post = (body: unknown, user: UserKey | 'admin' = 'cal', base = BASE) =>
    server.request('POST', `${base}/release_calendar`, { auth: user === 'admin' ? undefined : world.as(user), body });
  const calendarCount = async () => (await db().selectFrom('sn_dpr_model_release_calendar').select('sys_id').execute()).length;
  const stored = (id: string) => db().selectFrom('sn_dpr_model_release_calendar').selectAll().where('sys_id', '=', id).executeTakeFirstOrThrow();
  const body = (extra: Record<string, unknown> = {}) => ({ name: `Calendar ${++n}`, releaseAdmin: world.users.ra, ...extra });

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z' });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates the reference example calendar (versioned URL) and stores it', async () => {
    const res = await post({ name: 'Q1 2025 Release Calendar123', releaseAdmin: world.users.ra, description: 'Calendar for Q1 releases' });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({ result: { error: false, message: '', releaseCalendarId: expect.stringMatching(/^[0-9a-f]{32}$/) } });
    const row = await stored(res.json.result.releaseCalendarId);
    expect(row).toMatchObject({
      name: 'Q1 2025 Release Calendar123',
      release_admin: world.users.ra,
      description: 'Calendar for Q1 releases',
      schedules: null,
      sys_class_name: 'sn_dpr_model_release_calendar',
      sys_created_by: 'cal',
      sys_created_on: expect.stringMatching(/^2025-10-01 00:0\d:\d\d$/),
    });
  });

  it('answers on the default URL too', async () => {
    const res = await post(body(), 'cal', DEFAULT_BASE);
    expect(res.status, res.text).toBe(201);
    expect(await stored(res.json.result.releaseCalendarId)).toMatchObject({ name: `Calendar ${n}` });
  });

  it('stores schedules as a clean comma-separated list: spaces tolerated, duplicates and empty items dropped', async () => {
    const { usHolidays, blackout } = world.schedules;
    const res = await post(body({ schedules: ` ${usHolidays} , ${blackout},${usHolidays},, ` }));
    expect(res.status, res.text).toBe(201);
    expect((await stored(res.json.result.releaseCalendarId)).schedules).toBe(`${usHolidays},${blackout}`);
  });

  it('accepts schedules as a JSON array, and "" / null placeholders as "not given"', async () => {
    const arr = await post(body({ schedules: [world.schedules.blackout] }));
    expect(arr.status, arr.text).toBe(201);
    expect((await stored(arr.json.result.releaseCalendarId)).schedules).toBe(world.schedules.blackout);
    const blank = await post(body({ schedules: '', description: null, extraField: 'ignored' }));
    expect(blank.status, blank.text).toBe(201);
    expect(await stored(blank.json.result.releaseCalendarId)).toMatchObject({ schedules: null, description: null });
    const nulled = await post(body({ schedules: null, description: '' }));
    expect(nulled.status, nulled.text).toBe(201);
    expect((await stored(nulled.json.result.releaseCalendarId)).schedules).toBeNull();
  });

  it('trims the name it stores', async () => {
    const res = await post(body({ name: '  Spaced calendar  ' }));
    expect(res.status, res.text).toBe(201);
    expect((await stored(res.json.result.releaseCalendarId)).name).toBe('Spaced calendar');
  });

  it('refuses a missing or blank name', async () => {
    const before = await calendarCount();
    await expectRule(await post({ releaseAdmin: world.users.ra }), 'name is required');
    await expectRule(await post(body({ name: '' })), 'name is required');
    await expectRule(await post(body({ name: '   ' })), 'name is required');
    await expectRule(await post(body({ name: null })), 'name is required');
    expect(await calendarCount()).toBe(before);
  });

  it('refuses a missing, unknown or inactive releaseAdmin', async () => {
    const before = await calendarCount();
    await expectRule(await post({ name: 'No admin' }), 'releaseAdmin is required');
    await expectRule(await post(body({ releaseAdmin: '' })), 'releaseAdmin is required');
    await expectRule(await post(body({ releaseAdmin: 'ffffffffffffffffffffffffffffffff' })), 'Release admin is invalid: ffffffffffffffffffffffffffffffff');
    await expectRule(await post(body({ releaseAdmin: 'not-an-id' })), 'Release admin is invalid: not-an-id');
    await createUser(server, 'gone', 'pw', [], { active: false });
    const gone = await db().selectFrom('sys_user').select('sys_id').where('user_name', '=', 'gone').executeTakeFirstOrThrow();
    await expectRule(await post(body({ releaseAdmin: gone.sys_id })), 'Release admin gone is not an active user');
    expect(await calendarCount()).toBe(before);
  });

  it('refuses schedules that do not exist, naming each bad id', async () => {
    const before = await calendarCount();
    const missing = 'abababababababababababababababab';
    await expectRule(await post(body({ schedules: `${world.schedules.blackout},${missing}` })), `schedules: ${missing} is not a schedule`);
    await expectRule(await post(body({ schedules: `bogus, ${missing}` })), `schedules: bogus, ${missing} are not schedules`);
    await expectRule(await post(body({ schedules: { id: world.schedules.blackout } })), 'schedules must be a comma-separated list of sys_ids');
    await expectRule(await post(body({ schedules: [world.schedules.blackout, 5] })), 'schedules must be a comma-separated list of sys_ids');
    expect(await calendarCount()).toBe(before);
  });

  it('keeps calendar names unique, ignoring case and surrounding spaces', async () => {
    expect((await post(body({ name: 'Mobile calendar' }))).status).toBe(201);
    const before = await calendarCount();
    await expectRule(await post(body({ name: ' MOBILE calendar ' })), 'A release calendar named MOBILE calendar already exists');
    await expectRule(await post(body({ name: 'payments CALENDAR' })), 'A release calendar named payments CALENDAR already exists');
    expect(await calendarCount()).toBe(before);
  });

  it('applies the name rule to every write path (record store: inserts and renames), letting a calendar keep its own name', async () => {
    const { store } = server.handle.services;
    await expect(
      inTransaction(db(), (trx) => store.insert(trx, SYSTEM_ACTOR, 'sn_dpr_model_release_calendar', { name: 'Payments Calendar', release_admin: world.users.ra })),
    ).rejects.toMatchObject({ status: 400, message: 'A release calendar named Payments Calendar already exists' });
    const other = await post(body({ name: 'Ledger calendar' }));
    const id = other.json.result.releaseCalendarId;
    await expect(inTransaction(db(), (trx) => store.update(trx, SYSTEM_ACTOR, 'sn_dpr_model_release_calendar', id, { name: 'payments calendar' }))).rejects.toMatchObject({
      status: 400,
    });
    await inTransaction(db(), (trx) => store.update(trx, SYSTEM_ACTOR, 'sn_dpr_model_release_calendar', id, { name: 'LEDGER calendar', description: 'renamed' }));
    expect(await stored(id)).toMatchObject({ name: 'LEDGER calendar', description: 'renamed' });
    const viaTableApi = await server.request('POST', '/api/now/table/sn_dpr_model_release_calendar', { body: { name: 'ledger Calendar ', release_admin: world.users.ra } });
    expect(viaTableApi.status, viaTableApi.text).toBe(400);
    expect(viaTableApi.json).toMatchObject({ status: 'failure', error: { message: 'A release calendar named ledger Calendar already exists' } });
  });

  it('answers 400 in the result envelope for a body that is not JSON or not an object', async () => {
    const bad = await server.request('POST', `${BASE}/release_calendar`, { auth: world.as('cal'), body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.json.result.error).toBe(true);
    const wrongType = await post(body({ name: { first: 'x' } }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.result.error).toBe(true);
  });

  it('requires release_calendar_admin: 401 without credentials, 403 for other roles, 201 for the role, release_admin (containment) and admin', async () => {
    const anonymous = await server.request('POST', `${BASE}/release_calendar`, { auth: null, body: body() });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.status).toBe('failure');
    for (const user of ['pm', 'rc', 'ru', 'tmpl', 'nobody'] as const) {
      const res = await post(body(), user);
      expect(res.status, user).toBe(403);
      expect(res.json).toMatchObject({ status: 'failure', error: { message: 'User Not Authorized' } });
    }
    for (const user of ['cal', 'ra', 'admin'] as const) {
      for (const base of [BASE, DEFAULT_BASE]) {
        const res = await post(body(), user, base);
        expect(res.status, `${user} ${base}`).toBe(201);
        expect((await stored(res.json.result.releaseCalendarId)).sys_created_by).toBe(user);
      }
    }
  });
});
