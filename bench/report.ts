import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WorkspaceRun } from './workspace.ts';

export interface Row {
  database: string;
  scale: number;
  id: string;
  label: string;
  requests: number;
  failed: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** req/s as a share of the raw node:http baseline measured in the same run. */
  ratioToRaw: number | null;
  statementsPerRequest: number | null;
  peakRssMb: number | null;
  bundleSize?: number;
}

export interface TargetCheck {
  database: string;
  target: string;
  measured: string;
  met: boolean | null;
}

export interface BenchReport {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; placement: string; loadAverage: number[] };
  settings: Record<string, unknown>;
  rows: Row[];
  policyRuns: Array<{ database: string; mappings: number; runsMs: number[]; medianMs: number }>;
  releaseScaling: Array<{ database: string; scale: number; reqPerSec: number; p50Ms: number; p99Ms: number; peakRssMb: number | null }>;
  targets: TargetCheck[];
  seedSeconds: Record<string, number>;
  /** The workspace in Chromium, per database (bench/workspace.ts). */
  workspace: WorkspaceRun[];
  /** Why the workspace scenario did not run (per database, or for the whole run), if it did not. */
  workspaceSkipped: Array<{ database: string | null; reason: string }>;
}

const fixed = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));

/** A GitHub-flavoured Markdown table (it reads as well on a terminal). */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|')}|`, ...rows.map(line)].join('\n');
}

export function renderResults(report: BenchReport): string {
  const out: string[] = [];
  for (const database of [...new Set(report.rows.map((r) => r.database))]) {
    const rows = report.rows.filter((r) => r.database === database);
    out.push(`### ${database} (scale ${rows[0]?.scale ?? '?'}${report.seedSeconds[database] ? `, seeded in ${report.seedSeconds[database].toFixed(0)} s` : ''})`, '');
    out.push(
      table(
        ['scenario', 'req/s', 'p50 ms', 'p99 ms', '× raw', 'SQL/req', 'peak RSS MB', 'failed'],
        rows.map((r) => [r.label, fixed(r.reqPerSec, 0), fixed(r.p50Ms, 0), fixed(r.p99Ms, 0), r.ratioToRaw === null ? '–' : `${(r.ratioToRaw * 100).toFixed(1)} %`, fixed(r.statementsPerRequest, 1), fixed(r.peakRssMb, 0), String(r.failed)]),
      ),
      '',
    );
  }
  const bundleRows = report.rows.filter((r) => r.bundleSize && r.id.endsWith('-agg'));
  if (bundleRows.length) {
    out.push('### Scaling: GET bundle with aggregates as the bundle grows', '');
    out.push(
      table(
        ['database', 'releases', 'tasks', 'req/s', 'p50 ms', 'p99 ms', 'SQL/req'],
        bundleRows.map((r) => [r.database, String(r.bundleSize), String(r.bundleSize! * 50), fixed(r.reqPerSec, 0), fixed(r.p50Ms, 0), fixed(r.p99Ms, 0), fixed(r.statementsPerRequest, 1)]),
      ),
      '',
    );
  }
  if (report.releaseScaling.length) {
    out.push('### Scaling: POST release as the database grows', '');
    out.push(
      table(
        ['database', 'scale', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MB'],
        report.releaseScaling.map((r) => [r.database, String(r.scale), fixed(r.reqPerSec, 0), fixed(r.p50Ms, 0), fixed(r.p99Ms, 0), fixed(r.peakRssMb, 0)]),
      ),
      '',
    );
  }
  if (report.policyRuns.length) {
    out.push('### Policy run (one release, one phase)', '');
    out.push(table(['database', 'mappings', 'median ms', 'runs ms'], report.policyRuns.map((p) => [p.database, String(p.mappings), fixed(p.medianMs, 0), p.runsMs.map((t) => t.toFixed(0)).join(', ')])), '');
  }
  if (report.workspace.length || report.workspaceSkipped.length) {
    out.push('### Workspace on the scale-1 data set', '');
    if (report.workspace.length) {
      const run = report.workspace[0];
      out.push(
        `${run.browser}, headless, on core ${run.cores}, ${run.loads} fresh loads per page (signed in, assets cached); ms from navigation start. "Content shown": the page's API data on screen.`,
        '',
        table(
          ['database', 'page', 'FCP median', 'FCP max', 'content shown median', 'content shown max', 'API calls', 'slowest API call ms'],
          report.workspace.flatMap((w) =>
            w.pages.map((p) => [w.database, p.label, fixed(p.fcpMedianMs, 0), fixed(p.fcpMaxMs, 0), fixed(p.shownMedianMs, 0), fixed(p.shownMaxMs, 0), String(p.apiRequests), p.slowestApi ? fixed(p.slowestApi.ms, 0) : '–']),
          ),
        ),
        '',
      );
    }
    for (const w of report.workspace) for (const p of w.pages.filter((p) => p.error)) out.push(`${w.database}, ${p.label}: failed after ${p.shownMs.length} load(s): ${p.error}.`, '');
    for (const s of report.workspaceSkipped) out.push(`Workspace scenario skipped${s.database ? ` (${s.database})` : ''}: ${s.reason}.`, '');
  }
  if (report.targets.length) {
    out.push('### Targets', '');
    out.push(table(['database', 'target', 'measured', 'met'], report.targets.map((t) => [t.database, t.target, t.measured, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'])), '');
  }
  return out.join('\n');
}

export function renderMachine(report: BenchReport): string {
  const m = report.machine;
  return [
    `Run ${report.startedAt} on ${m.cpus} × ${m.cpuModel}, Node ${m.node} (${m.platform}); ${m.placement}; load average at start ${m.loadAverage.map((l) => l.toFixed(2)).join(' ')}.`,
    `Settings: ${Object.entries(report.settings).map(([k, v]) => `${k} ${String(v)}`).join(', ')}.`,
  ].join('\n');
}

export function writeJson(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
}

const BEGIN = '<!-- bench:latest:begin (written by npm run bench) -->';
const END = '<!-- bench:latest:end -->';

/** Replaces the latest-results section of BENCHMARKS.md (between its markers), keeping the notes around it. */
export function updateBenchmarksMd(path: string, report: BenchReport): void {
  const section = `${BEGIN}\n${renderMachine(report)}\n\n${renderResults(report)}\n${END}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n## Latest run\n\n${BEGIN}\n${END}\n`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + END.length) : `${current.trimEnd()}\n\n## Latest run\n\n${section}\n`;
  writeFileSync(path, next);
}
