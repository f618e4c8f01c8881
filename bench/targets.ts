import type { BenchReport, Row, TargetCheck } from './report.ts';

/** The issue's targets (2 cores, SQLite, same run), checked against what was measured. */
export function checkTargets(report: BenchReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const database of [...new Set(report.rows.map((r) => r.database))]) {
    const row = (id: string): Row | undefined => report.rows.find((r) => r.database === database && r.id === id);
    const pct = (r: Row | undefined) => (r?.ratioToRaw === null || r?.ratioToRaw === undefined ? '–' : `${(r.ratioToRaw * 100).toFixed(1)} % of raw`);
    const add = (target: string, measured: string, met: boolean | null) => checks.push({ database, target, measured, met });
    for (const size of [10, 200, 2000]) {
      const r = row(`bundle-${size}`);
      if (r) add(`GET bundle ${size} without aggregates ≥ 50 % of raw req/s`, pct(r), r.ratioToRaw !== null && r.ratioToRaw >= 0.5);
    }
    const agg = row('bundle-200-agg');
    if (agg) {
      add('GET bundle 200 with aggregates ≥ 20 % of raw req/s', pct(agg), agg.ratioToRaw !== null && agg.ratioToRaw >= 0.2);
      add('GET bundle 200 with aggregates p99 ≤ 10 ms', `${agg.p99Ms} ms`, agg.p99Ms <= 10);
    }
    const post = row('post-release');
    if (post) add('POST release (5 × 10 template) ≥ 1 000 releases/s', `${post.reqPerSec.toFixed(0)}/s`, post.reqPerSec >= 1000);
    const policy = report.policyRuns.find((p) => p.database === database);
    add('Policy run over 1 000 mappings ≤ 1 s', policy ? `${policy.medianMs.toFixed(0)} ms (${policy.mappings} mappings)` : 'not measured', policy ? policy.medianMs <= 1000 : null);
    for (const aggregates of [false, true]) {
      const counts = [10, 200, 2000].map((s) => row(`bundle-${s}${aggregates ? '-agg' : ''}`)?.statementsPerRequest).filter((n): n is number => typeof n === 'number');
      if (counts.length === 3) {
        add(
          `SQL statements per GET bundle${aggregates ? ' +aggregates' : ''} independent of size`,
          counts.map((c) => c.toFixed(2)).join(' / '),
          Math.max(...counts) - Math.min(...counts) < 0.5,
        );
      }
    }
    const workspace = report.workspace.find((w) => w.database === database && w.scale === 1);
    const measured = workspace?.pages.filter((p) => p.fcpMs.length) ?? [];
    if (measured.length) {
      const failed = workspace!.pages.filter((p) => p.error).map((p) => p.label);
      const fcp = measured.reduce((a, b) => (b.fcpMaxMs > a.fcpMaxMs ? b : a));
      const shown = measured.reduce((a, b) => (b.shownMaxMs > a.shownMaxMs ? b : a));
      add(
        'Workspace first paint < 1 s on scale 1',
        `FCP max ${fcp.fcpMaxMs.toFixed(0)} ms (${fcp.label}); content shown max ${shown.shownMaxMs.toFixed(0)} ms (${shown.label})${failed.length ? `; failed: ${failed.join(', ')}` : ''}`,
        failed.length ? null : fcp.fcpMaxMs < 1000,
      );
    } else {
      const skipped = report.workspaceSkipped.find((s) => s.database === database || s.database === null);
      add('Workspace first paint < 1 s on scale 1', `not measured${skipped ? ` (${skipped.reason})` : ''}`, null);
    }
    const big = report.releaseScaling.find((r) => r.database === database && r.scale === 10);
    add('RSS ≤ 200 MB at scale 10', big?.peakRssMb ? `${big.peakRssMb.toFixed(0)} MB` : 'not measured (run with --scale 10)', big?.peakRssMb ? big.peakRssMb <= 200 : null);
  }
  return checks;
}
