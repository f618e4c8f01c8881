import type { Row } from '../../platform/records/row.ts';
import { DEMO_RELEASES, releaseName, type ReleasePosition } from './demo-release-scenarios.ts';
import { versionName } from './demo-products.ts';
import { insertOutOfBandTarget, type DemoCalendar } from './insert-calendar.ts';
import type { DemoModels } from './insert-products.ts';
import type { TemplateKey } from './demo-templates.ts';
import type { TemplateRecord } from './insert-templates.ts';
import { planRelease, type ReleasePlan, type StoredRelease } from './release-plan.ts';
import { userId, type SeedContext } from './seed-context.ts';
import { candidateDates, chooseReadinessDate, preferenceOf, storyCheck, timelinePhases } from './release-dates.ts';

/**
 * The demo releases (DEMO_RELEASES): each gets a readiness target that puts it where its story
 * says, then its phases, tasks, key dates and policy mappings, as a release created from its
 * template and worked on until today would have them.
 */
export async function insertReleases(
  ctx: SeedContext,
  templates: ReadonlyMap<TemplateKey, TemplateRecord>,
  models: DemoModels,
  calendar: DemoCalendar,
): Promise<Map<string, StoredRelease>> {
  const workday = ctx.workdays.previousWorkingDay(ctx.today);
  const planned: Array<{ name: string; position: ReleasePosition; plan: ReleasePlan }> = [];
  for (const scenario of DEMO_RELEASES) {
    const template = templates.get(scenario.template)!;
    const name = releaseName(scenario);
    let targetId: string | null = null;
    let readinessDate: string | null = null;
    let plannedDates = null;
    if (template.def.processType === 'timeline' && scenario.position.state !== 'draft') {
      const candidates = candidateDates(scenario.target === 'none' ? 'out_of_band' : scenario.target, ctx.today, [...calendar.windows.keys()], calendar.allowed, ctx.workdays);
      const check = storyCheck(scenario.position, template.def, ctx.today, ctx.workdays);
      const chosen = chooseReadinessDate(timelinePhases(template.def), candidates, ctx.workdays, check, preferenceOf(scenario.position));
      readinessDate = chosen.date;
      plannedDates = chosen.layout.phases;
      // A release that no weekly window suits (around the year-end freeze) gets its own date.
      const window = scenario.target === 'series' ? calendar.windows.get(chosen.date) : undefined;
      const target = window ?? (await insertOutOfBandTarget(ctx, calendar, chosen.date, name));
      targetId = String(target.sys_id);
    }
    const product = models.products.get(scenario.product);
    const version = models.versions.get(versionName(scenario.product, scenario.version));
    if (!product || !version) throw new Error(`Demo release ${name} names an unknown product or version`);
    const plan = planRelease({
      name,
      description: scenario.description,
      template,
      position: scenario.position,
      productId: String(product.sys_id),
      versionId: String(version.sys_id),
      ownerId: userId(ctx, scenario.owner),
      assigneeIds: [userId(ctx, 'emma.larsen'), userId(ctx, 'marcus.chen')],
      targetId,
      readinessDate,
      plannedDates,
      today: ctx.today,
      workday,
      workdays: ctx.workdays,
    });
    planned.push({ name, position: scenario.position, plan });
  }

  // Parents before children; `current_phase` once the phases exist.
  const releases = await ctx.w.insert('sn_dpr_model_release', planned.map((p) => p.plan.release));
  const phases = await ctx.w.insert('sn_dpr_model_release_phase', planned.flatMap((p) => p.plan.phases));
  const tasks = await ctx.w.insert('sn_dpr_model_release_task', planned.flatMap((p) => p.plan.tasks));
  const keyDates = await ctx.w.insert('sn_dpr_model_release_key_date', planned.flatMap((p) => p.plan.keyDates));
  const mappings = await ctx.w.insert('sn_dpr_pace_policy_mapping', planned.flatMap((p) => p.plan.mappings));
  await ctx.w.insert(
    'sn_dpr_release_association',
    releases.map((r) => ({ release: r.sys_id, template: r.template })),
  );

  const stored = new Map<string, StoredRelease>();
  for (const [i, { name, position, plan }] of planned.entries()) {
    let release: Row = releases[i];
    if (plan.currentPhaseId) release = await ctx.w.update('sn_dpr_model_release', String(release.sys_id), { current_phase: plan.currentPhaseId });
    const own = (rows: Row[]) => rows.filter((r) => r.release === release.sys_id);
    stored.set(name, { name, position, release, phases: own(phases), tasks: own(tasks), keyDates: own(keyDates), mappings: own(mappings) });
  }
  await insertStoryKeyDates(ctx, stored);
  return stored;
}

/** Two key dates that are not from a template: an upcoming store submission and a missed committee decision. */
async function insertStoryKeyDates(ctx: SeedContext, releases: ReadonlyMap<string, StoredRelease>): Promise<void> {
  const rows: Array<Record<string, unknown>> = [];
  const phaseOn = (r: StoredRelease, date: string) => r.phases.find((p) => String(p.planned_start_date) <= date && date <= String(p.planned_end_date));
  const mobile = releases.get('Mobile Banking App 3.8.0');
  const readiness = mobile?.phases.find((p) => p.readiness_phase === 1);
  if (mobile && readiness) {
    const due = ctx.workdays.addWorkingDays(String(readiness.planned_start_date), 1);
    rows.push({
      release: mobile.release.sys_id,
      phase: readiness.sys_id,
      name: 'App Store review submission',
      type: 'important_date',
      due_date: due,
      state: due < ctx.today ? 'archived' : 'upcoming',
      assigned_to: userId(ctx, 'marcus.chen'),
      description: 'Submit the build for App Store and Google Play review',
    });
  }
  const loans = releases.get('Loan Origination System 5.1.0');
  if (loans) {
    // Two working days ago, but never before the release starts (key dates lie within it).
    const twoDaysAgo = ctx.workdays.addWorkingDays(ctx.workdays.previousWorkingDay(ctx.today), -2);
    const start = String(loans.release.planned_start_date);
    const due = twoDaysAgo < start ? start : twoDaysAgo;
    rows.push({
      release: loans.release.sys_id,
      phase: phaseOn(loans, due)?.sys_id ?? null,
      name: 'Credit risk committee decision',
      type: 'key_event',
      due_date: due,
      state: due < ctx.today ? 'missed' : 'upcoming',
      assigned_to: userId(ctx, 'priya.shah'),
      description: 'Committee approval of the v2 decision rules (the release is on hold until it decides)',
    });
  }
  for (const row of await ctx.w.insert('sn_dpr_model_release_key_date', rows)) {
    [...releases.values()].find((r) => r.release.sys_id === row.release)?.keyDates.push(row);
  }
}
