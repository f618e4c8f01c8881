import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Services } from '../../../app.ts';
import { Clock } from '../../../platform/clock/clock.ts';
import { loadConfig } from '../../../platform/config/config.ts';
import pg from 'pg';
import { createPgDatabase, PG_ADMIN_URL, type Dialect } from '../../../../test/support/dialects.ts';
import { JobQueue } from '../job-queue.ts';
import { JobWorker, type JobWorkerOptions } from '../job-worker.ts';
import { Scheduler } from '../scheduler.ts';
import type { Backoff } from '../types.ts';

/** A fresh migrated database of one dialect; `open()` gives another process-like `Services` on it. */
export interface JobTestDatabase {
  url: string;
  open(): Promise<Services>;
  drop(): Promise<void>;
}

export async function createJobTestDatabase(dialect: Dialect): Promise<JobTestDatabase> {
  let url: string;
  let drop: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dpr-jobs-'));
    url = `sqlite:${join(dir, 'dpr.sqlite')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const created = await createPgDatabase();
    url = created.url;
    drop = async () => {
      // pg's pool.end() resolves before its sockets close; a forced drop at that moment kills them
      // mid-goodbye and surfaces as an uncaught error, so wait for them to leave first.
      await dropWhenIdle(url);
      await created.drop();
    };
  }
  const opened: Services[] = [];
  return {
    url,
    open: async () => {
      const services = await createServices(loadConfig({}, { DATABASE_URL: url, DPR_LOG_LEVEL: 'silent', DPR_DB_POOL_SIZE: 4 }));
      opened.push(services);
      return services;
    },
    drop: async () => {
      for (const s of opened.splice(0)) {
        await s.jobs.stop();
        await s.database.close();
      }
      await drop();
    },
  };
}

/** A clock that stands still unless a test moves it, so run_at and leases are exact. */
export function frozenClock(iso: string): Clock {
  return new Clock(new Date(iso), () => 0);
}

/** A queue, worker and scheduler over `services`' database, on a clock of the test's own. */
export function jobKit(services: Services, clock: Clock, options: Partial<JobWorkerOptions> & { backoff?: Backoff } = {}) {
  const db = services.database.db;
  const queue = new JobQueue(clock, options.backoff);
  const worker = new JobWorker({ db, clock, queue, concurrency: 4, pollMs: 10, ...options });
  const scheduler = new Scheduler({ db, clock, queue });
  return { db, queue, worker, scheduler };
}

async function dropWhenIdle(url: string): Promise<void> {
  const name = url.slice(url.lastIndexOf('/') + 1);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    for (let i = 0; i < 40; i++) {
      const { rows } = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await admin.end();
  }
}
