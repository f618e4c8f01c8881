import type { BenchDialect } from './databases.ts';

export interface BenchOptions {
  databases: BenchDialect[];
  /** 10 also grows each database from scale 1 to 10 and measures release creation and RSS there. */
  scale: 1 | 10;
  quick: boolean;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  policyRuns: number;
  /** Requests of the complete_phase scenario (one per ready release). */
  completePhaseAmount: number;
  /** Seed afresh even when a seeded database is cached (bench/seed-cache.ts). */
  fresh: boolean;
  /** Write BENCHMARKS.md's latest section (off with --no-md). */
  writeMarkdown: boolean;
  /** The workspace scenario in Chromium (off with --no-workspace). */
  workspace: boolean;
  /** Fresh loads of each workspace page. */
  workspaceLoads: number;
}

const USAGE = `usage: npm run bench -- [--quick] [--scale 1|10] [--db sqlite|postgres|both] [--connections N] [--duration S] [--fresh] [--no-md] [--no-workspace]
  --quick        shorter runs (2 s + 0.5 s warm-up), fewer policy runs: ~1 minute per database once seeded
  --scale 10     also grow the data set to scale 10 and measure POST release and RSS there (adds minutes)
  --db           which databases (default both; postgres is skipped when unreachable)
  --connections  concurrent connections of the load generator (default 16)
  --duration     seconds per measured scenario (default 5; warm-up 1 s)
  --fresh        seed afresh instead of copying today's cached scale-1 database (bench/.cache)
  --no-md        do not update BENCHMARKS.md
  --no-workspace skip the workspace scenario (first paint of workspace pages in Debian's Chromium,
                 /usr/bin/chromium or CHROMIUM_PATH; skipped by itself when the browser is missing)`;

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    databases: ['sqlite', 'postgres'],
    scale: 1,
    quick: false,
    connections: 16,
    durationSeconds: 5,
    warmupSeconds: 1,
    policyRuns: 5,
    completePhaseAmount: 500,
    writeMarkdown: true,
    fresh: false,
    workspace: true,
    workspaceLoads: 5,
  };
  let duration: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-md') options.writeMarkdown = false;
    else if (arg === '--fresh') options.fresh = true;
    else if (arg === '--no-workspace') options.workspace = false;
    else if (arg === '--scale') {
      const scale = Number(value());
      if (scale !== 1 && scale !== 10) fail('--scale is 1 or 10');
      options.scale = scale as 1 | 10;
    } else if (arg === '--db') {
      const db = value();
      if (db === 'both') options.databases = ['sqlite', 'postgres'];
      else if (db === 'sqlite' || db === 'postgres') options.databases = [db];
      else fail('--db is sqlite, postgres or both');
    } else if (arg === '--connections') options.connections = positive(value(), arg);
    else if (arg === '--duration') duration = positive(value(), arg);
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown option ${arg}`);
  }
  if (options.quick) Object.assign(options, { durationSeconds: 2, warmupSeconds: 0.5, policyRuns: 2, completePhaseAmount: 200 });
  if (duration !== undefined) options.durationSeconds = duration;
  return options;
}

function positive(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) fail(`${name} must be a positive number`);
  return n;
}

function fail(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}
