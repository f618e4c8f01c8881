import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { AppError } from '../../src/platform/errors/app-error.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, PASSWORD, type World } from '../support/fixtures.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';

const PREFIXES = ['/api/sn_dpr/digital_product_release', '/api/sn_dpr/v1/digital_product_release'];
const NOW = '2025-10-01T00:00:00Z';

type Insert = (table: string, values: Record<string, unknown>) => Promise<string>;
type InsertMany = (table: string, values: Record<string, unknown>[]) => Promise<string[]>;

/** Writes test records through the record store (system fields, numbering and business rules apply). */
function seed<T>(server: TestServer, work: (insert: Insert, insertMany: InsertMany, trx: Kysely<any>) => Promise<T>): Promise<T> {
  const { store, database } = server.handle.services;
  return inTransaction(database.db, (trx) =>
    work(
      (table, values) => store.insert(trx, SYSTEM_ACTOR, table, values).then((r) => String(r.sys_id)),
      (table, values) => store.insertMany(trx, SYSTEM_ACTOR, table, values).then((rows) => rows.map((r) => String(r.sys_id))),
      trx,
    ),
  );
}

function bundleRow(server: TestServer, sysId: string) {
  return server.handle.services.database.db.selectFrom('sn_dpr_model_release_bundle').selectAll().where('sys_id', '=', sysId).executeTakeFirstOrThrow();
}

