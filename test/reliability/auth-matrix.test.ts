import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DPR, ENDPOINT_ROLES } from '../../src/modules/dpr/roles.ts';
import { DPR_PREFIXES } from '../../src/modules/dpr/dpr-routes.ts';
import { TARGET_PREVIEW_ROLES } from '../../src/modules/calendar/routes.ts';
import { READ_RULES, WRITE_GRANTS, type WriteOperation } from '../../src/modules/table-api/access.ts';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { PASSWORD, USERS, createWorld } from '../support/fixtures.ts';
import { ADMIN_PASSWORD, type TestServer } from '../support/server.ts';
import { freshDatabase, serverOn, type FreshDatabase } from './support/databases.ts';
import { recordFigure } from './support/figures.ts';
import { HttpClient, basicAuth } from './support/http-client.ts';

/**
 * Every endpoint × {no credentials, bad password, expired token, each DPR role, admin} → the exact
 * status. Who passes is never written here by hand: it comes from the role rules themselves
 * (ENDPOINT_ROLES, the Table API's READ_RULES/WRITE_GRANTS, containment from sys_user_role_contains),
 * and the route list is checked against the server's, so a new endpoint or a changed rule cannot
 * slip past this suite. What is written here is only the status a permitted caller gets for the
 * harmless request sent (an unknown id or an empty body: 400/404, so nothing is created).
 */

type Who = 'public' | 'authenticated' | readonly string[];

interface Endpoint {
  method: string;
  /** The route as registered (checked against the server's routes). */
  route: string;
  /** The request sent (the route with its parameters filled in). */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  who: Who;
  /** The status a permitted caller gets for this request. */
  ok: number;
}

const UNKNOWN = 'f'.repeat(32);
const TASK = 'sn_dpr_model_release_task';

const readers = (table: string, tableRoot: string): Who => {
  const rule = READ_RULES.find((r) => r.matches({ name: table, root: tableRoot } as never));
  return rule ? rule.readers : ['admin'];
};
const writers = (table: string, operation: WriteOperation): Who => {
  const roles = WRITE_GRANTS.filter((g) => g.table === table && g.operation === operation).flatMap((g) => g.roles);
  return roles.length ? roles : ['admin'];
};

function dprEndpoints(): Endpoint[] {
  const list: Array<Omit<Endpoint, 'route' | 'path'> & { sub: string; at: string }> = [
    { method: 'POST', sub: '/release', at: '/release', body: {}, who: ENDPOINT_ROLES.createRelease, ok: 400 },
    { method: 'POST', sub: '/release_id/:releaseId/complete_phase', at: `/release_id/${UNKNOWN}/complete_phase`, who: ENDPOINT_ROLES.completePhase, ok: 400 },
    { method: 'POST', sub: '/release_calendar', at: '/release_calendar', body: {}, who: ENDPOINT_ROLES.releaseCalendar, ok: 400 },
    { method: 'POST', sub: '/release_target', at: '/release_target', body: {}, who: ENDPOINT_ROLES.releaseTarget, ok: 400 },
    { method: 'POST', sub: '/release/:releaseId/key_date', at: `/release/${UNKNOWN}/key_date`, body: {}, who: ENDPOINT_ROLES.keyDate, ok: 400 },
    { method: 'POST', sub: '/release/:releaseId/related_task', at: `/release/${UNKNOWN}/related_task`, body: {}, who: ENDPOINT_ROLES.relatedTask, ok: 400 },
    { method: 'PUT', sub: '/release/:sysId/retarget', at: `/release/${UNKNOWN}/retarget`, body: {}, who: ENDPOINT_ROLES.retarget, ok: 400 },
    { method: 'POST', sub: '/release/:releaseId/policies/run', at: `/release/${UNKNOWN}/policies/run`, who: ENDPOINT_ROLES.policyRun, ok: 400 },
    { method: 'GET', sub: '/releases/:releaseId/policies/status', at: `/releases/${UNKNOWN}/policies/status`, who: ENDPOINT_ROLES.policyStatus, ok: 400 },
    { method: 'GET', sub: '/bundle/:sysId', at: `/bundle/${UNKNOWN}`, who: ENDPOINT_ROLES.getBundle, ok: 400 },
    { method: 'POST', sub: '/product_enhancement', at: '/product_enhancement', body: {}, who: ENDPOINT_ROLES.productEnhancement, ok: 400 },
  ];
  return DPR_PREFIXES.flatMap((prefix) => list.map(({ sub, at, ...e }) => ({ ...e, route: prefix + sub, path: prefix + at })));
}

