import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { create, DATE_TIME, expectPlatformError, SYS_ID } from './fixtures.ts';

describe.each(DIALECTS)('Table API operations (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(dialect);
  });
  afterAll(() => server.close());

  describe('POST', () => {
    it('creates a record: 201, Location of the new record, the record with server-set system fields', async () => {
      const res = await server.request('POST', '/api/now/table/cmn_schedule', { body: { name: 'Holidays 2026', type: 'holiday', time_zone: 'Europe/Paris' } });
      expect(res.status, res.text).toBe(201);
      const record = res.json.result;
      expect(record.sys_id).toMatch(SYS_ID);
      expect(res.headers.get('location')).toBe(`${server.url}/api/now/table/cmn_schedule/${record.sys_id}`);
      expect(record).toMatchObject({
        name: 'Holidays 2026',
        type: 'holiday',
        time_zone: 'Europe/Paris',
        description: '',
        sys_class_name: 'cmn_schedule',
        sys_created_by: 'admin',
        sys_updated_by: 'admin',
        sys_mod_count: '0',
      });
      expect(record.sys_created_on).toMatch(DATE_TIME);
      expect(record.sys_updated_on).toBe(record.sys_created_on);
      const read = await server.request('GET', `/api/now/table/cmn_schedule/${record.sys_id}`);
      expect(read.status).toBe(200);
      expect(read.json.result).toEqual(record);
    });

    it('ignores sys_* fields (sys_id included) and unknown fields on write', async () => {
      const forged = 'a'.repeat(32);
      const record = await create(server, 'cmn_schedule', {
        name: 'Forged',
        sys_id: forged,
        sys_created_by: 'mallory',
        sys_created_on: '2001-01-01 00:00:00',
        sys_mod_count: 99,
        sys_class_name: 'sys_user',
        no_such_field: 'x',
      });
      expect(record.sys_id).not.toBe(forged);
      expect(record).toMatchObject({ name: 'Forged', sys_created_by: 'admin', sys_mod_count: '0', sys_class_name: 'cmn_schedule' });
      expect(record.sys_created_on).not.toBe('2001-01-01 00:00:00');
      expect(record).not.toHaveProperty('no_such_field');
      expect((await server.request('GET', `/api/now/table/cmn_schedule/${forged}`)).status).toBe(404);
    });

    it('ignores read-only fields such as a task number, which the server assigns', async () => {
      const record = await create(server, 'incident', { short_description: 'numbered', number: 'INC9999999' });
      expect(record.number).toMatch(/^INC\d{7}$/);
      expect(record.number).not.toBe('INC9999999');
    });

    it('refuses a record missing a mandatory field with a 400 naming it', async () => {
      const res = await server.request('POST', '/api/now/table/cmn_schedule', { body: { type: 'holiday' } });
      expectPlatformError(res, 400, /name/);
    });

    it('refuses an invalid value with a 400 naming the field', async () => {
      const res = await server.request('POST', '/api/now/table/incident', { body: { priority: 'urgent' } });
      expectPlatformError(res, 400, /priority/);
    });
  });

  describe('GET one', () => {
    it('404s an unknown or malformed sys_id with the platform envelope', async () => {
      expectPlatformError(await server.request('GET', `/api/now/table/cmn_schedule/${'0'.repeat(32)}`), 404, 'No Record found');
      expectPlatformError(await server.request('GET', '/api/now/table/cmn_schedule/not-a-sys-id'), 404, 'No Record found');
    });

    it('404s an unknown table as "Invalid table <name>" for every method', async () => {
      const id = '0'.repeat(32);
      expectPlatformError(await server.request('GET', '/api/now/table/no_such_table'), 404, 'Invalid table no_such_table');
      expectPlatformError(await server.request('GET', `/api/now/table/no_such_table/${id}`), 404, 'Invalid table no_such_table');
      expectPlatformError(await server.request('POST', '/api/now/table/no_such_table', { body: {} }), 404, 'Invalid table no_such_table');
      expectPlatformError(await server.request('PUT', `/api/now/table/no_such_table/${id}`, { body: {} }), 404, 'Invalid table no_such_table');
      expectPlatformError(await server.request('PATCH', `/api/now/table/no_such_table/${id}`, { body: {} }), 404, 'Invalid table no_such_table');
      expectPlatformError(await server.request('DELETE', `/api/now/table/no_such_table/${id}`), 404, 'Invalid table no_such_table');
    });

    it('reads a child record through its parent table and not through a sibling', async () => {
      const incident = await create(server, 'incident', { short_description: 'via parent' });
      const viaTask = await server.request('GET', `/api/now/table/task/${incident.sys_id}`);
      expect(viaTask.status).toBe(200);
      expect(viaTask.json.result).toMatchObject({ sys_id: incident.sys_id, sys_class_name: 'incident', number: incident.number });
      // Shown as a task: the incident's own columns are not task columns.
      expect(viaTask.json.result).not.toHaveProperty('caller_id');
      expect((await server.request('GET', `/api/now/table/problem/${incident.sys_id}`)).status).toBe(404);
    });
  });

  describe('PUT and PATCH', () => {
    for (const method of ['PUT', 'PATCH']) {
      it(`${method} changes the fields sent, keeps the others, and stamps the update`, async () => {
        const record = await create(server, 'cmn_schedule', { name: `${method} me`, type: 'blackout', description: 'keep' });
        const res = await server.request(method, `/api/now/table/cmn_schedule/${record.sys_id}`, { body: { name: `${method} done`, sys_mod_count: 50 } });
        expect(res.status, res.text).toBe(200);
        expect(res.json.result).toMatchObject({ sys_id: record.sys_id, name: `${method} done`, type: 'blackout', description: 'keep', sys_mod_count: '1', sys_created_on: record.sys_created_on });
        const read = await server.request('GET', `/api/now/table/cmn_schedule/${record.sys_id}`);
        expect(read.json.result).toEqual(res.json.result);
      });
    }

    it('clears a field sent as an empty string', async () => {
      const record = await create(server, 'cmn_schedule', { name: 'clear me', description: 'text' });
      const res = await server.request('PATCH', `/api/now/table/cmn_schedule/${record.sys_id}`, { body: { description: '' } });
      expect(res.json.result.description).toBe('');
    });

    it('updates a child record through its parent table, child columns included', async () => {
      const incident = await create(server, 'incident', { short_description: 'parent path', priority: '4' });
      const res = await server.request('PATCH', `/api/now/table/task/${incident.sys_id}`, { body: { short_description: 'changed', priority: '2' } });
      expect(res.status, res.text).toBe(200);
      expect(res.json.result.short_description).toBe('changed');
      const read = await server.request('GET', `/api/now/table/incident/${incident.sys_id}`);
      expect(read.json.result).toMatchObject({ short_description: 'changed', priority: '2' });
    });

    it('404s an unknown record', async () => {
      expectPlatformError(await server.request('PATCH', `/api/now/table/cmn_schedule/${'0'.repeat(32)}`, { body: { name: 'x' } }), 404, 'No Record found');
      expectPlatformError(await server.request('PUT', `/api/now/table/cmn_schedule/${'0'.repeat(32)}`, { body: { name: 'x' } }), 404, 'No Record found');
    });
  });

  describe('DELETE', () => {
    it('answers 204 without a body; the record is gone', async () => {
      const record = await create(server, 'cmn_schedule', { name: 'delete me' });
      const res = await server.request('DELETE', `/api/now/table/cmn_schedule/${record.sys_id}`);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await server.request('GET', `/api/now/table/cmn_schedule/${record.sys_id}`)).status).toBe(404);
      expectPlatformError(await server.request('DELETE', `/api/now/table/cmn_schedule/${record.sys_id}`), 404, 'No Record found');
    });

    it('deletes a child record through its parent table', async () => {
      const incident = await create(server, 'incident', { short_description: 'delete via task' });
      expect((await server.request('DELETE', `/api/now/table/task/${incident.sys_id}`)).status).toBe(204);
      expect((await server.request('GET', `/api/now/table/incident/${incident.sys_id}`)).status).toBe(404);
    });
  });

  describe('HEAD', () => {
    it('answers a list like GET, headers included, without a body', async () => {
      await create(server, 'cmn_schedule', { name: 'head 1' });
      const get = await server.request('GET', '/api/now/table/cmn_schedule?sysparm_query=nameSTARTSWITHhead');
      const head = await server.request('HEAD', '/api/now/table/cmn_schedule?sysparm_query=nameSTARTSWITHhead');
      expect(head.status).toBe(200);
      expect(head.text).toBe('');
      expect(head.headers.get('x-total-count')).toBe(get.headers.get('x-total-count'));
      expect(head.headers.get('link')).toBe(get.headers.get('link'));
    });

    it('answers one record, and 404 for an unknown one', async () => {
      const record = await create(server, 'cmn_schedule', { name: 'head one' });
      const head = await server.request('HEAD', `/api/now/table/cmn_schedule/${record.sys_id}`);
      expect(head.status).toBe(200);
      expect(head.text).toBe('');
      expect((await server.request('HEAD', `/api/now/table/cmn_schedule/${'0'.repeat(32)}`)).status).toBe(404);
    });
  });

  describe('API versions', () => {
    for (const prefix of ['/api/now/table', '/api/now/v1/table', '/api/now/v2/table']) {
      it(`serves every operation under ${prefix}`, async () => {
        const post = await server.request('POST', `${prefix}/cmn_schedule`, { body: { name: `versioned ${prefix}` } });
        expect(post.status).toBe(201);
        const id = post.json.result.sys_id;
        expect(post.headers.get('location')).toBe(`${server.url}/api/now/table/cmn_schedule/${id}`);
        const list = await server.request('GET', `${prefix}/cmn_schedule?sysparm_query=name=${encodeURIComponent(`versioned ${prefix}`)}`);
        expect(list.status).toBe(200);
        expect(list.json.result.map((r: { sys_id: string }) => r.sys_id)).toEqual([id]);
        expect((await server.request('GET', `${prefix}/cmn_schedule/${id}`)).json.result.sys_id).toBe(id);
        expect((await server.request('PUT', `${prefix}/cmn_schedule/${id}`, { body: { description: 'put' } })).json.result.description).toBe('put');
        expect((await server.request('PATCH', `${prefix}/cmn_schedule/${id}`, { body: { description: 'patch' } })).json.result.description).toBe('patch');
        expect((await server.request('DELETE', `${prefix}/cmn_schedule/${id}`)).status).toBe(204);
      });
    }
  });

  describe('X-no-response-body', () => {
    it('suppresses the body of POST, PUT and PATCH but keeps status and Location', async () => {
      const headers = { 'x-no-response-body': 'true' };
      const post = await server.request('POST', '/api/now/table/cmn_schedule', { body: { name: 'silent' }, headers });
      expect(post.status).toBe(201);
      expect(post.text).toBe('');
      const location = post.headers.get('location')!;
      expect(location).toMatch(new RegExp(`^${server.url}/api/now/table/cmn_schedule/[0-9a-f]{32}$`));
      const id = location.split('/').pop()!;
      expect((await server.request('GET', `/api/now/table/cmn_schedule/${id}`)).json.result.name).toBe('silent');
      for (const method of ['PUT', 'PATCH']) {
        const res = await server.request(method, `/api/now/table/cmn_schedule/${id}`, { body: { description: method }, headers });
        expect(res.status).toBe(200);
        expect(res.text).toBe('');
      }
      expect((await server.request('GET', `/api/now/table/cmn_schedule/${id}`)).json.result.description).toBe('PATCH');
    });

    it('keeps the body when the header is not true', async () => {
      const post = await server.request('POST', '/api/now/table/cmn_schedule', { body: { name: 'talkative' }, headers: { 'x-no-response-body': 'false' } });
      expect(post.json.result.name).toBe('talkative');
    });
  });

  describe('methods', () => {
    it('answers 405 for methods a Table API path does not support', async () => {
      expectPlatformError(await server.request('DELETE', '/api/now/table/cmn_schedule'), 405);
      expectPlatformError(await server.request('PATCH', '/api/now/table/cmn_schedule', { body: {} }), 405);
      expectPlatformError(await server.request('POST', `/api/now/table/cmn_schedule/${'0'.repeat(32)}`, { body: {} }), 405);
    });

    it('requires credentials', async () => {
      expectPlatformError(await server.request('GET', '/api/now/table/cmn_schedule', { auth: null }), 401, 'User Not Authenticated');
    });
  });
});