describe.each(DIALECTS)('GET bundle/{sysId} (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let policy: string;
  /** The reference-like bundle: In Progress, Completed and Pending releases with every kind of item. */
  let q4: { bundle: string; releases: string[] };
  let emptyBundle: string;
  let counter = 0;

  const release = (insert: Insert, state: string, extra: Record<string, unknown> = {}) =>
    insert('sn_dpr_model_release', { name: `Release ${++counter}`, state, product: world.products.payments, owner: world.users.pm, ...extra });

  beforeAll(async () => {
    // API role only: the job worker's polling would add statements to the counts measured below.
    server = await startServer(dialect, { DPR_NOW: NOW, DPR_ROLE: 'api' });
    world = await createWorld(server);
    policy = await seed(server, (insert) => insert('sn_pace_policy', { name: 'Coverage', condition: 'true', message: '"ok"' }));

    q4 = await seed(server, async (insert, _many, trx) => {
      const r1 = await release(insert, 'in_progress');
      const r2 = await release(insert, 'completed');
      const r3 = await release(insert, 'pending');
      const outside = await release(insert, 'in_progress');
      const phase = (rel: string, name: string, state: string) => insert('sn_dpr_model_release_phase', { release: rel, name, state });
      const done = await phase(r1, 'Plan', 'completed');
      const current = await phase(r1, 'Build', 'in_progress');
      const cancelled = await phase(r1, 'Old build', 'cancelled');
      const restarted = await phase(r1, 'Restarted test', 'restarted');
      const r2Phase = await phase(r2, 'Only', 'completed');
      const outsidePhase = await phase(outside, 'Plan', 'in_progress');

      const task = (rel: string, ph: string | null, approval: string) =>
        insert('sn_dpr_model_release_task', { release: rel, phase: ph, approval, short_description: `task ${approval}` });
      // Counted: approved 2+1+1 (no phase)+1 (r2) = 5; others 1+2 = 3.
      await task(r1, done, 'approved');
      await task(r1, done, 'approved');
      await task(r1, done, 'requested');
      await task(r1, current, 'approved');
      await task(r1, current, 'not requested');
      await task(r1, current, 'rejected');
      await task(r1, null, 'approved');
      await task(r2, r2Phase, 'approved');
      // Left out: cancelled and restarted phases, releases outside the bundle.
      await task(r1, cancelled, 'approved');
      await task(r1, cancelled, 'requested');
      await task(r1, restarted, 'approved');
      await task(outside, outsidePhase, 'approved');
      // A task of another class carrying the release column (one physical `task` table) is no release task.
      await trx
        .insertInto('task')
        .values({
          sys_id: 'f'.repeat(32),
          sys_class_name: 'incident',
          sys_created_on: '2025-10-01 00:00:00',
          sys_updated_on: '2025-10-01 00:00:00',
          sys_mod_count: 0,
          number: 'INC9999999',
          approval: 'approved',
          release: r1,
        })
        .execute();

      const mapping = (rel: string, ph: string, state = 'active') => insert('sn_dpr_pace_policy_mapping', { release: rel, phase: ph, policy, state });
      const run = (rel: string, ph: string, map: string | null, status: string) =>
        insert('sn_dpr_policy_execution', { release: rel, phase: ph, mapping: map, policy, status, last_run_at: '2025-09-30 10:00:00' });
      // Executed: m1 (a completed run besides an in-progress one), m6 (run recorded without its
      // mapping reference), r2's mapping (compliant with exception). Pending: m2 (run still in
      // progress), m3 (never run).
      const m1 = await mapping(r1, done);
      await run(r1, done, m1, 'in_progress');
      await run(r1, done, m1, 'compliant');
      const m2 = await mapping(r1, current);
      await run(r1, current, m2, 'in_progress');
      await mapping(r1, current);
      const m6Phase = await phase(r1, 'Security', 'pending');
      await mapping(r1, m6Phase);
      await run(r1, m6Phase, null, 'non_compliant');
      const r2Mapping = await mapping(r2, r2Phase);
      await run(r2, r2Phase, r2Mapping, 'compliant_with_exception');
      // Left out: inactive mapping, mapping of a cancelled phase, mapping outside the bundle.
      const inactive = await mapping(r1, current, 'inactive');
      await run(r1, current, inactive, 'compliant');
      const ofCancelled = await mapping(r1, cancelled);
      await run(r1, cancelled, ofCancelled, 'compliant');
      const outsideMapping = await mapping(outside, outsidePhase);
      await run(outside, outsidePhase, outsideMapping, 'compliant');

      const enhancement = (rel: string, state: string) => insert('sn_dpr_model_product_enhancement', { name: `E ${state}`, product: world.products.payments, release: rel, state });
      // Open: open, work_in_progress; Closed: closed_complete, cancelled, closed_incomplete.
      await enhancement(r1, 'open');
      await enhancement(r1, 'work_in_progress');
      await enhancement(r1, 'closed_complete');
      await enhancement(r1, 'cancelled');
      await enhancement(r2, 'closed_incomplete');
      await enhancement(outside, 'open');

      const bundle = await insert('sn_dpr_model_release_bundle', { name: 'Release Bundle Q4', owner: world.users.pm, description: 'Q4 train' });
      for (const rel of [r1, r2, r3]) await insert('sn_dpr_model_release_bundle_m2m', { bundle, release: rel });
      // Another bundle sharing r1 must not change Q4's counts.
      const other = await insert('sn_dpr_model_release_bundle', { name: 'Other bundle' });
      for (const rel of [r1, outside]) await insert('sn_dpr_model_release_bundle_m2m', { bundle: other, release: rel });
      return { bundle, releases: [r1, r2, r3] };
    });
    emptyBundle = await seed(server, (insert) => insert('sn_dpr_model_release_bundle', { name: 'Empty bundle' }));
  });
  afterAll(async () => server?.close());

  it('answers the reference example with exact aggregates, as a bare object, under both prefixes', async () => {
    for (const prefix of PREFIXES) {
      const res = await server.request('GET', `${prefix}/bundle/${q4.bundle}?sendAggregation=true`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.json).toEqual({
        sysId: q4.bundle,
        name: 'Release Bundle Q4',
        owner: 'pm',
        releases: { count: 3, list: q4.releases },
        aggregates: {
          releaseAggregate: { 'In Progress': 1, Completed: 1, Pending: 1 },
          taskAggregate: { approval: 5, nonApproval: 3 },
          policyAggregate: { Executed: 3, Pending: 2 },
          enhancementAggregate: { Open: 2, Closed: 3 },
        },
      });
      expect(res.json.result).toBeUndefined();
    }
  });

  it('omits aggregates when sendAggregation is false, absent or blank', async () => {
    for (const query of ['?sendAggregation=false', '', '?sendAggregation=', '?sendAggregation=FALSE']) {
      const res = await server.request('GET', `${PREFIXES[0]}/bundle/${q4.bundle}${query}`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ sysId: q4.bundle, name: 'Release Bundle Q4', owner: 'pm', releases: { count: 3, list: q4.releases } });
      expect('aggregates' in res.json).toBe(false);
    }
    const upper = await server.request('GET', `${PREFIXES[1]}/bundle/${q4.bundle}?sendAggregation=True`);
    expect(upper.json.aggregates.taskAggregate).toEqual({ approval: 5, nonApproval: 3 });
  });

  it('refuses any other sendAggregation value with a 400 result envelope', async () => {
    const res = await server.request('GET', `${PREFIXES[0]}/bundle/${q4.bundle}?sendAggregation=yes`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ result: { error: true, message: 'sendAggregation must be true or false (got "yes")' } });
  });

  it('reports an empty bundle with zero counts on every fixed key and no release states', async () => {
    const res = await server.request('GET', `${PREFIXES[1]}/bundle/${emptyBundle}?sendAggregation=true`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      sysId: emptyBundle,
      name: 'Empty bundle',
      owner: '',
      releases: { count: 0, list: [] },
      aggregates: {
        releaseAggregate: {},
        taskAggregate: { approval: 0, nonApproval: 0 },
        policyAggregate: { Executed: 0, Pending: 0 },
        enhancementAggregate: { Open: 0, Closed: 0 },
      },
    });
  });

  it('answers 400 "Bundle ID is invalid" for an unknown or malformed id', async () => {
    for (const id of ['0'.repeat(32), q4.releases[0], 'not-a-sys-id']) {
      for (const prefix of PREFIXES) {
        const res = await server.request('GET', `${prefix}/bundle/${id}?sendAggregation=true`);
        expect(res.status).toBe(400);
        expect(res.json).toEqual({ result: { error: true, message: 'Bundle ID is invalid' } });
      }
    }
  });

  it('lets every allowed role read (containment and admin included) and refuses the others', async () => {
    for (const user of ['pm', 'ra', 'rc', 'ru'] as const) {
      const res = await server.request('GET', `${PREFIXES[0]}/bundle/${q4.bundle}`, { auth: world.as(user) });
      expect(res.status, user).toBe(200);
      expect(res.json.sysId).toBe(q4.bundle);
    }
    expect((await server.request('GET', `${PREFIXES[1]}/bundle/${q4.bundle}`)).status).toBe(200);
    // A custom role that contains release_user passes by containment.
    await seed(server, async (insert, _many, trx) => {
      const role = await insert('sys_user_role', { name: 'x_custom.bundle_viewer' });
      const releaseUser = await trx.selectFrom('sys_user_role').select('sys_id').where('name', '=', 'sn_dpr_model.release_user').executeTakeFirstOrThrow();
      await insert('sys_user_role_contains', { role, contains: releaseUser.sys_id });
    });
    await createUser(server, 'viewer', PASSWORD, ['x_custom.bundle_viewer']);
    expect((await server.request('GET', `${PREFIXES[0]}/bundle/${q4.bundle}`, { auth: ['viewer', PASSWORD] })).status).toBe(200);

    for (const user of ['cal', 'tmpl', 'nobody'] as const) {
      const res = await server.request('GET', `${PREFIXES[0]}/bundle/${q4.bundle}`, { auth: world.as(user) });
      expect(res.status, user).toBe(403);
      expect(res.json.status).toBe('failure');
      expect(res.json.error.message).toBeTruthy();
    }
    const anonymous = await server.request('GET', `${PREFIXES[1]}/bundle/${q4.bundle}`, { auth: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ error: { message: 'User Not Authenticated' }, status: 'failure' });
  });

  it('runs the same number of SQL statements for a bundle of 2 and of 40 releases', async () => {
    const makeBundle = (size: number) =>
      seed(server, async (insert, insertMany) => {
        const releases = await insertMany(
          'sn_dpr_model_release',
          Array.from({ length: size }, () => ({ name: `Sized ${++counter}`, state: 'in_progress', product: world.products.mobile })),
        );
        const phases = await insertMany('sn_dpr_model_release_phase', releases.map((r) => ({ release: r, name: 'Build', state: 'in_progress' })));
        await insertMany('sn_dpr_model_release_task', releases.flatMap((r, i) => [{ release: r, phase: phases[i], approval: 'approved' }, { release: r, phase: phases[i] }]));
        const mappings = await insertMany('sn_dpr_pace_policy_mapping', releases.map((r, i) => ({ release: r, phase: phases[i], policy })));
        await insertMany('sn_dpr_policy_execution', releases.map((r, i) => ({ release: r, phase: phases[i], mapping: mappings[i], policy, status: 'compliant' })));
        await insertMany('sn_dpr_model_product_enhancement', releases.map((r) => ({ name: 'E', release: r, state: 'open' })));
        const bundle = await insert('sn_dpr_model_release_bundle', { name: `Bundle of ${size}` });
        await insertMany('sn_dpr_model_release_bundle_m2m', releases.map((r) => ({ bundle, release: r })));
        return bundle;
      });
    const small = await makeBundle(2);
    const large = await makeBundle(40);
    const statements = server.handle.services.database.statementCount;
    const measure = async (bundle: string) => {
      const before = statements();
      const res = await server.request('GET', `${PREFIXES[0]}/bundle/${bundle}?sendAggregation=true`, { auth: world.as('ru') });
      const used = statements() - before;
      expect(res.status).toBe(200);
      return { used, body: res.json };
    };
    await measure(small); // warms the credential cache
    const a = await measure(small);
    const b = await measure(large);
    const c = await measure(small);
    expect(b.body.releases.count).toBe(40);
    expect(b.body.aggregates).toEqual({
      releaseAggregate: { 'In Progress': 40 },
      taskAggregate: { approval: 40, nonApproval: 40 },
      policyAggregate: { Executed: 40, Pending: 0 },
      enhancementAggregate: { Open: 40, Closed: 0 },
    });
    expect(a.body.aggregates.taskAggregate).toEqual({ approval: 2, nonApproval: 2 });
    expect(b.used).toBe(a.used);
    expect(c.used).toBe(a.used);
    // Two reads (bundle, members) and four counting queries, plus whatever authentication costs.
    expect(a.used).toBeGreaterThanOrEqual(6);
    expect(a.used).toBeLessThanOrEqual(10);
  });

  it('lists Draft, On Hold and Restarting members under their labels', async () => {
    const bundle = await seed(server, async (insert, _many, trx) => {
      const held = await release(insert, 'on_hold');
      const restarting = await release(insert, 'restarting');
      const later = await release(insert, 'pending');
      const b = await insert('sn_dpr_model_release_bundle', { name: 'Labels' });
      for (const r of [held, restarting, later]) await insert('sn_dpr_model_release_bundle_m2m', { bundle: b, release: r });
      // A member can only be Draft if it went back after joining; write it below the rules.
      await trx.updateTable('sn_dpr_model_release').set({ state: 'draft' }).where('sys_id', '=', later).execute();
      return b;
    });
    const res = await server.request('GET', `${PREFIXES[0]}/bundle/${bundle}?sendAggregation=true`);
    expect(res.json.aggregates.releaseAggregate).toEqual({ Draft: 1, 'On Hold': 1, Restarting: 1 });
  });
});

