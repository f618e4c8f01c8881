import { expect } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import type { Row } from '../../src/platform/records/row.ts';
import type { Dialect } from '../support/dialects.ts';
import type { UserKey, World } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/server.ts';

/** Helpers shared by the policy suites (not a test file). */

export const BASE = '/api/sn_dpr/digital_product_release';
export const V1 = '/api/sn_dpr/v1/digital_product_release';
export const NOW = '2025-10-01T00:00:00Z';

/**
 * The reference's date; no poll loop (`DPR_ROLE=api`), so a test decides when queued jobs run:
 * `runJobs(server)` runs everything due, as a clock move does.
 */
export function startPolicyServer(dialect: Dialect): Promise<TestServer> {
  return startServer(dialect, { DPR_NOW: NOW, DPR_ROLE: 'api' });
}

export const db = (server: TestServer) => server.handle.services.database.db;

export async function insert(server: TestServer, table: string, values: Record<string, unknown>): Promise<Row> {
  return inTransaction(db(server), (trx) => server.handle.services.store.insert(trx, SYSTEM_ACTOR, table, values));
}

export async function update(server: TestServer, table: string, sysId: string, values: Record<string, unknown>): Promise<Row> {
  return inTransaction(db(server), (trx) => server.handle.services.store.update(trx, SYSTEM_ACTOR, table, sysId, values));
}

/** The sys_id of a content-pack policy (seeded by migration 0003-policy-engine) by its machine name. */
export async function packPolicy(server: TestServer, id: string): Promise<string> {
  const row = await db(server).selectFrom('sn_pace_policy').select('sys_id').where('policy_id', '=', id).executeTakeFirstOrThrow();
  return String(row.sys_id);
}

export interface TemplatePolicy {
  policy: string;
  config?: Record<string, unknown>;
  /** Index of the template phase it maps to (default 0, the first). */
  phase?: number;
}

let templates = 0;

/**
 * A two-phase timeline template (Gate: a plain task then an approval task; Ship: one task), whose
 * phases map the given policies. Phases of 20 working days (the default) before the March target
 * keep the first phase far from its planned end, so no clock move in the tests completes it.
 */
export async function createPolicyTemplate(server: TestServer, world: World, policies: TemplatePolicy[], durations: [number, number] = [20, 20]): Promise<string> {
  const template = String((await insert(server, 'sn_dpr_model_release_template', { name: `Policy gates ${++templates}`, process_type: 'timeline', schedule: world.schedules.usHolidays })).sys_id);
  const gate = String((await insert(server, 'sn_dpr_model_template_phase', { template, name: 'Gate', order: 100, duration: durations[0] })).sys_id);
  const ship = String((await insert(server, 'sn_dpr_model_template_phase', { template, name: 'Ship', order: 200, duration: durations[1], readiness_phase: true })).sys_id);
  await insert(server, 'sn_dpr_model_template_task', { template_phase: gate, name: 'Checklist', order: 100 });
  await insert(server, 'sn_dpr_model_template_task', { template_phase: gate, name: 'Sign-off', order: 200, need_approval: true });
  await insert(server, 'sn_dpr_model_template_task', { template_phase: ship, name: 'Deploy', order: 100 });
  for (const p of policies) {
    await insert(server, 'sn_dpr_model_template_policy', { template_phase: [gate, ship][p.phase ?? 0], policy: p.policy, config: p.config ? JSON.stringify(p.config) : null });
  }
  return template;
}

let releases = 0;

/** Creates an In Progress release from the template through the endpoint; returns its sys_id. */
export async function createRelease(server: TestServer, world: World, templateId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await server.request('POST', `${BASE}/release`, {
    auth: world.as('pm'),
    body: {
      name: `Policy release ${++releases}`,
      productId: world.products.payments,
      productVersion: world.versions.payments250,
      releaseTarget: world.targets.mar20,
      releaseOwner: world.users.pm,
      templateId,
      ...extra,
    },
  });
  expect(res.status, res.text).toBe(201);
  return String(res.json.result.releaseId);
}

export const requestRun = (server: TestServer, world: World, releaseId: string, user: UserKey = 'pm', base = BASE) =>
  server.request('POST', `${base}/release/${releaseId}/policies/run`, { auth: world.as(user) });

export const getStatus = (server: TestServer, world: World, releaseId: string, user: UserKey = 'ru', base = BASE) =>
  server.request('GET', `${base}/releases/${releaseId}/policies/status`, { auth: world.as(user) });

/** Runs every due job (as a clock move would) and returns how many ran. */
export async function runJobs(server: TestServer): Promise<number> {
  const result = await server.handle.services.jobs.runDue();
  expect(result.capped).toBe(false);
  return result.ran;
}

/** Requests a run (201, scheduled), runs it, and returns the status report's `result`. */
export async function runAndReport(server: TestServer, world: World, releaseId: string): Promise<any> {
  const res = await requestRun(server, world, releaseId);
  expect(res.status, res.text).toBe(201);
  expect(res.json.result.policyExecutionScheduled).toBe(true);
  expect(await runJobs(server)).toBeGreaterThanOrEqual(1);
  const status = await getStatus(server, world, releaseId);
  expect(status.status, status.text).toBe(200);
  return status.json.result;
}

export async function release(server: TestServer, id: string): Promise<Row> {
  return (await db(server).selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', id).executeTakeFirstOrThrow()) as Row;
}

export async function phases(server: TestServer, releaseId: string): Promise<Row[]> {
  return (await db(server).selectFrom('sn_dpr_model_release_phase').selectAll().where('release', '=', releaseId).orderBy('order').orderBy('sys_created_on').execute()) as Row[];
}

export async function mappings(server: TestServer, releaseId: string): Promise<Row[]> {
  return (await db(server).selectFrom('sn_pace_policy_mapping').selectAll().where('release', '=', releaseId).orderBy('sys_id').execute()) as Row[];
}

export async function executions(server: TestServer, releaseId: string): Promise<Row[]> {
  return (await db(server).selectFrom('sn_dpr_policy_execution').selectAll().where('release', '=', releaseId).orderBy('last_run_at').orderBy('run_id').execute()) as Row[];
}

/** Closes the current phase's tasks as a release user would: each in turn, approval tasks by approving. */
export async function finishCurrentPhaseTasks(server: TestServer, world: World, releaseId: string): Promise<void> {
  const current = String((await release(server, releaseId)).current_phase);
  for (;;) {
    const open = await db(server).selectFrom('task').selectAll().where('phase', '=', current).where('state', 'in', [1, 2]).orderBy('order').executeTakeFirst();
    if (!open) break;
    const res = await server.request('PATCH', `/api/now/table/sn_dpr_model_release_task/${open.sys_id}`, {
      auth: world.as('ru'),
      body: open.need_approval === 1 ? { approval: 'approved' } : { state: '3' },
    });
    expect(res.status, res.text).toBe(200);
  }
}

/** The details of one product of a status report, by policy name. */
export function byName(product: { policyExecutionDetails: Array<{ name: string }> }): Record<string, any> {
  return Object.fromEntries(product.policyExecutionDetails.map((d) => [d.name, d]));
}
