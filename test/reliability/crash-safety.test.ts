import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { PASSWORD } from '../support/fixtures.ts';
import { ADMIN_PASSWORD } from '../support/server.ts';
import { NOW, freshDatabase, serverOn, type FreshDatabase } from './support/databases.ts';
import { openReader, type DbReader } from './support/db-reader.ts';
import { spawnDpr, type DprProcess } from './support/dpr-process.ts';
import { recordFigure } from './support/figures.ts';
import { HttpClient, basicAuth, inParallel } from './support/http-client.ts';
import { DPR_BASE, createReliabilityWorld, releaseBody, type ReliabilityWorld } from './support/world.ts';

/** Requests in the write load; the server is killed once KILL_AFTER of them have been answered. */
const WRITES = 2000;
const KILL_AFTER = 1500;
const LANES = 16;
/** The fixture timeline template: 4 phases, 2 tasks and 1 key date each. */
const PHASES = 4;
const TASKS = 8;
const KEY_DATES = 4;
const POLICY_RELEASES = 40;

describe.each(DIALECTS)('crash safety: SIGKILL under load (%s)', (dialect) => {
  let database: FreshDatabase;
  let fixtures: ReliabilityWorld;
  let reader: DbReader;
  let live: DprProcess | undefined;
  const env = (extra: Record<string, string> = {}) => ({ DPR_ADMIN_PASSWORD: ADMIN_PASSWORD, DPR_NOW: NOW, DPR_JOB_POLL_MS: '20', DPR_LOG_LEVEL: 'warn', ...extra });
  const start = async (extra: Record<string, string> = {}) => {
    live = await spawnDpr({ databaseUrl: database.url, role: 'all', env: env(extra) });
    return live;
  };

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    const fixtureServer = await serverOn(database, { DPR_ROLE: 'api' });
    try {
      fixtures = await createReliabilityWorld(fixtureServer);
    } finally {
      await fixtureServer.close();
    }
    reader = await openReader(database);
  });
  afterAll(async () => {
    await live?.stop();
    await reader?.close();
    await database?.drop();
  });

  it(`keeps every acknowledged write of a ${WRITES}-request load, and nothing half-written, across a SIGKILL`, async () => {
    const server = await start();
    const client = new HttpClient(server.url!, LANES);
    const pm = basicAuth('pm', PASSWORD);
    const acknowledged = { releases: [] as string[], incidents: new Map<string, string>() };
    let answered = 0;
    let refused = 0;
    let killing: Promise<void> | undefined;
    const started = Date.now();
    await inParallel(Array.from({ length: WRITES }, (_, i) => i), LANES, async (i) => {
      if (killing) return;
      try {
        if (i % 8 === 0) {
          const res = await client.send({ method: 'POST', path: `${DPR_BASE}/release`, authorization: pm, body: releaseBody(fixtures.world, fixtures.world.templates.timeline) });
          if (res.status === 201) acknowledged.releases.push(String(res.json.result.releaseId));
          else expect(res.status, res.text).toBeLessThan(500);
        } else {
          const description = `crash-load ${dialect} ${i}`;
          const res = await client.send({ method: 'POST', path: '/api/now/table/incident', authorization: basicAuth('admin', ADMIN_PASSWORD), body: { short_description: description } });
          if (res.status === 201) acknowledged.incidents.set(String(res.json.result.sys_id), description);
          else expect(res.status, res.text).toBeLessThan(500);
        }
        if (++answered === KILL_AFTER) killing = server.kill();
      } catch {
        // The connection died with the server: the write was never acknowledged.
        refused++;
      }
    });
    await killing;
    client.close();
    expect(await server.exited).toBe('SIGKILL');
    const seconds = (Date.now() - started) / 1000;

    expect(await reader.integrityCheck()).toBe('ok');
    // Every acknowledged write is there, complete.
    const releaseIds = new Set((await reader.rows('select sys_id from sn_dpr_model_release')).map((r) => String(r.sys_id)));
    for (const id of acknowledged.releases) expect(releaseIds.has(id), `release ${id} was acknowledged`).toBe(true);
    const incidents = new Map((await reader.rows(`select sys_id, short_description from task where sys_class_name = 'incident'`)).map((r) => [String(r.sys_id), String(r.short_description)]));
    for (const [id, description] of acknowledged.incidents) expect(incidents.get(id)).toBe(description);
    // No release anywhere is half-written (acknowledged or not): all its phases, tasks and key dates.
    const count = async (table: string) =>
      new Map((await reader.rows(`select release, count(*) as n from ${table} group by release`)).map((r) => [String(r.release), Number(r.n)]));
    const phases = await count('sn_dpr_model_release_phase');
    const tasks = await count('task');
    const keyDates = await count('sn_dpr_model_release_key_date');
    const halfWritten = [...releaseIds].filter((id) => phases.get(id) !== PHASES || tasks.get(id) !== TASKS || keyDates.get(id) !== KEY_DATES);
    expect(halfWritten).toEqual([]);

    // It restarts on the same database and serves what was written.
    const again = await start();
    const check = new HttpClient(again.url!, 4);
    const sample = acknowledged.releases.slice(-5);
    for (const id of sample) {
      const res = await check.send({ method: 'GET', path: `/api/now/table/sn_dpr_model_release/${id}`, authorization: pm });
      expect(res.status, res.text).toBe(200);
    }
    check.close();
    await again.stop();
    live = undefined;
    recordFigure(`crash-writes-${dialect}`, {
      requestsSent: answered + refused,
      acknowledgedBeforeKill: answered,
      inFlightAtKill: refused,
      releasesAcknowledged: acknowledged.releases.length,
      incidentsAcknowledged: acknowledged.incidents.size,
      releasesChecked: releaseIds.size,
      seconds: Number(seconds.toFixed(1)),
    });
    expect(refused).toBeGreaterThan(0);
  });

  it('a worker killed mid-job has its jobs run again after the lease, each exactly once', async () => {
    const leaseMs = 2000;
    const server = await start({ DPR_JOB_LEASE_MS: String(leaseMs) });
    const client = new HttpClient(server.url!, 8);
    const pm = basicAuth('pm', PASSWORD);
    const releases = await inParallel(Array.from({ length: POLICY_RELEASES }), 4, async () => {
      const res = await client.send({ method: 'POST', path: `${DPR_BASE}/release`, authorization: pm, body: releaseBody(fixtures.world, fixtures.policyTemplate) });
      expect(res.status, res.text).toBe(201);
      return String(res.json.result.releaseId);
    });
    const runsBefore = Number((await reader.rows(`select count(*) as n from sys_job where job_type = 'policy.run'`))[0]!.n);
    await inParallel(releases, 8, async (id) => {
      const res = await client.send({ method: 'POST', path: `${DPR_BASE}/release/${id}/policies/run`, authorization: pm });
      expect(res.status, res.text).toBe(201);
    });
    client.close();
    // Kill the moment a run is in progress.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const running = await reader.rows(`select sys_id from sys_job where job_type = 'policy.run' and state = 'running'`);
      if (running.length) break;
    }
    await server.kill();
    const killedMidJob = await reader.rows(`select sys_id from sys_job where job_type = 'policy.run' and state = 'running'`);
    expect(killedMidJob.length, 'a job was running when the worker died').toBeGreaterThan(0);

    const restarted = await start({ DPR_JOB_LEASE_MS: String(leaseMs) });
    const until = Date.now() + 30_000;
    for (;;) {
      const left = Number((await reader.rows(`select count(*) as n from sys_job where job_type = 'policy.run' and state <> 'done'`))[0]!.n);
      if (left === 0) break;
      if (Date.now() > until) throw new Error(`${left} policy runs never finished:\n${restarted.lines.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await restarted.stop();
    live = undefined;

    const jobs = await reader.rows(`select sys_id, attempts from sys_job where job_type = 'policy.run'`);
    expect(jobs).toHaveLength(runsBefore + POLICY_RELEASES);
    const killedIds = new Set(killedMidJob.map((r) => String(r.sys_id)));
    for (const job of jobs) if (killedIds.has(String(job.sys_id))) expect(Number(job.attempts)).toBe(2);
    // Each release's run happened exactly once: one run id, one execution per mapping.
    const perRun = await reader.rows(`select release, run_id, count(*) as n from sn_dpr_policy_execution group by release, run_id`);
    for (const id of releases) {
      const runs = perRun.filter((r) => r.release === id);
      expect(runs, `runs of release ${id}`).toHaveLength(1);
      expect(Number(runs[0]!.n)).toBe(fixtures.mappingsPerRun);
    }
    expect(await reader.integrityCheck()).toBe('ok');
    recordFigure(`crash-worker-${dialect}`, { policyRuns: POLICY_RELEASES, jobsKilledMidRun: killedMidJob.length, jobsCounted: jobs.length, executionsCounted: perRun.reduce((a, r) => a + Number(r.n), 0) });
  });
});