describe.each(DIALECTS)('bundle state and membership rules (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let counter = 0;

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: NOW });
    world = await createWorld(server);
  });
  afterAll(async () => server?.close());

  const release = (state: string) =>
    seed(server, (insert) => insert('sn_dpr_model_release', { name: `State ${++counter}`, state, product: world.products.ledger }));
  const setState = (releaseId: string, state: string, source: 'engine' | 'table_api' = 'engine') =>
    inTransaction(server.handle.services.database.db, (trx) =>
      server.handle.services.store.update(trx, SYSTEM_ACTOR, 'sn_dpr_model_release', releaseId, { state }, { source }),
    );
  const link = (bundle: string, releaseId: string, source: 'engine' | 'table_api' = 'engine') =>
    inTransaction(server.handle.services.database.db, (trx) =>
      server.handle.services.store.insert(trx, SYSTEM_ACTOR, 'sn_dpr_model_release_bundle_m2m', { bundle, release: releaseId }, { source }),
    ).then((r) => String(r.sys_id));
  const unlink = (linkId: string) =>
    inTransaction(server.handle.services.database.db, (trx) => server.handle.services.store.delete(trx, SYSTEM_ACTOR, 'sn_dpr_model_release_bundle_m2m', linkId, { source: 'table_api' }));

  it('derives state and active from membership and release state changes', async () => {
    const bundle = await seed(server, (insert) => insert('sn_dpr_model_release_bundle', { name: 'Lifecycle', state: 'completed', active: false }));
    // A new bundle has no releases: Draft and active, whatever the insert asked for.
    expect(await bundleRow(server, bundle)).toMatchObject({ state: 'draft', active: 1 });

    const a = await release('pending');
    const b = await release('pending');
    const linkA = await link(bundle, a, 'table_api');
    expect(await bundleRow(server, bundle)).toMatchObject({ state: 'ready', active: 1 });
    await link(bundle, b);
    expect((await bundleRow(server, bundle)).state).toBe('ready');

    await setState(a, 'in_progress', 'table_api');
    expect((await bundleRow(server, bundle)).state).toBe('in_progress');
    await setState(a, 'completed');
    expect((await bundleRow(server, bundle)).state).toBe('in_progress'); // Completed + Pending
    await setState(b, 'cancelled');
    const completed = await bundleRow(server, bundle);
    expect(completed).toMatchObject({ state: 'completed', active: 0 });
    expect(completed.sys_updated_by).toBe('system');

    // A new Pending member reopens the bundle.
    const c = await release('pending');
    const linkC = await link(bundle, c, 'table_api');
    expect(await bundleRow(server, bundle)).toMatchObject({ state: 'in_progress', active: 1 });
    await unlink(linkC);
    expect(await bundleRow(server, bundle)).toMatchObject({ state: 'completed', active: 0 });

    // Removing every member makes it Draft again; deleting a member release counts as removing it.
    await unlink(linkA);
    expect((await bundleRow(server, bundle)).state).toBe('completed'); // b (cancelled) remains
    await inTransaction(server.handle.services.database.db, (trx) => server.handle.services.store.delete(trx, SYSTEM_ACTOR, 'sn_dpr_model_release', b));
    expect(await bundleRow(server, bundle)).toMatchObject({ state: 'draft', active: 1 });
  });

  it('refreshes every bundle that holds a release', async () => {
    const r = await release('pending');
    const [one, two] = await seed(server, async (insert) => [
      await insert('sn_dpr_model_release_bundle', { name: 'Shared one' }),
      await insert('sn_dpr_model_release_bundle', { name: 'Shared two' }),
    ]);
    await link(one, r);
    await link(two, r);
    await setState(r, 'review');
    expect((await bundleRow(server, one)).state).toBe('in_progress');
    expect((await bundleRow(server, two)).state).toBe('in_progress');
  });

  it('refuses to add a Draft release to a bundle (400), leaving the bundle unchanged', async () => {
    const bundle = await seed(server, (insert) => insert('sn_dpr_model_release_bundle', { name: 'No drafts' }));
    const draft = await release('draft');
    const error = await link(bundle, draft, 'table_api').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toBe('Draft releases cannot be added to a bundle');
    const members = await server.handle.services.database.db
      .selectFrom('sn_dpr_model_release_bundle_m2m')
      .select(sql<number>`count(*)`.as('n'))
      .where('bundle', '=', bundle)
      .executeTakeFirstOrThrow();
    expect(Number(members.n)).toBe(0);
    expect((await bundleRow(server, bundle)).state).toBe('draft');

    // Moving an existing link onto a Draft release is refused too.
    const pending = await release('pending');
    const linkId = await link(bundle, pending);
    const moved = await inTransaction(server.handle.services.database.db, (trx) =>
      server.handle.services.store.update(trx, SYSTEM_ACTOR, 'sn_dpr_model_release_bundle_m2m', linkId, { release: draft }, { source: 'table_api' }),
    ).catch((e: unknown) => e);
    expect((moved as AppError).message).toBe('Draft releases cannot be added to a bundle');
  });

  it('answers the Draft refusal through the Table API with the platform envelope', async () => {
    const bundle = await seed(server, (insert) => insert('sn_dpr_model_release_bundle', { name: 'Via Table API' }));
    const draft = await release('draft');
    const res = await server.request('POST', '/api/now/table/sn_dpr_model_release_bundle_m2m', { body: { bundle, release: draft } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { message: 'Draft releases cannot be added to a bundle' }, status: 'failure' });

    const pending = await release('pending');
    const ok = await server.request('POST', '/api/now/table/sn_dpr_model_release_bundle_m2m', { body: { bundle, release: pending } });
    expect(ok.status).toBe(201);
    expect((await bundleRow(server, bundle)).state).toBe('ready');
    const removed = await server.request('DELETE', `/api/now/table/sn_dpr_model_release_bundle_m2m/${ok.json.result.sys_id}`);
    expect(removed.status).toBe(204);
    expect((await bundleRow(server, bundle)).state).toBe('draft');
  });
});
