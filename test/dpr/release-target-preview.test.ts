import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type UserKey, type World } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/server.ts';

const PREVIEW = '/api/dpr/release_target/preview';

describe.each(DIALECTS)('GET /api/dpr/release_target/preview (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let maintenance: string;
  const db = () => server.handle.services.database.db;
  const preview = (params: Record<string, string>, user: UserKey | 'admin' = 'pm') =>
    server.request('GET', `${PREVIEW}?${new URLSearchParams(params).toString()}`, { auth: user === 'admin' ? undefined : world.as(user) });
  const targetCount = async () => (await db().selectFrom('sn_dpr_model_release_target').select('sys_id').execute()).length;
  const blackout = () => ({ scheduleId: world.schedules.blackout, scheduleName: 'Year-end blackout', spanName: 'Freeze' });
  const holidays = (spanName: string) => ({ scheduleId: world.schedules.usHolidays, scheduleName: 'US holidays and weekends', spanName });
  const expectPlatform400 = async (params: Record<string, string>, message: string) => {
    const res = await preview(params);
    expect(res.status, res.text).toBe(400);
    expect(res.json).toEqual({ error: { message, detail: null }, status: 'failure' });
  };

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z' });
    world = await createWorld(server);
    const { store } = server.handle.services;
    maintenance = await inTransaction(db(), async (trx) => {
      const schedule = await store.insert(trx, SYSTEM_ACTOR, 'cmn_schedule', { name: 'Maintenance window', type: 'maintenance' });
      await store.insert(trx, SYSTEM_ACTOR, 'cmn_schedule_span', { schedule: schedule.sys_id, start_date: '2025-11-05', end_date: '2025-11-06' });
      return String(schedule.sys_id);
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the dates of a weekly series with the exclusion entries each falls in', async () => {
    const res = await preview({ releaseCalendar: world.calendar, startDate: '2025-12-05', endDate: '2026-01-16', type: 'weekly', every: '1', daysOfWeek: '5' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({
      result: {
        dates: [
          { date: '2025-12-05', overlaps: [] },
          { date: '2025-12-12', overlaps: [] },
          { date: '2025-12-19', overlaps: [] },
          { date: '2025-12-26', overlaps: [blackout()] },
          { date: '2026-01-02', overlaps: [blackout()] },
          { date: '2026-01-09', overlaps: [] },
          { date: '2026-01-16', overlaps: [] },
        ],
        count: 7,
        overlapCount: 2,
      },
    });
  });

  it("adds scheduleSysId's entries after the calendar's, naming every span that covers a date", async () => {
    const res = await preview({
      releaseCalendar: world.calendar,
      startDate: '2025-12-15',
      endDate: '2026-01-19',
      type: 'weekly',
      every: '1',
      daysOfWeek: '1',
      scheduleSysId: world.schedules.usHolidays,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.result).toEqual({
      dates: [
        { date: '2025-12-15', overlaps: [] },
        { date: '2025-12-22', overlaps: [blackout()] },
        { date: '2025-12-29', overlaps: [blackout()] },
        { date: '2026-01-05', overlaps: [] },
        { date: '2026-01-12', overlaps: [] },
        { date: '2026-01-19', overlaps: [holidays('Holiday 2026-01-19')] },
      ],
      count: 6,
      overlapCount: 3,
    });
    const saturday = await preview({ releaseCalendar: world.calendar, startDate: '2025-12-27', scheduleSysId: world.schedules.usHolidays });
    expect(saturday.json.result.dates).toEqual([{ date: '2025-12-27', overlaps: [blackout(), holidays('Weekends')] }]);
  });

  it('previews a single target on startDate when no type is given, and shows unnamed spans as ""', async () => {
    const free = await preview({ releaseCalendar: world.calendar, startDate: '2025-10-30' });
    expect(free.json).toEqual({ result: { dates: [{ date: '2025-10-30', overlaps: [] }], count: 1, overlapCount: 0 } });
    const res = await preview({ releaseCalendar: world.calendar, startDate: '2025-11-06', scheduleSysId: maintenance, endDate: '' });
    expect(res.status, res.text).toBe(200);
    expect(res.json.result).toEqual({
      dates: [{ date: '2025-11-06', overlaps: [{ scheduleId: maintenance, scheduleName: 'Maintenance window', spanName: '' }] }],
      count: 1,
      overlapCount: 1,
    });
  });

  it('computes monthly series like the POST (Jan 31 clamps to month ends)', async () => {
    const res = await preview({ releaseCalendar: world.calendar, startDate: '2026-01-31', endDate: '2026-04-30', type: 'monthly', every: '1' });
    expect(res.json.result.dates.map((d: { date: string }) => d.date)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('writes nothing, and predicts what the POST creates without opt-ins', async () => {
    const before = await targetCount();
    const params = { releaseCalendar: world.calendar, startDate: '2025-12-01', endDate: '2026-01-31', type: 'weekly', every: '1', daysOfWeek: '3', scheduleSysId: world.schedules.usHolidays };
    const res = await preview(params);
    expect(res.status).toBe(200);
    expect(await targetCount()).toBe(before);
    const { count, overlapCount, dates } = res.json.result;
    expect(overlapCount).toBeGreaterThan(0);
    const post = await server.request('POST', '/api/sn_dpr/digital_product_release/release_target', {
      auth: world.as('pm'),
      body: {
        name: 'Wednesday drops',
        releaseAdmin: world.users.ra,
        isRecurring: true,
        startDate: params.startDate,
        endDate: params.endDate,
        releaseCalendar: params.releaseCalendar,
        scheduleSysId: params.scheduleSysId,
        repeats: { type: 'weekly', every: 1, daysOfWeek: 3 },
      },
    });
    expect(post.status, post.text).toBe(201);
    expect(post.json.result.count).toBe(count - overlapCount);
    const stored = await db().selectFrom('sn_dpr_model_release_target').select('date').where('name', '=', 'Wednesday drops').orderBy('date').execute();
    expect(stored.map((r) => r.date)).toEqual(dates.filter((d: { overlaps: unknown[] }) => d.overlaps.length === 0).map((d: { date: string }) => d.date));
  });

  it('validates like the POST, answering 400 in the platform envelope (not a ServiceNow path)', async () => {
    const base = { releaseCalendar: world.calendar, startDate: '2025-10-24', endDate: '2025-11-19', type: 'weekly', every: '1', daysOfWeek: '5' };
    await expectPlatform400({ ...base, releaseCalendar: '' }, 'releaseCalendar is required');
    await expectPlatform400({ ...base, releaseCalendar: world.schedules.blackout }, `Release calendar is invalid: ${world.schedules.blackout}`);
    await expectPlatform400({ ...base, scheduleSysId: 'nope' }, 'scheduleSysId is invalid: nope is not a schedule');
    await expectPlatform400({ ...base, startDate: '2025-09-30' }, 'startDate 2025-09-30 is before today (2025-10-01): readiness targets must be today or later');
    await expectPlatform400({ ...base, startDate: '2025-13-01' }, 'startDate must be a date in yyyy-MM-dd format (got "2025-13-01")');
    await expectPlatform400({ ...base, endDate: '' }, 'endDate is required when isRecurring is true');
    await expectPlatform400({ ...base, type: 'yearly' }, 'repeats.type must be weekly or monthly (got "yearly")');
    await expectPlatform400({ ...base, every: '' }, 'repeats.every is required');
    await expectPlatform400({ ...base, daysOfWeek: '9' }, 'repeats.daysOfWeek must be a weekday number from 1 (Monday) to 7 (Sunday) (got "9")');
  });

  it('answers 401 without credentials and 403 without a DPR role', async () => {
    const params = new URLSearchParams({ releaseCalendar: world.calendar, startDate: '2025-10-30' }).toString();
    const anonymous = await server.request('GET', `${PREVIEW}?${params}`, { auth: null });
    expect(anonymous.status).toBe(401);
    const nobody = await preview({ releaseCalendar: world.calendar, startDate: '2025-10-30' }, 'nobody');
    expect(nobody.status).toBe(403);
    expect(nobody.json.status).toBe('failure');
  });

  it('answers every DPR role (each may read calendars and schedules) and admin', async () => {
    for (const user of ['pm', 'ra', 'cal', 'rc', 'ru', 'tmpl', 'admin'] as const) {
      const res = await preview({ releaseCalendar: world.calendar, startDate: '2025-10-30' }, user);
      expect(res.status, user).toBe(200);
      expect(res.json.result.count).toBe(1);
    }
  });
});
