import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadBundleExtension } from '../../src/modules/bundle/bundle-extension.ts';
import { ReleaseBundleSNC } from '../../src/modules/bundle/release-bundle-snc.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import { ADMIN_PASSWORD, basic, startServer, type TestServer } from '../support/server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/extensions/release-bundle.mjs');
const PREFIXES = ['/api/sn_dpr/digital_product_release', '/api/sn_dpr/v1/digital_product_release'];
const SNC_URL = pathToFileURL(join(ROOT, 'src/modules/bundle/release-bundle-snc.ts')).href;

const dir = mkdtempSync(join(tmpdir(), 'dpr-ext-'));
/** Writes an extension module into the suite's temp folder and returns its absolute path. */
function moduleFile(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

const THROWING = moduleFile(
  'throwing.mjs',
  `export const ReleaseBundle = (Base) => class extends Base {
     async getReleaseBundleDetails() { throw new Error('boom from the extension'); }
   };`,
);
/** One server tries several behaviours, picked by the requested id. */
const THROWS_ID = 'e'.repeat(32);
const NUMBER_ID = 'f'.repeat(32);
const BEHAVIOURS = moduleFile(
  'behaviours.mjs',
  `export function ReleaseBundle(Base) {
     return class Behaviours extends Base {
       constructor(context) { super(context); this.greeting = 'hello ' + context.actor.userName; }
       getReleaseBundleDetails(sysId, sendAggregation) {
         if (sysId === '${THROWS_ID}') throw new Error('boom from the extension');
         if (sysId === '${NUMBER_ID}') return 42;
         // Synchronous on purpose: a plain object is accepted as well as a promise.
         return { sysId, received: sendAggregation, type: typeof sendAggregation, greeting: this.greeting, owner: { changed: true } };
       }
     };
   }`,
);
const CLASS_FORM = moduleFile(
  'class-form.mjs',
  `import { ReleaseBundleSNC } from ${JSON.stringify(SNC_URL)};
   export class ReleaseBundle extends ReleaseBundleSNC {
     async getReleaseBundleDetails(sysId, sendAggregation) {
       const details = await super.getReleaseBundleDetails(sysId, sendAggregation);
       return { ...details, name: details.name.toUpperCase(), form: 'class' };
     }
   }`,
);
const NO_EXPORT = moduleFile('other.mjs', `export const somethingElse = 1;`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(DIALECTS)('bundle extension module (%s)', (dialect) => {
  const servers: TestServer[] = [];
  let world: World;
  let bundle: string;
  let releaseNames: string[];
  let releaseIds: string[];

  const start = async (extension: string) => {
    const server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z', DPR_ROLE: 'api', DPR_EXTENSIONS: extension });
    servers.push(server);
    return server;
  };

  let behavioursServer: Promise<TestServer> | undefined;
  /** One server for the BEHAVIOURS module, started by the first test that needs it. */
  const behaviours = () => (behavioursServer ??= start(BEHAVIOURS));

  /** The example extension's server, with a bundle of two releases. */
  let example: TestServer;
  beforeAll(async () => {
    example = await start(EXAMPLE);
    world = await createWorld(example);
    const { store, database } = example.handle.services;
    ({ bundle, releaseNames, releaseIds } = await inTransaction(database.db, async (trx) => {
      const insert = (table: string, values: Record<string, unknown>) => store.insert(trx, SYSTEM_ACTOR, table, values).then((r) => String(r.sys_id));
      const a = await insert('sn_dpr_model_release', { name: 'Payments 2.4', state: 'in_progress', product: world.products.payments });
      const b = await insert('sn_dpr_model_release', { name: 'Mobile 3.1', state: 'completed', product: world.products.mobile });
      const id = await insert('sn_dpr_model_release_bundle', { name: 'Release Bundle Q4', owner: world.users.rc });
      await insert('sn_dpr_model_release_bundle_m2m', { bundle: id, release: a });
      await insert('sn_dpr_model_release_bundle_m2m', { bundle: id, release: b });
      return { bundle: id, releaseNames: ['Payments 2.4', 'Mobile 3.1'], releaseIds: [a, b] };
    }));
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('serves what the example subclass returns: the default body plus bundleState and releaseNames', async () => {
    for (const prefix of PREFIXES) {
      const plain = await example.request('GET', `${prefix}/bundle/${bundle}`, { auth: world.as('ru') });
      expect(plain.status).toBe(200);
      expect(plain.json).toEqual({
        sysId: bundle,
        name: 'Release Bundle Q4',
        owner: 'rc',
        releases: { count: 2, list: releaseIds },
        bundleState: 'In Progress',
        releaseNames,
      });
    }
    const aggregated = await example.request('GET', `${PREFIXES[1]}/bundle/${bundle}?sendAggregation=true`);
    expect(aggregated.json).toMatchObject({
      bundleState: 'In Progress',
      releaseNames,
      aggregates: {
        releaseAggregate: { 'In Progress': 1, Completed: 1 },
        taskAggregate: { approval: 0, nonApproval: 0 },
        policyAggregate: { Executed: 0, Pending: 0 },
        enhancementAggregate: { Open: 0, Closed: 0 },
      },
    });
  });

  it('keeps the base class 400 for unknown ids and the role checks', async () => {
    const unknown = await example.request('GET', `${PREFIXES[0]}/bundle/${'0'.repeat(32)}`);
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ result: { error: true, message: 'Bundle ID is invalid' } });
    expect((await example.request('GET', `${PREFIXES[0]}/bundle/${bundle}`, { auth: world.as('nobody') })).status).toBe(403);
    expect((await example.request('GET', `${PREFIXES[0]}/bundle/${bundle}`, { auth: null })).status).toBe(401);
  });

  it('answers 500 with the platform envelope and the request id when the extension throws or returns no object', async () => {
    const server = await behaviours();
    for (const prefix of PREFIXES) {
      const res = await server.request('GET', `${prefix}/bundle/${THROWS_ID}?sendAggregation=true`);
      expect(res.status).toBe(500);
      const requestId = res.headers.get('x-request-id');
      expect(requestId).toBeTruthy();
      expect(res.json).toEqual({ error: { message: 'Internal server error', detail: `Request id ${requestId}` }, status: 'failure' });
      expect(res.text).not.toContain('boom');
    }
    const notAnObject = await server.request('GET', `${PREFIXES[0]}/bundle/${NUMBER_ID}`);
    expect(notAnObject.status).toBe(500);
    expect(notAnObject.json.status).toBe('failure');
  });

  it('passes sendAggregation as a boolean and serializes the returned object as it is', async () => {
    const server = await behaviours();
    const id = 'a'.repeat(32);
    for (const [query, value] of [['?sendAggregation=true', true], ['?sendAggregation=false', false], ['', false]] as const) {
      const res = await server.request('GET', `${PREFIXES[0]}/bundle/${id}${query}`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ sysId: id, received: value, type: 'boolean', greeting: 'hello admin', owner: { changed: true } });
    }
    // The value is still checked before the extension runs.
    expect((await server.request('GET', `${PREFIXES[0]}/bundle/${id}?sendAggregation=maybe`)).status).toBe(400);
  });

  it('accepts a ReleaseBundle class that extends ReleaseBundleSNC itself', async () => {
    const server = await start(CLASS_FORM);
    const fresh = await createWorld(server);
    const id = await inTransaction(server.handle.services.database.db, (trx) =>
      server.handle.services.store.insert(trx, SYSTEM_ACTOR, 'sn_dpr_model_release_bundle', { name: 'Quiet bundle', owner: fresh.users.pm }),
    ).then((r) => String(r.sys_id));
    const res = await server.request('GET', `${PREFIXES[0]}/bundle/${id}`);
    expect(res.json).toEqual({ sysId: id, name: 'QUIET BUNDLE', owner: 'pm', releases: { count: 0, list: [] }, form: 'class' });
  });
});

describe('loading the DPR_EXTENSIONS module', () => {
  it('resolves a relative path against the working directory, and a file: URL', async () => {
    const relative = await loadBundleExtension('examples/extensions/release-bundle.mjs');
    expect(relative?.path).toBe(EXAMPLE);
    expect(relative?.ReleaseBundle?.prototype).toBeInstanceOf(ReleaseBundleSNC);
    const url = await loadBundleExtension(pathToFileURL(EXAMPLE).href);
    expect(url?.path).toBe(EXAMPLE);
    expect(url?.ReleaseBundle?.prototype).toBeInstanceOf(ReleaseBundleSNC);
  });

  it('keeps the base class when the module exports no ReleaseBundle, and loads nothing without the setting', async () => {
    expect(await loadBundleExtension(NO_EXPORT)).toEqual({ path: NO_EXPORT });
    expect(await loadBundleExtension(undefined)).toBeUndefined();
    expect(await loadBundleExtension('  ')).toBeUndefined();
  });
});

describe('a DPR_EXTENSIONS module that cannot be used stops the start', () => {
  const config = (extension: string) =>
    loadConfig({}, { DATABASE_URL: `sqlite:${join(dir, 'never-opened.sqlite')}`, DPR_ADMIN_PASSWORD: 'x', DPR_LOG_LEVEL: 'silent', DPR_EXTENSIONS: extension });
  const cases: Array<[string, string, RegExp]> = [
    ['a missing file', join(dir, 'does-not-exist.mjs'), /Cannot load the DPR_EXTENSIONS module .*does-not-exist\.mjs: /],
    ['a syntax error', moduleFile('broken.mjs', 'export const ReleaseBundle = (Base) => class extends Base {'), /module .*broken\.mjs: .+/],
    ['a module that throws while loading', moduleFile('throws-on-load.mjs', `throw new Error('cannot start here');`), /module .*throws-on-load\.mjs: cannot start here/],
    ['a ReleaseBundle that is no function', moduleFile('not-function.mjs', 'export const ReleaseBundle = 42;'), /not-function\.mjs: its ReleaseBundle export must be a function/],
    ['a factory returning no subclass', moduleFile('not-subclass.mjs', 'export const ReleaseBundle = () => class {};'), /not-subclass\.mjs: ReleaseBundle\(ReleaseBundleSNC\) must return a class extending ReleaseBundleSNC/],
    ['a factory that throws', moduleFile('factory-throws.mjs', `export const ReleaseBundle = () => { throw new Error('no'); };`), /factory-throws\.mjs: ReleaseBundle\(ReleaseBundleSNC\) threw: no/],
  ];
  for (const [what, path, message] of cases) {
    it(`rejects ${what}, naming the path`, async () => {
      const error = await buildApp(config(path), { logger: false }).then(
        async (handle) => {
          await handle.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toMatch(message);
    });
  }
});

describe('a throwing extension is logged with its module path', () => {
  it('writes an error log line naming the module', async () => {
    const script = moduleFile(
      'log-probe.mts',
      `import { buildApp } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src/app.ts')).href)};
       import { loadConfig } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src/platform/config/config.ts')).href)};
       const config = loadConfig({}, {
         DATABASE_URL: ${JSON.stringify(`sqlite:${join(dir, 'log-probe.sqlite')}`)},
         DPR_ADMIN_PASSWORD: ${JSON.stringify(ADMIN_PASSWORD)},
         DPR_LOG_LEVEL: 'error',
         DPR_ROLE: 'api',
         DPR_EXTENSIONS: ${JSON.stringify(THROWING)},
       });
       const handle = await buildApp(config);
       const res = await handle.app.inject({ method: 'GET', url: '/api/sn_dpr/digital_product_release/bundle/${'d'.repeat(32)}', headers: { authorization: ${JSON.stringify(basic('admin', ADMIN_PASSWORD))} } });
       await handle.close();
       console.log('STATUS ' + res.statusCode);`,
    );
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, DPR_LOG_LEVEL: '' } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (c) => done({ code: c, stdout: out, stderr: err }));
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('STATUS 500');
    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string; extension?: string; err?: { message: string } });
    const line = lines.find((l) => l.level === 50 && l.msg.includes(THROWING));
    expect(line, stdout).toBeDefined();
    expect(line!.extension).toBe(THROWING);
    expect(line!.err?.message).toBe('boom from the extension');
  }, 60_000);
});
