import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Errors } from '../../src/platform/errors/catalogue.ts';
import { DIALECTS } from '../support/dialects.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { create, expectPlatformError } from './fixtures.ts';

describe.each(DIALECTS)('Table API writes are all or nothing (%s)', (dialect) => {
  let server: TestServer;
  const count = async (table: string, query: string) =>
    Number((await server.request('GET', `/api/now/table/${table}?sysparm_query=${encodeURIComponent(query)}`)).headers.get('x-total-count'));

  beforeAll(async () => {
    server = await startServer(dialect);
    const { rules, store } = server.handle.services;
    // Test rules: each writes a related record first, then refuses, so a partial write would show.
    rules.register('cmn_schedule', {
      afterInsert: async (ctx, row) => {
        if (!String(row.name).startsWith('refuse')) return;
        await store.insert(ctx.db, ctx.actor, 'cmn_schedule_span', { schedule: row.sys_id, name: 'side effect', start_date: '2026-01-01' });
        if (row.name === 'refuse-by-constraint') {
          // A duplicate of a seeded property: the unique index refuses it inside the transaction.
          await store.insert(ctx.db, ctx.actor, 'sys_properties', { name: 'glide.sys.default.tz', value: 'UTC' });
        }
        throw Errors.badRequest('Refused by a test rule');
      },
      afterUpdate: async (ctx, next) => {
        if (next.description !== 'refuse') return;
        await store.insert(ctx.db, ctx.actor, 'cmn_schedule_span', { schedule: next.sys_id, name: 'update side effect', start_date: '2026-01-01' });
        throw Errors.badRequest('Update refused by a test rule');
      },
      beforeDelete: async (_ctx, previous) => {
        if (previous.name === 'undeletable') throw Errors.badRequest('Delete refused by a test rule');
      },
    });
    rules.register('incident', {
      beforeInsert: (_ctx, row) => {
        if (row.short_description === 'refuse') throw Errors.badRequest('Incident refused by a test rule');
      },
    });
  });
  afterAll(() => server.close());

  it('an insert refused by a business rule leaves neither the record nor what the rule wrote', async () => {
    expectPlatformError(await server.request('POST', '/api/now/table/cmn_schedule', { body: { name: 'refuse-me' } }), 400, 'Refused by a test rule');
    expect(await count('cmn_schedule', 'name=refuse-me')).toBe(0);
    expect(await count('cmn_schedule_span', 'name=side effect')).toBe(0);
  });

  it('a constraint violation after earlier writes leaves nothing', async () => {
    expectPlatformError(await server.request('POST', '/api/now/table/cmn_schedule', { body: { name: 'refuse-by-constraint' } }), 400, /unique/i);
    expect(await count('cmn_schedule', 'name=refuse-by-constraint')).toBe(0);
    expect(await count('cmn_schedule_span', 'name=side effect')).toBe(0);
    expect(await count('sys_properties', 'name=glide.sys.default.tz')).toBe(1);
  });

  it('a refused insert consumes no task number', async () => {
    const first = await create(server, 'incident', { short_description: 'before' });
    expectPlatformError(await server.request('POST', '/api/now/table/incident', { body: { short_description: 'refuse' } }), 400, 'Incident refused by a test rule');
    const next = await create(server, 'incident', { short_description: 'after' });
    expect(Number(next.number.slice(3))).toBe(Number(first.number.slice(3)) + 1);
  });

  it('an update refused by a rule leaves the record as it was', async () => {
    const schedule = await create(server, 'cmn_schedule', { name: 'stable', description: 'original' });
    expectPlatformError(await server.request('PATCH', `/api/now/table/cmn_schedule/${schedule.sys_id}`, { body: { name: 'changed', description: 'refuse' } }), 400, 'Update refused by a test rule');
    const after = (await server.request('GET', `/api/now/table/cmn_schedule/${schedule.sys_id}`)).json.result;
    expect(after).toEqual(schedule);
    expect(await count('cmn_schedule_span', 'name=update side effect')).toBe(0);
  });

  it('a delete refused by a rule keeps the record', async () => {
    const schedule = await create(server, 'cmn_schedule', { name: 'undeletable' });
    expectPlatformError(await server.request('DELETE', `/api/now/table/cmn_schedule/${schedule.sys_id}`), 400, 'Delete refused by a test rule');
    expect((await server.request('GET', `/api/now/table/cmn_schedule/${schedule.sys_id}`)).status).toBe(200);
  });

  it('constraint violations are 400s with the platform envelope and write nothing', async () => {
    const missing = '0'.repeat(32);
    const role = (await server.request('GET', '/api/now/table/sys_user_role?sysparm_query=name=admin&sysparm_fields=sys_id')).json.result[0].sys_id;
    expectPlatformError(await server.request('POST', '/api/now/table/sys_user_has_role', { body: { user: missing, role } }), 400);
    expect(await count('sys_user_has_role', `user=${missing}`)).toBe(0);
    await create(server, 'sys_user', { user_name: 'unique-user' });
    expectPlatformError(await server.request('POST', '/api/now/table/sys_user', { body: { user_name: 'unique-user', first_name: 'Twin' } }), 400, /unique/i);
    expect(await count('sys_user', 'user_name=unique-user')).toBe(1);
  });

  it('cascading deletes happen in the same transaction', async () => {
    const schedule = await create(server, 'cmn_schedule', { name: 'with spans' });
    const span = await create(server, 'cmn_schedule_span', { schedule: schedule.sys_id, start_date: '2026-05-01' });
    expect((await server.request('DELETE', `/api/now/table/cmn_schedule/${schedule.sys_id}`)).status).toBe(204);
    expect((await server.request('GET', `/api/now/table/cmn_schedule_span/${span.sys_id}`)).status).toBe(404);
  });
});
