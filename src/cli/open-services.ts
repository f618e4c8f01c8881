import { createServices, type Services } from '../app.ts';
import { Clock } from '../platform/clock/clock.ts';
import { ConfigError, loadConfig, type Config } from '../platform/config/config.ts';
import { connect } from '../platform/db/connect.ts';
import { ClockService } from '../modules/clock/clock-service.ts';
import { CliError } from './cli-error.ts';

/** Reads the settings, turning a bad one into a one-line CLI error. */
export function readConfig(env: NodeJS.ProcessEnv, overrides: Partial<Config> = {}): Config {
  try {
    return loadConfig(env, overrides);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * The offset of the shared clock as stored in `sys_clock` (0 on a database that has none yet).
 * `createServices` persists its own process's clock, as a server start should; a one-shot command
 * must not reset a clock an admin moved, so it reads the shared offset first and puts it back.
 */
async function storedClockOffset(config: Config): Promise<number> {
  const database = connect(config.DATABASE_URL, { poolSize: 1, sqliteSynchronous: config.DPR_SQLITE_SYNCHRONOUS });
  try {
    const clocks = new ClockService(database.db, new Clock());
    await clocks.refresh();
    return clocks.clock.offset;
  } catch {
    // No sys_clock table yet (empty database): the clock was never moved.
    return 0;
  } finally {
    await database.close();
  }
}

/**
 * The services a command works with, as the server composes them, on the shared clock (unless
 * `DPR_NOW` fixes it for this run). The caller closes `database`.
 */
export async function openServices(config: Config): Promise<Services> {
  const offset = config.DPR_NOW ? undefined : await storedClockOffset(config);
  const services = await createServices(config);
  if (offset !== undefined && offset !== services.clock.offset) {
    services.clock.setOffset(offset);
    await services.clocks.persist();
  }
  return services;
}

/** Runs `work` with the services open and closes them whatever happens. */
export async function withServices<T>(config: Config, work: (services: Services) => Promise<T>): Promise<T> {
  const services = await openServices(config);
  try {
    return await work(services);
  } finally {
    await services.database.close();
  }
}
