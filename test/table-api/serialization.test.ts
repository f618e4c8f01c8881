import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';
import { create } from './fixtures.ts';
import { request as httpRequest } from 'node:http';
import { ADMIN_PASSWORD, basic } from '../support/server.ts';

/** A GET with a chosen Host header, as admin; resolves with the body. */
function rawGet(server: TestServer, path: string, host: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host, accept: 'application/json', authorization: basic('admin', ADMIN_PASSWORD) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(DIALECTS)('Table API values and display values (%s)', (dialect) => {
  let server: TestServer;
  let alice: string;
  let scheduleA: Record<string, any>;
  let scheduleB: Record<string, any>;
  let calendar: Record<string, any>;
  let release: Record<string, any>;
  let incident: Record<string, any>;
  let exception: Record<string, any>;
  const userLink = () => `${server.url}/api/now/table/sys_user/${alice}`;
  const get = async (path: string) => {
    const res = await server.request('GET', path);
    expect(res.status, res.text).toBe(200);
    return res.json.result;
  };

  beforeAll(async () => {
    // No in-process job worker: its polling would blur the statement counts measured below.
    server = await startServer(dialect, { DPR_ROLE: 'api' });
    alice = await createUser(server, 'alice', 'alice-password');
    scheduleA = await create(server, 'cmn_schedule', { name: 'Holidays' });
    scheduleB = await create(server, 'cmn_schedule', { name: 'Freeze' });
    calendar = await create(server, 'sn_dpr_model_release_calendar', { name: 'Main', schedules: `${scheduleA.sys_id},${scheduleB.sys_id}`, release_admin: alice });
    release = await create(server, 'sn_dpr_model_release', { name: 'R1', owner: alice });
    incident = await create(server, 'incident', { short_description: 'linked', assigned_to: alice });
    await create(server, 'sn_dpr_model_release_related_task_m2m', { release: release.sys_id, task: incident.sys_id });
    const policy = await create(server, 'sn_pace_policy', { name: 'Coverage', condition: 'true' });
    const mapping = await create(server, 'sn_dpr_pace_policy_mapping', { policy: policy.sys_id, release: release.sys_id });
    exception = await create(server, 'sn_dpr_policy_exception', { mapping: mapping.sys_id, reason: 'Late tests', start_date: '2026-01-01', end_date: '2099-12-31' });
  });
  afterAll(() => server.close());

  describe('raw values', () => {
    it('every value is a string as the platform renders it', async () => {
      const artifact = await create(server, 'sn_dpr_model_release_artifact', { release: release.sys_id, name: 'build', code_coverage: 87.5, tests_total: '120' });
      expect(artifact).toMatchObject({ code_coverage: '87.5', tests_total: '120', tests_passed: '', vulnerabilities_high: '0', version: '' });
      const template = await create(server, 'sn_dpr_model_release_template', { name: 'T', validates_version: false });
      expect(template).toMatchObject({ validates_version: 'false', active: 'true', process_type: 'timeline', schedule: '' });
      const worker = await create(server, 'sys_progress_worker', { name: 'w', percent_complete: 40, output: { done: [1, 2] } });
      expect(worker).toMatchObject({ percent_complete: '40', output: '{"done":[1,2]}', completion_code: '' });
      const span = await create(server, 'cmn_schedule_span', { schedule: scheduleA.sys_id, start_date: '2026-12-24', days_of_week: '67' });
      expect(span).toMatchObject({ start_date: '2026-12-24', end_date: '', days_of_week: '67' });
      const job = await create(server, 'sys_job', { job_type: 'probe', run_at: '2026-12-04T10:00:00+02:00' });
      expect(job.run_at).toBe('2026-12-04 08:00:00');
      expect(calendar.schedules).toBe(`${scheduleA.sys_id},${scheduleB.sys_id}`);
    });

    it('references are {link, value}; empty ones ""; sysparm_exclude_reference_link gives the sys_id', async () => {
      const raw = await get(`/api/now/table/incident/${incident.sys_id}?sysparm_fields=assigned_to,caller_id`);
      expect(raw).toEqual({ assigned_to: { link: userLink(), value: alice }, caller_id: '' });
      const plain = await get(`/api/now/table/incident/${incident.sys_id}?sysparm_fields=assigned_to,caller_id&sysparm_exclude_reference_link=true`);
      expect(plain).toEqual({ assigned_to: alice, caller_id: '' });
    });

    it('the link base is the request\'s Host when DPR_BASE_URL is not set', async () => {
      // fetch() cannot set Host, so this request goes through node:http.
      const path = `/api/now/table/incident/${incident.sys_id}?sysparm_fields=assigned_to`;
      const viaHost = async (host: string) => JSON.parse(await rawGet(server, path, host)).result.assigned_to.link;
      expect(await viaHost('dpr.internal:8443')).toBe(`http://dpr.internal:8443/api/now/table/sys_user/${alice}`);
      // A Host that is not a host name never reaches a link.
      expect(await viaHost('evil.example"><script>')).toBe(`http://localhost/api/now/table/sys_user/${alice}`);
    });
  });

  describe('sysparm_display_value=true', () => {
    it('references show the target\'s display value with the link; links can be excluded', async () => {
      const shown = await get(`/api/now/table/incident/${incident.sys_id}?sysparm_display_value=true&sysparm_fields=assigned_to,caller_id,active,sys_class_name,short_description`);
      expect(shown).toEqual({
        assigned_to: { display_value: 'alice Tester', link: userLink() },
        caller_id: '',
        active: 'true',
        sys_class_name: 'Incident',
        short_description: 'linked',
      });
      const plain = await get(`/api/now/table/incident/${incident.sys_id}?sysparm_display_value=true&sysparm_exclude_reference_link=true&sysparm_fields=assigned_to`);
      expect(plain).toEqual({ assigned_to: 'alice Tester' });
    });

    it('a task shows its number; a reference list its records\' display values', async () => {
      const [m2m] = await get(`/api/now/table/sn_dpr_model_release_related_task_m2m?sysparm_display_value=true&sysparm_exclude_reference_link=true&sysparm_fields=release,task`);
      expect(m2m).toEqual({ release: 'R1', task: incident.number });
      const cal = await get(`/api/now/table/sn_dpr_model_release_calendar/${calendar.sys_id}?sysparm_display_value=true&sysparm_fields=schedules,release_admin&sysparm_exclude_reference_link=true`);
      expect(cal).toEqual({ schedules: 'Holidays, Freeze', release_admin: 'alice Tester' });
    });

    it('a display field that is itself a reference is followed (exception → mapping → policy name)', async () => {
      const shown = await get(`/api/now/table/sn_dpr_policy_exception/${exception.sys_id}?sysparm_display_value=true&sysparm_exclude_reference_link=true&sysparm_fields=mapping,mapping.policy`);
      expect(shown).toEqual({ mapping: 'Coverage', 'mapping.policy': 'Coverage' });
    });

    it('dot-walked fields show display values too', async () => {
      const shown = await get(`/api/now/table/sn_dpr_model_release_related_task_m2m?sysparm_display_value=true&sysparm_fields=release.owner,release.name,task.active`);
      expect(shown).toEqual([{ 'release.owner': { display_value: 'alice Tester', link: userLink() }, 'release.name': 'R1', 'task.active': 'true' }]);
    });

    it('writes answer with display values when asked', async () => {
      const res = await server.request('POST', '/api/now/table/incident?sysparm_display_value=true&sysparm_fields=assigned_to,number,sys_id', { body: { assigned_to: alice } });
      expect(res.status).toBe(201);
      expect(res.json.result).toEqual({ assigned_to: { display_value: 'alice Tester', link: userLink() }, number: expect.stringMatching(/^INC/), sys_id: expect.any(String) });
      const patched = await server.request('PATCH', `/api/now/table/incident/${res.json.result.sys_id}?sysparm_display_value=true&sysparm_exclude_reference_link=true&sysparm_fields=caller_id`, { body: { caller_id: alice } });
      expect(patched.json.result).toEqual({ caller_id: 'alice Tester' });
    });
  });

  describe('sysparm_display_value=all', () => {
    it('every field is {display_value, value}; references add the link', async () => {
      const shown = await get(`/api/now/table/incident/${incident.sys_id}?sysparm_display_value=all&sysparm_fields=assigned_to,caller_id,active,sys_class_name`);
      expect(shown).toEqual({
        assigned_to: { display_value: 'alice Tester', link: userLink(), value: alice },
        caller_id: { display_value: '', value: '' },
        active: { display_value: 'true', value: 'true' },
        sys_class_name: { display_value: 'Incident', value: 'incident' },
      });
      const noLink = await get(`/api/now/table/incident/${incident.sys_id}?sysparm_display_value=all&sysparm_exclude_reference_link=true&sysparm_fields=assigned_to`);
      expect(noLink).toEqual({ assigned_to: { display_value: 'alice Tester', value: alice } });
    });

    it('an unknown sysparm_display_value reads as false', async () => {
      const shown = await get(`/api/now/table/incident/${incident.sys_id}?sysparm_display_value=maybe&sysparm_fields=assigned_to`);
      expect(shown).toEqual({ assigned_to: { link: userLink(), value: alice } });
    });
  });

  describe('display values cost one query per referenced table, whatever the rows', () => {
    const statements = async (path: string): Promise<number> => {
      const before = server.handle.services.database.statementCount();
      const res = await server.request('GET', path);
      expect(res.status).toBe(200);
      return server.handle.services.database.statementCount() - before;
    };

    it('sys_user_has_role lists (users and roles referenced)', async () => {
      for (const name of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']) await createUser(server, name, `${name}-password`, ['sn_pace.policy_reader']);
      const list = (limit: number, extra: string) => `/api/now/table/sys_user_has_role?sysparm_no_count=true&sysparm_limit=${limit}${extra}`;
      await statements(list(1, '')); // warms the credential cache
      const raw2 = await statements(list(2, ''));
      const raw7 = await statements(list(7, ''));
      const shown2 = await statements(list(2, '&sysparm_display_value=true'));
      const shown7 = await statements(list(7, '&sysparm_display_value=true'));
      const all7 = await statements(list(7, '&sysparm_display_value=all'));
      const walked7 = await statements(list(7, '&sysparm_display_value=true&sysparm_fields=user,user.user_name,user.email,role.name'));
      expect(raw7).toBe(raw2);
      expect(shown2 - raw2).toBe(2);
      expect(shown7).toBe(shown2);
      expect(all7).toBe(shown7);
      // Walked fields and display values of the same table share its one query.
      expect(walked7).toBe(shown7);
      // Without display values, dot-walks still cost one query per walked table.
      expect(await statements(list(7, '&sysparm_fields=user.user_name,role.name'))).toBe(raw7 + 2);
    });
  });

  describe('password2 columns are write-only', () => {
    it('never appear in a list, a record, sysparm_fields, display values or dot-walks', async () => {
      const users = await get('/api/now/table/sys_user?sysparm_display_value=all');
      expect(users.length).toBeGreaterThan(1);
      for (const u of users) expect(u).not.toHaveProperty('user_password');
      expect(JSON.stringify(users)).not.toContain('argon2');
      expect(await get(`/api/now/table/sys_user/${alice}?sysparm_fields=user_password,user_name`)).toEqual({ user_name: 'alice' });
      expect(await get(`/api/now/table/sys_user/${alice}?sysparm_fields=user_password`)).toEqual({});
      const grants = await get('/api/now/table/sys_user_has_role?sysparm_fields=user.user_password,user.user_name&sysparm_limit=1');
      expect(grants[0]).toEqual({ 'user.user_name': expect.any(String) });
      const client = await create(server, 'oauth_entity', { name: 'ci', client_id: 'ci-client', client_secret: 'ci-secret' });
      expect(client).not.toHaveProperty('client_secret');
      expect(await get(`/api/now/table/oauth_entity/${client.sys_id}?sysparm_display_value=true`)).not.toHaveProperty('client_secret');
    });

    it('cannot be queried or sorted on (the condition is dropped as unknown)', async () => {
      const count = async (query: string) => (await server.request('GET', `/api/now/table/sys_user?sysparm_query=${encodeURIComponent(query)}`)).headers.get('x-total-count');
      const everyone = await count('');
      expect(await count('user_passwordSTARTSWITH$argon2')).toBe(everyone);
      expect(await count('user_passwordSTARTSWITHzzz')).toBe(everyone);
      expect(await count('user_passwordISEMPTY')).toBe(everyone);
      const plain = await server.request('GET', '/api/now/table/sys_user?user_password=x');
      expect(plain.headers.get('x-total-count')).toBe(everyone);
    });
  });
});
