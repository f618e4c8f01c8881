import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../../src/app.ts';
import { loadConfig, type Config } from '../../../src/platform/config/config.ts';
import { createPgDatabase, type Dialect } from '../../support/dialects.ts';
import { ADMIN_PASSWORD, httpClient, type TestServer } from '../../support/server.ts';

/** The reference date every reliability suite starts from (the fixtures' targets lie after it). */
export const NOW = '2025-10-01T00:00:00Z';

export interface FreshDatabase {
  dialect: Dialect;
  url: string;
  /** The SQLite file (undefined on PostgreSQL). */
  file?: string;
  drop(): Promise<void>;
}

/** An empty database of the dialect: a SQLite file in a temp folder, or a fresh PostgreSQL database. */
export async function freshDatabase(dialect: Dialect): Promise<FreshDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dpr-rel-'));
    const file = join(dir, 'dpr.sqlite');
    return { dialect, url: `sqlite:${file}`, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const pg = await createPgDatabase();
  return { dialect, url: pg.url, drop: pg.drop };
}

/**
 * An in-process server over an existing database (the suites use it to write fixtures through the
 * record store before real processes take over, and for the single-process suites). Shaped like
 * `startServer`'s handle so the shared fixture builders work on it; `close()` leaves the database.
 */
export async function serverOn(database: FreshDatabase, env: Partial<Config> = {}): Promise<TestServer> {
  const config = loadConfig({}, { DATABASE_URL: database.url, DPR_ADMIN_PASSWORD: ADMIN_PASSWORD, PORT: 0, DPR_LOG_LEVEL: 'silent', DPR_NOW: NOW, ...env });
  const handle = await buildApp(config, { logger: false });
  await handle.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(handle.app.server.address() as AddressInfo).port}`;
  const request = httpClient(url);
  return { dialect: database.dialect, url, handle, databaseUrl: database.url, request, close: () => handle.close() };
}
