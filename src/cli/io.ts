/**
 * Where a command writes. Results go to `out` (stdout, so they can be piped or captured); notes,
 * warnings and errors go to `err` (stderr). Commands receive it instead of touching `process`, so
 * they stay testable in-process.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Standard input, read only when a secret is piped in. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export function processIo(): CliIo {
  return {
    out: (line) => void process.stdout.write(line + '\n'),
    err: (line) => void process.stderr.write(line + '\n'),
    stdin: process.stdin,
  };
}
