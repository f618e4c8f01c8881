import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import {
  BASE,
  byName,
  createPolicyTemplate,
  createRelease,
  db,
  executions,
  finishCurrentPhaseTasks,
  packPolicy,
  phases,
  requestRun,
  runAndReport,
  runJobs,
  startPolicyServer,
} from './policy-world.ts';

const POLICIES = '/api/now/table/sn_pace_policy';
const MAPPINGS = '/api/now/table/sn_dpr_pace_policy_mapping';

describe.each(DIALECTS)('policy, mapping business rules (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let template: string;
  let tasksClosed: string;
  let vulnerabilities: string;

  const expectPlatform400 = (res: { status: number; json: any; text: string }, message: string) => {
    expect(res.status, res.text).toBe(400);
    expect(res.json).toEqual({ error: { message, detail: null }, status: 'failure' });
  };
  const policyJobs = (releaseId: string) =>
    db(server).selectFrom('sys_job').select(['state']).where('job_type', '=', 'policy.run').where('payload', '=', JSON.stringify({ releaseId })).execute();

  beforeAll(async () => {
    server = await startPolicyServer(dialect);
    world = await createWorld(server);
    tasksClosed = await packPolicy(server, 'all_phase_tasks_closed');
    vulnerabilities = await packPolicy(server, 'no_critical_vulnerabilities');
    template = await createPolicyTemplate(server, world, [{ policy: tasksClosed }, { policy: vulnerabilities }]);
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('CEL is checked when a policy is saved', () => {
    it('refuses an invalid condition or message with its position, on insert and on update, through the Table API', async () => {
      expectPlatform400(
        await server.request('POST', POLICIES, { body: { name: 'Broken', condition: 'tasks.all(t, t.state ==' } }),
        'Policy condition is invalid at line 1, column 24: Unexpected token: EOF',
      );
      expectPlatform400(
        await server.request('POST', POLICIES, { body: { name: 'Typo', condition: 'size(tasks) == 0 &&\n  artifact.size() == 0' } }),
        'Policy condition is invalid at line 2, column 3: Unknown variable: artifact',
      );
      expectPlatform400(
        await server.request('POST', POLICIES, { body: { name: 'Not a bool', condition: 'size(tasks)' } }),
        'Policy condition is invalid at line 1, column 1: The condition must produce a bool, but it produces int',
      );
      const badMessage = await server.request('POST', POLICIES, { body: { name: 'Bad message', condition: 'true', message: '"Open: " + size(tasks)' } });
      expect(badMessage.status).toBe(400);
      expect(badMessage.json.error.message).toMatch(/^Policy message is invalid at line 1, column \d+: /);
      expectPlatform400(await server.request('POST', POLICIES, { body: { name: 'Bad inputs', condition: 'true', inputs: '[1, 2]' } }), 'Policy inputs must be a JSON object');
      expect((await server.request('GET', `${POLICIES}?name=Broken`)).json.result).toEqual([]);

      const created = await server.request('POST', POLICIES, {
        body: { name: 'Few open tasks', condition: 'size(tasks.filter(t, t.state != 3)) <= int(params.maxOpen)', message: '"At most " + string(params.maxOpen) + " open tasks"', inputs: '{"maxOpen": 1}' },
      });
      expect(created.status, created.text).toBe(201);
      const id = created.json.result.sys_id;
      expectPlatform400(await server.request('PATCH', `${POLICIES}/${id}`, { body: { condition: 'tasks.all(t,' } }), 'Policy condition is invalid at line 1, column 13: Unexpected token: EOF');
      expect((await server.request('GET', `${POLICIES}/${id}`)).json.result.condition).toBe('size(tasks.filter(t, t.state != 3)) <= int(params.maxOpen)');
      // Other fields save without re-checking; a policy without a message is fine.
      expect((await server.request('PATCH', `${POLICIES}/${id}`, { body: { description: 'Keeps the phase tidy', message: '' } })).status).toBe(200);
      expect((await server.request('POST', POLICIES, { body: { name: 'No message', condition: 'true' } })).status).toBe(201);
      // A missing condition is the mandatory-field refusal.
      expect((await server.request('POST', POLICIES, { body: { name: 'Nothing' } })).json.error.message).toBe('Mandatory field condition is missing');
    });

    it('refuses an invalid condition written by the engine too', async () => {
      const { store } = server.handle.services;
      await expect(
        inTransaction(db(server), (trx) => store.insert(trx, SYSTEM_ACTOR, 'sn_pace_policy', { name: 'Engine broken', condition: 'release.state = "x"' })),
      ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^Policy condition is invalid at line 1, column \d+: /) });
    });
  });

  describe('mappings', () => {
    it('may be added, changed or removed on phases that are not over only', async () => {
      const id = await createRelease(server, world, template);
      const [gate, ship] = await phases(server, id);
      const added = await server.request('POST', MAPPINGS, { body: { phase: ship.sys_id, policy: vulnerabilities } });
      expect(added.status, added.text).toBe(201);
      expect(added.json.result).toMatchObject({ release: { value: id }, state: 'active', sys_class_name: 'sn_dpr_pace_policy_mapping' });
      const other = await createRelease(server, world, template);
      expectPlatform400(
        await server.request('POST', MAPPINGS, { body: { release: other, phase: ship.sys_id, policy: vulnerabilities } }),
        'The phase of a policy mapping must belong to the release of the mapping',
      );
      expectPlatform400(await server.request('POST', MAPPINGS, { body: { phase: ship.sys_id, policy: vulnerabilities, config: '"x"' } }), 'Policy mapping config must be a JSON object');

      await finishCurrentPhaseTasks(server, world, id);
      await runAndReport(server, world, id);
      const done = await server.request('POST', `${BASE}/release_id/${id}/complete_phase`, { auth: world.as('pm') });
      expect(done.status, done.text).toBe(201);
      const gateMapping = (await db(server).selectFrom('sn_pace_policy_mapping').select('sys_id').where('phase', '=', gate.sys_id).execute())[0];
      expectPlatform400(await server.request('POST', MAPPINGS, { body: { phase: gate.sys_id, policy: vulnerabilities } }), 'Policies cannot be mapped to a Completed phase (phase Gate)');
      expectPlatform400(
        await server.request('PATCH', `${MAPPINGS}/${gateMapping.sys_id}`, { body: { state: 'inactive' } }),
        'Policy mappings cannot be changed on a Completed phase (phase Gate)',
      );
      expectPlatform400(await server.request('DELETE', `${MAPPINGS}/${gateMapping.sys_id}`), 'Policy mappings cannot be removed from a Completed phase (phase Gate)');
      expectPlatform400(
        await server.request('PATCH', `${MAPPINGS}/${added.json.result.sys_id}`, { body: { phase: gate.sys_id } }),
        'Policies cannot be mapped to a Completed phase (phase Gate)',
      );
      // An inactive mapping may be recorded on a closed phase (history), but not activated.
      const inactive = await server.request('POST', MAPPINGS, { body: { phase: gate.sys_id, policy: vulnerabilities, state: 'inactive' } });
      expect(inactive.status, inactive.text).toBe(201);
      expectPlatform400(
        await server.request('PATCH', `${MAPPINGS}/${inactive.json.result.sys_id}`, { body: { state: 'active' } }),
        'Policy mappings cannot be changed on a Completed phase (phase Gate)',
      );
      // The current phase (Ship) takes changes.
      expect((await server.request('PATCH', `${MAPPINGS}/${added.json.result.sys_id}`, { body: { config: '{"note": "release team"}' } })).status).toBe(200);
    });

    it('removing an executed mapping of the current phase re-runs the phase; a never-run one does not', async () => {
      const id = await createRelease(server, world, template);
      const [gate] = await phases(server, id);
      const first = await runAndReport(server, world, id);
      expect(first.overallSummary).toMatchObject({ compliant: false, totalCount: 2, nonCompliantCount: 1 });
      expect(gate.policy_status).toBe('not_run');
      expect((await phases(server, id))[0].policy_status).toBe('non_compliant');
      const [tasksMapping] = await db(server).selectFrom('sn_pace_policy_mapping').select('sys_id').where('phase', '=', gate.sys_id).where('policy', '=', tasksClosed).execute();

      const removed = await server.request('PATCH', `${MAPPINGS}/${tasksMapping.sys_id}`, { body: { state: 'inactive' } });
      expect(removed.status, removed.text).toBe(200);
      expect((await policyJobs(id)).map((j) => j.state)).toEqual(['done', 'queued']);
      expect((await phases(server, id))[0].policy_status).toBe('in_progress');
      expect(await runJobs(server)).toBe(1);
      expect((await phases(server, id))[0].policy_status).toBe('compliant');
      const status = await server.request('GET', `${BASE}/releases/${id}/policies/status`, { auth: world.as('pm') });
      expect(status.json.result.overallSummary).toMatchObject({ compliant: true, totalCount: 1 });
      expect(Object.keys(byName(status.json.result.products[0]))).toEqual(['No critical or high vulnerabilities found']);
      expect((await executions(server, id)).filter((e) => e.mapping === tasksMapping.sys_id)).toHaveLength(1);

      // Deleting the remaining, executed mapping re-runs too; the phase has no policy left.
      const [vulnMapping] = await db(server).selectFrom('sn_pace_policy_mapping').select('sys_id').where('phase', '=', gate.sys_id).where('state', '=', 'active').execute();
      expect((await server.request('DELETE', `${MAPPINGS}/${vulnMapping.sys_id}`)).status).toBe(204);
      expect((await policyJobs(id)).map((j) => j.state)).toEqual(['done', 'done', 'queued']);
      await runJobs(server);
      expect((await phases(server, id))[0].policy_status).toBe('not_run');

      // A mapping that never ran is removed quietly.
      const fresh = await createRelease(server, world, template);
      const [freshGate] = await phases(server, fresh);
      const [m] = await db(server).selectFrom('sn_pace_policy_mapping').select('sys_id').where('phase', '=', freshGate.sys_id).execute();
      expect((await server.request('PATCH', `${MAPPINGS}/${m.sys_id}`, { body: { state: 'inactive' } })).status).toBe(200);
      expect(await policyJobs(fresh)).toEqual([]);
      expect((await requestRun(server, world, fresh)).status).toBe(201);
      await runJobs(server);
    });
  });
});
