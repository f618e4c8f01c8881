import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';

describe.each(DIALECTS)('clock API (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z' });
    await createUser(server, 'ra', 'ra-pw', ['sn_dpr_model.release_admin']);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('starts at DPR_NOW and runs forward', async () => {
    const res = await server.request('GET', '/api/dpr/clock');
    expect(res.status).toBe(200);
    const now = Date.parse(res.json.now);
    expect(now).toBeGreaterThanOrEqual(Date.parse('2025-10-01T00:00:00Z'));
    expect(now).toBeLessThan(Date.parse('2025-10-01T00:10:00Z'));
    expect(res.json.now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('sets, advances and goes backwards', async () => {
    expect((await server.request('POST', '/api/dpr/clock', { body: { now: '2026-01-15T12:00:00Z' } })).json.now).toBe('2026-01-15T12:00:00Z');
    const day = await server.request('POST', '/api/dpr/clock', { body: { advance: 'P1D' } });
    expect(day.json.now.slice(0, 13)).toBe('2026-01-16T12');
    const week = await server.request('POST', '/api/dpr/clock', { body: { advance: 'P1W' } });
    expect(week.json.now.slice(0, 10)).toBe('2026-01-23');
    const back = await server.request('POST', '/api/dpr/clock', { body: { now: '2025-01-01T00:00:00+02:00' } });
    expect(back.json.now).toBe('2024-12-31T22:00:00Z');
  });

  it('stamps records with the clock', async () => {
    await server.request('POST', '/api/dpr/clock', { body: { now: '2025-10-01T08:00:00Z' } });
    await createUser(server, 'stamped', 'pw');
    const row = await server.handle.services.database.db.selectFrom('sys_user').select('sys_created_on').where('user_name', '=', 'stamped').executeTakeFirstOrThrow();
    expect(row.sys_created_on.startsWith('2025-10-01 08:0')).toBe(true);
  });

  it('refuses non-admins with 403 and bad input with 400 in the platform envelope', async () => {
    expect((await server.request('GET', '/api/dpr/clock', { auth: ['ra', 'ra-pw'] })).status).toBe(403);
    expect((await server.request('POST', '/api/dpr/clock', { auth: ['ra', 'ra-pw'], body: { advance: 'P1D' } })).status).toBe(403);
    for (const body of [{ now: 'yesterday' }, { advance: 'three days' }, { advance: 'P1M' }, {}, { now: '2025-01-01T00:00:00Z', advance: 'P1D' }, { now: 5 }]) {
      const res = await server.request('POST', '/api/dpr/clock', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.status).toBe('failure');
    }
  });
});