function otherEndpoints(): Endpoint[] {
  const lifecycle = ['hold', 'resume', 'restart_phase', 'cancel', 'complete'].map(
    (action): Endpoint => ({ method: 'POST', route: `/api/dpr/release/:releaseId/${action}`, path: `/api/dpr/release/${UNKNOWN}/${action}`, body: {}, who: [DPR.releaseAdmin], ok: 400 }),
  );
  const tables = ['/api/now/table', '/api/now/v1/table', '/api/now/v2/table'].flatMap((prefix): Endpoint[] => {
    // v1 answers an empty list with 404 "No Record found" (the platform's quirk); these tables are empty.
    const list = prefix.includes('/v1/') ? 404 : 200;
    return [
    { method: 'GET', route: `${prefix}/:table`, path: `${prefix}/sn_dpr_model_release?sysparm_limit=1`, who: readers('sn_dpr_model_release', 'sn_dpr_model_release'), ok: list },
    { method: 'GET', route: `${prefix}/:table`, path: `${prefix}/incident?sysparm_limit=1`, who: readers('incident', 'task'), ok: list },
    { method: 'GET', route: `${prefix}/:table`, path: `${prefix}/sys_dictionary?sysparm_limit=1`, who: readers('sys_dictionary', 'sys_dictionary'), ok: 200 },
    { method: 'GET', route: `${prefix}/:table`, path: `${prefix}/sys_job?sysparm_limit=1`, who: readers('sys_job', 'sys_job'), ok: list },
    { method: 'GET', route: `${prefix}/:table/:sys_id`, path: `${prefix}/sn_dpr_model_release/${UNKNOWN}`, who: readers('sn_dpr_model_release', 'sn_dpr_model_release'), ok: 404 },
    { method: 'POST', route: `${prefix}/:table`, path: `${prefix}/sn_dpr_model_release`, body: { name: 123, state: 'nonsense' }, who: writers('sn_dpr_model_release', 'insert'), ok: 400 },
    { method: 'PATCH', route: `${prefix}/:table/:sys_id`, path: `${prefix}/${TASK}/${UNKNOWN}`, body: { state: '3' }, who: writers(TASK, 'update'), ok: 404 },
    { method: 'PUT', route: `${prefix}/:table/:sys_id`, path: `${prefix}/${TASK}/${UNKNOWN}`, body: { state: '3' }, who: writers(TASK, 'update'), ok: 404 },
    { method: 'DELETE', route: `${prefix}/:table/:sys_id`, path: `${prefix}/sys_user/${UNKNOWN}`, who: writers('sys_user', 'delete'), ok: 404 },
    ];
  });
  return [
    ...lifecycle,
    ...tables,
    { method: 'GET', route: '/api/dpr/clock', path: '/api/dpr/clock', who: ['admin'], ok: 200 },
    { method: 'POST', route: '/api/dpr/clock', path: '/api/dpr/clock', body: {}, who: ['admin'], ok: 400 },
    { method: 'GET', route: '/api/dpr/release_target/preview', path: '/api/dpr/release_target/preview', who: TARGET_PREVIEW_ROLES, ok: 400 },
    { method: 'GET', route: '/api/dpr/stats', path: '/api/dpr/stats', who: ['admin'], ok: 200 },
    { method: 'GET', route: '/api/dpr/me', path: '/api/dpr/me', who: 'authenticated', ok: 200 },
    { method: 'GET', route: '/health', path: '/health', who: 'public', ok: 200 },
    { method: 'GET', route: '/health/ready', path: '/health/ready', who: 'public', ok: 200 },
    {
      method: 'POST',
      route: '/oauth_token.do',
      path: '/oauth_token.do',
      body: 'grant_type=password&client_id=nope&client_secret=nope&username=x&password=y',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      who: 'public',
      ok: 401,
    },
    { method: 'GET', route: '/api/openapi.json', path: '/api/openapi.json', who: 'public', ok: 200 },
    { method: 'GET', route: '/api/docs', path: '/api/docs', who: 'public', ok: 200 },
  ];
}

/** Parameter names do not matter (`/:releaseId|:sysId/x` in the tree is one node for two names). */
const shape = (route: string) => route.replace(/:\w+(\|:\w+)*/g, ':param');

/** Every route path the server registered, read from Fastify's route tree. */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    if (match[3]) routes.push(path);
  }
  return routes;
}

const CASES = ['no credentials', 'bad password', 'expired token', ...Object.keys(USERS), 'admin'] as const;

