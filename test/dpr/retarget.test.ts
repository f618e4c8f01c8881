import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, calendarDaysBetween, layoutTimeline, WorkingCalendar } from '../../src/modules/calendar/engine/index.ts';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, US_HOLIDAYS_2025, type UserKey, type World, userWithRoleContaining } from '../support/fixtures.ts';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../support/server.ts';
import { expectRule } from '../support/expect-rule.ts';

const BASE = '/api/sn_dpr/v1/digital_product_release';
const DEFAULT_BASE = '/api/sn_dpr/digital_product_release';
const NOW = '2025-10-01T00:00:00Z';
const OK = { result: { error: false, message: '' } };

type Auth = [string, string] | null;
type Dates = Array<[string, string]>;

/** Planned dates of the 10/25/15/10 timeline template on the US-holiday schedule (checked below against the engine). */
const MAR20: Dates = [
  ['2025-12-24', '2026-01-08'],
  ['2026-01-09', '2026-02-13'],
  ['2026-02-16', '2026-03-06'],
  ['2026-03-09', '2026-03-20'],
];
const MAR27: Dates = [
  ['2026-01-02', '2026-01-15'],
  ['2026-01-16', '2026-02-20'],
  ['2026-02-23', '2026-03-13'],
  ['2026-03-16', '2026-03-27'],
];
/** The template's key dates: each phase's kickoff, on its planned start. */
const KICKOFFS = ['Plan kickoff', 'Build kickoff', 'Test kickoff', 'Release kickoff'];

/** The same working days as the fixture's US-holiday schedule, for computing expectations. */
const usCalendar = new WorkingCalendar([
  { start_date: '2000-01-01', end_date: null, repeat_type: 'weekly', days_of_week: '67' },
  ...US_HOLIDAYS_2025.map((d) => ({ start_date: d, end_date: d, repeat_type: 'none' as const, days_of_week: null })),
] as never);
const expectedLayout = (readiness: string): Dates =>
  layoutTimeline(
    [10, 25, 15, 10].map((duration, i) => ({ order: i, duration, readiness_phase: i === 3 })),
    readiness,
    usCalendar,
  ).phases.map((p) => [p.planned_start_date, p.planned_end_date]);

