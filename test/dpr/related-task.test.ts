import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, PASSWORD, type UserKey, type World } from '../support/fixtures.ts';
import { ADMIN_PASSWORD, createUser, startServer, type TestServer } from '../support/server.ts';
import { expectRule } from '../support/expect-rule.ts';

const BASE = '/api/sn_dpr/v1/digital_product_release';
const DEFAULT_BASE = '/api/sn_dpr/digital_product_release';
const NOW = '2025-10-01T00:00:00Z';
const SUCCESS = 'Successfully created the mappings between the release and all the tasks.';
const PROPERTY = 'sn_dpr_model.release_related_task_types';
const DEFAULT_TYPES =
  '[{"table":"incident","view":"default","label":"Incidents"},{"table":"problem","view":"default","label":"Problems"},{"table":"sc_request","view":"default","label":"Catalog requests"}]';

type Auth = [string, string] | null;

describe.each(DIALECTS)('POST release/{releaseId}/related_task (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let n = 0;
  const db = (): Kysely<any> => server.handle.services.database.db;
  const as = (user: UserKey): Auth => world.as(user);
  const post = (releaseId: string, body: unknown, auth: Auth = as('pm'), base = BASE) =>
    server.request('POST', `${base}/release/${releaseId}/related_task`, { auth, body });
  const expectCreated = (res: { status: number; json: any; text: string }) => {
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({ result: { error: false, message: SUCCESS } });
  };
  const linksOf = async (releaseId: string) =>
    (await db().selectFrom('sn_dpr_model_release_related_task_m2m').select('task').where('release', '=', releaseId).execute()).map((r) => r.task as string).sort();
  const allLinks = async () => Number((await db().selectFrom('sn_dpr_model_release_related_task_m2m').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const setProperty = (value: string) => db().updateTable('sys_properties').set({ value }).where('name', '=', PROPERTY).execute();
  const createRelease = async () => {
    const res = await server.request('POST', `${BASE}/release`, {
      auth: as('pm'),
      body: { name: `Related release ${++n}`, productId: world.products.payments, releaseOwner: world.users.pm, templateId: world.templates.timeline, releaseTarget: world.targets.mar20 },
    });
    expect(res.status, res.text).toBe(201);
    return res.json.result.releaseId as string;
  };
  const releaseName = async (id: string) => (await db().selectFrom('sn_dpr_model_release').select('name').where('sys_id', '=', id).executeTakeFirstOrThrow()).name as string;
  /** Task records of the given tables, written through the record store. */
  const createTasks = (tables: string[]) =>
    inTransaction(db(), async (trx) => {
      const ids: string[] = [];
      for (const table of tables) {
        const row = await server.handle.services.store.insert(trx, SYSTEM_ACTOR, table, { short_description: `${table} ${++n}` });
        ids.push(String(row.sys_id));
      }
      return ids;
    });

  let release: string;
  let incidents: string[];
  let problem: string;
  let request: string;
  let change: string;
  let plainTask: string;
  let releaseTask: string;

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: NOW, DPR_ROLE: 'api' });
    world = await createWorld(server);
    release = await createRelease();
    incidents = await createTasks(['incident', 'incident', 'incident', 'incident']);
    [problem, request, change, plainTask] = await createTasks(['problem', 'sc_request', 'change_request', 'task']);
    releaseTask = (await db().selectFrom('task').select('sys_id').where('release', '=', release).executeTakeFirstOrThrow()).sys_id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('relates an incident and a problem (reference example)', async () => {
    expectCreated(await post(release, { taskIds: [incidents[0], problem] }, as('pm'), DEFAULT_BASE));
    expect(await linksOf(release)).toEqual([incidents[0], problem].sort());
    const row = await db().selectFrom('sn_dpr_model_release_related_task_m2m').selectAll().where('task', '=', problem).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ release, task: problem, sys_class_name: 'sn_dpr_model_release_related_task_m2m', sys_created_by: 'pm' });
  });

  it('skips tasks already related and counts duplicates in the request once', async () => {
    const before = await allLinks();
    expectCreated(await post(release, { taskIds: [incidents[0], request, request, ` ${incidents[1]} `, problem] }));
    expect(await linksOf(release)).toEqual([incidents[0], incidents[1], problem, request].sort());
    expect(await allLinks()).toBe(before + 2);
    // All already related: still a success, nothing written.
    expectCreated(await post(release, { taskIds: [incidents[0], problem] }));
    expect(await allLinks()).toBe(before + 2);
  });

  it('relates the same task to several releases', async () => {
    const other = await createRelease();
    expectCreated(await post(other, { taskIds: [incidents[0]] }));
    expect(await linksOf(other)).toEqual([incidents[0]]);
    expect(await linksOf(release)).toContain(incidents[0]);
  });

  it('refuses unknown ids, naming them, and writes nothing (all or nothing)', async () => {
    const fresh = await createRelease();
    const unknown = '0123456789abcdef0123456789abcdef';
    expectRule(await post(fresh, { taskIds: [incidents[2], unknown, 'INC0010001'] }), `Task IDs are invalid (no such task record): ${unknown}, INC0010001`);
    // A sys_id of a record that is not a task (a user) is not a task either.
    expectRule(await post(fresh, { taskIds: [world.users.pm] }), `Task IDs are invalid (no such task record): ${world.users.pm}`);
    expect(await linksOf(fresh)).toEqual([]);
  });

  it('refuses tasks of tables the property does not list, naming the id and its table', async () => {
    const fresh = await createRelease();
    const allowed = `${PROPERTY} allows only records of incident, problem, sc_request`;
    expectRule(await post(fresh, { taskIds: [incidents[2], change] }), `Tasks cannot be related to a release: ${change} (change_request); ${allowed}`);
    expectRule(
      await post(fresh, { taskIds: [releaseTask, plainTask, incidents[3]] }),
      `Tasks cannot be related to a release: ${releaseTask} (sn_dpr_model_release_task), ${plainTask} (task); ${allowed}`,
    );
    expect(await linksOf(fresh)).toEqual([]);
  });

  it('follows the property: a listed task table qualifies, task itself and non-task tables never do', async () => {
    const fresh = await createRelease();
    try {
      await setProperty('[{"table":"change_request","view":"default","label":"Changes"},{"table":"task","view":"default","label":"Tasks"},{"table":"sys_user","label":"Users"},{"table":"no_such_table"}]');
      expectCreated(await post(fresh, { taskIds: [change] }));
      expect(await linksOf(fresh)).toEqual([change]);
      expectRule(await post(fresh, { taskIds: [incidents[3]] }), `Tasks cannot be related to a release: ${incidents[3]} (incident); ${PROPERTY} allows only records of change_request`);
      expectRule(await post(fresh, { taskIds: [plainTask] }), `Tasks cannot be related to a release: ${plainTask} (task); ${PROPERTY} allows only records of change_request`);
      await setProperty('not json');
      // Every id is checked, also one already related.
      expectRule(
        await post(fresh, { taskIds: [change, incidents[3]] }),
        `Tasks cannot be related to a release: ${change} (change_request), ${incidents[3]} (incident); ${PROPERTY} allows no task table`,
      );
    } finally {
      await setProperty(DEFAULT_TYPES);
    }
    expect(await linksOf(fresh)).toEqual([change]);
  });

  it('requires a non-empty taskIds array', async () => {
    for (const body of [{}, { taskIds: [] }, { taskIds: null }, { taskIds: ['', '  '] }]) {
      expectRule(await post(release, body), 'taskIds is required: give at least one task sys_id');
    }
    expectRule(await post(release, { taskIds: { first: incidents[0] } }), /taskIds/);
  });

  it('answers Release ID is invalid for unknown or malformed release ids', async () => {
    expectRule(await post('0123456789abcdef0123456789abcdef', { taskIds: [incidents[0]] }), 'Release ID is invalid');
    expectRule(await post('nope', { taskIds: [incidents[0]] }), 'Release ID is invalid');
  });

  it('refuses Completed and Cancelled releases; Draft, Pending and On Hold releases take related tasks', async () => {
    const target = await createRelease();
    const name = await releaseName(target);
    for (const [state, label] of [['completed', 'Completed'], ['cancelled', 'Cancelled']]) {
      await db().updateTable('sn_dpr_model_release').set({ state }).where('sys_id', '=', target).execute();
      expectRule(await post(target, { taskIds: [incidents[1]] }), `Related tasks cannot be added to release ${name}: it is ${label}`);
    }
    expect(await linksOf(target)).toEqual([]);
    for (const state of ['draft', 'pending', 'on_hold']) {
      await db().updateTable('sn_dpr_model_release').set({ state }).where('sys_id', '=', target).execute();
      expectCreated(await post(target, { taskIds: [incidents[1]] }));
    }
    expect(await linksOf(target)).toEqual([incidents[1]]);
  });

  describe('roles', () => {
    let lead: [string, string];
    beforeAll(async () => {
      await inTransaction(db(), async (trx) => {
        const { store } = server.handle.services;
        const role = await store.insert(trx, SYSTEM_ACTOR, 'sys_user_role', { name: 'x_test.product_lead' });
        const pm = await trx.selectFrom('sys_user_role').select('sys_id').where('name', '=', 'sn_dpr_model.product_manager').executeTakeFirstOrThrow();
        await store.insert(trx, SYSTEM_ACTOR, 'sys_user_role_contains', { role: role.sys_id, contains: pm.sys_id });
      });
      await createUser(server, 'lead', PASSWORD, ['x_test.product_lead']);
      lead = ['lead', PASSWORD];
    });

    it('lets product managers, release admins, containing roles and admin relate tasks', async () => {
      for (const auth of [as('pm'), as('ra'), lead, ['admin', ADMIN_PASSWORD] as [string, string]]) {
        const target = await createRelease();
        expectCreated(await post(target, { taskIds: [incidents[2]] }, auth));
        const row = await db().selectFrom('sn_dpr_model_release_related_task_m2m').select('sys_created_by').where('release', '=', target).executeTakeFirstOrThrow();
        expect(row.sys_created_by).toBe(auth![0]);
      }
    });

    it('answers 403 to release coordinators and other roles, 401 without credentials, on both prefixes', async () => {
      const before = await allLinks();
      for (const base of [BASE, DEFAULT_BASE]) {
        for (const key of ['rc', 'ru', 'cal', 'tmpl', 'nobody'] as const) {
          const res = await post(release, { taskIds: [incidents[3]] }, as(key), base);
          expect(res.status, `${key}: ${res.text}`).toBe(403);
          expect(res.json).toMatchObject({ error: { message: 'User Not Authorized' }, status: 'failure' });
        }
        const anonymous = await post(release, { taskIds: [incidents[3]] }, null, base);
        expect(anonymous.status).toBe(401);
        expect(anonymous.json).toMatchObject({ error: { message: 'User Not Authenticated' }, status: 'failure' });
      }
      expect(await allLinks()).toBe(before);
    });
  });

  it('serves both URL prefixes', async () => {
    for (const base of [BASE, DEFAULT_BASE]) {
      const target = await createRelease();
      expectCreated(await post(target, { taskIds: [incidents[3]] }, as('ra'), base));
      expect(await linksOf(target)).toEqual([incidents[3]]);
    }
  });

  it('links each task exactly once under 10 concurrent requests with overlapping ids', async () => {
    const target = await createRelease();
    const tasks = await createTasks(['incident', 'incident', 'incident', 'problem', 'problem', 'sc_request']);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => post(target, { taskIds: [tasks[i % 6], tasks[(i + 1) % 6], tasks[(i + 3) % 6]] }, i % 2 ? as('pm') : as('ra'))),
    );
    for (const res of answers) expectCreated(res);
    const rows = await db().selectFrom('sn_dpr_model_release_related_task_m2m').select('task').where('release', '=', target).execute();
    expect(rows.map((r) => r.task).sort()).toEqual([...tasks].sort());
  });
});
