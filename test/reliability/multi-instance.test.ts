import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { PASSWORD } from '../support/fixtures.ts';
import { ADMIN_PASSWORD } from '../support/server.ts';
import { NOW, freshDatabase, serverOn, type FreshDatabase } from './support/databases.ts';
import { spawnDpr, type DprProcess } from './support/dpr-process.ts';
import { HttpClient, basicAuth, inParallel, type Answer } from './support/http-client.ts';
import { DPR_BASE, createReliabilityWorld, releaseBody, type ReliabilityWorld } from './support/world.ts';
import { recordFigure } from './support/figures.ts';

const POLICY_RELEASES = 50;
const RUNS_PER_RELEASE = 10;
const STAGE_RELEASES = 50;
/** Design, Develop, Launch: three phase completions, then the release goes to Review. */
const STAGE_PHASES = 3;
const hourAfterStart = (hours: number) => new Date(Date.parse(NOW) + hours * 3_600_000 + 5 * 60_000).toISOString();

describe.skipIf(!DIALECTS.includes('postgres'))('multi-instance: 2 API and 2 worker processes on one PostgreSQL', () => {
  let database: FreshDatabase;
  let fixtures: ReliabilityWorld;
  let sql: pg.Client;
  const processes: DprProcess[] = [];
  const clients: HttpClient[] = [];
  let policyReleases: string[] = [];
  let stageReleases: string[] = [];
  const answers: Answer[] = [];

  const count = async (text: string, values: unknown[] = []) => Number((await sql.query(text, values)).rows[0].n);
  const waitFor = async (what: string, done: () => Promise<boolean>, timeoutMs = 60_000) => {
    const until = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    // Fixtures through the record store of one in-process server, which then goes away.
    const fixtureServer = await serverOn(database, { DPR_ROLE: 'api' });
    try {
      fixtures = await createReliabilityWorld(fixtureServer);
      const create = async (templateId: string) => {
        const res = await fixtureServer.request('POST', `${DPR_BASE}/release`, { auth: fixtures.world.as('pm'), body: releaseBody(fixtures.world, templateId) });
        expect(res.status, res.text).toBe(201);
        return String(res.json.result.releaseId);
      };
      policyReleases = await inParallel(Array.from({ length: POLICY_RELEASES }), 4, () => create(fixtures.policyTemplate));
      stageReleases = await inParallel(Array.from({ length: STAGE_RELEASES }), 4, () => create(fixtures.world.templates.stage));
    } finally {
      await fixtureServer.close();
    }
    const env = { DPR_ADMIN_PASSWORD: ADMIN_PASSWORD, DPR_NOW: NOW, DPR_JOB_POLL_MS: '50', DPR_DB_POOL_SIZE: '5' };
    processes.push(...(await Promise.all((['api', 'api', 'worker', 'worker'] as const).map((role) => spawnDpr({ databaseUrl: database.url, role, env })))));
    for (const p of processes.filter((p) => p.role === 'api')) clients.push(new HttpClient(p.url!, 16));
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(processes.map((p) => p.stop()));
    await sql?.end();
    await database?.drop();
  });

  it('runs 500 policy runs and 200 scheduled transitions across 100 releases, each exactly once, without deadlocks', async () => {
    const deadlocksBefore = await count('select deadlocks as n from pg_stat_database where datname = current_database()');
    const pm = basicAuth('pm', PASSWORD);
    const admin = basicAuth('admin', ADMIN_PASSWORD);
    const started = Date.now();
    for (let round = 0; round < RUNS_PER_RELEASE; round++) {
      const runs = inParallel(policyReleases, 16, async (id, i) => {
        const res = await clients[(i + round) % 2]!.send({ method: 'POST', path: `${DPR_BASE}/release/${id}/policies/run`, authorization: pm });
        answers.push(res);
        expect(res.status, res.text).toBe(201);
        expect(res.json.result.policyExecutionScheduled).toBe(true);
      });
      const transitions = (async () => {
        if (round >= STAGE_PHASES) return;
        // Release users close the current phase's tasks; the hourly job then moves every release on.
        await sql.query(
          `update task set state = 3, approval = 'approved', active = 0
             where phase in (select current_phase from sn_dpr_model_release where sys_id = any($1))`,
          [stageReleases],
        );
        const res = await clients[round % 2]!.send({ method: 'POST', path: '/api/dpr/clock', authorization: admin, body: { now: hourAfterStart(round + 1) } });
        answers.push(res);
        expect(res.status, res.text).toBe(200);
      })();
      await Promise.all([runs, transitions]);
      // Every run of this round must have started before the next round asks again, or the next
      // request would (rightly) be absorbed by the one still waiting.
      await waitFor('the round to run', async () => (await count(`select count(*) as n from sys_job where state <> 'done'`)) === 0);
    }
    const seconds = (Date.now() - started) / 1000;

    // Policy runs: one job per request, each run once, each run's executions written once.
    const jobs = (await sql.query(`select state, attempts, count(*)::int as n from sys_job where job_type = 'policy.run' group by state, attempts`)).rows;
    expect(jobs).toEqual([{ state: 'done', attempts: 1, n: POLICY_RELEASES * RUNS_PER_RELEASE }]);
    const perRun = (await sql.query(`select run_id, release, count(*)::int as n from sn_dpr_policy_execution group by run_id, release`)).rows;
    expect(perRun).toHaveLength(POLICY_RELEASES * RUNS_PER_RELEASE);
    expect(perRun.every((r) => r.n === fixtures.mappingsPerRun)).toBe(true);
    for (const id of policyReleases) expect(perRun.filter((r) => r.release === id)).toHaveLength(RUNS_PER_RELEASE);

    // Scheduled transitions: three hourly jobs, each run once; every stage release moved through
    // each of its phases exactly once and ended in Review.
    const transitionJobs = (await sql.query(`select state, attempts from sys_job where job_type = 'release.state_transitions' order by run_at`)).rows;
    expect(transitionJobs).toEqual(Array.from({ length: STAGE_PHASES }, () => ({ state: 'done', attempts: 1 })));
    const phaseRows = (await sql.query(`select release, state, actual_end_date from sn_dpr_model_release_phase where release = any($1)`, [stageReleases])).rows;
    expect(phaseRows).toHaveLength(STAGE_RELEASES * STAGE_PHASES);
    expect(phaseRows.every((p) => p.state === 'completed' && p.actual_end_date === '2025-10-01')).toBe(true);
    const inReview = await count(`select count(*) as n from sn_dpr_model_release where sys_id = any($1) and state = 'review' and current_phase is null`, [stageReleases]);
    expect(inReview).toBe(STAGE_RELEASES);
    const transitions = phaseRows.length + inReview;
    expect(transitions).toBe(200);

    // No deadlock, no server error, no failed job anywhere.
    expect(await count('select deadlocks as n from pg_stat_database where datname = current_database()')).toBe(deadlocksBefore);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(await count(`select count(*) as n from sys_job where last_error is not null or state = 'dead'`)).toBe(0);
    const logs = processes.flatMap((p) => p.lines);
    expect(logs.filter((l) => /deadlock|"level":(50|60)/i.test(l))).toEqual([]);
    // Both workers took a share. (Only workers log their runs: an API process runs the jobs a clock
    // move makes due with the silent job logger, so the logs can count fewer than 500, never more.)
    const runsLogged = processes.map((p) => p.lines.filter((l) => l.includes('"msg":"Policies run"')).length);
    expect(runsLogged.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(POLICY_RELEASES * RUNS_PER_RELEASE);
    expect(runsLogged.filter((n: number, i: number) => processes[i]!.role === 'worker' && n > 0)).toHaveLength(2);

    recordFigure('multi-instance', {
      processes: '2 api + 2 worker',
      policyRunsRequested: answers.length - STAGE_PHASES,
      policyRunJobsCounted: jobs[0].n,
      runsByProcess: Object.fromEntries(processes.map((p, i) => [`${p.role}${i}`, runsLogged[i]])),
      executionsCounted: perRun.length * fixtures.mappingsPerRun,
      scheduledTransitionsCounted: transitions,
      transitionJobsCounted: transitionJobs.length,
      seconds: Number(seconds.toFixed(1)),
    });
  });
});
