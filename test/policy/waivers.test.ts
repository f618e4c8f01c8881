import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type UserKey, type World } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import {
  BASE,
  byName,
  createPolicyTemplate,
  createRelease,
  db,
  finishCurrentPhaseTasks,
  insert,
  packPolicy,
  phases,
  release,
  runAndReport,
  startPolicyServer,
} from './policy-world.ts';

const TABLE = '/api/now/table/sn_dpr_policy_exception';
const VULNERABILITIES = 'No critical or high vulnerabilities found';

describe.each(DIALECTS)('policy exceptions (waivers) (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let template: string;

  /** A release whose only policy (no critical vulnerabilities) fails, with its phase's tasks done. */
  const failingRelease = async () => {
    const id = await createRelease(server, world, template);
    await insert(server, 'sn_dpr_model_release_artifact', { release: id, name: 'payments-api', vulnerabilities_critical: 3 });
    await finishCurrentPhaseTasks(server, world, id);
    const mapping = await db(server).selectFrom('sn_pace_policy_mapping').select('sys_id').where('release', '=', id).where('state', '=', 'active').executeTakeFirstOrThrow();
    return { id, mapping: String(mapping.sys_id) };
  };
  const request = async (mapping: string, start: string, end: string, who: UserKey = 'pm') => {
    const res = await server.request('POST', TABLE, { auth: world.as(who), body: { mapping, reason: 'Vendor fix due next sprint', justification: 'Not reachable from outside', start_date: start, end_date: end } });
    expect(res.status, res.text).toBe(201);
    return String(res.json.result.sys_id);
  };
  const decide = (id: string, state: string, who: UserKey = 'ra') => server.request('PATCH', `${TABLE}/${id}`, { auth: world.as(who), body: { state } });
  const stored = (id: string) => db(server).selectFrom('sn_dpr_policy_exception').selectAll().where('sys_id', '=', id).executeTakeFirstOrThrow();
  const completePhase = (id: string) => server.request('POST', `${BASE}/release_id/${id}/complete_phase`, { auth: world.as('rc') });

  beforeAll(async () => {
    server = await startPolicyServer(dialect);
    world = await createWorld(server);
    template = await createPolicyTemplate(server, world, [{ policy: await packPolicy(server, 'no_critical_vulnerabilities') }]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stamps the approver, and refuses to approve one whose end date has passed or whose dates are reversed', async () => {
    const { mapping } = await failingRelease();
    const waiver = await request(mapping, '2025-10-01', '2025-10-31');
    expect(await stored(waiver)).toMatchObject({ state: 'requested', approved_by: null });
    const approved = await decide(waiver, 'approved');
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.result).toMatchObject({ state: 'approved', approved_by: { value: world.users.ra } });
    expect(await stored(waiver)).toMatchObject({ state: 'approved', approved_by: world.users.ra });

    const late = await request(mapping, '2025-09-01', '2025-09-30');
    const refused = await decide(late, 'approved');
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ error: { message: 'An exception whose end_date (2025-09-30) has passed cannot be approved', detail: null }, status: 'failure' });
    expect(await stored(late)).toMatchObject({ state: 'requested', approved_by: null });
    // Ending today is still in force: it may be approved.
    expect((await decide(await request(mapping, '2025-09-01', '2025-10-01'), 'approved')).status).toBe(200);
    // An admin creating one already approved is held to the same rule, and stamped.
    const direct = await server.request('POST', TABLE, { body: { mapping, reason: 'x', start_date: '2025-09-01', end_date: '2025-09-02', state: 'approved' } });
    expect(direct.status).toBe(400);
    expect(direct.json.error.message).toBe('An exception whose end_date (2025-09-02) has passed cannot be approved');
    const byAdmin = await server.request('POST', TABLE, { body: { mapping, reason: 'x', start_date: '2025-10-01', end_date: '2025-10-02', state: 'approved' } });
    expect(byAdmin.status, byAdmin.text).toBe(201);
    expect(byAdmin.json.result.approved_by.value).toMatch(/^[0-9a-f]{32}$/);

    const reversed = await server.request('POST', TABLE, { auth: world.as('pm'), body: { mapping, reason: 'x', start_date: '2025-10-10', end_date: '2025-10-01' } });
    expect(reversed.status).toBe(400);
    expect(reversed.json.error.message).toBe("The exception's end_date (2025-10-01) must not be before its start_date (2025-10-10)");
    // Rejecting needs no date check and stamps nobody.
    const rejected = await decide(late, 'rejected');
    expect(rejected.status, rejected.text).toBe(200);
    expect(await stored(late)).toMatchObject({ state: 'rejected', approved_by: null });
    // Only a release admin decides (the Table API's access rule).
    expect((await decide(await request(mapping, '2025-10-01', '2025-10-31'), 'approved', 'pm')).status).toBe(403);
  });

  it('turns a non-compliant result into compliant with exception while approved and in force; the gate then passes', async () => {
    const { id, mapping } = await failingRelease();
    const first = await runAndReport(server, world, id);
    expect(byName(first.products[0])[VULNERABILITIES].status).toBe('non_compliant');
    const blocked = await completePhase(id);
    expect(blocked.status).toBe(400);
    expect(blocked.json).toEqual({ result: { error: true, message: `Phase Gate cannot be completed until its policies are compliant: ${VULNERABILITIES} (non_compliant)` } });

    // Requested, rejected, or not yet started: nothing changes.
    await request(mapping, '2025-10-01', '2025-10-31');
    const rejected = await request(mapping, '2025-10-01', '2025-10-31');
    expect((await decide(rejected, 'rejected')).status).toBe(200);
    const future = await request(mapping, '2025-10-02', '2025-10-31');
    expect((await decide(future, 'approved')).status).toBe(200);
    expect(byName((await runAndReport(server, world, id)).products[0])[VULNERABILITIES].status).toBe('non_compliant');

    const waiver = await request(mapping, '2025-09-15', '2025-10-01');
    expect((await decide(waiver, 'approved')).status).toBe(200);
    const waived = await runAndReport(server, world, id);
    const detail = byName(waived.products[0])[VULNERABILITIES];
    expect(detail.status).toBe('compliant_with_exception');
    expect(detail.reason).toBe('Compliant with exception "Vendor fix due next sprint" (in force 2025-09-15 to 2025-10-01): 3 critical and 0 high vulnerabilities in 1 artifact(s): payments-api');
    expect(JSON.parse(detail.executionOutput)).toMatchObject({ result: false, waiver: { sys_id: waiver, start_date: '2025-09-15', end_date: '2025-10-01' } });
    expect(waived.overallSummary).toMatchObject({ compliant: true, compliantCount: 1, nonCompliantCount: 0, totalCount: 1 });
    expect(waived.products[0].summary).toEqual({ compliant: true, compliantCount: 1, nonCompliantCount: 0, totalCount: 1 });
    expect((await phases(server, id))[0].policy_status).toBe('compliant_with_exception');
    expect((await release(server, id)).policy_status).toBe('compliant_with_exception');

    const passed = await completePhase(id);
    expect(passed.status, passed.text).toBe(201);
  });

  it('expires a waiver once its end date is behind the clock; the next run no longer counts it', async () => {
    const { id, mapping } = await failingRelease();
    const waiver = await request(mapping, '2025-10-01', '2025-10-02');
    expect((await decide(waiver, 'approved')).status).toBe(200);
    const pending = await request(mapping, '2025-10-01', '2025-10-02');
    expect(byName((await runAndReport(server, world, id)).products[0])[VULNERABILITIES].status).toBe('compliant_with_exception');

    // Still in force on its last day: the daily run keeps it.
    expect((await server.request('POST', '/api/dpr/clock', { body: { now: '2025-10-02T12:00:00Z' } })).status).toBe(200);
    expect((await stored(waiver)).state).toBe('approved');
    // The next midnight the expiry job marks both past requests expired and the daily run re-evaluates.
    expect((await server.request('POST', '/api/dpr/clock', { body: { now: '2025-10-03T00:30:00Z' } })).status).toBe(200);
    expect((await stored(waiver)).state).toBe('expired');
    expect((await stored(pending)).state).toBe('expired');
    const status = await server.request('GET', `${BASE}/releases/${id}/policies/status`, { auth: world.as('ru') });
    const detail = byName(status.json.result.products[0])[VULNERABILITIES];
    expect(detail).toMatchObject({ status: 'non_compliant', lastRunAt: '2025-10-03T00:30:00Z' });
    expect((await phases(server, id))[0].policy_status).toBe('non_compliant');
    expect((await completePhase(id)).status).toBe(400);
    // An expired exception cannot be approved again.
    expect((await decide(waiver, 'approved')).status).toBe(400);
  });
});
