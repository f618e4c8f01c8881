import { randomBytes } from 'node:crypto';
import { CliError } from './cli-error.ts';
import type { CliIo } from './io.ts';

export interface Secret {
  value: string;
  /** True when the CLI made it up, so the command must print it (once). */
  generated: boolean;
}

/**
 * A password without prompting: the `--password` value; else the first line of standard input when
 * something is piped in (`echo s3cret | dpr user passwd alice`); else, on a terminal or an empty
 * pipe, a random one the caller prints once.
 */
export async function chooseSecret(io: CliIo, given: string | undefined, what = 'password'): Promise<Secret> {
  if (given !== undefined) {
    if (given === '') throw new CliError(`The ${what} must not be empty`);
    return { value: given, generated: false };
  }
  if (!io.stdin.isTTY) {
    const piped = firstLine(await readAll(io.stdin));
    if (piped !== '') return { value: piped, generated: false };
  }
  return { value: randomBytes(12).toString('base64url'), generated: true };
}

// Only the line break is dropped: spaces may be part of a password.
function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').replace(/\r$/, '');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
