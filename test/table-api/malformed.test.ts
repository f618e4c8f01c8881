import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { create, expectPlatformError } from './fixtures.ts';

describe.each(DIALECTS)('Table API malformed input (%s)', (dialect) => {
  let server: TestServer;
  let schedule: Record<string, any>;
  beforeAll(async () => {
    server = await startServer(dialect);
    schedule = await create(server, 'cmn_schedule', { name: 'target' });
    await create(server, 'incident', { short_description: 'fuzz target', priority: '2' });
  });
  afterAll(() => server.close());

  describe('bodies', () => {
    it('must be one JSON object: an array, a string, a number or null is a 400 platform envelope', async () => {
      for (const body of ['[{"name":"a"}]', '[]', '"name"', '42', 'null', 'true']) {
        for (const [method, path] of [
          ['POST', '/api/now/table/cmn_schedule'],
          ['PUT', `/api/now/table/cmn_schedule/${schedule.sys_id}`],
          ['PATCH', `/api/now/table/cmn_schedule/${schedule.sys_id}`],
        ]) {
          const res = await server.request(method!, path!, { body });
          expectPlatformError(res, 400, 'Request body must be a JSON object');
        }
      }
      expect((await server.request('GET', '/api/now/table/cmn_schedule?sysparm_query=name=a')).json.result).toEqual([]);
    });

    it('JSON that does not parse is a 400, an empty JSON body too', async () => {
      expectPlatformError(await server.request('POST', '/api/now/table/cmn_schedule', { body: '{"name": ' }), 400);
      expectPlatformError(await server.request('POST', '/api/now/table/cmn_schedule', { body: '{name: 1}' }), 400);
      expectPlatformError(await server.request('POST', '/api/now/table/cmn_schedule', { body: '' , headers: { 'content-type': 'application/json' } }), 400);
    });

    it('a body that is not JSON is a 415', async () => {
      const post = (body: string, type: string) => server.request('POST', '/api/now/table/cmn_schedule', { body, headers: { 'content-type': type } });
      expectPlatformError(await post('name=x', 'application/x-www-form-urlencoded'), 415);
      expectPlatformError(await post('name=x', 'text/plain'), 415);
      expectPlatformError(await post('<name>x</name>', 'application/xml'), 415);
    });

    it('a body over 1 MiB is a 413', async () => {
      const body = JSON.stringify({ name: 'big', description: 'x'.repeat(1024 * 1024) });
      expectPlatformError(await server.request('POST', '/api/now/table/cmn_schedule', { body }), 413);
    });

    it('NUL characters and values of the wrong type are 400s, on both databases', async () => {
      expectPlatformError(await server.request('POST', '/api/now/table/cmn_schedule', { body: { name: 'nul\u0000here' } }), 400, /NUL/);
      expectPlatformError(await server.request('POST', '/api/now/table/sys_job', { body: { job_type: 'x', run_at: 'now', payload: { a: 'b\u0000' } } }), 400);
      expectPlatformError(await server.request('POST', '/api/now/table/incident', { body: { priority: 1.5 } }), 400, /priority/);
      expectPlatformError(await server.request('POST', '/api/now/table/incident', { body: { active: 'maybe' } }), 400, /active/);
      expectPlatformError(await server.request('POST', '/api/now/table/incident', { body: { assigned_to: 'not-a-sys-id' } }), 400, /assigned_to/);
      expectPlatformError(await server.request('POST', '/api/now/table/incident', { body: { short_description: { nested: true } } }), 400);
      expectPlatformError(await server.request('POST', '/api/now/table/sys_job', { body: { job_type: 'x', run_at: '2026-02-30 00:00:00' } }), 400, /run_at/);
    });

    it('__proto__ keys are refused and pollute nothing', async () => {
      const res = await server.request('POST', '/api/now/table/cmn_schedule', { body: '{"name":"proto","__proto__":{"admin":true}}' });
      expect(res.status).toBe(400);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });
  });

  describe('query parameters', () => {
    const status = async (params: string) => (await server.request('GET', `/api/now/table/incident?${params}`)).status;

    it('a limit that is not a positive whole number is a 400 naming sysparm_limit', async () => {
      for (const limit of ['-1', '0', 'abc', '1.5', '1e3', 'NaN', '0x10', '-0']) {
        const res = await server.request('GET', `/api/now/table/incident?sysparm_limit=${encodeURIComponent(limit)}`);
        expectPlatformError(res, 400, 'Invalid sysparm_limit');
        expect(res.json.error.detail).toContain('sysparm_limit');
      }
    });

    it('an offset that is not a whole number from 0 is a 400 naming sysparm_offset', async () => {
      for (const offset of ['-1', 'abc', '1.5', '1e3', 'NaN', '99999999999999999999']) {
        const res = await server.request('GET', `/api/now/table/incident?sysparm_offset=${encodeURIComponent(offset)}`);
        expectPlatformError(res, 400, 'Invalid sysparm_offset');
      }
    });

    it('huge but valid limits and offsets answer normally', async () => {
      expect(await status('sysparm_limit=99999999999999999999999')).toBe(200);
      const far = await server.request('GET', `/api/now/table/incident?sysparm_offset=${Number.MAX_SAFE_INTEGER}`);
      expect(far.status).toBe(200);
      expect(far.json.result).toEqual([]);
      expect(far.headers.get('x-total-count')).toBe('1');
      expect(await status('sysparm_limit=&sysparm_offset=')).toBe(200);
    });

    it('garbage queries are ignored, never errors', async () => {
      for (const query of ['^^^', '^OR^NQ^', 'ORDERBY', 'ORDERBYDESC^ORDERBY..', '=1', '!=', 'priority', 'priority<', 'priority<abc', 'priorityIN', 'priorityIN,,,', 'sys_created_on>garbage', 'a.b.c.d=1', 'priority=1^ORpriority=x^NQ', 'é=é', '%', '\\', "'; drop table task; --", 'short_descriptionLIKE%_\\', 'priority=99999999999999999999999', 'priority>1e308', 'priority<-1e400']) {
        const res = await server.request('GET', `/api/now/table/incident?sysparm_query=${encodeURIComponent(query)}`);
        expect(res.status, `${query}: ${res.text}`).toBe(200);
      }
      expect(await status('sysparm_query=%ff%fe')).toBe(200);
      expect(await status('sysparm_query=priority%3D1&sysparm_query=priority%3D2')).toBe(200);
      expect(await status('priority=1&priority=2')).toBe(200);
      expect(await status('sysparm_fields=,,,&sysparm_fields=x')).toBe(200);
    });

    it('a NUL character in a parameter is a 400', async () => {
      expectPlatformError(await server.request('GET', '/api/now/table/incident?sysparm_query=short_description%3Da%00b'), 400, 'Invalid query parameter');
      expectPlatformError(await server.request('GET', '/api/now/table/incident?short_description=a%00b'), 400, 'Invalid query parameter');
    });

    it('bad percent-encoding never produces a server error', async () => {
      for (const path of ['/api/now/table/%zz', '/api/now/table/incident/%E0%A4%A', '/api/now/table/incident?sysparm_query=%zz', '/api/now/table/incident?%zz=1', '/api/now/table/inc%00ident']) {
        const res = await server.request('GET', path);
        expect(res.status, `${path}: ${res.text}`).toBeLessThan(500);
      }
    });

    it('malformed sys_ids and table names are 404s', async () => {
      expect((await server.request('GET', '/api/now/table/incident/%00')).status).toBe(404);
      expect((await server.request('GET', `/api/now/table/${encodeURIComponent('inc"ident')}`)).status).toBe(404);
      expect((await server.request('GET', `/api/now/table/${'x'.repeat(400)}`)).status).toBe(404);
    });

    it('random parameters never produce a server error (property)', async () => {
      const text = fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('priority', 'short_description', 'assigned_to.user_name', 'sys_created_on', '^', '^OR', '^NQ', 'ORDERBY', 'IN', 'LIKE', '=', '<=', ','),
        fc.integer().map(String),
      );
      const pieces = fc.array(text, { maxLength: 6 }).map((a) => a.join(''));
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            {
              sysparm_query: pieces,
              sysparm_fields: pieces,
              sysparm_limit: fc.oneof(pieces, fc.nat().map(String)),
              sysparm_offset: fc.oneof(pieces, fc.nat().map(String)),
              sysparm_display_value: fc.constantFrom('true', 'false', 'all', 'x'),
              sysparm_exclude_reference_link: fc.constantFrom('true', 'false'),
              priority: pieces,
            },
            { requiredKeys: [] },
          ),
          async (params) => {
            const search = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, v.replaceAll('\u0000', '')]));
            const res = await server.request('GET', `/api/now/table/incident?${search}`);
            expect(res.status, `${search}: ${res.text}`).toBeLessThan(500);
            expect([200, 400]).toContain(res.status);
          },
        ),
        { numRuns: 150 },
      );
    });
  });
});
