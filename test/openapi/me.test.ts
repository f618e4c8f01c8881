import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';

describe.each(DIALECTS)('GET /api/dpr/me (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T02:00:00Z' });
  });
  afterAll(() => server.close());

  it('needs credentials', async () => {
    expect((await server.request('GET', '/api/dpr/me', { auth: null })).status).toBe(401);
  });

  it('answers an admin: every endpoint open', async () => {
    const res = await server.request('GET', '/api/dpr/me');
    expect(res.status).toBe(200);
    expect(res.json.result.userName).toBe('admin');
    expect(res.json.result.roles).toContain('admin');
    expect(Object.values(res.json.result.can).every(Boolean)).toBe(true);
  });

  it('answers a release user with effective roles and only the endpoints their roles open', async () => {
    const sysId = await createUser(server, 'me.user', 'pw-me-user', ['sn_dpr_model.release_user']);
    const res = await server.request('GET', '/api/dpr/me', { auth: ['me.user', 'pw-me-user'] });
    expect(res.status).toBe(200);
    expect(res.json.result).toMatchObject({ sysId, userName: 'me.user' });
    expect(res.json.result.roles).toContain('sn_dpr_model.release_user');
    expect(res.json.result.can).toMatchObject({ getBundle: true, policyStatus: true, createRelease: false, policyRun: false, completePhase: false, releaseTarget: false });
  });

  it('counts contained roles: a product manager may run policies and create releases', async () => {
    await createUser(server, 'me.pm', 'pw-me-pm', ['sn_dpr_model.product_manager']);
    const res = await server.request('GET', '/api/dpr/me', { auth: ['me.pm', 'pw-me-pm'] });
    expect(res.json.result.roles).toEqual(expect.arrayContaining(['sn_dpr_model.product_manager', 'sn_dpr_model.release_user']));
    expect(res.json.result.can).toMatchObject({ policyRun: true, createRelease: true, releaseCalendar: false });
  });

  it("gives the server's today, on its clock and in the instance time zone", async () => {
    expect((await server.request('GET', '/api/dpr/me')).json.result.today).toBe('2025-10-01');
    await server.handle.services.database.db.updateTable('sys_properties').set({ value: 'America/New_York' }).where('name', '=', 'glide.sys.default.tz').execute();
    try {
      // 02:00 UTC is still the evening before in New York.
      expect((await server.request('GET', '/api/dpr/me')).json.result.today).toBe('2025-09-30');
    } finally {
      await server.handle.services.database.db.updateTable('sys_properties').set({ value: 'UTC' }).where('name', '=', 'glide.sys.default.tz').execute();
    }
  });
});