describe.each(DIALECTS)('PUT release/{sysId}/retarget (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let n = 0;
  const db = (): Kysely<any> => server.handle.services.database.db;
  const as = (user: UserKey): Auth => world.as(user);
  const put = (releaseId: string, body: unknown, auth: Auth = as('pm'), base = BASE) =>
    server.request('PUT', `${base}/release/${releaseId}/retarget`, { auth, body });
  const expectOk = (res: { status: number; json: any; text: string }) => {
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual(OK);
  };
  const createRelease = async (extra: Record<string, unknown> = {}) => {
    const res = await server.request('POST', `${BASE}/release`, {
      auth: as('pm'),
      body: { name: `Retarget release ${++n}`, productId: world.products.payments, releaseOwner: world.users.pm, templateId: world.templates.timeline, releaseTarget: world.targets.mar20, ...extra },
    });
    expect(res.status, res.text).toBe(201);
    return res.json.result.releaseId as string;
  };
  const releaseRow = (id: string) => db().selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', id).executeTakeFirstOrThrow();
  const phaseRows = (id: string) => db().selectFrom('sn_dpr_model_release_phase').selectAll().where('release', '=', id).orderBy('order').execute();
  const phaseDates = async (id: string): Promise<Dates> => (await phaseRows(id)).map((p) => [p.planned_start_date, p.planned_end_date]);
  const keyDates = async (id: string) =>
    Object.fromEntries((await db().selectFrom('sn_dpr_model_release_key_date').select(['name', 'due_date']).where('release', '=', id).execute()).map((k) => [k.name, k.due_date]));
  const kickoffs = async (id: string) => {
    const all = await keyDates(id);
    return KICKOFFS.map((k) => all[k]);
  };
  const setRelease = (id: string, values: Record<string, unknown>) => db().updateTable('sn_dpr_model_release').set(values).where('sys_id', '=', id).execute();
  const setPhase = (releaseId: string, name: string, values: Record<string, unknown>) =>
    db().updateTable('sn_dpr_model_release_phase').set(values).where('release', '=', releaseId).where('name', '=', name).execute();
  const setProperty = (name: string, value: string) => db().updateTable('sys_properties').set({ value }).where('name', '=', name).execute();
  const insert = (table: string, values: Record<string, unknown>) =>
    inTransaction(db(), (trx) => server.handle.services.store.insert(trx, SYSTEM_ACTOR, table, values)).then((r) => String(r.sys_id));
  const newTarget = (date: string) => insert('sn_dpr_model_release_target', { name: `Target ${date} #${++n}`, date, release_calendar: world.calendar, release_admin: world.users.ra });
  const moveClock = (now: string) => server.request('POST', '/api/dpr/clock', { body: { now } });
  const nameOf = async (id: string) => (await releaseRow(id)).name as string;

  let mar27: string;
  let mar13: string;

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: NOW, DPR_ROLE: 'api' });
    world = await createWorld(server);
    mar27 = await newTarget('2026-03-27');
    mar13 = await newTarget('2026-03-13');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('starts from the expected layouts (the engine agrees with the constants)', async () => {
    expect(expectedLayout('2026-03-20')).toEqual(MAR20);
    expect(expectedLayout('2026-03-27')).toEqual(MAR27);
    const id = await createRelease();
    expect(await phaseDates(id)).toEqual(MAR20);
    expect(await kickoffs(id)).toEqual(MAR20.map(([start]) => start));
  });

  it('retargets to an existing target (reference example): re-lays the phases and shifts the key dates', async () => {
    const id = await createRelease();
    const before = await releaseRow(id);
    const plan = (await phaseRows(id))[0];
    expectOk(await put(id, { releaseTarget: mar27 }, as('pm'), DEFAULT_BASE));
    const after = await releaseRow(id);
    expect(after).toMatchObject({ release_target: mar27, readiness_date: '2026-03-27', planned_start_date: '2026-01-02', planned_end_date: '2026-03-27', state: 'in_progress' });
    expect(after.sys_mod_count).toBe(before.sys_mod_count + 1);
    expect(after.sys_updated_by).toBe('pm');
    expect(await phaseDates(id)).toEqual(MAR27);
    // The phase in progress keeps its state and actual start.
    expect((await phaseRows(id))[0]).toMatchObject({ sys_id: plan.sys_id, state: 'in_progress', actual_start_date: '2025-10-01' });
    // +7 calendar days, all landing on working days.
    expect(await kickoffs(id)).toEqual(['2025-12-31', '2026-01-16', '2026-02-23', '2026-03-16']);
  });

  it('retargets to an out-of-band date (reference example), creating the target once per calendar and date', async () => {
    const id = await createRelease();
    expectOk(await put(id, { outOfBand: true, releaseCalendar: world.calendar, releaseDate: '2026-10-23' }));
    const targets = await db().selectFrom('sn_dpr_model_release_target').selectAll().where('release_calendar', '=', world.calendar).where('date', '=', '2026-10-23').execute();
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ out_of_band: 1, release_admin: world.users.ra, name: 'Out of band 2026-10-23' });
    const after = await releaseRow(id);
    expect(after).toMatchObject({ release_target: targets[0].sys_id, readiness_date: '2026-10-23', planned_end_date: '2026-10-23' });
    expect(await phaseDates(id)).toEqual(expectedLayout('2026-10-23'));
    const days = calendarDaysBetween('2026-03-20', '2026-10-23');
    expect(await kickoffs(id)).toEqual(MAR20.map(([start]) => usCalendar.previousWorkingDay(addCalendarDays(start, days))));

    // A second release joins the same target; outOfBand may come as the string "true".
    const other = await createRelease();
    expectOk(await put(other, { outOfBand: 'true', releaseCalendar: world.calendar, releaseDate: '2026-10-23', releaseTarget: '' }));
    expect((await releaseRow(other)).release_target).toBe(targets[0].sys_id);
    expect(await db().selectFrom('sn_dpr_model_release_target').select('sys_id').where('release_calendar', '=', world.calendar).where('date', '=', '2026-10-23').execute()).toHaveLength(1);
  });

  it('moves a shifted key date off a holiday to the previous working day; archived and missed key dates stay', async () => {
    const id = await createRelease();
    const build = (await phaseRows(id))[1].sys_id;
    const keyDate = (name: string, due: string, state = 'upcoming') =>
      insert('sn_dpr_model_release_key_date', { release: id, phase: build, name, type: 'deadline', due_date: due, state });
    await keyDate('Lands on MLK day', '2026-01-12');
    await keyDate('Lands on a Saturday', '2026-01-30');
    await keyDate('Archived', '2026-01-20', 'archived');
    await keyDate('Missed', '2026-01-21', 'missed');
    expectOk(await put(id, { releaseTarget: mar27 }));
    const all = await keyDates(id);
    // 2026-01-12 + 7 = 2026-01-19, a holiday (Martin Luther King Jr. Day) → Friday 2026-01-16.
    expect(all['Lands on MLK day']).toBe('2026-01-16');
    // 2026-01-30 is a Friday: + 7 is a Friday too.
    expect(all['Lands on a Saturday']).toBe('2026-02-06');
    expect(all.Archived).toBe('2026-01-20');
    expect(all.Missed).toBe('2026-01-21');

    // Back by 7 days from a date on a Sunday: 2026-01-25 - 7 = 2026-01-18 (Sunday) → Friday 2026-01-16.
    await keyDate('Back to a Sunday', '2026-01-25');
    expectOk(await put(id, { releaseTarget: world.targets.mar20 }));
    expect((await keyDates(id))['Back to a Sunday']).toBe('2026-01-16');
    expect(await phaseDates(id)).toEqual(MAR20);
  });

  it('keeps completed phases (and their key dates) and re-lays the others', async () => {
    const id = await createRelease();
    await setPhase(id, 'Plan', { state: 'completed', actual_end_date: '2025-10-01' });
    await setPhase(id, 'Build', { state: 'in_progress', actual_start_date: '2025-10-01' });
    expectOk(await put(id, { releaseTarget: mar27 }));
    expect(await phaseDates(id)).toEqual([MAR20[0], ...MAR27.slice(1)]);
    expect(await releaseRow(id)).toMatchObject({ planned_start_date: MAR20[0][0], planned_end_date: '2026-03-27' });
    expect(await kickoffs(id)).toEqual(['2025-12-24', '2026-01-16', '2026-02-23', '2026-03-16']);
  });

  it('keeps the planned start of the phase in progress when the new one would be in the past', async () => {
    const id = await createRelease();
    await moveClock('2025-12-29T12:00:00Z');
    try {
      expectOk(await put(id, { releaseTarget: mar13 }));
    } finally {
      await moveClock(NOW);
    }
    // The layout would start Plan on 2025-12-17; today is 2025-12-29, so Plan keeps 2025-12-24.
    expect(expectedLayout('2026-03-13')[0]).toEqual(['2025-12-17', '2025-12-31']);
    expect(await phaseDates(id)).toEqual([['2025-12-24', '2025-12-31'], ...expectedLayout('2026-03-13').slice(1)]);
    expect(await releaseRow(id)).toMatchObject({ planned_start_date: '2025-12-24', planned_end_date: '2026-03-13', readiness_date: '2026-03-13' });
    expect(await kickoffs(id)).toEqual(['2025-12-17', '2026-01-02', '2026-02-09', '2026-03-02']);
  });

  it('takes the new planned start of the phase in progress when the old one would follow its new end', async () => {
    const id = await createRelease();
    expectOk(await put(id, { releaseTarget: world.targets.dec19 }));
    // Plan (in progress) would start 2025-09-24, in the past; its old start 2025-12-24 is after its new end 2025-10-07.
    expect(await phaseDates(id)).toEqual(expectedLayout('2025-12-19'));
    expect((await phaseDates(id))[0]).toEqual(['2025-09-24', '2025-10-07']);
    expect(await kickoffs(id)).toEqual(['2025-09-24', '2025-10-10', '2025-11-17', '2025-12-08']);
  });

  it('refuses a retarget that would start a phase before today, unless sn_dpr_model.allow_any_release_dates', async () => {
    const id = await createRelease();
    const name = await nameOf(id);
    expectRule(
      await put(id, { releaseTarget: world.targets.oct31 }),
      `Retargeting release ${name} to 2025-10-31 would start phase Build on 2025-08-21, before today (2025-10-01): choose a later readiness target`,
    );
    expect(await releaseRow(id)).toMatchObject({ release_target: world.targets.mar20, readiness_date: '2026-03-20' });
    expect(await phaseDates(id)).toEqual(MAR20);

    const past = await newTarget('2025-09-15');
    const pastName = (await db().selectFrom('sn_dpr_model_release_target').select('name').where('sys_id', '=', past).executeTakeFirstOrThrow()).name;
    expectRule(
      await put(id, { releaseTarget: past }),
      `Release target ${pastName} (2025-09-15) is before today (2025-10-01); retargeting into the past needs sn_dpr_model.allow_any_release_dates`,
    );
    await setProperty('sn_dpr_model.allow_any_release_dates', 'true');
    try {
      expectOk(await put(id, { releaseTarget: world.targets.oct31 }));
      expect(await phaseDates(id)).toEqual(expectedLayout('2025-10-31'));
      expectOk(await put(id, { releaseTarget: past }));
      expect(await phaseDates(id)).toEqual(expectedLayout('2025-09-15'));
      expect((await releaseRow(id)).readiness_date).toBe('2025-09-15');
    } finally {
      await setProperty('sn_dpr_model.allow_any_release_dates', 'false');
    }
  });

  it('retargets a Pending release, checking every phase against today', async () => {
    const id = await createRelease();
    await setRelease(id, { state: 'pending', actual_start_date: null });
    await setPhase(id, 'Plan', { state: 'pending', actual_start_date: null });
    expectOk(await put(id, { releaseTarget: mar27 }));
    expect(await phaseDates(id)).toEqual(MAR27);
    expectRule(await put(id, { releaseTarget: world.targets.dec19 }), /would start phase Plan on 2025-09-24, before today \(2025-10-01\)/);
  });

  it('retargets a stage release: only its target and readiness date change', async () => {
    const id = await createRelease({ templateId: world.templates.stage, releaseTarget: '' });
    const before = await phaseRows(id);
    expectOk(await put(id, { releaseTarget: world.targets.mar20 }));
    expect(await releaseRow(id)).toMatchObject({ release_target: world.targets.mar20, readiness_date: '2026-03-20', planned_start_date: null, planned_end_date: null });
    expect(await phaseRows(id)).toEqual(before);
  });

  it('moves the child releases of a primary along; a child cannot be retargeted on its own', async () => {
    const primary = await createRelease({ includedVersions: [world.versions.mobile31, world.versions.ledger10] });
    const children = await db().selectFrom('sn_dpr_model_release').selectAll().where('parent', '=', primary).orderBy('name').execute();
    const [ledger, mobile] = children;
    await setRelease(ledger.sys_id, { state: 'completed' });
    expectOk(await put(primary, { releaseTarget: mar27 }));
    expect(await releaseRow(mobile.sys_id)).toMatchObject({ release_target: mar27, readiness_date: '2026-03-27', planned_start_date: '2026-01-02', planned_end_date: '2026-03-27' });
    expect(await phaseDates(mobile.sys_id)).toEqual(MAR27);
    expect(await kickoffs(mobile.sys_id)).toEqual(['2025-12-31', '2026-01-16', '2026-02-23', '2026-03-16']);
    // A completed child keeps its plan.
    expect(await releaseRow(ledger.sys_id)).toMatchObject({ release_target: world.targets.mar20, readiness_date: '2026-03-20' });
    expect(await phaseDates(ledger.sys_id)).toEqual(MAR20);

    const primaryName = await nameOf(primary);
    expectRule(
      await put(mobile.sys_id, { releaseTarget: world.targets.mar20 }),
      `Release ${primaryName} - Mobile Banking App is a child release of ${primaryName}: retarget the primary release, which moves its child releases too`,
    );
    expect((await releaseRow(mobile.sys_id)).release_target).toBe(mar27);
  });

  it('refuses releases that are not Pending or In Progress, naming the state', async () => {
    const id = await createRelease();
    for (const [state, label] of [
      ['on_hold', 'On Hold'],
      ['draft', 'Draft'],
      ['review', 'Review'],
      ['completed', 'Completed'],
      ['cancelled', 'Cancelled'],
      ['restarting', 'Restarting'],
    ]) {
      await setRelease(id, { state });
      expectRule(await put(id, { releaseTarget: mar27 }), `Release must be Pending or In Progress to be retargeted (current state: ${label})`);
    }
    expect(await releaseRow(id)).toMatchObject({ release_target: world.targets.mar20, readiness_date: '2026-03-20' });
  });

  it('refuses a retarget once the readiness phase is completed', async () => {
    const id = await createRelease();
    await setPhase(id, 'Plan', { state: 'completed' });
    await setPhase(id, 'Build', { state: 'completed' });
    await setPhase(id, 'Test', { state: 'completed', readiness_phase: 1 });
    await setPhase(id, 'Release', { state: 'in_progress', readiness_phase: 0 });
    expectRule(await put(id, { releaseTarget: mar27 }), `The readiness phase Test of release ${await nameOf(id)} is completed: its readiness date can no longer move`);
  });

  it('checks the body: exactly one way to name the target', async () => {
    const id = await createRelease();
    expectRule(await put(id, {}), 'releaseTarget is required, or outOfBand true with releaseCalendar and releaseDate');
    expectRule(await put(id, { releaseTarget: '', outOfBand: false, releaseCalendar: null, releaseDate: '' }), 'releaseTarget is required, or outOfBand true with releaseCalendar and releaseDate');
    expectRule(await put(id, { releaseTarget: mar27, outOfBand: true, releaseCalendar: world.calendar, releaseDate: '2026-10-23' }), 'Give either releaseTarget or outOfBand true (with releaseCalendar and releaseDate), not both');
    expectRule(await put(id, { releaseCalendar: world.calendar, releaseDate: '2026-10-23' }), 'releaseCalendar and releaseDate apply only with outOfBand true');
    expectRule(await put(id, { releaseTarget: mar27, releaseDate: '2026-10-23' }), 'releaseCalendar and releaseDate apply only with outOfBand true');
    expectRule(await put(id, { outOfBand: 'yes', releaseCalendar: world.calendar, releaseDate: '2026-10-23' }), 'outOfBand must be true or false (got "yes")');
    expectRule(await put(id, { releaseTarget: '0123456789abcdef0123456789abcdef' }), 'Release target is invalid: 0123456789abcdef0123456789abcdef');
    expectRule(await put(id, { releaseTarget: { sysId: 'x' } }), /releaseTarget/);
    expect(await releaseRow(id)).toMatchObject({ release_target: world.targets.mar20, readiness_date: '2026-03-20' });
  });

  it('checks out-of-band dates: calendar, format, today, and sn_dpr.out_of_band_release_allowed', async () => {
    const id = await createRelease();
    const targetsBefore = (await db().selectFrom('sn_dpr_model_release_target').select('sys_id').execute()).length;
    expectRule(await put(id, { outOfBand: true, releaseDate: '2026-10-30' }), 'releaseCalendar is required with an out-of-band releaseDate');
    expectRule(await put(id, { outOfBand: true, releaseCalendar: world.calendar }), 'releaseDate must be a date in the format yyyy-MM-dd');
    expectRule(await put(id, { outOfBand: true, releaseCalendar: world.calendar, releaseDate: 'Oct 30' }), 'releaseDate must be a date in the format yyyy-MM-dd (got Oct 30)');
    expectRule(await put(id, { outOfBand: true, releaseCalendar: '0123456789abcdef0123456789abcdef', releaseDate: '2026-10-30' }), 'Release calendar is invalid: 0123456789abcdef0123456789abcdef');
    expectRule(await put(id, { outOfBand: true, releaseCalendar: world.calendar, releaseDate: '2025-09-30' }), 'releaseDate 2025-09-30 is before today (2025-10-01)');
    await setProperty('sn_dpr.out_of_band_release_allowed', 'false');
    try {
      expectRule(
        await put(id, { outOfBand: true, releaseCalendar: world.calendar, releaseDate: '2026-10-30' }),
        'Out-of-band release dates are not allowed (sn_dpr.out_of_band_release_allowed is false); choose a releaseTarget',
      );
      // Existing targets stay available.
      expectOk(await put(id, { releaseTarget: mar27 }));
    } finally {
      await setProperty('sn_dpr.out_of_band_release_allowed', 'true');
    }
    expect((await db().selectFrom('sn_dpr_model_release_target').select('sys_id').execute()).length).toBe(targetsBefore);
  });

  it('refuses a release the target would leave in a bad state without writing anything (one transaction)', async () => {
    const id = await createRelease();
    const before = { release: await releaseRow(id), phases: await phaseRows(id), keyDates: await keyDates(id) };
    const targetsBefore = (await db().selectFrom('sn_dpr_model_release_target').select('sys_id').execute()).length;
    // The out-of-band target would be created first; the layout then fails: nothing stays.
    expectRule(await put(id, { outOfBand: true, releaseCalendar: world.calendar, releaseDate: '2025-10-31' }), /would start phase Build on 2025-08-21/);
    expect(await releaseRow(id)).toEqual(before.release);
    expect(await phaseRows(id)).toEqual(before.phases);
    expect(await keyDates(id)).toEqual(before.keyDates);
    expect((await db().selectFrom('sn_dpr_model_release_target').select('sys_id').execute()).length).toBe(targetsBefore);
  });

  it('answers Release ID is invalid for unknown or malformed ids', async () => {
    expectRule(await put('0123456789abcdef0123456789abcdef', { releaseTarget: mar27 }), 'Release ID is invalid');
    expectRule(await put('RLSE0001001', { releaseTarget: mar27 }), 'Release ID is invalid');
  });

  describe('roles', () => {
    let lead: [string, string];
    beforeAll(async () => {
      lead = await userWithRoleContaining(server, 'x_test.release_lead', 'sn_dpr_model.release_admin', 'lead');
    });

    it('lets product managers, release admins, containing roles and admin retarget', async () => {
      for (const auth of [as('pm'), as('ra'), lead, ['admin', ADMIN_PASSWORD] as [string, string]]) {
        const id = await createRelease();
        expectOk(await put(id, { releaseTarget: mar27 }, auth));
        expect(await releaseRow(id)).toMatchObject({ readiness_date: '2026-03-27', sys_updated_by: auth![0] });
      }
    });

    it('answers 403 to release coordinators and other roles, 401 without credentials, on both prefixes', async () => {
      const id = await createRelease();
      for (const base of [BASE, DEFAULT_BASE]) {
        for (const key of ['rc', 'ru', 'cal', 'tmpl', 'nobody'] as const) {
          const res = await put(id, { releaseTarget: mar27 }, as(key), base);
          expect(res.status, `${key}: ${res.text}`).toBe(403);
          expect(res.json).toMatchObject({ error: { message: 'User Not Authorized' }, status: 'failure' });
        }
        const anonymous = await put(id, { releaseTarget: mar27 }, null, base);
        expect(anonymous.status).toBe(401);
        expect(anonymous.json).toMatchObject({ error: { message: 'User Not Authenticated' }, status: 'failure' });
      }
      expect((await releaseRow(id)).readiness_date).toBe('2026-03-20');
    });
  });

  it('serves both URL prefixes', async () => {
    const id = await createRelease();
    expectOk(await put(id, { releaseTarget: mar27 }, as('ra'), BASE));
    expectOk(await put(id, { releaseTarget: world.targets.mar20 }, as('ra'), DEFAULT_BASE));
    expect(await phaseDates(id)).toEqual(MAR20);
    expect(await kickoffs(id)).toEqual(MAR20.map(([start]) => start));
  });

  it('leaves one consistent plan after 10 concurrent retargets to different targets', async () => {
    const id = await createRelease();
    const before = await releaseRow(id);
    // Fridays one to ten weeks after 2026-03-20: no shifted key date meets a holiday, so the
    // final key dates depend only on the final target, whatever order the retargets ran in.
    const dates = Array.from({ length: 10 }, (_, k) => addCalendarDays('2026-03-20', 7 * (k + 1)));
    const targets = new Map<string, string>();
    for (const date of dates) targets.set(await newTarget(date), date);
    const answers = await Promise.all([...targets.keys()].map((target, i) => put(id, { releaseTarget: target }, i % 2 ? as('pm') : as('ra'))));
    for (const res of answers) expectOk(res);

    const after = await releaseRow(id);
    const final = targets.get(after.release_target);
    expect(final).toBeDefined();
    expect(after.readiness_date).toBe(final);
    const layout = expectedLayout(final!);
    expect(await phaseDates(id)).toEqual(layout);
    expect(after).toMatchObject({ planned_start_date: layout[0][0], planned_end_date: layout[3][1] });
    const days = calendarDaysBetween('2026-03-20', final!);
    expect(await kickoffs(id)).toEqual(MAR20.map(([start]) => addCalendarDays(start, days)));
    // Every retarget applied, one after the other.
    expect(after.sys_mod_count).toBe(before.sys_mod_count + 10);
  });
});
