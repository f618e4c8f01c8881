import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type UserKey, type World } from '../support/fixtures.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';

const BASE = '/api/sn_dpr/v1/digital_product_release';
const DEFAULT_BASE = '/api/sn_dpr/digital_product_release';
const HINT = 'to create the target anyway, list the date in targetsWithOverlappingScheduleDetails with active true';

describe.each(DIALECTS)('POST release_target (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let n = 0;
  const db = () => server.handle.services.database.db;
  const post = (body: unknown, user: UserKey | 'admin' = 'pm', base = BASE) =>
    server.request('POST', `${base}/release_target`, { auth: user === 'admin' ? undefined : world.as(user), body });
  const targetCount = async () => (await db().selectFrom('sn_dpr_model_release_target').select('sys_id').execute()).length;
  const targetsNamed = (name: string) => db().selectFrom('sn_dpr_model_release_target').selectAll().where('name', '=', name).orderBy('date').execute();
  const datesNamed = async (name: string) => (await targetsNamed(name)).map((t) => t.date);
  const single = (extra: Record<string, unknown> = {}) => ({
    name: `Single ${++n}`,
    releaseAdmin: world.users.ra,
    isRecurring: false,
    startDate: '2025-10-30',
    releaseCalendar: world.calendar,
    ...extra,
  });
  const weekly = (extra: Record<string, unknown> = {}) => ({
    name: `Weekly ${++n}`,
    releaseAdmin: world.users.ra,
    isRecurring: true,
    description: '',
    startDate: '2025-10-24',
    endDate: '2025-11-19',
    releaseCalendar: world.calendar,
    repeats: { type: 'weekly', every: 1, daysOfWeek: 5 },
    ...extra,
  });
  /** Posts and expects 201 with `count`; returns the stored dates of the request's name. */
  const created = async (body: Record<string, unknown>, count: number, user: UserKey | 'admin' = 'pm') => {
    const res = await post(body, user);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({ result: { error: false, message: '', count } });
    return datesNamed(String(body.name));
  };
  const expectRule = async (body: unknown, message: string | RegExp) => {
    const before = await targetCount();
    const res = await post(body);
    expect(res.status, res.text).toBe(400);
    expect(res.json.result.error).toBe(true);
    if (typeof message === 'string') expect(res.json.result.message).toBe(message);
    else expect(res.json.result.message).toMatch(message);
    expect(await targetCount(), 'nothing is written on a 400').toBe(before);
  };

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z' });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('the reference examples', () => {
    it('creates the four weekly Friday targets of the recurring example, sharing one series', async () => {
      const body = weekly({
        name: 'Weekly Friday patch',
        scheduleSysId: world.schedules.usHolidays,
        targetsWithOverlappingScheduleDetails: [
          { active: true, date: '2025-10-24' },
          { active: true, date: '2025-10-31' },
          { active: true, date: '2025-11-07' },
          { active: true, date: '2025-11-14' },
        ],
      });
      const res = await server.request('POST', `${DEFAULT_BASE}/release_target`, { auth: world.as('pm'), body });
      expect(res.status, res.text).toBe(201);
      expect(res.json).toEqual({ result: { error: false, message: '', count: 4 } });
      const rows = await targetsNamed('Weekly Friday patch');
      expect(rows.map((r) => r.date)).toEqual(['2025-10-24', '2025-10-31', '2025-11-07', '2025-11-14']);
      const series = rows[0].series;
      expect(series).toMatch(/^[0-9a-f]{32}$/);
      for (const row of rows) {
        expect(row).toMatchObject({
          release_admin: world.users.ra,
          release_calendar: world.calendar,
          recurring: 1,
          series,
          schedule: world.schedules.usHolidays,
          description: null,
          out_of_band: 0,
          sys_class_name: 'sn_dpr_model_release_target',
          sys_created_by: 'pm',
        });
      }
    });

    it('creates the single-date example on the versioned URL', async () => {
      const body = {
        name: 'Fourth Thursday patch',
        releaseAdmin: world.users.ra,
        isRecurring: false,
        description: 'Last Thursday of October',
        startDate: '2025-10-30',
        releaseCalendar: world.calendar,
      };
      expect(await created(body, 1)).toEqual(['2025-10-30']);
      const [row] = await targetsNamed('Fourth Thursday patch');
      expect(row).toMatchObject({ recurring: 0, series: null, schedule: null, description: 'Last Thursday of October', release_calendar: world.calendar, release_admin: world.users.ra });
    });

    it('gives the same Fridays without the opt-in list (none of them overlaps)', async () => {
      expect(await created(weekly(), 4)).toEqual(['2025-10-24', '2025-10-31', '2025-11-07', '2025-11-14']);
    });

    it('gives each recurring request its own series id', async () => {
      const a = weekly();
      const b = weekly();
      await created(a, 4);
      await created(b, 4);
      const [ra] = await targetsNamed(String(a.name));
      const [rb] = await targetsNamed(String(b.name));
      expect(ra.series).not.toBe(rb.series);
    });
  });

  describe('dates inside exclusion schedules', () => {
    // Fridays Dec 5 – Jan 16: Dec 26 and Jan 2 fall in the calendar's blackout (Dec 22 – Jan 2).
    const acrossBlackout = (extra: Record<string, unknown> = {}) => weekly({ startDate: '2025-12-05', endDate: '2026-01-16', ...extra });

    it('skips overlapping dates of a series unless the client opts in', async () => {
      expect(await created(acrossBlackout(), 5)).toEqual(['2025-12-05', '2025-12-12', '2025-12-19', '2026-01-09', '2026-01-16']);
    });

    it('creates an overlapping date listed with active:true', async () => {
      const body = acrossBlackout({ targetsWithOverlappingScheduleDetails: [{ date: '2025-12-26', active: true }] });
      expect(await created(body, 6)).toEqual(['2025-12-05', '2025-12-12', '2025-12-19', '2025-12-26', '2026-01-09', '2026-01-16']);
    });

    it('skips listed active:false dates, overlapping or not (the client opted out)', async () => {
      const body = acrossBlackout({
        targetsWithOverlappingScheduleDetails: [
          { date: '2026-01-02', active: false },
          { date: '2025-12-26', active: 'true' },
          { date: '2025-12-12', active: false },
          { date: '2025-12-26', active: true },
        ],
      });
      expect(await created(body, 5)).toEqual(['2025-12-05', '2025-12-19', '2025-12-26', '2026-01-09', '2026-01-16']);
    });

    it('also excludes the dates of scheduleSysId (weekends and holidays), named in the single-date refusal', async () => {
      // Monthly on the 11th: Nov 11 (holiday), Jan 11 (a Sunday) overlap; the blackout does not reach them.
      const monthly = weekly({ startDate: '2025-11-11', endDate: '2026-02-28', repeats: { type: 'monthly', every: 1 }, scheduleSysId: world.schedules.usHolidays });
      expect(await created(monthly, 2)).toEqual(['2025-12-11', '2026-02-11']);
      await expectRule(
        single({ startDate: '2025-11-27', scheduleSysId: world.schedules.usHolidays }),
        `startDate 2025-11-27 falls in the exclusion schedule US holidays and weekends (Holiday 2025-11-27); ${HINT}`,
      );
      await expectRule(
        single({ startDate: '2025-12-27', scheduleSysId: world.schedules.usHolidays }),
        `startDate 2025-12-27 falls in the exclusion schedule Year-end blackout (Freeze), US holidays and weekends (Weekends); ${HINT}`,
      );
    });

    it('refuses a single date inside an exclusion schedule, naming it, unless listed active', async () => {
      await expectRule(single({ startDate: '2025-12-24' }), `startDate 2025-12-24 falls in the exclusion schedule Year-end blackout (Freeze); ${HINT}`);
      await expectRule(
        single({ startDate: '2025-12-24', targetsWithOverlappingScheduleDetails: [] }),
        `startDate 2025-12-24 falls in the exclusion schedule Year-end blackout (Freeze); ${HINT}`,
      );
      const body = single({ startDate: '2025-12-24', targetsWithOverlappingScheduleDetails: [{ date: '2025-12-24', active: true }] });
      expect(await created(body, 1)).toEqual(['2025-12-24']);
    });

    it('creates nothing for a single date listed active:false (count 0)', async () => {
      expect(await created(single({ startDate: '2025-12-24', targetsWithOverlappingScheduleDetails: [{ date: '2025-12-24', active: false }] }), 0)).toEqual([]);
      expect(await created(single({ targetsWithOverlappingScheduleDetails: [{ date: '2025-10-30', active: false }] }), 0)).toEqual([]);
    });

    it('refuses listed dates that the request does not produce', async () => {
      await expectRule(
        acrossBlackout({ targetsWithOverlappingScheduleDetails: [{ date: '2025-12-26', active: true }, { date: '2025-12-27', active: true }] }),
        'targetsWithOverlappingScheduleDetails lists 2025-12-27, which is not a date of the requested series',
      );
      await expectRule(
        acrossBlackout({ targetsWithOverlappingScheduleDetails: [{ date: '2026-01-23', active: false }, { date: '2025-11-28', active: true }] }),
        'targetsWithOverlappingScheduleDetails lists 2025-11-28, 2026-01-23, which are not a date of the requested series',
      );
      await expectRule(
        single({ targetsWithOverlappingScheduleDetails: [{ date: '2025-10-31', active: true }] }),
        'targetsWithOverlappingScheduleDetails lists 2025-10-31, which is not the requested startDate (2025-10-30)',
      );
    });

    it('refuses a malformed opt-in list', async () => {
      const field = 'targetsWithOverlappingScheduleDetails';
      await expectRule(weekly({ [field]: 'all' }), `${field} must be a list of {"date": "yyyy-MM-dd", "active": true|false}`);
      await expectRule(weekly({ [field]: ['2025-10-24'] }), `${field}[0] must be an object with date and active`);
      await expectRule(weekly({ [field]: [{ date: '24/10/2025', active: true }] }), `${field}[0].date must be a date in yyyy-MM-dd format (got "24/10/2025")`);
      await expectRule(weekly({ [field]: [{ active: true }] }), `${field}[0].date must be a date in yyyy-MM-dd format (got null)`);
      await expectRule(weekly({ [field]: [{ date: '2025-10-24' }] }), `${field}[0].active is required (true or false)`);
      await expectRule(weekly({ [field]: [{ date: '2025-10-24', active: 'yes' }] }), `${field}[0].active must be true or false (got "yes")`);
      await expectRule(
        weekly({ [field]: [{ date: '2025-10-24', active: true }, { date: '2025-10-24', active: false }] }),
        `${field} lists 2025-10-24 twice, once active and once inactive`,
      );
    });

    it('treats "" and null opt-in lists as not given', async () => {
      expect(await created(weekly({ targetsWithOverlappingScheduleDetails: '' }), 4)).toHaveLength(4);
      expect(await created(weekly({ targetsWithOverlappingScheduleDetails: null, scheduleSysId: '' }), 4)).toHaveLength(4);
    });
  });

  describe('recurrence edge cases', () => {
    it('clamps a monthly series from Jan 31 to each month end without drifting', async () => {
      const body = weekly({ startDate: '2026-01-31', endDate: '2026-06-30', repeats: { type: 'monthly', every: 1, daysOfWeek: 5 } });
      expect(await created(body, 6)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
    });

    it('handles leap days: Feb 29 yearly (every 12 months) and Jan 31 monthly in a leap year', async () => {
      const yearly = weekly({ startDate: '2028-02-29', endDate: '2032-03-01', repeats: { type: 'monthly', every: 12 } });
      expect(await created(yearly, 5)).toEqual(['2028-02-29', '2029-02-28', '2030-02-28', '2031-02-28', '2032-02-29']);
      const monthly = weekly({ startDate: '2028-01-31', endDate: '2028-03-31', repeats: { type: 'monthly', every: 1 } });
      expect(await created(monthly, 3)).toEqual(['2028-01-31', '2028-02-29', '2028-03-31']);
    });

    it('repeats every 2 weeks', async () => {
      const body = weekly({ startDate: '2025-10-24', endDate: '2025-12-05', repeats: { type: 'weekly', every: 2, daysOfWeek: 5 } });
      expect(await created(body, 4)).toEqual(['2025-10-24', '2025-11-07', '2025-11-21', '2025-12-05']);
    });

    it('starts a weekly series on the first matching weekday on or after startDate, inclusive of endDate', async () => {
      // 2025-10-22 is a Wednesday; Mondays follow. 2025-11-17 is a Monday and the end.
      const body = weekly({ startDate: '2025-10-22', endDate: '2025-11-17', repeats: { type: 'weekly', every: 1, daysOfWeek: 1 } });
      expect(await created(body, 4)).toEqual(['2025-10-27', '2025-11-03', '2025-11-10', '2025-11-17']);
    });

    it("uses the start date's weekday when daysOfWeek is absent, and accepts numbers as strings and a capitalised type", async () => {
      const noDay = weekly({ startDate: '2025-10-29', endDate: '2025-11-12', repeats: { type: 'weekly', every: 1, daysOfWeek: '' } });
      expect(await created(noDay, 3)).toEqual(['2025-10-29', '2025-11-05', '2025-11-12']);
      const strings = weekly({ isRecurring: 'true', repeats: { type: 'Weekly', every: '2', daysOfWeek: '5' } });
      expect(await created(strings, 2)).toEqual(['2025-10-24', '2025-11-07']);
    });

    it('accepts today as startDate and ignores endDate/repeats of a single target', async () => {
      const body = single({ startDate: '2025-10-01', endDate: '2025-12-31', repeats: { type: 'weekly', every: 1 } });
      expect(await created(body, 1)).toEqual(['2025-10-01']);
    });
  });

  describe('400 rules', () => {
    it('requires name, releaseAdmin (an active user) and isRecurring', async () => {
      await expectRule(single({ name: undefined }), 'name is required');
      await expectRule(single({ name: ' ' }), 'name is required');
      await expectRule(single({ releaseAdmin: '' }), 'releaseAdmin is required');
      await expectRule(single({ releaseAdmin: null }), 'releaseAdmin is required');
      await expectRule(single({ releaseAdmin: '0123456789abcdef0123456789abcdef' }), 'Release admin is invalid: 0123456789abcdef0123456789abcdef');
      const inactive = await createUser(server, 'retired', 'pw', ['sn_dpr_model.release_admin'], { active: false });
      await expectRule(single({ releaseAdmin: inactive }), 'Release admin retired is not an active user');
      await expectRule(single({ isRecurring: undefined }), 'isRecurring is required (true or false)');
      await expectRule(single({ isRecurring: '' }), 'isRecurring is required (true or false)');
      await expectRule(single({ isRecurring: 'sometimes' }), 'isRecurring must be true or false (got "sometimes")');
    });

    it('requires an existing releaseCalendar and, when given, an existing scheduleSysId', async () => {
      await expectRule(single({ releaseCalendar: undefined }), 'releaseCalendar is required');
      await expectRule(single({ releaseCalendar: '' }), 'releaseCalendar is required');
      await expectRule(single({ releaseCalendar: world.schedules.blackout }), `Release calendar is invalid: ${world.schedules.blackout}`);
      await expectRule(single({ releaseCalendar: 'abc' }), 'Release calendar is invalid: abc');
      await expectRule(single({ scheduleSysId: world.calendar }), `scheduleSysId is invalid: ${world.calendar} is not a schedule`);
    });

    it('requires a valid startDate that is today or later (also with allow_any_release_dates)', async () => {
      await expectRule(single({ startDate: undefined }), 'startDate is required');
      await expectRule(single({ startDate: '2025-10-32' }), 'startDate must be a date in yyyy-MM-dd format (got "2025-10-32")');
      await expectRule(single({ startDate: '10/30/2025' }), 'startDate must be a date in yyyy-MM-dd format (got "10/30/2025")');
      await expectRule(single({ startDate: '2025-09-30' }), 'startDate 2025-09-30 is before today (2025-10-01): readiness targets must be today or later');
      await expectRule(weekly({ startDate: '2025-09-26' }), 'startDate 2025-09-26 is before today (2025-10-01): readiness targets must be today or later');
      await db().updateTable('sys_properties').set({ value: 'true' }).where('name', '=', 'sn_dpr_model.allow_any_release_dates').execute();
      try {
        await expectRule(single({ startDate: '2025-09-30' }), 'startDate 2025-09-30 is before today (2025-10-01): readiness targets must be today or later');
      } finally {
        await db().updateTable('sys_properties').set({ value: 'false' }).where('name', '=', 'sn_dpr_model.allow_any_release_dates').execute();
      }
    });

    it('requires endDate and a valid repeats object for a recurring request', async () => {
      await expectRule(weekly({ endDate: undefined }), 'endDate is required when isRecurring is true');
      await expectRule(weekly({ endDate: '' }), 'endDate is required when isRecurring is true');
      await expectRule(weekly({ endDate: '2025-11-31' }), 'endDate must be a date in yyyy-MM-dd format (got "2025-11-31")');
      await expectRule(weekly({ endDate: '2025-10-23' }), 'endDate 2025-10-23 must not be before startDate 2025-10-24');
      await expectRule(weekly({ repeats: undefined }), 'repeats is required when isRecurring is true');
      await expectRule(weekly({ repeats: null }), 'repeats is required when isRecurring is true');
      await expectRule(weekly({ repeats: 'weekly' }), 'repeats must be an object with type, every and daysOfWeek');
      await expectRule(weekly({ repeats: { every: 1 } }), 'repeats.type is required (weekly or monthly)');
      await expectRule(weekly({ repeats: { type: 'daily', every: 1 } }), 'repeats.type must be weekly or monthly (got "daily")');
      await expectRule(weekly({ repeats: { type: 'weekly' } }), 'repeats.every is required');
      await expectRule(weekly({ repeats: { type: 'weekly', every: 0 } }), 'repeats.every must be a whole number from 1 to 1000 (got 0)');
      await expectRule(weekly({ repeats: { type: 'weekly', every: 1.5 } }), 'repeats.every must be a whole number from 1 to 1000 (got 1.5)');
      await expectRule(weekly({ repeats: { type: 'weekly', every: 1001 } }), 'repeats.every must be a whole number from 1 to 1000 (got 1001)');
      await expectRule(weekly({ repeats: { type: 'weekly', every: 1, daysOfWeek: 8 } }), 'repeats.daysOfWeek must be a weekday number from 1 (Monday) to 7 (Sunday) (got 8)');
      await expectRule(weekly({ repeats: { type: 'weekly', every: 1, daysOfWeek: [5] } }), /^repeats\.daysOfWeek must be a weekday number/);
    });

    it('refuses a series without dates and one with more than 1000', async () => {
      // Saturday to Sunday holds no Friday.
      await expectRule(weekly({ startDate: '2025-10-25', endDate: '2025-10-26' }), 'The recurrence gives no date from 2025-10-25 to 2025-10-26; widen the range or change repeats.daysOfWeek');
      await expectRule(
        weekly({ startDate: '2025-10-03', endDate: '2045-12-31' }),
        'The recurrence produces more than 1000 dates; shorten the date range or increase the interval',
      );
    });

    it('answers 400 in the result envelope for a body that is not JSON or has a wrong type', async () => {
      const bad = await server.request('POST', `${BASE}/release_target`, { auth: world.as('pm'), body: 'not json', headers: { 'content-type': 'application/json' } });
      expect(bad.status).toBe(400);
      expect(bad.json.result.error).toBe(true);
      await expectRule(single({ name: { text: 'x' } }), /name/);
      await expectRule(single({ startDate: ['2025-10-30', '2025-10-31'] }), /startDate/);
    });
  });

  describe('instance time zone', () => {
    afterAll(async () => {
      await db().updateTable('sys_properties').set({ value: 'UTC' }).where('name', '=', 'glide.sys.default.tz').execute();
      await server.request('POST', '/api/dpr/clock', { body: { now: '2025-10-01T00:00:00Z' } });
    });

    it('takes "today" in glide.sys.default.tz: at 2025-10-01T02:00Z it is still 2025-09-30 in New York (EDT)', async () => {
      expect((await server.request('POST', '/api/dpr/clock', { body: { now: '2025-10-01T02:00:00Z' } })).status).toBe(200);
      await db().updateTable('sys_properties').set({ value: 'America/New_York' }).where('name', '=', 'glide.sys.default.tz').execute();
      expect(await created(single({ startDate: '2025-09-30' }), 1)).toEqual(['2025-09-30']);
      await expectRule(single({ startDate: '2025-09-29' }), 'startDate 2025-09-29 is before today (2025-09-30): readiness targets must be today or later');
      await db().updateTable('sys_properties').set({ value: 'UTC' }).where('name', '=', 'glide.sys.default.tz').execute();
      await expectRule(single({ startDate: '2025-09-30' }), 'startDate 2025-09-30 is before today (2025-10-01): readiness targets must be today or later');
    });
  });

  describe('roles', () => {
    it('answers 401 without credentials', async () => {
      const res = await server.request('POST', `${BASE}/release_target`, { auth: null, body: single() });
      expect(res.status).toBe(401);
      expect(res.json.status).toBe('failure');
    });

    it('answers 403 to roles other than product_manager and release_admin', async () => {
      const before = await targetCount();
      for (const user of ['rc', 'ru', 'cal', 'tmpl', 'nobody'] as const) {
        const res = await post(single(), user);
        expect(res.status, user).toBe(403);
        expect(res.json).toMatchObject({ status: 'failure', error: { message: 'User Not Authorized' } });
      }
      expect(await targetCount()).toBe(before);
    });

    it('lets product_manager, release_admin and admin create targets under both prefixes', async () => {
      for (const user of ['pm', 'ra', 'admin'] as const) {
        for (const base of [BASE, DEFAULT_BASE]) {
          const body = single();
          const res = await post(body, user, base);
          expect(res.status, `${user} ${base}: ${res.text}`).toBe(201);
          expect(res.json.result.count).toBe(1);
          const [row] = await targetsNamed(body.name);
          expect(row.sys_created_by).toBe(user);
        }
      }
    });
  });
});
