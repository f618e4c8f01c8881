import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';
import { create } from './fixtures.ts';

describe.each(DIALECTS)('Table API queries (%s)', (dialect) => {
  let server: TestServer;
  const byName = new Map<string, string>();
  let alice: string;
  let bob: string;

  /** The short_descriptions of the incidents a query lists, sorted unless the query orders. */
  const names = async (params: string, sorted = true): Promise<string[]> => {
    const res = await server.request('GET', `/api/now/table/incident?sysparm_fields=short_description&${params}`);
    expect(res.status, res.text).toBe(200);
    const out = (res.json.result as Array<{ short_description: string }>).map((r) => r.short_description);
    return sorted ? out.sort() : out;
  };
  const q = (query: string) => `sysparm_query=${encodeURIComponent(query)}`;

  beforeAll(async () => {
    server = await startServer(dialect);
    alice = await createUser(server, 'alice', 'alice-password');
    bob = await createUser(server, 'bob', 'bob-password');
    // Five incidents: priorities 1..5, a mix of assignees, text, states and activity.
    const rows = [
      { short_description: 'Alpha outage', priority: '1', assigned_to: alice, active: true, description: 'db down' },
      { short_description: 'Beta slowness', priority: '2', assigned_to: bob, active: true, description: '50% slower' },
      { short_description: 'Gamma alpha-test', priority: '3', assigned_to: alice, active: false },
      { short_description: 'Delta', priority: '4', active: true, description: 'under_score' },
      { short_description: 'Epsilon', priority: '5', active: false, state: '2' },
    ];
    for (const row of rows) byName.set(row.short_description, (await create(server, 'incident', row)).sys_id);
    await create(server, 'problem', { short_description: 'A problem, not an incident' });
  });
  afterAll(() => server.close());

  const all = ['Alpha outage', 'Beta slowness', 'Delta', 'Epsilon', 'Gamma alpha-test'];

  it('= and != (which includes empty values, as on the platform)', async () => {
    expect(await names(q('priority=2'))).toEqual(['Beta slowness']);
    expect(await names(q('short_description=Delta'))).toEqual(['Delta']);
    expect(await names(q(`assigned_to!=${alice}`))).toEqual(['Beta slowness', 'Delta', 'Epsilon']);
    expect(await names(q('active=false'))).toEqual(['Epsilon', 'Gamma alpha-test']);
  });

  it('^ (AND), ^OR (binds tighter) and ^NQ (a new query ORed)', async () => {
    expect(await names(q('active=true^priority>1'))).toEqual(['Beta slowness', 'Delta']);
    expect(await names(q('priority=1^ORpriority=5'))).toEqual(['Alpha outage', 'Epsilon']);
    expect(await names(q('active=true^priority=1^ORpriority=4'))).toEqual(['Alpha outage', 'Delta']);
    expect(await names(q('priority=1^NQpriority=5^active=false'))).toEqual(['Alpha outage', 'Epsilon']);
  });

  it('IN and NOT IN', async () => {
    expect(await names(q('priorityIN1,3,5'))).toEqual(['Alpha outage', 'Epsilon', 'Gamma alpha-test']);
    expect(await names(q('priorityNOT IN1,3,5'))).toEqual(['Beta slowness', 'Delta']);
  });

  it('LIKE, NOT LIKE (case-insensitive, wildcards literal), STARTSWITH, ENDSWITH', async () => {
    expect(await names(q('short_descriptionLIKEalpha'))).toEqual(['Alpha outage', 'Gamma alpha-test']);
    expect(await names(q('short_descriptionNOT LIKEalpha'))).toEqual(['Beta slowness', 'Delta', 'Epsilon']);
    expect(await names(q('descriptionLIKE50%'))).toEqual(['Beta slowness']);
    // `_` and `%` are literal: as wildcards, `b_d` would match "db down" and `0%s` "50% slower".
    expect(await names(q('descriptionLIKEb_d'))).toEqual([]);
    expect(await names(q('descriptionLIKE0%s'))).toEqual([]);
    expect(await names(q('descriptionLIKEr_s'))).toEqual(['Delta']);
    expect(await names(q('short_descriptionSTARTSWITHbeta'))).toEqual(['Beta slowness']);
    expect(await names(q('short_descriptionENDSWITHage'))).toEqual(['Alpha outage']);
  });

  it('ISEMPTY and ISNOTEMPTY', async () => {
    expect(await names(q('assigned_toISEMPTY'))).toEqual(['Delta', 'Epsilon']);
    expect(await names(q('descriptionISNOTEMPTY'))).toEqual(['Alpha outage', 'Beta slowness', 'Delta']);
  });

  it('<, <=, >, >= on numbers and on date-times', async () => {
    expect(await names(q('priority<2'))).toEqual(['Alpha outage']);
    expect(await names(q('priority<=2'))).toEqual(['Alpha outage', 'Beta slowness']);
    expect(await names(q('priority>4'))).toEqual(['Epsilon']);
    expect(await names(q('priority>=4'))).toEqual(['Delta', 'Epsilon']);
    expect(await names(q('sys_created_on>2000-01-01 00:00:00'))).toEqual(all);
    expect(await names(q('sys_created_on<2000-01-01 00:00:00'))).toEqual([]);
  });

  it('ORDERBY and ORDERBYDESC, several keys', async () => {
    expect(await names(q('ORDERBYpriority'), false)).toEqual(['Alpha outage', 'Beta slowness', 'Gamma alpha-test', 'Delta', 'Epsilon']);
    expect(await names(q('ORDERBYDESCpriority'), false)).toEqual(['Epsilon', 'Delta', 'Gamma alpha-test', 'Beta slowness', 'Alpha outage']);
    expect(await names(q('ORDERBYactive^ORDERBYDESCshort_description'), false)).toEqual(['Gamma alpha-test', 'Epsilon', 'Delta', 'Beta slowness', 'Alpha outage']);
  });

  it('one level of dot-walking, in conditions and in ORDERBY', async () => {
    expect(await names(q('assigned_to.user_name=alice'))).toEqual(['Alpha outage', 'Gamma alpha-test']);
    expect(await names(q('assigned_to.user_nameSTARTSWITHb'))).toEqual(['Beta slowness']);
    expect(await names(q('assigned_toISNOTEMPTY^ORDERBYDESCassigned_to.user_name^ORDERBYpriority'), false)).toEqual(['Beta slowness', 'Alpha outage', 'Gamma alpha-test']);
  });

  it('ignores conditions on unknown fields, but inside ^OR they match nothing', async () => {
    expect(await names(q('no_such_field=1'))).toEqual(all);
    expect(await names(q('no_such_field=1^priority=1'))).toEqual(['Alpha outage']);
    expect(await names(q('priority=1^ORno_such_field=1'))).toEqual(['Alpha outage']);
    expect(await names(q('assigned_to.no_such=1^priority=2'))).toEqual(['Beta slowness']);
  });

  it('plain field=value filters, with dot-walking, ANDed with sysparm_query', async () => {
    expect(await names('priority=3')).toEqual(['Gamma alpha-test']);
    expect(await names('active=true&priority=4')).toEqual(['Delta']);
    expect(await names('assigned_to.user_name=alice')).toEqual(['Alpha outage', 'Gamma alpha-test']);
    expect(await names(`assigned_to=${alice}&${q('priority>1')}`)).toEqual(['Gamma alpha-test']);
    expect(await names('no_such_field=1')).toEqual(all);
  });

  it('accepts and ignores unlisted sysparm_* parameters', async () => {
    expect(await names('sysparm_view=desktop&sysparm_count=true&sysparm_input_display_value=true&sysparm_query_no_domain=true')).toEqual(all);
  });

  describe('sysparm_fields', () => {
    it('returns only the fields listed, in order, leaving unknown names out', async () => {
      const res = await server.request('GET', `/api/now/table/incident/${byName.get('Alpha outage')}?sysparm_fields=number,priority,no_such_field,,priority`);
      expect(res.json.result).toEqual({ number: expect.stringMatching(/^INC\d{7}$/), priority: '1' });
      expect(Object.keys(res.json.result)).toEqual(['number', 'priority']);
    });

    it('dot-walks one level: the referenced record\'s field under the dotted name', async () => {
      const res = await server.request('GET', `/api/now/table/incident?sysparm_fields=short_description,assigned_to.user_name,assigned_to.name,assigned_to.no_such,assigned_to.user_name.x&${q('ORDERBYpriority')}`);
      expect(res.json.result.slice(0, 4)).toEqual([
        { short_description: 'Alpha outage', 'assigned_to.user_name': 'alice', 'assigned_to.name': 'alice Tester' },
        { short_description: 'Beta slowness', 'assigned_to.user_name': 'bob', 'assigned_to.name': 'bob Tester' },
        { short_description: 'Gamma alpha-test', 'assigned_to.user_name': 'alice', 'assigned_to.name': 'alice Tester' },
        // An empty reference shows empty walked fields.
        { short_description: 'Delta', 'assigned_to.user_name': '', 'assigned_to.name': '' },
      ]);
    });

    it('a walked reference field renders as a reference', async () => {
      const phase = await create(server, 'sn_dpr_model_release', { name: 'walk release', owner: alice });
      const task = await create(server, 'sn_dpr_model_release_task', { short_description: 'walk task', release: phase.sys_id });
      const res = await server.request('GET', `/api/now/table/sn_dpr_model_release_task/${task.sys_id}?sysparm_fields=release.owner,release.name`);
      expect(res.json.result).toEqual({
        'release.owner': { link: `${server.url}/api/now/table/sys_user/${alice}`, value: alice },
        'release.name': 'walk release',
      });
    });

    it('a list of only unknown fields gives empty records', async () => {
      const res = await server.request('GET', `/api/now/table/incident?sysparm_fields=nope&${q('priority=1')}`);
      expect(res.json.result).toEqual([{}]);
    });
  });

  describe('inheritance', () => {
    it('a parent table lists its children\'s records with their sys_class_name; a child lists only its own', async () => {
      const tasks = await server.request('GET', `/api/now/table/task?sysparm_fields=short_description,sys_class_name&${q('ORDERBYshort_description')}`);
      const classes = Object.fromEntries((tasks.json.result as Array<{ short_description: string; sys_class_name: string }>).map((r) => [r.short_description, r.sys_class_name]));
      expect(classes['Alpha outage']).toBe('incident');
      expect(classes['A problem, not an incident']).toBe('problem');
      expect(await names('')).toEqual(all);
      const problems = await server.request('GET', '/api/now/table/problem?sysparm_fields=short_description');
      expect(problems.json.result).toEqual([{ short_description: 'A problem, not an incident' }]);
    });

    it('cmdb_model lists product and version models; a product table lists its own class only', async () => {
      const app = await create(server, 'cmdb_application_product_model', { name: 'Payments App', owner: alice });
      const service = await create(server, 'cmdb_service_product_model', { name: 'Payments Service' });
      const version = await create(server, 'cmdb_software_product_model', { name: 'Payments App 2.4.1', product: app.sys_id, version: '2.4.1' });
      expect(version).toMatchObject({ version: '2.4.1', product: { value: app.sys_id } });
      const models = await server.request('GET', '/api/now/table/cmdb_model?sysparm_fields=name,sys_class_name&sysparm_query=ORDERBYname');
      expect(models.json.result).toEqual([
        { name: 'Payments App', sys_class_name: 'cmdb_application_product_model' },
        { name: 'Payments App 2.4.1', sys_class_name: 'cmdb_software_product_model' },
        { name: 'Payments Service', sys_class_name: 'cmdb_service_product_model' },
      ]);
      const apps = await server.request('GET', '/api/now/table/cmdb_application_product_model?sysparm_fields=name');
      expect(apps.json.result).toEqual([{ name: 'Payments App' }]);
      expect((await server.request('GET', `/api/now/table/cmdb_model/${service.sys_id}`)).json.result.sys_class_name).toBe('cmdb_service_product_model');
      // Queried through the parent, a child's own column is unknown and the condition is dropped.
      const walked = await server.request('GET', `/api/now/table/cmdb_software_product_model?sysparm_fields=product.name&${q('product.owner.user_name=alice')}`);
      expect(walked.json.result).toEqual([{ 'product.name': 'Payments App' }]);
    });
  });
});
