import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';

describe.each(DIALECTS)('OAuth token endpoint (%s)', (dialect) => {
  let server: TestServer;
  const token = async (form: Record<string, string>) => {
    const res = await fetch(`${server.url}/oauth_token.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as any };
  };
  const client = { client_id: 'ci-client', client_secret: 'ci-secret' };

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z' });
    const pm = await createUser(server, 'pm', 'pm-pw', ['sn_dpr_model.product_manager']);
    await createUser(server, 'gone', 'gone-pw');
    const { store, database } = server.handle.services;
    await inTransaction(database.db, async (trx) => {
      await store.insert(trx, SYSTEM_ACTOR, 'oauth_entity', { name: 'CI', ...client, user: pm, access_token_lifespan: 1800 });
      await store.insert(trx, SYSTEM_ACTOR, 'oauth_entity', { name: 'Off', client_id: 'off', client_secret: 'off', active: false });
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('issues access and refresh tokens with the password grant', async () => {
    const res = await token({ grant_type: 'password', ...client, username: 'pm', password: 'pm-pw' });
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/application\/json/);
    expect(res.json).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      scope: 'useraccount',
      token_type: 'Bearer',
      expires_in: 1800,
    });
    const me = await server.request('GET', '/api/dpr/clock', { auth: res.json.access_token });
    expect(me.status).toBe(403); // authenticated as pm, who is not admin
  });

  it('refreshes: a new access token and the same refresh token', async () => {
    const first = await token({ grant_type: 'password', ...client, username: 'pm', password: 'pm-pw' });
    const res = await token({ grant_type: 'refresh_token', ...client, refresh_token: first.json.refresh_token });
    expect(res.status).toBe(200);
    expect(res.json.refresh_token).toBe(first.json.refresh_token);
    expect(res.json.access_token).not.toBe(first.json.access_token);
    expect((await server.request('GET', '/api/dpr/clock', { auth: res.json.access_token })).status).toBe(403);
  });

  it('issues a client_credentials token acting as the client user, without refresh token', async () => {
    const res = await token({ grant_type: 'client_credentials', ...client });
    expect(res.status).toBe(200);
    expect(res.json.refresh_token).toBeUndefined();
    expect((await server.request('GET', '/api/dpr/clock', { auth: res.json.access_token })).status).toBe(403);
  });

  it('answers bad grants with access_denied and unknown grant types with unsupported_grant_type', async () => {
    expect(await token({ grant_type: 'password', ...client, username: 'pm', password: 'nope' })).toMatchObject({
      status: 401,
      json: { error: 'access_denied', error_description: expect.any(String) },
    });
    expect(await token({ grant_type: 'password', client_id: 'ci-client', client_secret: 'bad', username: 'pm', password: 'pm-pw' })).toMatchObject({
      status: 401,
      json: { error: 'access_denied' },
    });
    expect(await token({ grant_type: 'client_credentials', client_id: 'off', client_secret: 'off' })).toMatchObject({ status: 401 });
    expect(await token({ grant_type: 'refresh_token', ...client, refresh_token: 'forged' })).toMatchObject({ status: 401 });
    const unknown = await token({ grant_type: 'implicit', ...client });
    expect(unknown).toMatchObject({ status: 400, json: { error: 'unsupported_grant_type' } });
    expect(unknown.type).toMatch(/application\/json/);
    expect(await token({ ...client })).toMatchObject({ status: 400, json: { error: 'unsupported_grant_type' } });
  });

  it('expires access tokens on the clock', async () => {
    const res = await token({ grant_type: 'password', ...client, username: 'pm', password: 'pm-pw' });
    expect((await server.request('GET', '/api/dpr/clock', { auth: res.json.access_token })).status).toBe(403);
    const moved = await server.request('POST', '/api/dpr/clock', { body: { advance: 'PT31M' } });
    expect(moved.status).toBe(200);
    const after = await server.request('GET', '/api/dpr/clock', { auth: res.json.access_token });
    expect(after.status).toBe(401);
    expect(after.json.error.message).toBe('User Not Authenticated');
    // The refresh token (100 days) still works.
    expect((await token({ grant_type: 'refresh_token', ...client, refresh_token: res.json.refresh_token })).status).toBe(200);
  });

  it('stores secrets and tokens hashed, never in clear', async () => {
    const res = await token({ grant_type: 'password', ...client, username: 'pm', password: 'pm-pw' });
    const db = server.handle.services.database.db;
    const creds = await db.selectFrom('oauth_credential').select('token').execute();
    expect(creds.some((c) => c.token === res.json.access_token)).toBe(false);
    const entity = await db.selectFrom('oauth_entity').select('client_secret').where('client_id', '=', 'ci-client').executeTakeFirstOrThrow();
    expect(entity.client_secret).toMatch(/^\$argon2id\$/);
    const user = await db.selectFrom('sys_user').select('user_password').where('user_name', '=', 'pm').executeTakeFirstOrThrow();
    expect(user.user_password).toMatch(/^\$argon2id\$/);
  });

  it('refuses tokens of a deactivated user', async () => {
    const res = await token({ grant_type: 'password', ...client, username: 'gone', password: 'gone-pw' });
    expect(res.status).toBe(200);
    await server.handle.services.database.db.updateTable('sys_user').set({ active: 0 }).where('user_name', '=', 'gone').execute();
    expect((await server.request('GET', '/api/dpr/clock', { auth: res.json.access_token })).status).toBe(401);
  });
});
