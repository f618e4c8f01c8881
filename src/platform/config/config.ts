import { Type, type Static } from 'typebox';
import Value from 'typebox/value';

const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  DATABASE_URL: Type.String({ pattern: '^(sqlite:|postgres://|postgresql://)', default: 'sqlite:./data/dpr.sqlite' }),
  DPR_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  DPR_NOW: Type.Optional(Type.String()),
  TZ: Type.Optional(Type.String()),
  DPR_EXTENSIONS: Type.Optional(Type.String()),
  DPR_LOG_LEVEL: Type.Union(
    [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')],
    { default: 'info' },
  ),
  /** Size of the PostgreSQL connection pool per process. */
  DPR_DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  /** PostgreSQL `statement_timeout` per statement, in ms (0 = none): a runaway query cannot hold a pooled connection. */
  DPR_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 30_000 }),
  /** SQLite `synchronous` pragma: NORMAL (WAL-safe, fast) or FULL (fsync every commit). */
  DPR_SQLITE_SYNCHRONOUS: Type.Union([Type.Literal('NORMAL'), Type.Literal('FULL')], { default: 'NORMAL' }),
  /** Comma-separated origins allowed by CORS; empty keeps CORS closed. */
  DPR_CORS_ORIGINS: Type.String({ default: '' }),
  /** How often the in-process worker polls for due jobs, in milliseconds. */
  DPR_JOB_POLL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 1000 }),
  /** How long a worker's claim on a job lasts before another process may presume it dead and run the job again, in ms. */
  DPR_JOB_LEASE_MS: Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 300_000 }),
  /** `api`, `worker` or `all` (both in one process). */
  DPR_ROLE: Type.Union([Type.Literal('api'), Type.Literal('worker'), Type.Literal('all')], { default: 'all' }),
  /** Public base URL used in reference links and `Location`; defaults to the request's host. */
  DPR_BASE_URL: Type.Optional(Type.String()),
});

export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** The one place that reads `process.env` (README lists every setting). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw)) as Record<string, unknown>;
  const merged = { ...withDefaults, ...overrides };
  if (!Value.Check(ConfigSchema, merged)) {
    const first = [...Value.Errors(ConfigSchema, merged)][0];
    throw new ConfigError(`Invalid setting ${first?.instancePath.replace('/', '') ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  return merged as Config;
}
