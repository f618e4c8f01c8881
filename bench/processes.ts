import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * CPU placement: with `taskset` and at least two cores, servers run on core 0 and the load
 * generator (this process) on the last core, so they do not steal each other's time slices.
 */
export interface Placement {
  /** Prefix for a server's command line (`taskset -c 0`), or empty. */
  serverPrefix: string[];
  note: string;
}

export function placeProcesses(): Placement {
  const cores = cpus().length;
  const taskset = ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p));
  if (!taskset || cores < 2) return { serverPrefix: [], note: taskset ? 'one core: not pinned' : 'taskset not found: not pinned' };
  const last = cores - 1;
  const pinned = spawnSync(taskset, ['-pc', String(last), String(process.pid)], { stdio: 'ignore' }).status === 0;
  return {
    serverPrefix: [taskset, '-c', cores > 2 ? `0-${last - 1}` : '0'],
    note: pinned ? `servers on core${cores > 2 ? 's' : ''} 0${cores > 2 ? `-${last - 1}` : ''}, load generator on core ${last}` : 'taskset failed: not pinned',
  };
}

export interface Server {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a server process and waits for it to answer `readyPath` (any HTTP status) on `port`.
 * Its stderr is kept and shown if it dies before that.
 */
export async function startProcess(command: string[], env: NodeJS.ProcessEnv, port: number, readyPath = '/', cwd?: string, timeoutMs = 60_000): Promise<Server> {
  const [file, ...args] = command;
  const child = spawn(file, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(url + readyPath);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${command.join(' ')} did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
      }
      await sleep(50);
    }
  }
  return {
    url,
    pid: child.pid!,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a command to completion, its output passed through (the seed's progress bar), and fails on a non-zero exit. */
export async function runToEnd(command: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<void> {
  const [file, ...args] = command;
  const child = spawn(file, args, { env, cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${command.join(' ')} exited with ${code}`);
}

/** Peak resident set size of a process so far (VmHWM, Linux), in bytes; undefined elsewhere. */
export function peakRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A free TCP port on 127.0.0.1 (servers are told which to use, so the harness knows where they are). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
