import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.ts';
import { CliError } from './cli/cli-error.ts';
import { processIo } from './cli/io.ts';
import { AppError } from './platform/errors/app-error.ts';

/**
 * Entry point of the `dpr` command line (`bin/dpr.js`, `npm run dpr -- ...`, `npm start`).
 * Errors a user can act on print one line on stderr; anything else prints its stack (it is a bug).
 * The exit code is non-zero on every failure. Only the command line itself is loaded up front, so
 * `--help` answers at once; each command loads what it needs.
 */
async function main(argv: string[]): Promise<void> {
  const io = processIo();
  const program = buildProgram({ io, env: process.env, exit: (code) => process.exit(code) });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message (or the help/version, with exit code 0).
      process.exitCode = error.exitCode;
    } else if (error instanceof CliError) {
      io.err(`dpr: ${error.message}`);
      process.exitCode = error.exitCode;
    } else if (error instanceof AppError) {
      io.err(`dpr: ${error.message}${error.detail ? ` (${error.detail})` : ''}`);
      process.exitCode = 1;
    } else if (await isEnvironmentError(error)) {
      io.err(`dpr: ${(error as Error).message}`);
      process.exitCode = 1;
    } else {
      io.err(`dpr: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    }
  }
}

/**
 * Bad settings, failed migrations, and system or database errors (unreachable host, missing
 * database, port in use: they carry a code) are the environment's, not bugs. The modules are
 * imported here, on the error path, where they are already loaded.
 */
async function isEnvironmentError(error: unknown): Promise<boolean> {
  if (!(error instanceof Error)) return false;
  const [{ ConfigError }, { MigrationError }] = await Promise.all([import('./platform/config/config.ts'), import('./platform/db/migrate.ts')]);
  return error instanceof ConfigError || error instanceof MigrationError || typeof (error as { code?: unknown }).code === 'string';
}

await main(process.argv);
