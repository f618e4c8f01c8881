import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import { createPolicyTemplate, createRelease, db, executions, packPolicy, phases, requestRun, startPolicyServer } from './policy-world.ts';

describe.each(DIALECTS)('policy runs with two workers on one database (%s)', (dialect) => {
  let server: TestServer;
  let second: Services;
  let world: World;
  let template: string;

  beforeAll(async () => {
    server = await startPolicyServer(dialect);
    // A second process on the same database: its own pool, job worker and handlers.
    second = await createServices(server.handle.services.config);
    world = await createWorld(server);
    template = await createPolicyTemplate(server, world, [{ policy: await packPolicy(server, 'all_phase_tasks_closed') }, { policy: await packPolicy(server, 'no_critical_vulnerabilities') }]);
  });
  afterAll(async () => {
    await second?.jobs.stop();
    await second?.database.close();
    await server?.close();
  });

  it('processes each queued run exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await createRelease(server, world, template);
      expect((await requestRun(server, world, id)).status).toBe(201);
      ids.push(id);
    }
    // Both pools warm, then both workers drain at once (each runs up to four jobs at a time).
    await second.database.db.selectFrom('sys_job').select('sys_id').limit(1).execute();
    const [a, b] = await Promise.all([server.handle.services.jobs.worker.drain(), second.jobs.worker.drain()]);
    expect(a.ran + b.ran).toBe(12);
    // On PostgreSQL both take part (each holds at most four jobs at once). Two SQLite connections
    // in one process serialize on the file lock, so there one may do all the work; no job runs twice.
    if (dialect === 'postgres') expect(Math.min(a.ran, b.ran)).toBeGreaterThan(0);
    const jobs = await db(server).selectFrom('sys_job').selectAll().where('job_type', '=', 'policy.run').execute();
    expect(jobs).toHaveLength(12);
    for (const job of jobs) expect(job).toMatchObject({ state: 'done', attempts: 1, idempotency_key: null });
    for (const id of ids) {
      const rows = await executions(server, id);
      expect(rows).toHaveLength(2);
      expect(new Set(rows.map((r) => r.run_id)).size).toBe(1);
      expect((await phases(server, id))[0].policy_status).toBe('non_compliant');
    }
  });
});
