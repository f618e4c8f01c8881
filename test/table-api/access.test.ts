import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOnlyTables } from '../../src/modules/table-api/access.ts';
import { DIALECTS } from '../support/dialects.ts';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../support/server.ts';
import { create, createPersonas, expectPlatformError, PERSONAS, type Persona } from './fixtures.ts';

type Who = Persona | 'admin';
const EVERYONE: Who[] = ['admin', ...(Object.keys(PERSONAS) as Persona[])];
const DPR: Who[] = ['admin', 'releaseUser', 'releaseAdmin', 'productManager', 'releaseCoordinator', 'calendarAdmin', 'templateAdmin'];
const RELEASE_USERS: Who[] = ['admin', 'releaseUser', 'releaseAdmin', 'productManager', 'releaseCoordinator'];
const ADMIN: Who[] = ['admin'];

/** Which callers may read each table (CONTRACT §3, §8; access.ts). */
const READERS: Array<[string, Who[]]> = [
  ['sys_dictionary', EVERYONE],
  ['sys_db_object', EVERYONE],
  ['sn_dpr_model_release', DPR],
  ['sn_dpr_model_release_task', DPR],
  ['sn_dpr_policy_exception', DPR],
  ['sn_pace_policy', DPR],
  ['task', RELEASE_USERS],
  ['incident', RELEASE_USERS],
  ['change_request', RELEASE_USERS],
  ['cmdb_model', DPR],
  ['cmdb_application_product_model', DPR],
  ['cmdb_software_product_model', DPR],
  ['sys_user', DPR],
  ['sys_user_role', DPR],
  ['sys_user_has_role', DPR],
  ['cmn_schedule', DPR],
  ['cmn_schedule_span', DPR],
  ['sys_progress_worker', DPR],
  ['oauth_entity', ADMIN],
  ['oauth_credential', ADMIN],
  ['sys_job', ADMIN],
  ['sys_trigger', ADMIN],
  ['sys_properties', ADMIN],
  ['sys_number_counter', ADMIN],
];

