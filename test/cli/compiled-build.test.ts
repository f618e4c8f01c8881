import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic } from '../support/server.ts';
import { createTestDatabase, finished, REPO, waitForLine, type TestDatabase } from './run-cli.ts';

// `npm run build:server` compiles src/ to plain JavaScript (tsconfig.build.json), which bin/dpr.js
// and `npm start` run in production. The build is made into its own folder under dist/ and started
// with plain `node`, without the TypeScript loader: a `.ts` import left in the output, or a path
// that only holds from src/, fails here.
describe('the compiled server build', () => {
  const outDir = join(REPO, 'dist', `server-build-test-${process.pid}`);
  let database: TestDatabase;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.build.json'), '--outDir', outDir], { cwd: REPO, stdio: 'pipe' });
    database = await createTestDatabase('sqlite');
  }, 120_000);
  afterAll(async () => {
    // A failed assertion must not leave the server running.
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(outDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('serves the API, its document and the workspace from plain JavaScript, and stops on SIGINT', async () => {
    child = spawn(process.execPath, [join(outDir, 'cli.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--role', 'api'], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: database.url, DPR_ADMIN_PASSWORD: 'compiled-pw', DPR_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const done = finished(child);
    const { url } = JSON.parse(await waitForLine(child, /"msg":"dpr listening on /)) as { url: string };
    const admin = { authorization: basic('admin', 'compiled-pw'), accept: 'application/json' };

    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as { info: { version: string } };
    expect(doc.info.version).toBe((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
    const users = await fetch(`${url}/api/now/table/sys_user?sysparm_query=user_name=admin&sysparm_fields=user_name`, { headers: admin });
    expect(users.status).toBe(200);
    expect(await users.json()).toEqual({ result: [{ user_name: 'admin' }] });
    // The workspace folder is found from the compiled files too: the app when it is built, else
    // the 503 that says how to build it (as from the sources).
    const built = existsSync(join(REPO, 'dist', 'workspace', 'index.html'));
    const workspace = await fetch(`${url}/workspace`);
    expect(workspace.status).toBe(built ? 200 : 503);
    expect(await workspace.text()).toContain(built ? '<div id="root">' : 'npm run build');

    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Shut down cleanly');
  });
});
