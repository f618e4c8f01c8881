import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface DprProcess {
  role: 'api' | 'worker' | 'all';
  pid: number;
  /** `http://127.0.0.1:<port>` (undefined for a worker, which serves no HTTP). */
  url?: string;
  /** Every line the process wrote on stdout and stderr so far. */
  lines: string[];
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILL: no shutdown code runs (a power cut as far as the database can tell). */
  kill(): Promise<void>;
  /** SIGTERM and wait for the graceful exit. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  databaseUrl: string;
  role?: 'api' | 'worker' | 'all';
  env?: Record<string, string>;
  /** How long to wait for the "listening"/"worker started" line. */
  startTimeoutMs?: number;
}

/**
 * Starts `dpr serve` as its own OS process (`node --import tsx src/cli.ts serve`), exactly as an
 * operator would, on a free port of 127.0.0.1, and resolves once `/health/ready` answers 200 (or,
 * for a worker, once it logs that it started: workers need `DPR_LOG_LEVEL` info or lower).
 */
export async function spawnDpr(options: SpawnOptions): Promise<DprProcess> {
  const role = options.role ?? 'all';
  // A port chosen up front, so readiness can be polled whatever the log level.
  const port = role === 'worker' ? 0 : await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', String(port), '--host', '127.0.0.1', '--role', role], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: options.databaseUrl,
      DPR_LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let onLine: ((line: string) => void) | undefined;
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      rest += chunk;
      let at: number;
      while ((at = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, at);
        rest = rest.slice(at + 1);
        lines.push(line);
        onLine?.(line);
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const url = await new Promise<string | undefined>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dpr ${role} did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${lines.join('\n')}`)), options.startTimeoutMs ?? 30_000);
    const check = (line: string) => {
      if (role === 'worker' && /dpr worker started/.test(line)) {
        clearTimeout(timer);
        resolve(undefined);
      }
    };
    onLine = check;
    for (const line of lines) check(line);
    if (role !== 'worker') {
      const url = `http://127.0.0.1:${port}`;
      const poll = async () => {
        for (;;) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          try {
            const res = await fetch(`${url}/health/ready`);
            if (res.status === 200) {
              clearTimeout(timer);
              resolve(url);
              return;
            }
          } catch {
            // Not listening yet.
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      void poll();
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dpr ${role} exited (${String(code)}) before it started:\n${lines.join('\n')}`));
    });
  });
  onLine = undefined;
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { role, pid: child.pid!, url, lines, exited, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

/** A port free on 127.0.0.1 right now (the OS hands out a fresh one each time). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
