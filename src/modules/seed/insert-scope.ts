import type { Row } from '../../platform/records/row.ts';
import { versionName } from './demo-products.ts';
import { DEMO_ARTIFACTS, DEMO_BUNDLES, DEMO_FEATURES, DEMO_RELATED_TASKS, type DemoRelatedTask } from './demo-scope-data.ts';
import type { DemoModels } from './insert-products.ts';
import type { StoredRelease } from './release-plan.ts';
import { at, userId, type SeedContext } from './seed-context.ts';

/** The records around the releases that policies read, by release sys_id. */
export interface ReleaseScope {
  enhancements: Row[];
  artifacts: Row[];
  /** Related incidents, problems and requests. */
  relatedTasks: Row[];
  changeRequests: Row[];
}

const CLOSED_STATES = new Set([3, 4, 7]);
/** Incident states of the platform: 1 New, 2 In Progress, 6 Resolved, 7 Closed. */
const incidentState = (state: number) => (CLOSED_STATES.has(state) ? 7 : state === 2 ? 2 : 1);

/** Features and enhancements, artifacts, related tasks and bundles (demo-scope-data.ts). */
export async function insertScope(ctx: SeedContext, models: DemoModels, releases: ReadonlyMap<string, StoredRelease>): Promise<Map<string, ReleaseScope>> {
  const releaseOf = (name: string) => {
    const release = releases.get(name);
    if (!release) throw new Error(`Demo scope names unknown release ${name}`);
    return release.release;
  };
  const productOf = (name: string) => {
    const product = models.products.get(name);
    if (!product) throw new Error(`Demo scope names unknown product ${name}`);
    return product;
  };
  const scope = new Map<string, ReleaseScope>();
  for (const r of releases.values()) scope.set(String(r.release.sys_id), { enhancements: [], artifacts: [], relatedTasks: [], changeRequests: [] });
  const scopeOf = (releaseId: unknown) => scope.get(String(releaseId));

  const features = await ctx.w.insert(
    'sn_dpr_model_product_feature',
    DEMO_FEATURES.map((f) => ({
      name: f.name,
      product: productOf(f.product).sys_id,
      priority: f.priority,
      state: f.state,
      description: f.description,
      owner: productOf(f.product).owner,
    })),
  );
  const enhancements = await ctx.w.insert(
    'sn_dpr_model_product_enhancement',
    DEMO_FEATURES.flatMap((f, i) =>
      f.enhancements.map((e) => ({
        name: e.name,
        product: productOf(f.product).sys_id,
        feature: features[i].sys_id,
        version: e.version ? models.versions.get(versionName(f.product, e.version))?.sys_id : null,
        release: e.release ? releaseOf(e.release).sys_id : null,
        priority: e.priority ?? f.priority,
        state: e.state,
        description: e.description,
      })),
    ),
  );
  for (const e of enhancements) scopeOf(e.release)?.enhancements.push(e);

  const artifacts = await ctx.w.insert(
    'sn_dpr_model_release_artifact',
    DEMO_ARTIFACTS.map((a) => ({
      release: releaseOf(a.release).sys_id,
      name: a.name,
      version: a.version,
      code_coverage: a.codeCoverage,
      tests_total: a.testsTotal,
      tests_passed: a.testsPassed,
      vulnerabilities_critical: a.critical,
      vulnerabilities_high: a.high,
    })),
  );
  for (const a of artifacts) scopeOf(a.release)?.artifacts.push(a);

  const links: Array<Record<string, unknown>> = [];
  for (const table of ['incident', 'problem', 'sc_request', 'change_request'] as const) {
    const defs = DEMO_RELATED_TASKS.filter((t) => t.table === table);
    const rows = await ctx.w.insert(table, defs.map((t) => relatedTaskValues(ctx, t)));
    rows.forEach((row, i) => {
      const release = releaseOf(defs[i].release);
      links.push({ release: release.sys_id, task: row.sys_id });
      const entry = scopeOf(release.sys_id)!;
      (table === 'change_request' ? entry.changeRequests : entry.relatedTasks).push(row);
    });
  }
  await ctx.w.insert('sn_dpr_model_release_related_task_m2m', links);

  const bundles = await ctx.w.insert(
    'sn_dpr_model_release_bundle',
    DEMO_BUNDLES.map((b) => ({ name: b.name, owner: userId(ctx, b.owner), description: b.description, state: b.state, active: b.state !== 'completed' })),
  );
  await ctx.w.insert(
    'sn_dpr_model_release_bundle_m2m',
    DEMO_BUNDLES.flatMap((b, i) => b.releases.map((name) => ({ bundle: bundles[i].sys_id, release: releaseOf(name).sys_id }))),
  );
  return scope;
}

function relatedTaskValues(ctx: SeedContext, t: DemoRelatedTask): Record<string, unknown> {
  const workday = ctx.workdays.previousWorkingDay(ctx.today);
  const opened = ctx.workdays.addWorkingDays(workday, -t.openedDaysAgo);
  const closed = CLOSED_STATES.has(t.state);
  const closedOn = closed ? [ctx.workdays.addWorkingDays(opened, 3), workday].sort()[0] : null;
  const values: Record<string, unknown> = {
    short_description: t.shortDescription,
    description: t.description,
    state: t.state,
    active: !closed,
    assigned_to: userId(ctx, t.table === 'change_request' ? 'marcus.chen' : 'emma.larsen'),
    opened_by: userId(ctx, t.table === 'change_request' ? 'marcus.chen' : 'emma.larsen'),
    opened_at: at(opened, '10:15:00'),
    closed_at: closedOn ? at(closedOn, '17:45:00') : null,
  };
  if (t.table === 'incident') Object.assign(values, { caller_id: userId(ctx, 'emma.larsen'), priority: t.priority ?? 4, incident_state: incidentState(t.state) });
  if (t.table === 'change_request') values.type = t.changeType ?? 'normal';
  return values;
}
