import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createTestDatabase, runCli, type TestDatabase } from './run-cli.ts';
import type { Services } from '../../src/app.ts';
import { openTestServices } from './services.ts';

describe.each(DIALECTS)('dpr user (%s)', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  const run = (args: string[], input?: string) => runCli(args, { databaseUrl: database.url, input });
  /** Signs in as the API would (argon2 check, active, not locked) and returns the effective roles. */
  const signIn = async (userName: string, password: string): Promise<ReadonlySet<string> | undefined> => {
    const user = await services.auth.verifyPassword(userName, password);
    return user ? (await services.auth.actorOf(user)).roles : undefined;
  };
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    services = await openTestServices(database.url);
  });
  afterAll(async () => {
    await services.database.close();
    await database.drop();
  });

  it('adds a user with roles who can then sign in', async () => {
    const added = await run(['user', 'add', 'alice', '--password', 'pw one', '--first-name', 'Alice', '--last-name', 'Liddell', '--email', 'alice@example.com', '--role', 'release_admin', '--role', 'sn_pace.policy_editor']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Created user alice \(sys_id [0-9a-f]{32}\) with roles sn_dpr_model\.release_admin, sn_pace\.policy_editor$/m);

    const roles = await signIn('alice', 'pw one');
    expect(roles).toBeDefined();
    // Containment counts: release_admin contains release_user.
    expect([...roles!]).toEqual(expect.arrayContaining(['sn_dpr_model.release_admin', 'sn_dpr_model.release_user', 'sn_pace.policy_editor']));
    expect(await signIn('alice', 'wrong')).toBeUndefined();
    const alice = await services.database.db.selectFrom('sys_user').selectAll().where('user_name', '=', 'alice').executeTakeFirstOrThrow();
    expect(alice).toMatchObject({ name: 'Alice Liddell', first_name: 'Alice', last_name: 'Liddell', email: 'alice@example.com', active: 1 });
    expect(alice.user_password).not.toContain('pw one');
  });

  it('sets a password piped on standard input', async () => {
    const res = await run(['user', 'passwd', 'alice'], 'from stdin\nignored second line\n');
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toBe('Password of alice changed');
    expect(await signIn('alice', 'from stdin')).toBeDefined();
    expect(await signIn('alice', 'pw one')).toBeUndefined();
  });

  // Dialect-independent CLI behaviour: checked once, on SQLite.
  it.runIf(dialect === 'sqlite')('generates and prints a password when none is given or piped', async () => {
    const res = await run(['user', 'passwd', 'alice']);
    expect(res.code).toBe(0);
    const generated = /^Generated password for alice: (\S+)$/m.exec(res.stdout)?.[1];
    expect(generated).toBeDefined();
    expect(await signIn('alice', generated!)).toBeDefined();
  });

  it('grants roles, skipping held ones', async () => {
    const granted = await run(['user', 'grant', 'alice', 'product_manager', 'release_admin']);
    expect(granted.code).toBe(0);
    expect(granted.stdout).toContain('Granted sn_dpr_model.product_manager to alice');
    expect(granted.stdout).toContain('alice already holds sn_dpr_model.release_admin');
    const { db } = services.database;
    const alice = await db.selectFrom('sys_user').select(['sys_id', 'user_name']).where('user_name', '=', 'alice').executeTakeFirstOrThrow();
    const roles = (await services.auth.actorOf({ sys_id: String(alice.sys_id), user_name: 'alice' })).roles;
    expect(roles.has('sn_dpr_model.product_manager')).toBe(true);
    const grants = await db.selectFrom('sys_user_has_role').select('role').where('user', '=', alice.sys_id).execute();
    expect(grants).toHaveLength(3); // release_admin, policy_editor, product_manager: no duplicate grant
  });

  it.runIf(dialect === 'sqlite')('reports mistakes in one line with a non-zero exit, writing nothing', async () => {
    const [duplicate, unknownRole, nobody] = await Promise.all([
      run(['user', 'add', 'alice', '--password', 'x']),
      run(['user', 'add', 'bob', '--password', 'x', '--role', 'product_manager,release_wizard']),
      run(['user', 'grant', 'nobody', 'admin']),
    ]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr.trim()).toBe('dpr: User alice already exists (use "dpr user passwd" or "dpr user grant")');
    expect(unknownRole.code).toBe(1);
    expect(unknownRole.stderr).toMatch(/^dpr: Unknown role: release_wizard\. DPR roles: admin, sn_dpr_model\./m);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr.trim()).toBe('dpr: No user named nobody');
    expect(await services.database.db.selectFrom('sys_user').select('sys_id').where('user_name', '=', 'bob').executeTakeFirst()).toBeUndefined();
  });
});
