import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { PASSWORD, createWorld, type World } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import { freshDatabase, serverOn, type FreshDatabase } from './support/databases.ts';
import { recordFigure } from './support/figures.ts';
import { HttpClient, basicAuth, type Answer } from './support/http-client.ts';
import { DPR_BASE, releaseBody } from './support/world.ts';

const CONCURRENT_COMPLETIONS = 50;
const CONCURRENT_RETARGETS = 20;
const CONCURRENT_LINKS = 20;

describe.each(DIALECTS)('races on one release (%s)', (dialect) => {
  let database: FreshDatabase;
  let server: TestServer;
  let world: World;
  let client: HttpClient;
  const db = (): Kysely<any> => server.handle.services.database.db;
  const as = (user: 'pm' | 'ra' | 'rc') => basicAuth(user, PASSWORD);

  const createRelease = async () => {
    const res = await client.send({ method: 'POST', path: `${DPR_BASE}/release`, authorization: as('pm'), body: releaseBody(world, world.templates.timeline) });
    expect(res.status, res.text).toBe(201);
    return String(res.json.result.releaseId);
  };
  const releaseRow = (id: string) => db().selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', id).executeTakeFirstOrThrow();
  const phaseRows = (id: string) => db().selectFrom('sn_dpr_model_release_phase').selectAll().where('release', '=', id).orderBy('order').execute();
  const expectCleanRefusal = (res: Answer) => {
    expect(res.status, res.text).toBe(400);
    expect(res.json).toEqual({ result: { error: true, message: expect.any(String) } });
  };

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    // The API role: no poll loop, so nothing but the requests under test touches the release.
    server = await serverOn(database, { DPR_ROLE: 'api' });
    world = await createWorld(server);
    client = new HttpClient(server.url, CONCURRENT_COMPLETIONS);
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
    await database?.drop();
  });

  it(`${CONCURRENT_COMPLETIONS} concurrent complete_phase calls advance each phase exactly once; the others get a clean 400`, async () => {
    const id = await createRelease();
    const phases = await phaseRows(id);
    let requests = 0;
    for (const [index, phase] of phases.entries()) {
      await db().updateTable('task').set({ state: 3, approval: 'approved', active: 0 }).where('phase', '=', phase.sys_id).execute();
      const answers = await Promise.all(
        Array.from({ length: CONCURRENT_COMPLETIONS }, (_, i) =>
          client.send({ method: 'POST', path: `${DPR_BASE}/release_id/${id}/complete_phase`, authorization: as((['pm', 'ra', 'rc'] as const)[i % 3]) }),
        ),
      );
      requests += answers.length;
      const won = answers.filter((a) => a.status === 201);
      expect(won, answers.map((a) => `${a.status} ${a.text}`).join('\n')).toHaveLength(1);
      expect(won[0]!.json).toEqual({ result: { status: 'success', message: 'Release phase is marked as complete', phaseSysId: phase.sys_id } });
      for (const lost of answers.filter((a) => a.status !== 201)) expectCleanRefusal(lost);

      const after = await phaseRows(id);
      expect(after).toHaveLength(phases.length);
      expect(after.map((p) => p.state)).toEqual(after.map((_, i) => (i <= index ? 'completed' : i === index + 1 ? 'in_progress' : 'pending')));
      const next = after[index + 1];
      const release = await releaseRow(id);
      if (next) {
        expect(release.current_phase).toBe(next.sys_id);
        // The next phase's tasks were opened once: the first open, the second still waiting.
        const tasks = await db().selectFrom('task').select('state').where('phase', '=', next.sys_id).orderBy('order').execute();
        expect(tasks.map((t) => t.state)).toEqual([1, -5]);
      } else {
        expect(release).toMatchObject({ state: 'review', current_phase: null });
      }
    }
    recordFigure(`races-complete-phase-${dialect}`, { requests, phasesAdvanced: phases.length });
  });

  it(`${CONCURRENT_RETARGETS} concurrent retargets and ${CONCURRENT_LINKS} related_task links on one release leave one consistent state`, async () => {
    const id = await createRelease();
    const control = await createRelease();
    const before = await releaseRow(id);
    const { targets, tasks } = await inTransaction(db(), async (trx) => {
      const insert = (table: string, values: Record<string, unknown>) => server.handle.services.store.insert(trx, SYSTEM_ACTOR, table, values);
      const targets = new Map<string, string>();
      for (let k = 1; k <= CONCURRENT_RETARGETS; k++) {
        // Fridays after 2026-03-20, one week apart.
        const date = new Date(Date.parse('2026-03-20T00:00:00Z') + 7 * k * 86_400_000).toISOString().slice(0, 10);
        const row = await insert('sn_dpr_model_release_target', { name: `Race target ${date}`, date, release_calendar: world.calendar, release_admin: world.users.ra });
        targets.set(String(row.sys_id), date);
      }
      const tasks: string[] = [];
      for (let k = 0; k < 12; k++) tasks.push(String((await insert(['incident', 'problem', 'sc_request'][k % 3]!, { short_description: `Race task ${k}` })).sys_id));
      return { targets, tasks };
    });
    const retargets = [...targets.keys()].map((target, i) =>
      client.send({ method: 'PUT', path: `${DPR_BASE}/release/${id}/retarget`, authorization: as(i % 2 ? 'pm' : 'ra'), body: { releaseTarget: target } }),
    );
    const links = Array.from({ length: CONCURRENT_LINKS }, (_, i) =>
      client.send({
        method: 'POST',
        path: `${DPR_BASE}/release/${id}/related_task`,
        authorization: as(i % 2 ? 'pm' : 'ra'),
        body: { taskIds: [tasks[i % 12], tasks[(i + 1) % 12], tasks[(i + 5) % 12]] },
      }),
    );
    const [retargeted, linked] = await Promise.all([Promise.all(retargets), Promise.all(links)]);
    for (const res of retargeted) {
      expect(res.status, res.text).toBe(200);
      expect(res.json).toEqual({ result: { error: false, message: '' } });
    }
    for (const res of linked) expect(res.status, res.text).toBe(201);

    // The final target is one of those asked for, and the whole plan follows it: the same dates as
    // a release retargeted there alone.
    const after = await releaseRow(id);
    const final = targets.get(String(after.release_target));
    expect(final).toBeDefined();
    expect(after.readiness_date).toBe(final);
    const alone = await client.send({ method: 'PUT', path: `${DPR_BASE}/release/${control}/retarget`, authorization: as('pm'), body: { releaseTarget: after.release_target } });
    expect(alone.status, alone.text).toBe(200);
    const plan = async (releaseId: string) => ({
      release: await db().selectFrom('sn_dpr_model_release').select(['planned_start_date', 'planned_end_date', 'readiness_date']).where('sys_id', '=', releaseId).executeTakeFirstOrThrow(),
      phases: (await phaseRows(releaseId)).map((p) => [p.name, p.planned_start_date, p.planned_end_date]),
      keyDates: (
        await db().selectFrom('sn_dpr_model_release_key_date').select(['name', 'due_date']).where('release', '=', releaseId).orderBy('name').execute()
      ).map((k) => [k.name, k.due_date]),
    });
    expect(await plan(id)).toEqual(await plan(control));
    // Every retarget applied, one after the other (none lost to a concurrent write).
    expect(after.sys_mod_count).toBe(Number(before.sys_mod_count) + CONCURRENT_RETARGETS);

    // Every task linked exactly once.
    const rows = await db().selectFrom('sn_dpr_model_release_related_task_m2m').select('task').where('release', '=', id).execute();
    expect(rows.map((r) => r.task).sort()).toEqual([...tasks].sort());
    recordFigure(`races-retarget-links-${dialect}`, { retargets: CONCURRENT_RETARGETS, linkRequests: CONCURRENT_LINKS, linksCounted: rows.length });
  });
});