describe.each(DIALECTS)('Table API access (%s)', (dialect) => {
  let server: TestServer;
  let users: Awaited<ReturnType<typeof createPersonas>>;
  let release: Record<string, any>;
  let task: Record<string, any>;
  let incident: Record<string, any>;
  let mapping: Record<string, any>;
  const authOf = (who: Who): [string, string] => (who === 'admin' ? ['admin', ADMIN_PASSWORD] : users[who].auth);
  const as = (who: Who, method: string, path: string, body?: unknown) => server.request(method, path, { auth: authOf(who), body });
  const exceptionBody = (extra: Record<string, unknown> = {}) => ({ mapping: mapping.sys_id, reason: 'Flaky suite', start_date: '2026-01-01', end_date: '2099-12-31', ...extra });
  const readBack = async (table: string, id: string) => (await server.request('GET', `/api/now/table/${table}/${id}`)).json.result;

  beforeAll(async () => {
    server = await startServer(dialect);
    users = await createPersonas(server);
    release = await create(server, 'sn_dpr_model_release', { name: 'Access release' });
    task = await create(server, 'sn_dpr_model_release_task', { short_description: 'Sign off', release: release.sys_id });
    incident = await create(server, 'incident', { short_description: 'Not a release task' });
    await create(server, 'sn_dpr_model_release_related_task_m2m', { release: release.sys_id, task: incident.sys_id });
    const policy = await create(server, 'sn_pace_policy', { name: 'Coverage', condition: 'true' });
    mapping = await create(server, 'sn_dpr_pace_policy_mapping', { policy: policy.sys_id, release: release.sys_id });
  });
  afterAll(() => server.close());

  describe('reads', () => {
    for (const [table, readers] of READERS) {
      it(`${table}: ${readers.length === EVERYONE.length ? 'everyone' : readers.join(', ')}`, async () => {
        for (const who of EVERYONE) {
          const res = await as(who, 'GET', `/api/now/table/${table}?sysparm_limit=1`);
          if (readers.includes(who)) expect(res.status, `${who} reading ${table}: ${res.text}`).toBe(200);
          else expectPlatformError(res, 403, 'User Not Authorized');
        }
      });
    }

    it('a refused read of one record is a 403, not a 404', async () => {
      expectPlatformError(await as('none', 'GET', `/api/now/table/sn_dpr_model_release/${release.sys_id}`), 403);
      expectPlatformError(await as('calendarAdmin', 'GET', `/api/now/table/task/${incident.sys_id}`), 403);
      expect((await as('calendarAdmin', 'GET', `/api/now/table/sn_dpr_model_release_task/${task.sys_id}`)).status).toBe(200);
    });

    it('tables no rule names are admin-only', () => {
      const adminOnly = adminOnlyTables(server.handle.services.catalog);
      for (const table of ['oauth_entity', 'oauth_credential', 'sys_job', 'sys_trigger', 'sys_properties', 'sys_clock', 'sys_number_counter']) {
        expect(adminOnly).toContain(table);
      }
      expect(adminOnly.some((t) => t.startsWith('sn_dpr_') || t.startsWith('cmdb_') || t === 'task')).toBe(false);
    });

    it('a walk into a table the caller cannot read is an unknown field; such a reference shows no display value', async () => {
      const path = '/api/now/table/sn_dpr_model_release_related_task_m2m?sysparm_display_value=true&sysparm_exclude_reference_link=true&sysparm_fields=task,task.short_description,release.name';
      const filtered = (who: Who, query: string) => as(who, 'GET', `${path}&sysparm_query=${encodeURIComponent(query)}`);
      const full = await as('releaseUser', 'GET', path);
      expect(full.json.result).toEqual([{ task: incident.number, 'task.short_description': 'Not a release task', 'release.name': 'Access release' }]);
      const limited = await as('calendarAdmin', 'GET', path);
      expect(limited.json.result).toEqual([{ task: '', 'release.name': 'Access release' }]);
      // Filtering on what one cannot read would reveal it: the condition is dropped.
      expect((await filtered('releaseUser', 'task.short_descriptionSTARTSWITHzzz')).json.result).toEqual([]);
      expect((await filtered('calendarAdmin', 'task.short_descriptionSTARTSWITHzzz')).json.result).toHaveLength(1);
      expect((await as('calendarAdmin', 'GET', `${path}&task.short_description=zzz`)).json.result).toHaveLength(1);
    });
  });

  describe('writes need admin', () => {
    it('admin creates, updates and deletes anywhere', async () => {
      const created = await as('admin', 'POST', '/api/now/table/cmn_schedule', { name: 'admin made' });
      expect(created.status).toBe(201);
      expect((await as('admin', 'PATCH', `/api/now/table/cmn_schedule/${created.json.result.sys_id}`, { name: 'admin changed' })).status).toBe(200);
      expect((await as('admin', 'DELETE', `/api/now/table/cmn_schedule/${created.json.result.sys_id}`)).status).toBe(204);
    });

    it('every other caller is refused, and nothing is written', async () => {
      const schedule = await create(server, 'cmn_schedule', { name: 'guarded' });
      for (const who of EVERYONE.filter((w) => w !== 'admin')) {
        expectPlatformError(await as(who, 'POST', '/api/now/table/cmn_schedule', { name: `by ${who}` }), 403);
        expectPlatformError(await as(who, 'PATCH', `/api/now/table/cmn_schedule/${schedule.sys_id}`, { name: `by ${who}` }), 403);
        expectPlatformError(await as(who, 'PUT', `/api/now/table/sn_dpr_model_release/${release.sys_id}`, { name: `by ${who}` }), 403);
        expectPlatformError(await as(who, 'DELETE', `/api/now/table/cmn_schedule/${schedule.sys_id}`), 403);
        expectPlatformError(await as(who, 'DELETE', `/api/now/table/sn_dpr_model_release_task/${task.sys_id}`), 403);
        expectPlatformError(await as(who, 'POST', '/api/now/table/sn_dpr_model_release_task', { short_description: 'x' }), 403);
      }
      const mine = await server.request('GET', '/api/now/table/cmn_schedule?sysparm_query=nameSTARTSWITHby ');
      expect(mine.json.result).toEqual([]);
      expect((await readBack('cmn_schedule', schedule.sys_id)).name).toBe('guarded');
      expect((await readBack('sn_dpr_model_release', release.sys_id)).name).toBe('Access release');
    });

    it('a caller without any grant learns nothing about which records exist', async () => {
      expectPlatformError(await as('none', 'PATCH', `/api/now/table/cmn_schedule/${'0'.repeat(32)}`, { name: 'x' }), 403);
      expectPlatformError(await as('releaseUser', 'DELETE', `/api/now/table/task/${'0'.repeat(32)}`), 403);
    });
  });

  describe('release tasks: release_user and above change state, approval and work_notes only', () => {
    it('each role containing release_user may, through the table or through task', async () => {
      for (const who of ['releaseUser', 'releaseAdmin', 'productManager', 'releaseCoordinator'] as const) {
        const res = await as(who, 'PATCH', `/api/now/table/sn_dpr_model_release_task/${task.sys_id}`, { work_notes: `note by ${who}` });
        expect(res.status, res.text).toBe(200);
        expect(res.json.result.work_notes).toBe(`note by ${who}`);
        expect(res.json.result.sys_updated_by).toBe(users[who].auth[0]);
      }
      const viaTask = await as('releaseUser', 'PUT', `/api/now/table/task/${task.sys_id}`, { work_notes: 'via task', approval: 'requested', state: '2' });
      expect(viaTask.status, viaTask.text).toBe(200);
      expect(await readBack('sn_dpr_model_release_task', task.sys_id)).toMatchObject({ work_notes: 'via task', approval: 'requested', state: '2' });
    });

    it('another field is a 403 and changes nothing, even alongside allowed ones', async () => {
      const before = await readBack('sn_dpr_model_release_task', task.sys_id);
      for (const method of ['PATCH', 'PUT']) {
        const res = await as('releaseUser', method, `/api/now/table/sn_dpr_model_release_task/${task.sys_id}`, { work_notes: 'sneaky', short_description: 'renamed' });
        expectPlatformError(res, 403, 'User Not Authorized');
        expect(res.json.error.detail).toMatch(/short_description/);
      }
      expect(await readBack('sn_dpr_model_release_task', task.sys_id)).toEqual(before);
    });

    it('fields sent back unchanged, read-only and unknown fields do not count', async () => {
      const current = await readBack('sn_dpr_model_release_task', task.sys_id);
      const res = await as('releaseUser', 'PUT', `/api/now/table/sn_dpr_model_release_task/${task.sys_id}`, {
        ...current,
        release: current.release.value,
        work_notes: 'round trip',
      });
      expect(res.status, res.text).toBe(200);
      expect(res.json.result.work_notes).toBe('round trip');
    });

    it('other task tables, other roles: refused', async () => {
      expectPlatformError(await as('releaseUser', 'PATCH', `/api/now/table/incident/${incident.sys_id}`, { work_notes: 'x' }), 403);
      expectPlatformError(await as('releaseUser', 'PATCH', `/api/now/table/task/${incident.sys_id}`, { work_notes: 'x' }), 403);
      for (const who of ['none', 'calendarAdmin', 'templateAdmin'] as const) {
        expectPlatformError(await as(who, 'PATCH', `/api/now/table/sn_dpr_model_release_task/${task.sys_id}`, { work_notes: 'x' }), 403);
      }
      expect((await readBack('incident', incident.sys_id)).work_notes).toBe('');
    });
  });

  describe('policy exceptions', () => {
    const table = '/api/now/table/sn_dpr_policy_exception';

    it('product_manager, release_coordinator and release_admin request them (state requested)', async () => {
      for (const who of ['productManager', 'releaseCoordinator', 'releaseAdmin'] as const) {
        const res = await as(who, 'POST', table, exceptionBody({ justification: who }));
        expect(res.status, res.text).toBe(201);
        expect(res.json.result).toMatchObject({ state: 'requested', justification: who, sys_created_by: users[who].auth[0] });
        expect((await as(who, 'POST', table, exceptionBody({ state: 'requested' }))).status).toBe(201);
      }
    });

    it('other roles may not request them', async () => {
      for (const who of ['none', 'releaseUser', 'calendarAdmin', 'templateAdmin'] as const) {
        expectPlatformError(await as(who, 'POST', table, exceptionBody()), 403);
      }
    });

    it('a request may not be created decided, nor stamped approved', async () => {
      const before = (await server.request('GET', `${table}?sysparm_no_count=false`)).headers.get('x-total-count');
      for (const who of ['productManager', 'releaseCoordinator', 'releaseAdmin'] as const) {
        expectPlatformError(await as(who, 'POST', table, exceptionBody({ state: 'approved' })), 403);
        expectPlatformError(await as(who, 'POST', table, exceptionBody({ state: 'rejected' })), 403);
        expectPlatformError(await as(who, 'POST', table, exceptionBody({ approved_by: users[who].sysId })), 403);
      }
      expect((await server.request('GET', table)).headers.get('x-total-count')).toBe(before);
    });

    it('only release_admin (or admin) approves or rejects; nothing else changes', async () => {
      const requested = await create(server, 'sn_dpr_policy_exception', exceptionBody());
      const other = await create(server, 'sn_dpr_policy_exception', exceptionBody());
      const path = `${table}/${requested.sys_id}`;
      for (const who of ['productManager', 'releaseCoordinator', 'releaseUser', 'none'] as const) {
        expectPlatformError(await as(who, 'PATCH', path, { state: 'approved' }), 403);
      }
      expectPlatformError(await as('releaseAdmin', 'PATCH', path, { state: 'expired' }), 403);
      expectPlatformError(await as('releaseAdmin', 'PATCH', path, { reason: 'rewritten' }), 403);
      expectPlatformError(await as('releaseAdmin', 'DELETE', path), 403);
      expect(await readBack('sn_dpr_policy_exception', requested.sys_id)).toMatchObject({ state: 'requested', reason: 'Flaky suite' });
      const approved = await as('releaseAdmin', 'PATCH', path, { state: 'approved' });
      expect(approved.status, approved.text).toBe(200);
      expect(approved.json.result.state).toBe('approved');
      const rejected = await as('admin', 'PATCH', `${table}/${other.sys_id}`, { state: 'rejected' });
      expect(rejected.json.result.state).toBe('rejected');
    });

    it('admin may create one already approved', async () => {
      const res = await as('admin', 'POST', table, exceptionBody({ state: 'approved' }));
      expect(res.status, res.text).toBe(201);
    });
  });
});
