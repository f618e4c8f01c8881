import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, PASSWORD, type UserKey, type World, userWithRoleContaining } from '../support/fixtures.ts';
import { ADMIN_PASSWORD, createUser, startServer, type TestServer } from '../support/server.ts';
import { expectRule } from '../support/expect-rule.ts';

const BASE = '/api/sn_dpr/v1/digital_product_release';
const DEFAULT_BASE = '/api/sn_dpr/digital_product_release';
const NOW = '2025-10-01T00:00:00Z';
const SUCCESS = 'Release key date created successfully';

type Auth = [string, string] | null;

describe.each(DIALECTS)('POST release/{releaseId}/key_date (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  /** A timeline release on the Q1 target (2026-03-20): planned 2025-12-24 … 2026-03-20. */
  let release: string;
  let phases: Record<string, string>;
  let stageRelease: string;
  let n = 0;
  const db = () => server.handle.services.database.db;
  const as = (user: UserKey): Auth => world.as(user);
  const post = (releaseId: string, body: unknown, auth: Auth = as('pm'), base = BASE) =>
    server.request('POST', `${base}/release/${releaseId}/key_date`, { auth, body });
  const keyDate = (extra: Record<string, unknown> = {}) => ({
    name: `Key date ${++n}`,
    type: 'milestone',
    dueDate: '2026-02-02',
    state: 'upcoming',
    description: 'A key date',
    ...extra,
  });
  const keyDateCount = async () => Number((await db().selectFrom('sn_dpr_model_release_key_date').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const stored = (id: string) => db().selectFrom('sn_dpr_model_release_key_date').selectAll().where('sys_id', '=', id).executeTakeFirstOrThrow();
  const createRelease = async (extra: Record<string, unknown> = {}) => {
    const res = await server.request('POST', `${BASE}/release`, {
      auth: as('pm'),
      body: {
        name: `Key date release ${++n}`,
        productId: world.products.payments,
        releaseOwner: world.users.pm,
        templateId: world.templates.timeline,
        releaseTarget: world.targets.mar20,
        ...extra,
      },
    });
    expect(res.status, res.text).toBe(201);
    return res.json.result.releaseId as string;
  };
  const setRelease = (id: string, values: Record<string, unknown>) => db().updateTable('sn_dpr_model_release').set(values).where('sys_id', '=', id).execute();
  const setProperty = (name: string, value: string) => db().updateTable('sys_properties').set({ value }).where('name', '=', name).execute();

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: NOW, DPR_ROLE: 'api' });
    world = await createWorld(server);
    release = await createRelease();
    const rows = await db().selectFrom('sn_dpr_model_release_phase').selectAll().where('release', '=', release).execute();
    phases = Object.fromEntries(rows.map((p) => [p.name, p.sys_id]));
    stageRelease = await createRelease({ templateId: world.templates.stage, releaseTarget: '' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lays out the release it works on as expected (planned window 2025-12-24 … 2026-03-20)', async () => {
    const row = await db().selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', release).executeTakeFirstOrThrow();
    expect([row.planned_start_date, row.planned_end_date]).toEqual(['2025-12-24', '2026-03-20']);
  });

  it('creates the reference example (Project Launch milestone) inside the release window', async () => {
    const before = await keyDateCount();
    const res = await post(release, {
      name: 'Project Launch',
      type: 'milestone',
      dueDate: '2026-02-02',
      state: 'upcoming',
      description: 'Launching the new project phase.',
      assignedTo: world.users.pm,
    }, as('pm'), DEFAULT_BASE);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({ result: { error: false, message: SUCCESS, keyDateSysId: expect.stringMatching(/^[0-9a-f]{32}$/) } });
    expect(await keyDateCount()).toBe(before + 1);
    expect(await stored(res.json.result.keyDateSysId)).toMatchObject({
      release,
      phase: phases.Build,
      name: 'Project Launch',
      type: 'milestone',
      due_date: '2026-02-02',
      state: 'upcoming',
      description: 'Launching the new project phase.',
      assigned_to: world.users.pm,
      sys_class_name: 'sn_dpr_model_release_key_date',
      sys_created_by: 'pm',
    });
  });

  it('accepts the `duedate` spelling, and both spellings when they agree', async () => {
    const lower = await post(release, { ...keyDate({ dueDate: undefined }), duedate: '2026-02-17' });
    expect(lower.status, lower.text).toBe(201);
    expect((await stored(lower.json.result.keyDateSysId)).due_date).toBe('2026-02-17');
    const both = await post(release, { ...keyDate({ dueDate: '2026-02-18' }), duedate: '2026-02-18' });
    expect(both.status, both.text).toBe(201);
    expect(await stored(both.json.result.keyDateSysId)).toMatchObject({ due_date: '2026-02-18', phase: phases.Test });
  });

  it('takes every type and state of DOMAIN §2.4', async () => {
    for (const type of ['deadline', 'important_date', 'key_event', 'milestone']) {
      for (const state of ['archived', 'missed', 'upcoming']) {
        const res = await post(release, keyDate({ type, state }));
        expect(res.status, res.text).toBe(201);
        expect(await stored(res.json.result.keyDateSysId)).toMatchObject({ type, state });
      }
    }
  });

  it('treats null and "" optional fields as not given', async () => {
    const res = await post(release, keyDate({ description: '', assignedTo: '', duedate: '' }));
    expect(res.status, res.text).toBe(201);
    expect(await stored(res.json.result.keyDateSysId)).toMatchObject({ description: null, assigned_to: null, due_date: '2026-02-02' });
    const nulls = await post(release, keyDate({ description: null, assignedTo: null, duedate: null }));
    expect(nulls.status, nulls.text).toBe(201);
  });

  it('accepts due dates on the planned start and end dates and links them to the phase holding them', async () => {
    const first = await post(release, keyDate({ dueDate: '2025-12-24' }));
    expect(first.status, first.text).toBe(201);
    expect((await stored(first.json.result.keyDateSysId)).phase).toBe(phases.Plan);
    const last = await post(release, keyDate({ dueDate: '2026-03-20' }));
    expect(last.status, last.text).toBe(201);
    expect((await stored(last.json.result.keyDateSysId)).phase).toBe(phases.Release);
  });

  it('links a due date between two phases (a weekend) to the earlier phase', async () => {
    // Build ends Friday 2026-02-13, Test starts Monday 2026-02-16.
    const res = await post(release, keyDate({ dueDate: '2026-02-14' }));
    expect(res.status, res.text).toBe(201);
    expect((await stored(res.json.result.keyDateSysId)).phase).toBe(phases.Build);
  });

  it('refuses due dates outside the planned window, naming both dates', async () => {
    const before = await keyDateCount();
    const message = (d: string) => `dueDate ${d} must be between the release's planned start date 2025-12-24 and planned end date 2026-03-20 (inclusive)`;
    expectRule(await post(release, keyDate({ dueDate: '2025-12-23' })), message('2025-12-23'));
    expectRule(await post(release, keyDate({ dueDate: '2026-03-21' })), message('2026-03-21'));
    // The reference's own date (2025-11-01) is outside this release's window.
    expectRule(await post(release, keyDate({ dueDate: '2025-11-01' })), message('2025-11-01'));
    expect(await keyDateCount()).toBe(before);
  });

  it('refuses missing or invalid fields with a message naming the field', async () => {
    const before = await keyDateCount();
    expectRule(await post(release, keyDate({ name: '' })), 'name is required');
    expectRule(await post(release, keyDate({ name: undefined })), 'name is required');
    expectRule(await post(release, keyDate({ type: undefined })), 'type is required (one of deadline, important_date, key_event, milestone)');
    expectRule(await post(release, keyDate({ type: 'launch' })), 'type must be one of deadline, important_date, key_event, milestone (got "launch")');
    expectRule(await post(release, keyDate({ state: null })), 'state is required (one of archived, missed, upcoming)');
    expectRule(await post(release, keyDate({ state: 'done' })), 'state must be one of archived, missed, upcoming (got "done")');
    expectRule(await post(release, keyDate({ dueDate: undefined })), 'dueDate is required (yyyy-MM-dd)');
    expectRule(await post(release, keyDate({ dueDate: '02/02/2026' })), 'dueDate must be a date in the format yyyy-MM-dd (got "02/02/2026")');
    expectRule(await post(release, keyDate({ dueDate: '2026-02-30' })), 'dueDate must be a date in the format yyyy-MM-dd (got "2026-02-30")');
    expectRule(await post(release, { ...keyDate({ dueDate: '2026-02-02' }), duedate: '2026-02-03' }), 'dueDate (2026-02-02) and duedate (2026-02-03) differ: give the due date once');
    expectRule(await post(release, keyDate({ name: { text: 'x' } })), /name/);
    expect(await keyDateCount()).toBe(before);
  });

  it('answers Release ID is invalid for unknown or malformed ids', async () => {
    expectRule(await post('0123456789abcdef0123456789abcdef', keyDate()), 'Release ID is invalid');
    expectRule(await post('not-a-sys-id', keyDate()), 'Release ID is invalid');
  });

  it('refuses a stage-oriented release', async () => {
    expectRule(
      await post(stageRelease, keyDate()),
      /^Key dates can be added only to timeline-oriented releases: release Key date release \d+ is stage-oriented$/,
    );
  });

  it('refuses Completed and Cancelled releases and a Draft without dates; accepts an On Hold release', async () => {
    const closed = await createRelease();
    const name = (await db().selectFrom('sn_dpr_model_release').select('name').where('sys_id', '=', closed).executeTakeFirstOrThrow()).name;
    await setRelease(closed, { state: 'completed' });
    expectRule(await post(closed, keyDate()), `Key dates cannot be added to release ${name}: it is Completed`);
    await setRelease(closed, { state: 'cancelled' });
    expectRule(await post(closed, keyDate()), `Key dates cannot be added to release ${name}: it is Cancelled`);
    await setRelease(closed, { state: 'on_hold' });
    const held = await post(closed, keyDate());
    expect(held.status, held.text).toBe(201);

    const draft = await server.request('POST', `${BASE}/release`, {
      auth: as('pm'),
      body: { name: `Draft ${++n}`, productId: world.products.payments, templateId: world.templates.timeline, releaseTarget: world.targets.mar20, isDraftRelease: true },
    });
    expect(draft.status, draft.text).toBe(201);
    expectRule(await post(draft.json.result.releaseId, keyDate()), /^Release Draft \d+ has no planned start and end dates yet \(state Draft\); key dates need them$/);
    const bare = await server.request('POST', `${BASE}/release`, {
      auth: as('pm'),
      body: { name: `Bare draft ${++n}`, productId: world.products.payments, isDraftRelease: true },
    });
    expectRule(await post(bare.json.result.releaseId, keyDate()), /^Key dates can be added only to timeline-oriented releases: release Bare draft \d+ has no release template yet$/);
  });

  it('refuses a past due date unless sn_dpr_model.allow_any_release_dates', async () => {
    const started = await createRelease();
    await setRelease(started, { planned_start_date: '2025-09-01' });
    expectRule(await post(started, keyDate({ dueDate: '2025-09-15' })), 'dueDate 2025-09-15 is before today (2025-10-01); past key dates need sn_dpr_model.allow_any_release_dates');
    const today = await post(started, keyDate({ dueDate: '2025-10-01' }));
    expect(today.status, today.text).toBe(201);
    await setProperty('sn_dpr_model.allow_any_release_dates', 'true');
    try {
      const res = await post(started, keyDate({ dueDate: '2025-09-15', state: 'missed' }));
      expect(res.status, res.text).toBe(201);
      // Before the first phase's planned start (2025-12-24): no phase holds it.
      expect((await stored(res.json.result.keyDateSysId)).phase).toBeNull();
    } finally {
      await setProperty('sn_dpr_model.allow_any_release_dates', 'false');
    }
  });

  it('refuses a second key date with the same name on the release (ignoring case), not on another release', async () => {
    const other = await createRelease();
    const first = await post(other, keyDate({ name: 'Code freeze' }));
    expect(first.status, first.text).toBe(201);
    const otherName = (await db().selectFrom('sn_dpr_model_release').select('name').where('sys_id', '=', other).executeTakeFirstOrThrow()).name;
    expectRule(await post(other, keyDate({ name: ' code FREEZE ' })), `Release ${otherName} already has a key date named code FREEZE`);
    const elsewhere = await post(release, keyDate({ name: 'Code freeze' }));
    expect(elsewhere.status, elsewhere.text).toBe(201);
  });

  it('checks assignedTo: an active user holding a DPR role (containment and admin count)', async () => {
    const admin = (await db().selectFrom('sys_user').select('sys_id').where('user_name', '=', 'admin').executeTakeFirstOrThrow()).sys_id;
    for (const user of [world.users.pm, world.users.ra, world.users.rc, world.users.ru, admin]) {
      const res = await post(release, keyDate({ assignedTo: user }));
      expect(res.status, res.text).toBe(201);
      expect((await stored(res.json.result.keyDateSysId)).assigned_to).toBe(user);
    }
    const roles = 'sn_dpr_model.product_manager, sn_dpr_model.release_admin, sn_dpr_model.release_coordinator, sn_dpr_model.release_user';
    for (const key of ['cal', 'tmpl', 'nobody'] as const) {
      expectRule(await post(release, keyDate({ assignedTo: world.users[key] })), `assignedTo ${key} cannot be assigned key dates: the user needs one of the roles ${roles}`);
    }
    const goneName = `inactive${++n}`;
    const gone = await createUser(server, goneName, PASSWORD, ['sn_dpr_model.release_user'], { active: false });
    expectRule(await post(release, keyDate({ assignedTo: gone })), `assignedTo ${goneName} is not an active user`);
    expectRule(await post(release, keyDate({ assignedTo: '0123456789abcdef0123456789abcdef' })), 'assignedTo is invalid: 0123456789abcdef0123456789abcdef');
    expectRule(await post(release, keyDate({ assignedTo: 'jane.doe' })), 'assignedTo is invalid: jane.doe');
  });

  describe('roles', () => {
    let lead: [string, string];
    beforeAll(async () => {
      // A custom role containing release_admin: containment must count for the endpoint and the assignee.
      lead = await userWithRoleContaining(server, 'x_test.release_lead', 'sn_dpr_model.release_admin', 'lead');
    });

    it('lets product managers, release admins, release coordinators, containing roles and admin create key dates', async () => {
      for (const auth of [as('pm'), as('ra'), as('rc'), lead, ['admin', ADMIN_PASSWORD] as [string, string]]) {
        const res = await post(release, keyDate(), auth);
        expect(res.status, `${auth![0]}: ${res.text}`).toBe(201);
        expect((await stored(res.json.result.keyDateSysId)).sys_created_by).toBe(auth![0]);
      }
      const leadUser = (await db().selectFrom('sys_user').select('sys_id').where('user_name', '=', 'lead').executeTakeFirstOrThrow()).sys_id;
      const assigned = await post(release, keyDate({ assignedTo: leadUser }));
      expect(assigned.status, assigned.text).toBe(201);
    });

    it('answers 403 (platform envelope) to other roles and 401 without credentials, on both prefixes', async () => {
      const before = await keyDateCount();
      for (const base of [BASE, DEFAULT_BASE]) {
        for (const key of ['ru', 'cal', 'tmpl', 'nobody'] as const) {
          const res = await post(release, keyDate(), as(key), base);
          expect(res.status, `${key}: ${res.text}`).toBe(403);
          expect(res.json).toMatchObject({ error: { message: 'User Not Authorized' }, status: 'failure' });
        }
        const anonymous = await post(release, keyDate(), null, base);
        expect(anonymous.status).toBe(401);
        expect(anonymous.json).toMatchObject({ error: { message: 'User Not Authenticated' }, status: 'failure' });
      }
      expect(await keyDateCount()).toBe(before);
    });
  });

  it('serves both URL prefixes', async () => {
    for (const base of [BASE, DEFAULT_BASE]) {
      const res = await post(release, keyDate(), as('rc'), base);
      expect(res.status, res.text).toBe(201);
      expect(res.json.result.message).toBe(SUCCESS);
    }
  });

  it('keeps names unique under concurrent requests for one release', async () => {
    const target = await createRelease();
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(target, keyDate({ name: 'Go live' }))));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of answers.filter((a) => a.status !== 201)) expectRule(r, /already has a key date named Go live$/);
    const rows = await db().selectFrom('sn_dpr_model_release_key_date').select('sys_id').where('release', '=', target).where('name', '=', 'Go live').execute();
    expect(rows).toHaveLength(1);
  });
});
