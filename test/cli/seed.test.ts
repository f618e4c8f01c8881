import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app.ts';
import { checkPolicy } from '../../src/modules/policy/cel/index.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createTestDatabase, runCli, type TestDatabase } from './run-cli.ts';
import { openTestServices } from './services.ts';

const DEMO_ROLES: Record<string, string[]> = {
  'alex.rivera': ['sn_dpr_model.release_admin'],
  'priya.shah': ['sn_dpr_model.product_manager'],
  'david.okafor': ['sn_dpr_model.product_manager'],
  'marcus.chen': ['sn_dpr_model.release_coordinator'],
  'emma.larsen': ['sn_dpr_model.release_user'],
  'olivia.brooks': ['sn_dpr_model.release_calendar_admin', 'sn_dpr_model.release_user'],
  'daniel.kim': ['sn_dpr_model.release_template_admin', 'sn_dpr_model.release_user'],
};
const CLOSED = [3, 4, 7];
// The story is told around the shared clock's today: fix it to a Friday before Labor Day 2025.
const NOW = '2025-08-29T15:00:00Z';
const TODAY = '2025-08-29';

type Rows = Array<Record<string, any>>;

describe('dpr seed without --demo', () => {
  it('says what to pass, before opening any database', async () => {
    const res = await runCli(['seed'], { databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('dpr: Nothing to seed: pass --demo to load the demo data set');
  });
});

describe.each(DIALECTS)('dpr seed --demo (%s)', (dialect) => {
  let database: TestDatabase;
  let s: Services;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    s = await openTestServices(database.url);
  });
  afterAll(async () => {
    await s.database.close();
    await database.drop();
  });
  const all = (table: string): Promise<Rows> => s.database.db.selectFrom(table).selectAll().execute();

  it('loads the demo data set in one run and prints the demo users', async () => {
    const res = await runCli(['seed', '--demo'], { databaseUrl: database.url, env: { DPR_NOW: NOW } });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Loaded the demo data set (as of ${TODAY}):`);
    expect(res.stdout).toMatch(/^\s+9\s+releases$/m);
    expect(res.stdout).toContain('Demo users (password "demo" for each):');
    for (const user of Object.keys(DEMO_ROLES)) expect(res.stdout).toMatch(new RegExp(`^  ${user.replace('.', '\\.')}\\s`, 'm'));
  });

  it('gives every demo user their role and the password "demo"', async () => {
    for (const [userName, roles] of Object.entries(DEMO_ROLES)) {
      const user = await s.auth.verifyPassword(userName, 'demo');
      expect(user, userName).toBeDefined();
      const held = (await s.auth.actorOf(user!)).roles;
      for (const role of roles) expect(held.has(role), `${userName} ${role}`).toBe(true);
    }
  });

  it('has products, versions named after them, schedules, a calendar, templates and policies', async () => {
    const models = await all('cmdb_model');
    const products = models.filter((m) => m.sys_class_name === 'cmdb_application_product_model' || m.sys_class_name === 'cmdb_service_product_model');
    expect(products.filter((m) => m.sys_class_name === 'cmdb_application_product_model').length).toBeGreaterThanOrEqual(2);
    expect(products.filter((m) => m.sys_class_name === 'cmdb_service_product_model').length).toBeGreaterThanOrEqual(2);
    const versions = models.filter((m) => m.sys_class_name === 'cmdb_sw_component_model');
    expect(versions.length).toBeGreaterThanOrEqual(products.length);
    for (const v of versions) {
      const product = products.find((p) => p.sys_id === v.product);
      expect(v.name).toBe(`${product?.name} ${v.version}`);
      expect(v.version).toMatch(/^\d+\.\d+\.\d+$/);
    }

    const schedules = await all('cmn_schedule');
    const spans = await all('cmn_schedule_span');
    const holidays = schedules.find((x) => x.type === 'excluded')!;
    const holidaySpans = spans.filter((x) => x.schedule === holidays.sys_id);
    expect(holidaySpans.filter((x) => x.repeat_type === 'weekly' && x.days_of_week === '67')).toHaveLength(1);
    expect(holidaySpans.filter((x) => x.repeat_type !== 'weekly').length).toBeGreaterThanOrEqual(5);
    const [calendar] = await all('sn_dpr_model_release_calendar');
    expect(String(calendar.schedules).split(',')).toContain(holidays.sys_id);
    const targets = await all('sn_dpr_model_release_target');
    expect(targets.filter((t) => t.release_calendar === calendar.sys_id && t.recurring === 1).length).toBeGreaterThanOrEqual(10);

    const templates = await all('sn_dpr_model_release_template');
    const phases = await all('sn_dpr_model_template_phase');
    const tasks = await all('sn_dpr_model_template_task');
    expect(templates.map((t) => t.process_type).sort()).toEqual(expect.arrayContaining(['stage', 'timeline']));
    for (const t of templates) {
      const own = phases.filter((p) => p.template === t.sys_id);
      expect(own.length, t.name).toBeGreaterThanOrEqual(3);
      expect(own.filter((p) => p.readiness_phase === 1), t.name).toHaveLength(1);
      if (t.process_type === 'timeline') {
        expect(t.schedule).toBe(holidays.sys_id);
        expect(own.every((p) => p.duration > 0)).toBe(true);
      }
      const ownTasks = tasks.filter((x) => own.some((p) => p.sys_id === x.template_phase));
      expect(ownTasks.some((x) => x.need_approval === 1), t.name).toBe(true);
      expect(new Set(ownTasks.map((x) => `${x.template_phase}/${x.order}`)).size).toBe(ownTasks.length);
    }
    expect((await all('sn_dpr_model_template_key_date')).length).toBeGreaterThanOrEqual(3);

    const policies = await all('sn_pace_policy');
    expect(policies.length).toBeGreaterThanOrEqual(3);
    for (const p of policies) {
      expect(checkPolicy({ condition: p.condition, message: p.message }).ok, p.name).toBe(true);
      expect(typeof JSON.parse(p.inputs)).toBe('object');
    }
    expect(policies.some((p) => p.condition.includes('tasks.all(t,'))).toBe(true);
    const mapped = await all('sn_dpr_model_template_policy');
    expect(mapped.length).toBeGreaterThanOrEqual(templates.length);
    expect(mapped.every((m) => phases.some((p) => p.sys_id === m.template_phase) && policies.some((p) => p.sys_id === m.policy))).toBe(true);
  });

  it('has releases in every state whose phases, tasks and policy runs agree with the state', async () => {
    const releases = await all('sn_dpr_model_release');
    const phases = await all('sn_dpr_model_release_phase');
    const tasks = (await all('task')).filter((t) => t.sys_class_name === 'sn_dpr_model_release_task');
    const targets = await all('sn_dpr_model_release_target');
    const executions = await all('sn_dpr_policy_execution');
    expect(new Set(releases.map((r) => r.state))).toEqual(new Set(['draft', 'pending', 'in_progress', 'on_hold', 'review', 'completed', 'cancelled']));
    expect(releases.every((r) => /^RLSE\d{7}$/.test(r.number))).toBe(true);

    for (const r of releases) {
      const own = phases.filter((p) => p.release === r.sys_id).sort((a, b) => a.order - b.order);
      const ownTasks = tasks.filter((t) => t.release === r.sys_id);
      if (r.state === 'draft') {
        expect(own).toHaveLength(0);
        continue;
      }
      expect(own.length, r.name).toBeGreaterThanOrEqual(3);
      expect(ownTasks.every((t) => own.some((p) => p.sys_id === t.phase)), r.name).toBe(true);
      const inProgress = own.filter((p) => p.state === 'in_progress');
      if (r.state === 'in_progress' || r.state === 'on_hold') {
        expect(inProgress.map((p) => p.sys_id), r.name).toEqual([r.current_phase]);
      } else {
        expect(inProgress, r.name).toHaveLength(0);
      }
      if (r.state === 'completed' || r.state === 'review') expect(own.every((p) => p.state === 'completed'), r.name).toBe(true);
      if (r.state === 'pending') expect(own.every((p) => p.state === 'pending') && ownTasks.every((t) => t.state === -5), r.name).toBe(true);
      if (r.state === 'cancelled') expect(r.cancellation_reason, r.name).toBeTruthy();
      if (r.state === 'on_hold') expect(r.hold_reason, r.name).toBeTruthy();
      for (const p of own) {
        const phaseTasks = ownTasks.filter((t) => t.phase === p.sys_id);
        expect(phaseTasks.length, `${r.name} ${p.name}`).toBeGreaterThan(0);
        if (p.state === 'completed') {
          expect(phaseTasks.every((t) => CLOSED.includes(t.state) && t.active === 0), `${r.name} ${p.name}`).toBe(true);
          expect(phaseTasks.filter((t) => t.need_approval === 1).every((t) => t.approval === 'approved')).toBe(true);
          expect(p.actual_end_date <= TODAY).toBe(true);
        }
        if (p.state === 'in_progress') expect(phaseTasks.some((t) => !CLOSED.includes(t.state))).toBe(true);
      }
      if (r.process_type === 'timeline') {
        // Phases follow one another; the readiness phase ends on the readiness date, the target's date.
        for (let i = 1; i < own.length; i++) expect(own[i].planned_start_date > own[i - 1].planned_end_date, r.name).toBe(true);
        expect(own.find((p) => p.readiness_phase === 1)!.planned_end_date).toBe(r.readiness_date);
        expect(targets.find((t) => t.sys_id === r.release_target)?.date).toBe(r.readiness_date);
        expect(r.planned_start_date).toBe(own[0].planned_start_date);
        expect(r.planned_end_date).toBe(own[own.length - 1].planned_end_date);
        const current = own.find((p) => p.sys_id === r.current_phase);
        if (r.state === 'in_progress') expect(current!.planned_start_date <= TODAY && TODAY <= current!.planned_end_date, r.name).toBe(true);
      } else {
        expect(own.every((p) => p.planned_start_date === null)).toBe(true);
      }
    }

    // Policy runs: every completed phase passed its gates (the data agrees with the real CEL evaluation).
    expect(executions.length).toBeGreaterThan(0);
    for (const e of executions) {
      const phase = phases.find((p) => p.sys_id === e.phase)!;
      if (phase.state === 'completed') expect(e.status, `${phase.name}: ${e.reason}`).toBe('compliant');
      expect(e.reason).toBeTruthy();
    }
    const failing = executions.filter((e) => e.status === 'non_compliant');
    expect(failing.length).toBeGreaterThanOrEqual(1);
    const exceptions = await all('sn_dpr_policy_exception');
    expect(exceptions.map((x) => x.state)).toEqual(['requested']);
  });

  it('has scope around the releases: enhancements, artifacts, related tasks and bundles', async () => {
    const releases = await all('sn_dpr_model_release');
    const isRelease = (id: unknown) => releases.some((r) => r.sys_id === id);
    const enhancements = await all('sn_dpr_model_product_enhancement');
    expect(enhancements.filter((e) => isRelease(e.release)).length).toBeGreaterThanOrEqual(5);
    expect(enhancements.some((e) => e.release === null)).toBe(true); // a backlog
    expect((await all('sn_dpr_model_product_feature')).length).toBeGreaterThanOrEqual(3);
    expect((await all('sn_dpr_model_release_artifact')).every((a) => isRelease(a.release))).toBe(true);
    const related = await all('sn_dpr_model_release_related_task_m2m');
    const taskClasses = new Set((await all('task')).filter((t) => related.some((m) => m.task === t.sys_id)).map((t) => t.sys_class_name));
    expect(taskClasses).toEqual(new Set(['incident', 'problem', 'sc_request', 'change_request']));
    const bundles = await all('sn_dpr_model_release_bundle');
    const members = await all('sn_dpr_model_release_bundle_m2m');
    expect(bundles.length).toBeGreaterThanOrEqual(1);
    for (const b of bundles) expect(members.filter((m) => m.bundle === b.sys_id && isRelease(m.release)).length).toBeGreaterThanOrEqual(2);
    // Draft releases cannot be bundled (DOMAIN §3.9).
    expect(members.every((m) => releases.find((r) => r.sys_id === m.release)!.state !== 'draft')).toBe(true);
  });

  it('changes nothing when run again, and says so', async () => {
    const count = async () => (await all('sn_dpr_model_release')).length + (await all('sys_user')).length;
    const before = await count();
    const again = await runCli(['seed', '--demo'], { databaseUrl: database.url });
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(`The demo data set is already loaded (since ${NOW}); nothing changed.`);
    expect(await count()).toBe(before);
  });
});
