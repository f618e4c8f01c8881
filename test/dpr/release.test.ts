import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { expectRule } from '../support/expect-rule.ts';

const BASE = '/api/sn_dpr/v1/digital_product_release';
const DEFAULT_BASE = '/api/sn_dpr/digital_product_release';

describe.each(DIALECTS)('POST release (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let n = 0;
  const db = () => server.handle.services.database.db;
  const post = (body: unknown, user: Parameters<World['as']>[0] = 'pm', base = BASE) => server.request('POST', `${base}/release`, { auth: world.as(user), body });
  const independent = (extra: Record<string, unknown> = {}) => ({
    name: `Q1 2026 release ${++n}`,
    releaseTarget: world.targets.mar20,
    releaseOwner: world.users.pm,
    releaseDescription: 'Quarterly release',
    productVersion: '',
    templateId: world.templates.timeline,
    releaseDate: '',
    releaseCalendar: '',
    productId: world.products.payments,
    isDraftRelease: false,
    ...extra,
  });

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z' });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates an independent release In Progress from its template', async () => {
    const res = await post(independent({ name: 'Q1 2026 patch' }));
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ result: { error: false, message: '', releaseId: expect.stringMatching(/^[0-9a-f]{32}$/) } });
    const id = res.json.result.releaseId;
    const release = await db().selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', id).executeTakeFirstOrThrow();
    expect(release).toMatchObject({
      name: 'Q1 2026 patch',
      state: 'in_progress',
      process_type: 'timeline',
      template: world.templates.timeline,
      release_target: world.targets.mar20,
      readiness_date: '2026-03-20',
      product: world.products.payments,
      owner: world.users.pm,
      actual_start_date: '2025-10-01',
      schedule: world.schedules.usHolidays,
      number: expect.stringMatching(/^RLSE\d{7}$/),
    });
    const phases = await db().selectFrom('sn_dpr_model_release_phase').selectAll().where('release', '=', id).orderBy('order').execute();
    expect(phases.map((p) => [p.name, p.state, p.duration])).toEqual([
      ['Plan', 'in_progress', 10],
      ['Build', 'pending', 25],
      ['Test', 'pending', 15],
      ['Release', 'pending', 10],
    ]);
    expect(phases[3].planned_end_date).toBe('2026-03-20');
    expect(release.planned_start_date).toBe(phases[0].planned_start_date);
    expect(release.planned_end_date).toBe('2026-03-20');
    expect(release.current_phase).toBe(phases[0].sys_id);
    expect(phases[0].actual_start_date).toBe('2025-10-01');
    const tasks = await db().selectFrom('task').selectAll().where('release', '=', id).orderBy('number').execute();
    expect(tasks).toHaveLength(8);
    expect(tasks.every((t) => t.sys_class_name === 'sn_dpr_model_release_task' && /^RTSK\d{7}$/.test(t.number))).toBe(true);
    const planTasks = tasks.filter((t) => t.phase === phases[0].sys_id).sort((a, b) => a.order - b.order);
    // Sequential execution (default): only the first task of the started phase is open.
    expect(planTasks.map((t) => [t.short_description, t.state, t.need_approval, t.approval])).toEqual([
      ['Plan task 1', 1, 0, 'not requested'],
      ['Plan task 2', -5, 1, 'not requested'],
    ]);
    expect(tasks.filter((t) => t.phase !== phases[0].sys_id).every((t) => t.state === -5)).toBe(true);
    const keyDates = await db().selectFrom('sn_dpr_model_release_key_date').selectAll().where('release', '=', id).execute();
    expect(keyDates).toHaveLength(4);
    expect(keyDates.find((k) => k.name === 'Release kickoff')?.due_date).toBe(phases[3].planned_start_date);
    const association = await db().selectFrom('sn_dpr_release_association').selectAll().where('release', '=', id).execute();
    expect(association.map((a) => a.template)).toEqual([world.templates.timeline]);
  });

  it('lays out the DOMAIN §3.8 worked example exactly', async () => {
    await server.request('POST', '/api/dpr/clock', { body: { now: '2025-06-01T00:00:00Z' } });
    try {
      const target = await inTransaction(db(), (trx) =>
        server.handle.services.store.insert(trx, SYSTEM_ACTOR, 'sn_dpr_model_release_target', { name: 'Sept', date: '2025-09-05', release_calendar: world.calendar }),
      );
      const res = await post(independent({ name: 'Worked example', releaseTarget: target.sys_id }));
      expect(res.status).toBe(201);
      const phases = await db().selectFrom('sn_dpr_model_release_phase').selectAll().where('release', '=', res.json.result.releaseId).orderBy('order').execute();
      expect(phases.map((p) => [p.planned_start_date, p.planned_end_date])).toEqual([
        ['2025-06-11', '2025-06-25'],
        ['2025-06-26', '2025-07-31'],
        ['2025-08-01', '2025-08-21'],
        ['2025-08-22', '2025-09-05'],
      ]);
    } finally {
      await server.request('POST', '/api/dpr/clock', { body: { now: '2025-10-01T00:00:00Z' } });
    }
  });

  it('creates a stage release without phase dates and without a target', async () => {
    const res = await post(independent({ templateId: world.templates.stage, releaseTarget: '' }));
    expect(res.status).toBe(201);
    const release = await db().selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', res.json.result.releaseId).executeTakeFirstOrThrow();
    expect(release).toMatchObject({ process_type: 'stage', state: 'in_progress', planned_start_date: null, readiness_date: null });
    const phases = await db().selectFrom('sn_dpr_model_release_phase').selectAll().where('release', '=', release.sys_id).execute();
    expect(phases.every((p) => p.planned_start_date === null && p.duration === null)).toBe(true);
  });

  it('creates child releases for includedVersions in the same transaction', async () => {
    const res = await post(independent({ name: 'Multi product', includedVersions: [world.versions.mobile31, world.versions.ledger10] }));
    expect(res.status).toBe(201);
    expect(res.json.result.progressId).toBeUndefined();
    const children = await db().selectFrom('sn_dpr_model_release').selectAll().where('parent', '=', res.json.result.releaseId).orderBy('name').execute();
    expect(children.map((c) => [c.name, c.product, c.version, c.state, c.template])).toEqual([
      ['Multi product - Ledger Core', world.products.ledger, world.versions.ledger10, 'in_progress', world.templates.timeline],
      ['Multi product - Mobile Banking App', world.products.mobile, world.versions.mobile31, 'in_progress', world.templates.timeline],
    ]);
    for (const child of children) {
      const phases = await db().selectFrom('sn_dpr_model_release_phase').select('sys_id').where('release', '=', child.sys_id).execute();
      expect(phases).toHaveLength(4);
    }
  });

  it('creates versions and child releases in the background for autoCreateIncludedVersions (reference example)', async () => {
    const res = await post({
      name: 'Patch Q4',
      releaseTarget: world.targets.mar20,
      releaseOwner: world.users.pm,
      releaseDescription: 'Q4 release',
      productVersion: '',
      templateId: world.templates.timeline,
      releaseDate: '',
      releaseCalendar: '',
      includedVersions: [world.versions.mobile31],
      productId: world.products.payments,
      autoCreateVersionName: '1.2',
      autoCreateIncludedVersions: [{ product: world.products.ledger, version: '1.1' }],
    });
    expect(res.status).toBe(201);
    expect(res.json.result).toEqual({ error: false, message: '', releaseId: expect.any(String), progressId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    await server.handle.services.jobs.runDue();
    const progress = await db().selectFrom('sys_progress_worker').selectAll().where('sys_id', '=', res.json.result.progressId).executeTakeFirstOrThrow();
    expect(progress).toMatchObject({ state: 'complete', completion_code: 'success', percent_complete: 100 });
    const children = await db().selectFrom('sn_dpr_model_release').selectAll().where('parent', '=', res.json.result.releaseId).orderBy('name').execute();
    expect(children.map((c) => c.name)).toEqual(['Patch Q4 - Ledger Core', 'Patch Q4 - Mobile Banking App']);
    const ledgerVersion = await db().selectFrom('cmdb_model').selectAll().where('sys_id', '=', children[0].version).executeTakeFirstOrThrow();
    expect(ledgerVersion).toMatchObject({ name: 'Ledger Core 1.1', version: '1.1', product: world.products.ledger, sys_class_name: 'cmdb_sw_component_model' });
    const primary = await db().selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', res.json.result.releaseId).executeTakeFirstOrThrow();
    const version = await db().selectFrom('cmdb_model').selectAll().where('sys_id', '=', primary.version).executeTakeFirstOrThrow();
    expect(version).toMatchObject({ name: 'Payments Service 1.2', version: '1.2' });
  });

  it('creates a Draft and completes it with draftReleaseId (reference example)', async () => {
    const draft = await post({ name: 'Q4 2025 Product Release', productId: world.products.payments, isDraftRelease: true });
    expect(draft.status).toBe(201);
    const draftId = draft.json.result.releaseId;
    expect((await db().selectFrom('sn_dpr_model_release').select('state').where('sys_id', '=', draftId).executeTakeFirstOrThrow()).state).toBe('draft');
    expect(await db().selectFrom('sn_dpr_model_release_phase').select('sys_id').where('release', '=', draftId).execute()).toHaveLength(0);
    const done = await post({
      name: 'Q4 2025 Product Release',
      releaseTarget: world.targets.mar20,
      releaseOwner: world.users.pm,
      releaseDescription: '',
      productVersion: world.versions.payments250,
      templateId: world.templates.timeline,
      releaseDate: '',
      releaseCalendar: '',
      includedVersions: [],
      productId: '',
      autoCreateVersionName: '',
      autoCreateIncludedVersions: [],
      draftReleaseId: draftId,
    });
    expect(done.status).toBe(201);
    expect(done.json).toEqual({ result: { error: false, message: '', releaseId: draftId } });
    const release = await db().selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', draftId).executeTakeFirstOrThrow();
    expect(release).toMatchObject({ state: 'in_progress', version: world.versions.payments250, template: world.templates.timeline });
    expect(await db().selectFrom('sn_dpr_model_release_phase').select('sys_id').where('release', '=', draftId).execute()).toHaveLength(4);
    expectRule(await post({ draftReleaseId: draftId, releaseTarget: world.targets.mar20 }), /is not a Draft/);
  });

  it('creates a validating release with a new version (reference example shape)', async () => {
    const res = await post({
      name: 'Q2 2026 patch',
      productVersion: null,
      releaseTarget: world.targets.mar20,
      releaseDescription: '',
      releaseOwner: world.users.pm,
      productId: world.products.payments,
      autoCreateVersionName: '2.6',
      templateId: world.templates.validating,
      releaseDate: '',
      releaseCalendar: '',
      isDraftRelease: false,
      validatesVersion: true,
    });
    expect(res.status).toBe(201);
    expectRule(
      await post(independent({ templateId: world.templates.validating, validatesVersion: true, autoCreateVersionName: '2.6' })),
      'Version 2.6 already exists for Payments Service; a validating release needs a new version name',
    );
    const release = await db().selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', res.json.result.releaseId).executeTakeFirstOrThrow();
    expectRule(
      await post(independent({ templateId: world.templates.validating, validatesVersion: true, productVersion: release.version })),
      'Version Payments Service 2.6 is already validated by release Q2 2026 patch',
    );
  });

  it('joins or creates an out-of-band target', async () => {
    const first = await post(independent({ releaseTarget: '', releaseDate: '2026-04-17', releaseCalendar: world.calendar }));
    expect(first.status).toBe(201);
    const second = await post(independent({ releaseTarget: '', releaseDate: '2026-04-17', releaseCalendar: world.calendar }));
    const targets = await db().selectFrom('sn_dpr_model_release_target').selectAll().where('date', '=', '2026-04-17').execute();
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ release_calendar: world.calendar, out_of_band: 1, release_admin: world.users.ra });
    const releases = await db().selectFrom('sn_dpr_model_release').select('release_target').where('sys_id', 'in', [first.json.result.releaseId, second.json.result.releaseId]).execute();
    expect(releases.every((r) => r.release_target === targets[0].sys_id)).toBe(true);
  });

  it('refuses out-of-band dates when the property forbids them', async () => {
    await db().updateTable('sys_properties').set({ value: 'false' }).where('name', '=', 'sn_dpr.out_of_band_release_allowed').execute();
    try {
      expectRule(await post(independent({ releaseTarget: '', releaseDate: '2026-04-24', releaseCalendar: world.calendar })), /sn_dpr.out_of_band_release_allowed/);
    } finally {
      await db().updateTable('sys_properties').set({ value: 'true' }).where('name', '=', 'sn_dpr.out_of_band_release_allowed').execute();
    }
  });

  it('answers every broken rule with a 400 naming it, and writes nothing', async () => {
    const before = (await db().selectFrom('sn_dpr_model_release').select('sys_id').execute()).length;
    const cases: Array<[Record<string, unknown>, RegExp | string]> = [
      [independent({ name: '' }), 'name is required'],
      [independent({ productId: undefined }), 'productId is required'],
      [independent({ releaseOwner: null }), 'releaseOwner is required'],
      [independent({ templateId: '' }), 'templateId is required'],
      [independent({ productId: 'f'.repeat(32) }), /^Product ID is invalid/],
      [independent({ productId: world.versions.payments240 }), /^Product ID is invalid/],
      [independent({ releaseOwner: 'nope' }), /^Release owner is invalid/],
      [independent({ templateId: world.products.payments }), /^Template ID is invalid/],
      [independent({ releaseTarget: 'a'.repeat(32) }), /^Release target is invalid/],
      [independent({ productVersion: world.versions.payments240, autoCreateVersionName: '9.9' }), 'productVersion and autoCreateVersionName cannot both be given'],
      [independent({ productVersion: world.versions.mobile31 }), 'Product version Mobile Banking App 3.1 is not a version of Payments Service'],
      [independent({ validatesVersion: true }), /does not validate versions/],
      [independent({ templateId: world.templates.validating }), /validates versions; it needs validatesVersion true/],
      [independent({ releaseTarget: '' }), /needs a readiness target/],
      [independent({ releaseTarget: world.targets.oct31 }), /^The release would start on 2025-0\d-\d\d, before today \(2025-10-01\)/],
      [independent({ releaseTarget: '', releaseDate: '2026-13-01', releaseCalendar: world.calendar }), /releaseDate must be a date/],
      [independent({ releaseTarget: '', releaseDate: '2026-04-17' }), 'releaseCalendar is required with an out-of-band releaseDate'],
      [independent({ releaseTarget: '', releaseDate: '2025-09-01', releaseCalendar: world.calendar }), /before today/],
      [independent({ includedVersions: [world.versions.payments250] }), /A product can be included only once/],
      [independent({ includedVersions: ['x'] }), /^Included version is invalid/],
      [independent({ draftReleaseId: 'b'.repeat(32) }), /^Draft release ID is invalid/],
      [{ isDraftRelease: true, productId: world.products.payments }, 'name is required'],
      [independent({ name: { first: 'x' } }), /name/],
      [independent({ includedVersions: 'x' }), /^Included version is invalid: x/],
    ];
    for (const [body, message] of cases) expectRule(await post(body), message);
    const after = (await db().selectFrom('sn_dpr_model_release').select('sys_id').execute()).length;
    expect(after).toBe(before);
  });

  it('keeps open release names unique, ignoring case and spaces', async () => {
    expect((await post(independent({ name: 'Unique name' }))).status).toBe(201);
    expectRule(await post(independent({ name: '  unique NAME ' })), 'Release name unique NAME is already used by an open release');
  });

  it('refuses more included products than sn_dpr.multi_product.included_products_limit', async () => {
    await db().updateTable('sys_properties').set({ value: '1' }).where('name', '=', 'sn_dpr.multi_product.included_products_limit').execute();
    try {
      expectRule(await post(independent({ includedVersions: [world.versions.mobile31, world.versions.ledger10] })), /At most 1 included products/);
    } finally {
      await db().updateTable('sys_properties').set({ value: '10' }).where('name', '=', 'sn_dpr.multi_product.included_products_limit').execute();
    }
  });

  it('allows product managers and release admins (and admin), and no one else', async () => {
    expect((await post(independent(), 'ra')).status).toBe(201);
    expect((await server.request('POST', `${BASE}/release`, { body: independent() })).status).toBe(201);
    for (const user of ['rc', 'ru', 'cal', 'tmpl', 'nobody'] as const) {
      const res = await post(independent(), user);
      expect(res.status, user).toBe(403);
      expect(res.json.status).toBe('failure');
    }
    expect((await server.request('POST', `${BASE}/release`, { auth: null, body: independent() })).status).toBe(401);
  });

  it('answers on the default path too, and refuses malformed JSON in the result envelope', async () => {
    expect((await post(independent(), 'pm', DEFAULT_BASE)).status).toBe(201);
    const bad = await server.request('POST', `${DEFAULT_BASE}/release`, { auth: world.as('pm'), body: '{"name":' });
    expect(bad.status).toBe(400);
    expect(bad.json.result.error).toBe(true);
  });
});
