import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createTestDatabase, runCli, type TestDatabase } from './run-cli.ts';

/** The instant a run printed, checked to be `expected` give or take the seconds the runs took. */
function expectInstant(stdout: string, expected: string): void {
  const printed = stdout.trim();
  expect(printed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const drift = Date.parse(printed) - Date.parse(expected);
  expect(drift).toBeGreaterThanOrEqual(0);
  expect(drift).toBeLessThan(120_000);
}

describe('dpr clock with bad input', () => {
  // An unreachable database: these must fail on the input, before connecting.
  const nowhere = 'postgres://postgres@127.0.0.1:1/nowhere';
  it('refuses unparsable or ambiguous values and both moves at once', async () => {
    const [instant, months, both] = await Promise.all([
      runCli(['clock', '--set', 'next tuesday'], { databaseUrl: nowhere }),
      runCli(['clock', '--advance', 'P1M'], { databaseUrl: nowhere }),
      runCli(['clock', '--set', '2025-01-01T00:00:00Z', '--advance', 'P1D'], { databaseUrl: nowhere }),
    ]);
    expect(instant.code).toBe(1);
    expect(instant.stderr.trim()).toBe('dpr: Invalid instant: next tuesday');
    expect(months.code).toBe(1);
    expect(months.stderr.trim()).toBe('dpr: Durations in years or months are ambiguous; use days or weeks: P1M');
    expect(both.code).toBe(1);
    expect(both.stderr.trim()).toBe('dpr: Give --set or --advance, not both');
  });
});

describe.each(DIALECTS)('dpr clock (%s)', (dialect) => {
  let database: TestDatabase;
  const run = (args: string[]) => runCli(['clock', ...args], { databaseUrl: database.url });
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('sets the shared clock (an instant without offset is UTC), which later runs keep', async () => {
    // Backwards from the real time, which is allowed.
    const set = await run(['--set', '2025-09-01T09:00:00']);
    expect(set.code).toBe(0);
    expectInstant(set.stdout, '2025-09-01T09:00:00Z');
    // A new process starts from the stored offset, not from the real time.
    const shown = await run([]);
    expect(shown.code).toBe(0);
    expectInstant(shown.stdout, '2025-09-01T09:00:00Z');
  });

  // Dialect-independent once the offset is stored: checked once, on SQLite.
  it.runIf(dialect === 'sqlite')('advances the shared clock by an ISO-8601 duration', async () => {
    const advanced = await run(['--advance', 'P1DT2H']);
    expect(advanced.code).toBe(0);
    expectInstant(advanced.stdout, '2025-09-02T11:00:00Z');
  });
});
