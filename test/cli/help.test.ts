import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO, runCli } from './run-cli.ts';

// Help needs no database: these runs get none, which also proves --help never opens one.
describe('dpr --help', () => {
  it('lists every command, with the settings it reads', async () => {
    const res = await runCli(['--help']);
    expect(res.code).toBe(0);
    for (const command of ['serve', 'migrate', 'user', 'oauth-client', 'seed', 'clock']) expect(res.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    expect(res.stdout).toContain('DATABASE_URL');
  });

  const cases: Array<[string[], RegExp[]]> = [
    [['serve', '--help'], [/--port <port>/, /--host <host>/, /--role <role>.*choices: "api", "worker", "all"/s, /SIGTERM/]],
    [['migrate', '--help'], [/Apply pending database migrations/]],
    [['user', '--help'], [/add \[options\] <user_name>/, /passwd \[options\] <user_name>/, /grant <user_name> <role\.\.\.>/]],
    [['user', 'add', '--help'], [/--password <password>/, /--first-name <name>/, /--last-name <name>/, /--email <email>/, /--role <role>/, /read from standard input/]],
    [['user', 'passwd', '--help'], [/--password <password>/, /generated and printed once/]],
    [['user', 'grant', '--help'], [/release_admin means sn_dpr_model\.release_admin/]],
    [['oauth-client', 'add', '--help'], [/--client-id <id>/, /--client-secret <secret>/, /--user <user_name>/, /--access-lifespan <seconds>/, /--refresh-lifespan <seconds>/]],
    [['seed', '--help'], [/--demo/, /password is "demo"/]],
    [['clock', '--help'], [/--set <instant>/, /--advance <duration>/, /P1D/]],
  ];
  it.concurrent.each(cases)('dpr %j', async (args, patterns) => {
    const res = await runCli(args);
    expect(res.code).toBe(0);
    for (const pattern of patterns) expect(res.stdout).toMatch(pattern);
  });

  it('fails clearly on an unknown command or a bad option value', async () => {
    const [unknown, port, role, missing] = await Promise.all([
      runCli(['deploy']),
      runCli(['serve', '--port', 'eighty']),
      runCli(['serve', '--role', 'cron']),
      runCli(['user', 'grant', 'alice']),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'deploy'");
    expect(port.code).toBe(1);
    expect(port.stderr).toContain('Expected a whole number from 0 to 65535');
    expect(role.code).toBe(1);
    expect(role.stderr).toMatch(/Allowed choices are api, worker, all/);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("missing required argument 'role'");
  });

  it('prints its version', async () => {
    const res = await runCli(['--version']);
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs through the bin/dpr.js launcher (what npx dpr starts)', () => {
    const res = spawnSync(process.execPath, [join(REPO, 'bin/dpr.js'), '--help'], { cwd: REPO, encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('Usage: dpr [options] [command]');
  });
});
