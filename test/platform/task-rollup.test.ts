import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { createRelease } from '../policy/policy-world.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/server.ts';

interface Counts {
  release: string;
  phase: string;
  tasks: number;
  approved: number;
}

const sortCounts = (rows: Counts[]) =>
  rows.map((r) => ({ ...r, tasks: Number(r.tasks), approved: Number(r.approved) })).sort((a, b) => `${a.release}/${a.phase}`.localeCompare(`${b.release}/${b.phase}`));

/** The counts as the task rows give them today. */
async function liveCounts(db: Kysely<any>): Promise<Counts[]> {
  const { rows } = await sql<Counts>`
    select release, coalesce(phase, '') as phase, count(*) as tasks, sum(case when approval = 'approved' then 1 else 0 end) as approved
    from task where sys_class_name = 'sn_dpr_model_release_task' and release is not null
    group by release, coalesce(phase, '')`.execute(db);
  return sortCounts(rows);
}

async function rollupCounts(db: Kysely<any>): Promise<Counts[]> {
  return sortCounts(await db.selectFrom('dpr_release_task_rollup').select(['release', 'phase', 'tasks', 'approved']).execute());
}

// The per-release, per-phase task counts behind bundle aggregates are kept by database triggers
// (migration 0004). Whatever writes a task — the engine, the Table API, plain SQL, a cascade —
// the counts must equal a recount of the task rows.
describe.each(DIALECTS)('release task rollup (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let db: Kysely<any>;
  let releases: string[];

  const expectInStep = async () => {
    const rollup = await rollupCounts(db);
    expect(rollup).toEqual(await liveCounts(db));
    expect(rollup.every((r) => r.tasks > 0)).toBe(true);
  };
  const tasksOf = (release: string) =>
    db.selectFrom('task').select(['sys_id', 'phase']).where('release', '=', release).where('sys_class_name', '=', 'sn_dpr_model_release_task').orderBy('number').execute();

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_ROLE: 'api', DPR_NOW: '2025-10-01T00:00:00Z' });
    world = await createWorld(server);
    db = server.handle.services.database.db;
    releases = [await createRelease(server, world, world.templates.timeline), await createRelease(server, world, world.templates.timeline)];
  });
  afterAll(() => server?.close());

  it('counts the tasks a release is created with', async () => {
    expect((await rollupCounts(db)).filter((r) => releases.includes(r.release)).length).toBeGreaterThan(1);
    await expectInStep();
  });

  it('follows approvals and deletes made through the Table API', async () => {
    const needsApproval = await db.selectFrom('task').select('sys_id').where('release', '=', releases[0]).where('need_approval', '=', 1).executeTakeFirstOrThrow();
    // Its turn comes first (sequential tasks): the Table API refuses approving a Pending task.
    await db.updateTable('task').set({ state: 1 }).where('sys_id', '=', needsApproval.sys_id).execute();
    const approve = await server.request('PATCH', `/api/now/table/sn_dpr_model_release_task/${needsApproval.sys_id}`, { body: { approval: 'approved' } });
    expect(approve.status, approve.text).toBe(200);
    await expectInStep();
    const third = (await tasksOf(releases[0])).find((t) => t.sys_id !== needsApproval.sys_id)!;
    const res = await server.request('DELETE', `/api/now/table/sn_dpr_model_release_task/${third.sys_id}`);
    expect(res.status, res.text).toBe(204);
    await expectInStep();
  });

  it('follows tasks moved between phases and releases, or left without a phase, in plain SQL', async () => {
    const tasks = await tasksOf(releases[0]);
    const otherPhase = tasks.find((t) => t.phase !== tasks[0].phase)!.phase;
    await db.updateTable('task').set({ phase: otherPhase }).where('sys_id', '=', tasks[0].sys_id).execute();
    await db.updateTable('task').set({ phase: null }).where('sys_id', '=', tasks[1].sys_id).execute();
    await db.updateTable('task').set({ release: releases[1] }).where('sys_id', '=', tasks[2].sys_id).execute();
    await db.updateTable('task').set({ sys_class_name: 'task' }).where('sys_id', '=', tasks[3].sys_id).execute();
    await db.updateTable('task').set({ approval: 'approved' }).where('sys_id', 'in', [tasks[4].sys_id, tasks[5].sys_id]).execute();
    await db.updateTable('task').set({ approval: 'rejected' }).where('sys_id', '=', tasks[4].sys_id).execute();
    // An update that touches none of the counted columns leaves the counts alone.
    await db.updateTable('task').set({ short_description: 'Renamed' }).where('release', '=', releases[0]).execute();
    await expectInStep();
  });

  it('counts nothing from a transaction that rolled back', async () => {
    const before = await rollupCounts(db);
    const { store } = server.handle.services;
    await expect(
      inTransaction(db, async (trx) => {
        await store.insert(trx, SYSTEM_ACTOR, 'sn_dpr_model_release_task', { release: releases[1], short_description: 'Rolled back', approval: 'approved' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await rollupCounts(db)).toEqual(before);
  });

  it('drops the counts of a deleted release (its tasks go by cascade)', async () => {
    const res = await server.request('DELETE', `/api/now/table/sn_dpr_model_release/${releases[0]}`);
    expect(res.status, res.text).toBe(204);
    expect((await rollupCounts(db)).some((r) => r.release === releases[0])).toBe(false);
    await expectInStep();
  });
});
