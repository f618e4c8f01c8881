import { Command, Option } from 'commander';
import { PACKAGE_VERSION as version } from '../platform/project-root.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './io.ts';
import { collect, wholeNumber } from './parse-number.ts';

export interface ProgramDeps {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** Ends the process (serve's shutdown); one-shot commands just return. */
  exit(code: number): void;
}

const SETTINGS_HELP = `
Settings come from the environment (DATABASE_URL, DPR_ADMIN_PASSWORD, DPR_NOW, ...); the database is
DATABASE_URL, e.g. sqlite:./data/dpr.sqlite (the default) or postgres://user@host:5432/dpr.`;

/**
 * The `dpr` command line. Each action imports its implementation when it runs, so `--help` stays
 * fast and a command loads only what it uses. Every command works on the same services as the
 * server (never over HTTP).
 */
export function buildProgram(deps: ProgramDeps): Command {
  const { io, env } = deps;
  const config = async () => (await import('./open-services.ts')).readConfig(env);
  const withServices = async <T>(work: (services: import('../app.ts').Services) => Promise<T>) => {
    const open = await import('./open-services.ts');
    return open.withServices(open.readConfig(env), work);
  };

  const program = new Command('dpr')
    .description('Self-hosted Digital Product Release server: run it and administer its database.')
    .version(version, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .addHelpText('after', SETTINGS_HELP);

  program
    .command('serve')
    .description('Start the HTTP server (and, by role, the job worker); stop with SIGTERM or Ctrl-C.')
    .option('-p, --port <port>', 'port to listen on (settings: PORT, default 8080; 0 picks a free one)', wholeNumber(0, 65535))
    .option('-H, --host <host>', 'address to listen on (settings: HOST, default 127.0.0.1)')
    .addOption(new Option('--role <role>', 'what this process runs (settings: DPR_ROLE, default all)').choices(['api', 'worker', 'all']))
    .addHelpText(
      'after',
      `
Roles: "api" serves HTTP only, "worker" runs background jobs only (no HTTP), "all" does both.
On an empty database without DPR_ADMIN_PASSWORD, a password for user admin is generated and printed once.
The first SIGTERM/SIGINT stops accepting connections, lets in-flight requests finish, closes the
database and exits 0; a second signal exits at once.`,
    )
    .action(async (options: { port?: number; host?: string; role?: 'api' | 'worker' | 'all' }) => {
      const { serve } = await import('./serve.ts');
      await serve(env, io, options, deps.exit);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations, print which ran, and exit.')
    .action(async () => {
      const { migrate } = await import('./migrate.ts');
      await migrate(await config(), io);
    });

  const user = program.command('user').description('Manage users: add, passwd, grant.');
  const PASSWORD_HELP = `
Without --password, the password is read from standard input when it is piped
(echo 's3cret' | dpr user ...); otherwise one is generated and printed once.`;
  user
    .command('add <user_name>')
    .description('Create a user, optionally with roles.')
    .option('--password <password>', 'the password (see below when omitted)')
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .option('--email <email>', 'e-mail address')
    .option('--role <role>', 'grant a role; repeat or comma-separate for several (e.g. release_admin for sn_dpr_model.release_admin)', collect, [])
    .addHelpText('after', PASSWORD_HELP + '\nExample: dpr user add jane.doe --first-name Jane --last-name Doe --role product_manager --role release_user')
    .action(async (userName: string, options: { password?: string; firstName?: string; lastName?: string; email?: string; role: string[] }) => {
      const { userAdd } = await import('./user-add.ts');
      await withServices((services) => userAdd(services, io, userName, options));
    });
  user
    .command('passwd <user_name>')
    .description("Set a user's password.")
    .option('--password <password>', 'the new password (see below when omitted)')
    .addHelpText('after', PASSWORD_HELP)
    .action(async (userName: string, options: { password?: string }) => {
      const { userPasswd } = await import('./user-passwd.ts');
      await withServices((services) => userPasswd(services, io, userName, options));
    });
  user
    .command('grant <user_name> <role...>')
    .description('Grant roles to a user (roles already held are skipped).')
    .addHelpText('after', '\nDPR roles may omit their scope: release_admin means sn_dpr_model.release_admin.\nExample: dpr user grant jane.doe release_admin sn_pace.policy_editor')
    .action(async (userName: string, roles: string[]) => {
      const { userGrant } = await import('./user-grant.ts');
      await withServices((services) => userGrant(services, io, userName, roles));
    });

  const oauth = program.command('oauth-client').description('Manage OAuth clients (oauth_entity) for /oauth_token.do.');
  oauth
    .command('add <name>')
    .description('Register an OAuth client and print its id and secret (once).')
    .option('--client-id <id>', 'client id (default: 32 random hex characters)')
    .option('--client-secret <secret>', 'client secret (default: generated)')
    .option('--user <user_name>', 'the user a client_credentials token acts as')
    .option('--access-lifespan <seconds>', 'access token lifespan in seconds (default 1800)', wholeNumber(1, 2_147_483_647))
    .option('--refresh-lifespan <seconds>', 'refresh token lifespan in seconds (default 8640000)', wholeNumber(1, 2_147_483_647))
    .addHelpText('after', '\nExample: dpr oauth-client add "CI pipeline" --user ci.bot --access-lifespan 3600')
    .action(async (name: string, options: { clientId?: string; clientSecret?: string; user?: string; accessLifespan?: number; refreshLifespan?: number }) => {
      const { oauthClientAdd } = await import('./oauth-client-add.ts');
      await withServices((services) => oauthClientAdd(services, io, name, options));
    });

  program
    .command('seed')
    .description('Load sample data into the database.')
    .option('--demo', 'load the demo data set: products, users for every DPR role, templates, policies, releases, ...')
    .option('--bench', 'load the benchmark data set (npm run bench): ~150 000 rows per scale unit, with a progress bar')
    .option('--scale <n>', 'with --bench: size of the data set (1 ≈ 2 000 releases; a larger scale tops up a smaller one)', wholeNumber(1, 100), 1)
    .addHelpText(
      'after',
      `
The demo set is loaded in one transaction, dated around today's date on the shared clock. Every demo
user's password is "demo". Running it again when it is already loaded changes nothing (exit code 0).`,
    )
    .action(async (options: { demo?: boolean; bench?: boolean; scale: number }) => {
      if (options.bench) {
        const { seedBenchCommand } = await import('./seed-bench.ts');
        return withServices((services) => seedBenchCommand(services, io, options.scale));
      }
      if (!options.demo) throw new CliError('Nothing to seed: pass --demo to load the demo data set');
      const { seed } = await import('./seed.ts');
      await withServices((services) => seed(services, io));
    });

  program
    .command('clock')
    .description('Print the shared clock (ISO-8601 UTC), optionally moving it first.')
    .option('--set <instant>', 'move the clock to this ISO-8601 instant (e.g. 2025-09-01T09:00:00Z; no offset means UTC)')
    .option('--advance <duration>', 'move the clock forward by an ISO-8601 duration (P1D, PT2H, P1W)')
    .addHelpText(
      'after',
      `
The clock is shared through the database (table sys_clock) and keeps running from where it was set.
Scheduled work that falls due runs on the move; running servers adopt a moved clock when they
refresh it from the database.`,
    )
    .action(async (options: { set?: string; advance?: string }) => {
      const { clock, parseClockMove } = await import('./clock.ts');
      const move = parseClockMove(options);
      await withServices((services) => clock(services, io, move));
    });

  return program;
}
