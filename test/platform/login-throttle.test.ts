import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppHandle } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { createPgDatabase, DIALECTS } from '../support/dialects.ts';
import { ADMIN_PASSWORD, basic } from '../support/server.ts';

/** Two API instances on one database: the login throttle counts their failures together. */
describe.each(DIALECTS)('login throttle shared by the processes on one database (%s)', (dialect) => {
  let drop: () => Promise<void>;
  const apps: AppHandle[] = [];

  beforeAll(async () => {
    let url: string;
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'dpr-throttle-'));
      url = `sqlite:${join(dir, 'dpr.sqlite')}`;
      drop = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      ({ url, drop } = await createPgDatabase());
    }
    // API role only: no job worker polling (and counting statements) meanwhile.
    const config = loadConfig({}, { DATABASE_URL: url, DPR_ADMIN_PASSWORD: ADMIN_PASSWORD, PORT: 0, DPR_LOG_LEVEL: 'silent', DPR_ROLE: 'api' });
    for (let i = 0; i < 2; i++) apps.push(await buildApp(config, { logger: false }));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await drop?.();
  });

  const login = async (app: AppHandle, password: string, address: string) =>
    app.app.inject({ method: 'GET', url: '/api/dpr/stats', remoteAddress: address, headers: { accept: 'application/json', authorization: basic('admin', password) } });

  it('answers 429 to the 11th guess on either instance after 6 failures on one and 4 on the other', async () => {
    const [a, b] = apps as [AppHandle, AppHandle];
    const guesser = '10.9.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(a, `guess-a-${i}`, guesser)).statusCode);
    for (let i = 0; i < 4; i++) statuses.push((await login(b, `guess-b-${i}`, guesser)).statusCode);
    expect(statuses).toEqual(Array(10).fill(401));
    const onA = await login(a, 'guess-a-x', guesser);
    const onB = await login(b, 'guess-b-x', guesser);
    expect([onA.statusCode, onB.statusCode]).toEqual([429, 429]);
    expect(onB.json()).toEqual({ error: { message: 'Rate limit exceeded', detail: expect.any(String) }, status: 'failure' });
    // Blocked before the password is even checked: the right one is refused too.
    expect((await login(b, ADMIN_PASSWORD, guesser)).statusCode).toBe(429);

    // Another address is not blocked on either instance, and its success does not unblock the guesser.
    expect((await login(a, ADMIN_PASSWORD, '10.9.0.2')).statusCode).toBe(200);
    expect((await login(b, 'one wrong guess', '10.9.0.2')).statusCode).toBe(401);
    expect((await login(a, 'guess-a-y', guesser)).statusCode).toBe(429);
  });

  it('counts failed OAuth password grants with failed Basic sign-ins', async () => {
    const [a, b] = apps as [AppHandle, AppHandle];
    const { store, database } = a.services;
    await inTransaction(database.db, (trx) => store.insert(trx, SYSTEM_ACTOR, 'oauth_entity', { name: 'Throttle test', client_id: 'throttle-client', client_secret: 'throttle-secret' }));
    const grant = (app: AppHandle, password: string, address: string) =>
      app.app.inject({
        method: 'POST',
        url: '/oauth_token.do',
        remoteAddress: address,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'password', client_id: 'throttle-client', client_secret: 'throttle-secret', username: 'admin', password }).toString(),
      });
    const guesser = '10.9.1.1';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await grant(a, `grant-guess-${i}`, guesser)).statusCode);
    for (let i = 0; i < 5; i++) statuses.push((await login(b, `basic-guess-${i}`, guesser)).statusCode);
    expect(statuses).toEqual(Array(10).fill(401));
    const blocked = await grant(b, ADMIN_PASSWORD, guesser);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toEqual({ error: 'access_denied', error_description: expect.stringContaining('Too many failed logins') });
    // The right password from another address still gets a token.
    expect((await grant(a, ADMIN_PASSWORD, '10.9.1.2')).statusCode).toBe(200);
  });

  it('runs no SQL for an already verified credential', async () => {
    const [a] = apps as [AppHandle];
    expect((await login(a, ADMIN_PASSWORD, '10.9.0.3')).statusCode).toBe(200);
    const before = a.services.database.statementCount();
    expect((await login(a, ADMIN_PASSWORD, '10.9.0.3')).statusCode).toBe(200);
    expect(a.services.database.statementCount() - before).toBe(0);
  });

  it('keeps the failures out of the Table API', async () => {
    const [a] = apps as [AppHandle];
    const res = await a.app.inject({ method: 'GET', url: '/api/now/table/sys_login_failure', remoteAddress: '10.9.0.3', headers: { accept: 'application/json', authorization: basic('admin', ADMIN_PASSWORD) } });
    // Answered like any table the dictionary does not know.
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json()).toEqual({ error: { message: 'Invalid table sys_login_failure', detail: null }, status: 'failure' });
    const dictionary = await a.services.database.db.selectFrom('sys_db_object').select('name').where('name', '=', 'sys_login_failure').execute();
    expect(dictionary).toEqual([]);
  });
});
