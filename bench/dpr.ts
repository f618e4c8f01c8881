import { fileURLToPath } from 'node:url';
import { call } from './load.ts';
import { freePort, runToEnd, startProcess, type Server } from './processes.ts';

/** The repository root (the harness runs dpr from it, as `npm start` does). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The compiled build, as `npm start` runs it in production (`compileDpr` makes it first). */
const CLI = ['node', 'dist/server/cli.js'];
/** BENCH_CPU_PROF=1: servers write a V8 CPU profile (flame graph in Chrome DevTools or speedscope) to bench/profiles/ on exit. */
const SERVE = process.env.BENCH_CPU_PROF ? ['node', '--cpu-prof', '--cpu-prof-dir=bench/profiles', 'dist/server/cli.js'] : CLI;

/** `npm run build:server`: dpr is measured as it runs in production, compiled to JavaScript. */
export function compileDpr(): Promise<void> {
  return runToEnd(['npm', 'run', '--silent', 'build:server'], process.env, ROOT);
}

export const ADMIN_PASSWORD = 'bench';
export const OAUTH_CLIENT = { id: 'dprbenchclient', secret: 'dpr-bench-secret' };

/** The environment of every dpr process of a run: this database, quiet logs, the bench admin. */
export function dprEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, DPR_LOG_LEVEL: 'silent', DPR_ADMIN_PASSWORD: ADMIN_PASSWORD, ...extra };
  delete env.DPR_NOW;
  return env;
}

/** `dpr <args>` in its own process, output passed through. */
export function dprCli(args: string[], databaseUrl: string): Promise<void> {
  return runToEnd([...CLI, ...args], dprEnv(databaseUrl), ROOT);
}

/** `dpr serve` (HTTP only: no job worker polling the database during the measurements). */
export async function startDpr(databaseUrl: string, prefix: string[]): Promise<Server> {
  const port = await freePort();
  return startProcess([...prefix, ...SERVE, 'serve', '--port', String(port), '--host', '127.0.0.1', '--role', 'api'], dprEnv(databaseUrl), port, '/health', ROOT);
}

/**
 * `dpr serve` with the job worker polling every 10 ms (role all), for the policy-run timing only:
 * one process answers the run request and executes the run, so the time includes no hand-over
 * between processes beyond the job row.
 */
export async function startDprWithWorker(databaseUrl: string, prefix: string[]): Promise<Server> {
  const port = await freePort();
  return startProcess([...prefix, ...SERVE, 'serve', '--port', String(port), '--host', '127.0.0.1', '--role', 'all'], dprEnv(databaseUrl, { DPR_JOB_POLL_MS: '10' }), port, '/health', ROOT);
}

export interface DprStats {
  statements: number;
  rssBytes: number;
}

export async function readStats(url: string, auth: Record<string, string>): Promise<DprStats> {
  const { status, json } = await call(`${url}/api/dpr/stats`, 'GET', auth);
  if (status !== 200) throw new Error(`GET /api/dpr/stats answered ${status}: ${JSON.stringify(json)}`);
  return json as DprStats;
}

/** An OAuth access token of the bench client (client_credentials, acting as admin). */
export async function oauthToken(url: string): Promise<string> {
  const response = await fetch(`${url}/oauth_token.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: OAUTH_CLIENT.id, client_secret: OAUTH_CLIENT.secret }).toString(),
  });
  const json = (await response.json()) as { access_token?: string };
  if (!response.ok || !json.access_token) throw new Error(`/oauth_token.do answered ${response.status}: ${JSON.stringify(json)}`);
  return json.access_token;
}
