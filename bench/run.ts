/**
 * `npm run bench`: dpr against baselines measured in the same run, on SQLite and PostgreSQL.
 * See BENCHMARKS.md for what it measures and the latest results; `npm run bench -- --help`.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, postgresReachable, type BenchDialect } from './databases.ts';
import { ADMIN_PASSWORD, OAUTH_CLIENT, ROOT, compileDpr, dprCli, oauthToken, startDpr, startDprWithWorker } from './dpr.ts';
import { loadFixtures } from './fixtures.ts';
import { measure, type MeasureContext } from './measure.ts';
import { parseOptions, type BenchOptions } from './options.ts';
import { timePolicyRuns } from './policy-run.ts';
import { freePort, placeProcesses, startProcess, type Placement } from './processes.ts';
import { renderMachine, renderResults, updateBenchmarksMd, writeJson, type BenchReport, type Row } from './report.ts';
import { scenarios } from './scenarios.ts';
import { cacheKey, seedCache } from './seed-cache.ts';
import { checkTargets } from './targets.ts';
import { measureWorkspace, prepareWorkspace } from './workspace.ts';

const log = (line: string) => console.error(line);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const placement = placeProcesses();
  log('Compiling dpr (npm run build:server) …');
  await compileDpr();
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpuModel(), node: process.version, platform: `${process.platform} ${process.arch}`, placement: placement.note, loadAverage: loadavg() },
    settings: { connections: options.connections, duration: `${options.durationSeconds} s`, warmup: `${options.warmupSeconds} s`, scale: options.scale, quick: options.quick },
    rows: [],
    policyRuns: [],
    releaseScaling: [],
    targets: [],
    seedSeconds: {},
    workspace: [],
    workspaceSkipped: [],
  };
  log(renderMachine(report));
  // Before any server starts: a server serves the workspace only if it was built when it started.
  const workspaceSkip = options.workspace ? await prepareWorkspace(log) : 'not asked for (--no-workspace)';
  if (workspaceSkip) {
    report.workspaceSkipped.push({ database: null, reason: workspaceSkip });
    log(`Workspace scenario skipped: ${workspaceSkip}.`);
  }
  const settings = { connections: options.connections, durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds };
  for (const dialect of options.databases) {
    if (dialect === 'postgres' && !(await postgresReachable())) {
      log('PostgreSQL is not reachable: skipped (set BENCH_POSTGRES_URL, or start it).');
      continue;
    }
    await benchDatabase(dialect, options, placement, settings, report, !workspaceSkip);
  }
  report.targets = checkTargets(report);
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  writeJson(join(ROOT, 'bench', 'results', 'latest.json'), report);
  writeJson(join(ROOT, 'bench', 'results', `${stamp}.json`), report);
  console.log(`\n${renderMachine(report)}\n\n${renderResults(report)}`);
  if (options.writeMarkdown) updateBenchmarksMd(join(ROOT, 'BENCHMARKS.md'), report);
  log(`Results: bench/results/latest.json${options.writeMarkdown ? ', BENCHMARKS.md' : ''}`);
}

async function baselines(placement: Placement, ctx: MeasureContext, list: ReturnType<typeof scenarios>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const scenario of list.filter((s) => s.target !== 'dpr')) {
    const port = await freePort();
    const server = await startProcess([...placement.serverPrefix, 'node', '--import', 'tsx', 'bench/baseline-server.ts', scenario.target, String(port)], process.env, port, '/bundle', ROOT);
    try {
      const row = await measure(ctx, server, scenario, log);
      if (scenario.target === 'raw') ctx.rawReqPerSec = row.reqPerSec;
      row.ratioToRaw = ctx.rawReqPerSec ? row.reqPerSec / ctx.rawReqPerSec : null;
      rows.push(row);
    } finally {
      await server.stop();
    }
  }
  return rows;
}

async function benchDatabase(dialect: BenchDialect, options: BenchOptions, placement: Placement, settings: MeasureContext['settings'], report: BenchReport, workspace: boolean): Promise<void> {
  log(`\n== ${dialect} ==`);
  const database = await freshDatabase(dialect);
  const admin = { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` };
  try {
    const cache = seedCache(ROOT, cacheKey(ROOT));
    if (!options.fresh && (await cache.restore(database))) {
      log('Scale 1 data set copied from today\'s cache (bench/.cache; --fresh seeds anew).');
    } else {
      log(`Seeding scale 1 (${database.url.replace(/\/\/[^@]*@/, '//')}) …`);
      const seedStart = performance.now();
      await dprCli(['seed', '--bench', '--scale', '1'], database.url);
      report.seedSeconds[dialect] = (performance.now() - seedStart) / 1000;
      await cache.save(database);
    }

    let server = await startDpr(database.url, placement.serverPrefix);
    try {
      // The admin exists once the server has started (DPR_ADMIN_PASSWORD); the client acts as it.
      await dprCli(['oauth-client', 'add', 'dpr bench', '--client-id', OAUTH_CLIENT.id, '--client-secret', OAUTH_CLIENT.secret, '--user', 'admin'], database.url);
      const today = new Date().toISOString().slice(0, 10);
      const fixtures = await loadFixtures(server.url, admin, today);
      const credentials = { basic: admin.authorization, bearer: `Bearer ${await oauthToken(server.url)}` };
      const list = scenarios(fixtures, credentials, `${dialect}-${Date.now().toString(36)}`, { completePhaseAmount: options.completePhaseAmount });
      const ctx: MeasureContext = { database: dialect, scale: 1, settings, rawReqPerSec: null, admin };
      // The baselines run while dpr idles, right before dpr's own scenarios: same run, same machine state.
      report.rows.push(...(await baselines(placement, ctx, list)));
      for (const scenario of list.filter((s) => s.target === 'dpr')) {
        const row = await measure(ctx, server, scenario, log);
        report.rows.push(row);
        if (scenario.id === 'post-release') report.releaseScaling.push({ database: dialect, scale: 1, reqPerSec: row.reqPerSec, p50Ms: row.p50Ms, p99Ms: row.p99Ms, peakRssMb: row.peakRssMb });
      }
      if (workspace) {
        // Chromium is started by this process, so it inherits its core (the load generator's).
        try {
          const auth = { user: 'admin', password: ADMIN_PASSWORD, authorization: admin.authorization };
          report.workspace.push(await measureWorkspace(server.url, auth, fixtures, { database: dialect, scale: 1, loads: options.workspaceLoads }, log));
        } catch (error) {
          const reason = `failed: ${(error as Error).message.split('\n')[0]}`;
          report.workspaceSkipped.push({ database: dialect, reason });
          log(`  workspace scenario ${reason}`);
        }
      }
      log('  policy run over the 1 000-mapping release …');
      await server.stop();
      server = await startDprWithWorker(database.url, placement.serverPrefix);
      const policy = await timePolicyRuns(server.url, admin, fixtures, options.policyRuns);
      report.policyRuns.push({ database: dialect, mappings: policy.mappings, runsMs: policy.runs, medianMs: policy.medianMs });
      log(`    median ${policy.medianMs.toFixed(0)} ms over ${policy.mappings} mappings (${policy.status})`);

      if (options.scale === 10) {
        await server.stop();
        log('Growing the data set to scale 10 …');
        const growStart = performance.now();
        await dprCli(['seed', '--bench', '--scale', '10'], database.url);
        report.seedSeconds[`${dialect} scale 10`] = (performance.now() - growStart) / 1000;
        server = await startDpr(database.url, placement.serverPrefix);
        const big: MeasureContext = { ...ctx, scale: 10 };
        for (const id of ['bundle-200-agg', 'table-list', 'post-release']) {
          const scenario = list.find((s) => s.id === id)!;
          const row = await measure(big, server, { ...scenario, id: `${id}@10`, label: `${scenario.label} @ scale 10` }, log);
          report.rows.push(row);
          if (id === 'post-release') report.releaseScaling.push({ database: dialect, scale: 10, reqPerSec: row.reqPerSec, p50Ms: row.p50Ms, p99Ms: row.p99Ms, peakRssMb: row.peakRssMb });
        }
      }
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

function cpuModel(): string {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

await main();
