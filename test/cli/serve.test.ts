import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { basic } from '../support/server.ts';
import { createTestDatabase, finished, spawnCli, waitForLine, type CliResult, type TestDatabase } from './run-cli.ts';

/**
 * A request in flight: its headers are sent and acknowledged (`Expect: 100-continue`, which the
 * server answers once it has routed the request), half of its body now and the rest on `finish()`.
 */
async function slowRequest(url: string, path: string, body: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  let response = '';
  const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
  const continued = new Promise<void>((resolve) =>
    socket.on('data', (d: Buffer) => {
      response += d.toString();
      if (response.startsWith('HTTP/1.1 100')) resolve();
    }),
  );
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n` +
      `Expect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  await continued;
  const split = Math.floor(body.length / 2);
  socket.write(body.slice(0, split));
  return {
    finish: async () => {
      socket.write(body.slice(split));
      await ended;
      // The final response, after the interim 100 Continue.
      return response.slice(response.indexOf('\r\n\r\n') + 4);
    },
  };
}

describe.each(DIALECTS)('dpr serve (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('serves, prints the generated admin password, and on SIGTERM finishes in-flight requests and exits 0', async () => {
    const child = spawnCli(['serve', '--port', '0', '--host', '127.0.0.1'], { databaseUrl: database.url, env: { DPR_LOG_LEVEL: 'info' } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = finished(child);
    const ready = JSON.parse(await waitForLine(child, /"msg":"dpr listening on /)) as { url: string; role: string; database: string };
    expect(ready).toMatchObject({ role: 'all', database: dialect });
    const password = /^Generated password for user admin: (\S+)$/m.exec(stdout)?.[1];
    expect(password).toBeDefined();

    const health = await fetch(`${ready.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const clock = await fetch(`${ready.url}/api/dpr/clock`, { headers: { authorization: basic('admin', password!), accept: 'application/json' } });
    expect(clock.status).toBe(200);

    const inFlight = await slowRequest(ready.url, '/oauth_token.do', 'grant_type=client_credentials&client_id=nobody&client_secret=nothing');
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      const check = () => (stderr.includes('Received SIGTERM') ? resolve() : setTimeout(check, 25));
      check();
    });
    // New requests are refused (the listener closes; one that slips in first gets a 503), while the
    // request in flight still gets its answer.
    const late = await fetch(`${ready.url}/health`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(['refused', 503]).toContain(late);
    const response = await inFlight.finish();
    expect(response).toMatch(/^HTTP\/1\.1 401 /);
    expect(response.toLowerCase()).toContain('connection: close');
    expect(response).toContain('"error":"access_denied"');

    const result: CliResult = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Shut down cleanly');
    // SQLite: the last connection closed cleanly checkpoints and removes the write-ahead log.
    if (database.file) expect(existsSync(`${database.file}-wal`)).toBe(false);
  });

  // Dialect-independent: checked once, on SQLite.
  it.runIf(dialect === 'sqlite')('prints the admin password only once, and a worker serves no HTTP and stops on SIGINT', async () => {
    const child = spawnCli(['serve', '--role', 'worker'], { databaseUrl: database.url, env: { DPR_LOG_LEVEL: 'info' } });
    const done = finished(child);
    const line = JSON.parse(await waitForLine(child, /dpr worker started/)) as { role: string };
    expect(line.role).toBe('worker');
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('Generated password');
    expect(result.stdout).not.toContain('listening');
  });
});
