import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';

const INTERNAL_TYPES = ['string', 'integer', 'decimal', 'boolean', 'glide_date', 'glide_date_time', 'reference', 'glide_list', 'json', 'password2'];

describe.each(DIALECTS)('sys_dictionary through the Table API (%s)', (dialect) => {
  let server: TestServer;
  const nobody: [string, string] = ['nobody', 'nobody-password'];
  const entry = async (table: string, element: string) => {
    const res = await server.request('GET', `/api/now/table/sys_dictionary?sysparm_query=${encodeURIComponent(`name=${table}^element=${element}`)}&sysparm_fields=name,element,internal_type,reference`, { auth: nobody });
    expect(res.status, res.text).toBe(200);
    return res.json.result as Array<Record<string, string>>;
  };

  beforeAll(async () => {
    server = await startServer(dialect);
    await createUser(server, ...nobody);
  });
  afterAll(() => server.close());

  it('any authenticated user may read it; anonymous callers may not', async () => {
    const res = await server.request('GET', '/api/now/table/sys_dictionary?sysparm_limit=5', { auth: nobody });
    expect(res.status).toBe(200);
    expect(res.json.result).toHaveLength(5);
    expect((await server.request('GET', '/api/now/table/sys_dictionary', { auth: null })).status).toBe(401);
  });

  it('a column is listed under the table that defines it, not under the tables extending it', async () => {
    expect(await entry('task', 'assigned_to')).toEqual([{ name: 'task', element: 'assigned_to', internal_type: 'reference', reference: 'sys_user' }]);
    expect(await entry('incident', 'assigned_to')).toEqual([]);
    expect(await entry('incident', 'caller_id')).toEqual([{ name: 'incident', element: 'caller_id', internal_type: 'reference', reference: 'sys_user' }]);
    expect(await entry('cmdb_software_product_model', 'product')).toEqual([
      { name: 'cmdb_software_product_model', element: 'product', internal_type: 'reference', reference: 'cmdb_model' },
    ]);
    expect(await entry('cmdb_model', 'product')).toEqual([]);
  });

  it('sys_* columns are listed under each root table only', async () => {
    expect(await entry('task', 'sys_id')).toEqual([{ name: 'task', element: 'sys_id', internal_type: 'string', reference: '' }]);
    expect(await entry('incident', 'sys_id')).toEqual([]);
    expect(await entry('sys_user', 'sys_created_on')).toEqual([{ name: 'sys_user', element: 'sys_created_on', internal_type: 'glide_date_time', reference: '' }]);
  });

  it('internal types as CONTRACT §8 fixes them', async () => {
    const typeOf = async (table: string, element: string) => (await entry(table, element))[0]?.internal_type;
    expect(await typeOf('sn_dpr_model_release', 'readiness_date')).toBe('glide_date');
    expect(await typeOf('sn_dpr_model_release', 'planned_start_date')).toBe('glide_date');
    expect(await typeOf('sn_dpr_model_release_key_date', 'due_date')).toBe('glide_date');
    expect(await typeOf('sn_dpr_model_release_target', 'date')).toBe('glide_date');
    expect(await typeOf('sn_dpr_policy_execution', 'last_run_at')).toBe('glide_date_time');
    expect(await typeOf('sn_dpr_model_release_artifact', 'code_coverage')).toBe('decimal');
    expect(await typeOf('sys_progress_worker', 'percent_complete')).toBe('integer');
    expect(await typeOf('sys_user', 'user_password')).toBe('password2');
    expect(await typeOf('sys_user', 'active')).toBe('boolean');
    expect(await typeOf('sn_pace_policy', 'inputs')).toBe('json');
    expect(await entry('sn_dpr_model_release_calendar', 'schedules')).toEqual([
      { name: 'sn_dpr_model_release_calendar', element: 'schedules', internal_type: 'glide_list', reference: 'cmn_schedule' },
    ]);
  });

  it('every entry has one of the ten internal types, and every table its columns', async () => {
    const res = await server.request('GET', '/api/now/table/sys_dictionary?sysparm_fields=name,element,internal_type');
    const entries = res.json.result as Array<{ name: string; element: string; internal_type: string }>;
    expect(Number(res.headers.get('x-total-count'))).toBe(entries.length);
    for (const e of entries) expect(INTERNAL_TYPES, `${e.name}.${e.element}`).toContain(e.internal_type);
    const catalog = server.handle.services.catalog;
    for (const table of catalog.all()) {
      const own = [...table.columns.values()].filter((c) => c.table === table.name).map((c) => c.element).sort();
      const listed = entries.filter((e) => e.name === table.name).map((e) => e.element).sort();
      expect(listed, table.name).toEqual(own);
    }
  });
});
