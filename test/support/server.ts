import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp, type AppHandle } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/platform/config/config.ts';
import { createPgDatabase, type Dialect } from './dialects.ts';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';

export const ADMIN_PASSWORD = 'admin-test-password';

export interface TestServer {
  dialect: Dialect;
  url: string;
  handle: AppHandle;
  databaseUrl: string;
  /** A request over real HTTP; `auth` is `[user, password]` for Basic or a bearer token string. */
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  auth?: [string, string] | string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

/** Requests over real HTTP to `url`; `auth` is `[user, password]` for Basic, a bearer token, or null. */
export function httpClient(url: string): TestServer['request'] {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const auth = options.auth === undefined ? ['admin', ADMIN_PASSWORD] : options.auth;
    if (Array.isArray(auth)) headers.authorization = basic(auth[0], auth[1]);
    else if (typeof auth === 'string') headers.authorization = `Bearer ${auth}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

/** Starts dpr on a real port over a fresh database of the given dialect. */
export async function startServer(dialect: Dialect, env: Partial<Config> = {}): Promise<TestServer> {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dpr-test-'));
    databaseUrl = `sqlite:${join(dir, 'dpr.sqlite')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const pgdb = await createPgDatabase();
    databaseUrl = pgdb.url;
    cleanup = pgdb.drop;
  }
  const config = loadConfig({}, { DATABASE_URL: databaseUrl, DPR_ADMIN_PASSWORD: ADMIN_PASSWORD, PORT: 0, DPR_LOG_LEVEL: 'silent', ...env });
  const handle = await buildApp(config, { logger: false });
  await handle.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = handle.app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const request = httpClient(url);
  return {
    dialect,
    url,
    handle,
    databaseUrl,
    request,
    close: async () => {
      await handle.close();
      await cleanup();
    },
  };
}

/** Creates a user with the given roles (through the record store, as the CLI does); returns its sys_id. */
export async function createUser(server: TestServer, userName: string, password: string, roles: string[] = [], extra: Record<string, unknown> = {}): Promise<string> {
  const { store, database } = server.handle.services;
  return inTransaction(database.db, async (trx) => {
    const user = await store.insert(trx, SYSTEM_ACTOR, 'sys_user', {
      user_name: userName,
      user_password: password,
      first_name: userName,
      last_name: 'Tester',
      name: `${userName} Tester`,
      ...extra,
    });
    for (const role of roles) {
      const r = await trx.selectFrom('sys_user_role').select('sys_id').where('name', '=', role).executeTakeFirst();
      if (!r) throw new Error(`unknown role ${role}`);
      await store.insert(trx, SYSTEM_ACTOR, 'sys_user_has_role', { user: user.sys_id, role: r.sys_id });
    }
    return String(user.sys_id);
  });
}
