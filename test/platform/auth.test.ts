import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { basic, createUser, startServer, type TestServer } from '../support/server.ts';

describe.each(DIALECTS)('authentication (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(dialect);
    await createUser(server, 'alice', 'alice-pw', ['sn_dpr_model.release_admin']);
    await createUser(server, 'inactive', 'inactive-pw', [], { active: false });
    await createUser(server, 'locked', 'locked-pw', [], { locked_out: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  const unauthenticated = { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' };

  it('refuses a request without credentials with the platform 401 envelope', async () => {
    const res = await server.request('GET', '/api/dpr/clock', { auth: null });
    expect(res.status).toBe(401);
    expect(res.json).toEqual(unauthenticated);
  });

  it('refuses a wrong password, an unknown user, a malformed header and an unknown scheme', async () => {
    for (const authorization of [basic('admin', 'wrong'), basic('nobody', 'x'), 'Basic !!!', 'Digest abc', 'Bearer', 'Basic']) {
      const res = await server.request('GET', '/api/dpr/clock', { auth: null, headers: { authorization, 'x-forwarded-for': 'ignored' } });
      expect(res.status, authorization).toBe(401);
      expect(res.json.error.message).toBe('User Not Authenticated');
    }
  });

  it('refuses inactive and locked-out users even with the right password', async () => {
    expect((await server.request('GET', '/api/dpr/clock', { auth: ['inactive', 'inactive-pw'] })).status).toBe(401);
    expect((await server.request('GET', '/api/dpr/clock', { auth: ['locked', 'locked-pw'] })).status).toBe(401);
  });

  it('authenticates with Basic and checks roles with the 403 envelope', async () => {
    const res = await server.request('GET', '/api/dpr/clock', { auth: ['alice', 'alice-pw'] });
    expect(res.status).toBe(403);
    expect(res.json.status).toBe('failure');
    expect(res.json.error.message).toBe('User Not Authorized');
    expect(res.json.error.detail).toContain('admin');
  });

  it('stops honouring a password as soon as it changes', async () => {
    await createUser(server, 'bob', 'bob-pw-1');
    // Warm the credential cache, then change the password.
    expect((await server.request('GET', '/api/dpr/clock', { auth: ['bob', 'bob-pw-1'] })).status).toBe(403);
    const { store, database } = server.handle.services;
    const bob = await database.db.selectFrom('sys_user').select('sys_id').where('user_name', '=', 'bob').executeTakeFirstOrThrow();
    await store.update(database.db, { userId: null, userName: 'system', roles: new Set(['admin']) }, 'sys_user', bob.sys_id, { user_password: 'bob-pw-2' });
    expect((await server.request('GET', '/api/dpr/clock', { auth: ['bob', 'bob-pw-1'] })).status).toBe(401);
    expect((await server.request('GET', '/api/dpr/clock', { auth: ['bob', 'bob-pw-2'] })).status).toBe(403);
  });

  it('slows down repeated failed logins from one address with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await server.request('GET', '/api/dpr/clock', { auth: ['admin', `guess-${i}`] })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const blocked = await server.request('GET', '/api/dpr/clock', { auth: ['admin', 'guess-x'] });
    expect(blocked.status).toBe(429);
    expect(blocked.json).toEqual({ error: { message: 'Rate limit exceeded', detail: expect.any(String) }, status: 'failure' });
  });
});
