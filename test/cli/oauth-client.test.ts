import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createTestDatabase, runCli, type TestDatabase } from './run-cli.ts';
import { openTestServices } from './services.ts';

describe.each(DIALECTS)('dpr oauth-client add (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    // The client acts as a release user (made in-process: the user commands have their own tests).
    const { store, database: opened } = await openTestServices(database.url);
    try {
      await inTransaction(opened.db, async (trx) => {
        const user = await store.insert(trx, SYSTEM_ACTOR, 'sys_user', { user_name: 'ci.bot', name: 'CI Bot', user_password: 'unused' });
        const role = await trx.selectFrom('sys_user_role').select('sys_id').where('name', '=', 'sn_dpr_model.release_user').executeTakeFirstOrThrow();
        await store.insert(trx, SYSTEM_ACTOR, 'sys_user_has_role', { user: user.sys_id, role: role.sys_id });
      });
    } finally {
      await opened.close();
    }
  });
  afterAll(() => database.drop());

  it('registers a client whose client_credentials grant acts as its user', async () => {
    const res = await runCli(['oauth-client', 'add', 'CI pipeline', '--user', 'ci.bot', '--access-lifespan', '600'], { databaseUrl: database.url });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('will not be shown again');
    const clientId = /^client_id: ([0-9a-f]{32})$/m.exec(res.stdout)?.[1];
    const clientSecret = /^client_secret: (\S+)$/m.exec(res.stdout)?.[1];
    expect(clientId).toBeDefined();
    expect(clientSecret).toBeDefined();

    const handle = await buildApp(loadConfig({}, { DATABASE_URL: database.url, DPR_ADMIN_PASSWORD: 'admin-pw', DPR_LOG_LEVEL: 'silent' }), { logger: false });
    try {
      const stored = await handle.services.database.db.selectFrom('oauth_entity').selectAll().where('client_id', '=', clientId!).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ name: 'CI pipeline', active: 1, access_token_lifespan: 600, refresh_token_lifespan: 8640000 });
      expect(stored.client_secret).not.toBe(clientSecret);

      const grant = (secret: string) =>
        handle.app.inject({
          method: 'POST',
          url: '/oauth_token.do',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId!, client_secret: secret }).toString(),
        });
      const ok = await grant(clientSecret!);
      expect(ok.statusCode).toBe(200);
      const token = ok.json();
      expect(token).toMatchObject({ token_type: 'Bearer', scope: 'useraccount', expires_in: 600 });
      expect(token.refresh_token).toBeUndefined();
      expect((await grant('wrong')).statusCode).toBe(401);

      // The token authenticates as ci.bot: a release user is refused the admin-only clock (403, not 401).
      const asBot = await handle.app.inject({ method: 'GET', url: '/api/dpr/clock', headers: { authorization: `Bearer ${token.access_token}`, accept: 'application/json' } });
      expect(asBot.statusCode).toBe(403);
    } finally {
      await handle.close();
    }
  });

  // Dialect-independent CLI behaviour: checked once, on SQLite.
  it.runIf(dialect === 'sqlite')('takes a given id and secret, and refuses an id already registered or an unknown user', async () => {
    const args = ['oauth-client', 'add', 'Reporting', '--client-id', 'reporting-client', '--client-secret', 'given secret'];
    const [first, unknownUser] = await Promise.all([
      runCli(args, { databaseUrl: database.url }),
      runCli(['oauth-client', 'add', 'Other', '--user', 'nobody'], { databaseUrl: database.url }),
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('client_id: reporting-client\n');
    expect(first.stdout).toContain('client_secret: given secret\n');
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr.trim()).toBe('dpr: No user named nobody');
    const again = await runCli(args, { databaseUrl: database.url });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('dpr: An OAuth client with id reporting-client already exists');
  });
});
