import { readStats } from './dpr.ts';
import { runLoad, type LoadSettings } from './load.ts';
import { peakRss, type Server } from './processes.ts';
import type { Row } from './report.ts';
import type { Scenario } from './scenarios.ts';

export interface MeasureContext {
  database: string;
  scale: number;
  settings: LoadSettings;
  /** raw node:http req/s of this run, for the ratio. */
  rawReqPerSec: number | null;
  admin: Record<string, string>;
}

const MB = 1024 * 1024;

/** Requests of the sequential probe that counts statements per request. */
const PROBE = 20;

/**
 * SQL statements per request. Over a timed run the count is skewed by the requests still in flight
 * when the load stops (their statements are counted, they are not), so timed scenarios are probed
 * apart: PROBE requests on one connection, counter read when quiet before and after. Runs of a fixed
 * amount complete every request, so their own count is exact. The stats reads run no SQL (the
 * admin's Basic credentials are cached) and an api-only server runs nothing in the background.
 */
async function statementsPerRequest(server: Server, scenario: Scenario, admin: Record<string, string>, requests: number, before: number, after: number): Promise<number | null> {
  if (scenario.amount !== undefined) return requests > 0 ? (after - before) / requests : null;
  const start = await quietStatements(server, admin);
  const probe = await runLoad(server.url, scenario.spec, { connections: 1, durationSeconds: 0, warmupSeconds: 0 }, PROBE);
  const end = await quietStatements(server, admin);
  return probe.requests > 0 ? (end - start) / probe.requests : null;
}

/** The statement counter once it stopped moving (two reads 100 ms apart agree). */
async function quietStatements(server: Server, admin: Record<string, string>): Promise<number> {
  let last = (await readStats(server.url, admin)).statements;
  for (let i = 0; i < 600; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = (await readStats(server.url, admin)).statements;
    if (now === last) return now;
    last = now;
  }
  return last;
}

/**
 * Runs one scenario against `server` and turns it into a table row. For dpr, the statement
 * counter is read right before and after the measured run (after the warm-up), so SQL/req is the
 * data layer's count over exactly the measured requests.
 */
export async function measure(ctx: MeasureContext, server: Server, scenario: Scenario, log: (line: string) => void): Promise<Row> {
  const isDpr = scenario.target === 'dpr';
  log(`  ${scenario.label} …`);
  let before: number | undefined;
  const settings = ctx.settings;
  // The warm-up runs inside runLoad; read the counter after it by splitting warm-up and measure.
  if (isDpr && scenario.amount === undefined && settings.warmupSeconds > 0) {
    await runLoad(server.url, scenario.spec, { ...settings, durationSeconds: settings.warmupSeconds, warmupSeconds: 0 });
  }
  if (isDpr) before = await quietStatements(server, ctx.admin);
  const result = await runLoad(server.url, scenario.spec, { ...settings, warmupSeconds: isDpr ? 0 : settings.warmupSeconds }, scenario.amount);
  // Requests still in flight when the load generator stops finish on the server; wait for them, so
  // they neither count here nor slow the next scenario down.
  const after = isDpr ? await quietStatements(server, ctx.admin) : undefined;
  const rss = peakRss(server.pid);
  const row: Row = {
    database: ctx.database,
    scale: ctx.scale,
    id: scenario.id,
    label: scenario.label,
    requests: result.requests,
    failed: result.failed,
    reqPerSec: result.reqPerSec,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    ratioToRaw: ctx.rawReqPerSec ? result.reqPerSec / ctx.rawReqPerSec : null,
    statementsPerRequest: isDpr ? await statementsPerRequest(server, scenario, ctx.admin, result.requests, before!, after!) : null,
    peakRssMb: rss === undefined ? null : rss / MB,
    bundleSize: scenario.bundleSize,
  };
  log(`    ${row.reqPerSec.toFixed(0)} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms${row.statementsPerRequest !== null ? `, ${row.statementsPerRequest.toFixed(1)} SQL/req` : ''}${row.failed ? `, ${row.failed} FAILED` : ''}`);
  return row;
}
