import type { CliIo } from './io.ts';

export interface ShutdownOptions {
  /** Stops accepting work, lets in-flight work finish and releases resources. */
  close(): Promise<void>;
  io: CliIo;
  exit(code: number): void;
  /** After this long the process exits anyway (with 1), so a stuck request cannot block a deploy. */
  graceMs: number;
  signals?: readonly NodeJS.Signals[];
  /** The process to listen on (a stand-in in unit tests). */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/**
 * First SIGTERM/SIGINT: close gracefully, then exit 0 (1 if closing failed or overran the grace
 * period). A second signal exits at once with 1, for an operator who does not want to wait.
 * Returns a function that removes the handlers.
 */
export function handleShutdownSignals(options: ShutdownOptions): () => void {
  const { io, exit } = options;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const target = options.target ?? process;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      io.err(`Received ${signal} again: exiting without waiting`);
      exit(1);
      return;
    }
    stopping = true;
    io.err(`Received ${signal}: finishing in-flight requests, then exiting`);
    const timer = setTimeout(() => {
      io.err(`Shutdown did not finish within ${options.graceMs} ms: exiting`);
      exit(1);
    }, options.graceMs);
    timer.unref();
    options.close().then(
      () => {
        clearTimeout(timer);
        io.err('Shut down cleanly');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        io.err(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      },
    );
  };
  for (const s of signals) target.on(s, onSignal);
  return () => {
    for (const s of signals) target.off(s, onSignal);
  };
}
