import { appendFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../../../test-results/reliability-figures.jsonl', import.meta.url));

/**
 * Appends a suite's figures (requests fuzzed, writes killed, jobs counted) to
 * `test-results/reliability-figures.jsonl`, and prints them, so RELIABILITY.md's "last figures"
 * can be refreshed from a real run.
 */
export function recordFigure(suite: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ suite, at: new Date().toISOString(), ...figures });
  mkdirSync(fileURLToPath(new URL('../../../test-results/', import.meta.url)), { recursive: true });
  appendFileSync(FILE, line + '\n');
  console.log(`[reliability] ${line}`);
}
