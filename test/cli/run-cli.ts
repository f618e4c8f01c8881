import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPgDatabase, type Dialect } from '../support/dialects.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const CLI = join(REPO, 'src/cli.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a CLI run: only what the test chooses, so the developer's settings never leak in. */
function cliEnv(databaseUrl: string | undefined, env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, DPR_LOG_LEVEL: 'warn' };
  return { ...base, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env };
}

/** Starts the real CLI (`node --import tsx src/cli.ts ...`) as a child process. */
export function spawnCli(args: string[], options: { databaseUrl?: string; env?: Record<string, string>; stdin?: 'pipe' | 'ignore' } = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO,
    env: cliEnv(options.databaseUrl, options.env ?? {}),
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs the CLI to completion. `input` is piped to its standard input; without it, standard input
 * is /dev/null (not a terminal, nothing piped).
 */
export function runCli(args: string[], options: { databaseUrl?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  const child = spawnCli(args, { ...options, stdin: options.input === undefined ? 'ignore' : 'pipe' });
  if (options.input !== undefined) child.stdin!.end(options.input);
  return finished(child);
}

export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export interface TestDatabase {
  url: string;
  /** The SQLite file (undefined on PostgreSQL). */
  file?: string;
  drop(): Promise<void>;
}

/** An empty database of the dialect: a temporary SQLite file or a fresh PostgreSQL database. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'postgres') return createPgDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'dpr-cli-'));
  const file = join(dir, 'dpr.sqlite');
  return { url: `sqlite:${file}`, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Resolves with the first stdout line matching `pattern` (the server logs JSON lines). */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 45_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`No line matching ${pattern} within ${timeoutMs} ms; got:\n${buffered}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => pattern.test(l));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.on('exit', () => reject(new Error(`Exited before printing ${pattern}:\n${buffered}`)));
  });
}