describe('auth matrix: every endpoint × every kind of caller (sqlite)', () => {
  let database: FreshDatabase;
  let server: TestServer;
  let client: HttpClient;
  let expiredToken: string;
  const expanded = new Map<string, Set<string>>();

  beforeAll(async () => {
    database = await freshDatabase('sqlite');
    server = await serverOn(database, { DPR_ROLE: 'api' });
    await createWorld(server);
    client = new HttpClient(server.url, 8);
    for (const [key, role] of Object.entries(USERS)) expanded.set(key, await server.handle.services.roles.expand(role ? [role] : []));
    expanded.set('admin', new Set(['admin']));
    // A token that was valid once: issued by the token endpoint, then past its expiry.
    const { store, database: dbh } = server.handle.services;
    const pm = await dbh.db.selectFrom('sys_user').select('sys_id').where('user_name', '=', 'pm').executeTakeFirstOrThrow();
    await inTransaction(dbh.db, (trx) => store.insert(trx, SYSTEM_ACTOR, 'oauth_entity', { name: 'Matrix', client_id: 'matrix', client_secret: 'matrix-secret', user: pm.sys_id }));
    const grant = await client.send({
      method: 'POST',
      path: '/oauth_token.do',
      body: 'grant_type=client_credentials&client_id=matrix&client_secret=matrix-secret',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(grant.status, grant.text).toBe(200);
    expiredToken = grant.json.access_token;
    expect((await client.send({ method: 'GET', path: '/api/dpr/me', authorization: `Bearer ${expiredToken}` })).status).toBe(200);
    await dbh.db.updateTable('oauth_credential').set({ expires: '2000-01-01 00:00:00' }).execute();
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
    await database?.drop();
  });

  const endpoints = [...dprEndpoints(), ...otherEndpoints()];

  it('covers every route the server registers', async () => {
    const covered = new Set(endpoints.map((e) => shape(e.route)));
    const registered = registeredRoutes(server.handle.app.printRoutes({ commonPrefix: false }));
    // Static assets of the docs UI and the workspace, and CORS pre-flight, are public files, not endpoints.
    const missing = registered.filter((r) => !covered.has(shape(r)) && !/^\/api\/docs.|^\/workspace|^\*$/.test(r));
    expect(missing, 'add these routes to the auth matrix').toEqual([]);
  });

  const expected = (endpoint: Endpoint, who: (typeof CASES)[number]): number => {
    if (endpoint.who === 'public') return endpoint.ok;
    if (who === 'no credentials' || who === 'bad password' || who === 'expired token') return 401;
    if (endpoint.who === 'authenticated') return endpoint.ok;
    const roles = expanded.get(who)!;
    return roles.has('admin') || endpoint.who.some((r) => roles.has(r)) ? endpoint.ok : 403;
  };

  it('answers each endpoint × caller with the exact status the role rules give', async () => {
    let requests = 0;
    let address = 0;
    const failures: string[] = [];
    for (const endpoint of endpoints) {
      for (const who of CASES) {
        let authorization: string | undefined;
        let localAddress: string | undefined;
        if (who === 'bad password') {
          authorization = basicAuth('pm', 'wrong-password');
          // Each wrong guess from its own loopback address, so the login throttle (tested in
          // security.test.ts) does not turn the matrix's 401s into 429s.
          address++;
          localAddress = `127.0.${1 + Math.floor(address / 250)}.${1 + (address % 250)}`;
        } else if (who === 'expired token') authorization = `Bearer ${expiredToken}`;
        else if (who === 'admin') authorization = basicAuth('admin', ADMIN_PASSWORD);
        else if (who !== 'no credentials') authorization = basicAuth(who, PASSWORD);
        const res = await client.send({ method: endpoint.method, path: endpoint.path, body: endpoint.body, headers: endpoint.headers, authorization, localAddress });
        requests++;
        const want = expected(endpoint, who);
        if (res.status !== want) failures.push(`${endpoint.method} ${endpoint.path} as ${who}: ${res.status} (expected ${want}) ${res.text.slice(0, 200)}`);
        if (want === 401 && endpoint.who !== 'public') expect(res.json).toMatchObject({ error: { message: 'User Not Authenticated' }, status: 'failure' });
        if (want === 403) expect(res.json).toMatchObject({ error: { message: 'User Not Authorized' }, status: 'failure' });
      }
    }
    expect(failures).toEqual([]);
    recordFigure('auth-matrix', { endpoints: endpoints.length, callers: CASES.length, requests });
  });
});
