import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { startServer, type TestServer } from '../support/server.ts';

describe.each(DIALECTS)('HTTP platform behaviour (%s)', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(dialect);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers GET /health without credentials', async () => {
    const res = await server.request('GET', '/health', { auth: null });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  it('reports readiness with the database reachable and migrations current', async () => {
    const res = await server.request('GET', '/health/ready', { auth: null });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ready' });
  });

  it('answers unknown routes with 404 in the platform envelope', async () => {
    const res = await server.request('GET', '/api/now/nothing/here');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { message: 'Requested URI does not represent any resource', detail: null }, status: 'failure' });
  });

  it('answers an unsupported method of a known path with 405', async () => {
    const res = await server.request('DELETE', '/api/dpr/clock');
    expect(res.status).toBe(405);
    expect(res.json.status).toBe('failure');
    expect(res.json.error.message).toBe('Method not Supported');
  });

  it('answers 406 when Accept excludes JSON', async () => {
    const res = await server.request('GET', '/api/dpr/clock', { headers: { accept: 'application/xml' } });
    expect(res.status).toBe(406);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.json.status).toBe('failure');
  });

  it('accepts wildcard and weighted Accept headers', async () => {
    for (const accept of ['*/*', 'application/json;q=0.9, text/html', 'application/*']) {
      const res = await server.request('GET', '/api/dpr/clock', { headers: { accept } });
      expect(res.status, accept).toBe(200);
    }
  });

  it('answers 415 for a body that is not JSON', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const res = await server.request('POST', '/api/dpr/clock', { body: 'now=1', headers: { 'content-type': type } });
      expect(res.status, type).toBe(415);
      expect(res.json.status).toBe('failure');
    }
  });

  it('answers 400 for malformed JSON, never a 500', async () => {
    for (const body of ['{', '{"now":', 'nul', '[1,', '"\\u12"']) {
      const res = await server.request('POST', '/api/dpr/clock', { body });
      expect(res.status, body).toBe(400);
      expect(res.json.status).toBe('failure');
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const res = await server.request('POST', '/api/dpr/clock', { body: JSON.stringify({ now: 'x'.repeat(1024 * 1024 + 10) }) });
    expect(res.status).toBe(413);
    expect(res.json.error.message).toBe('Request entity too large');
  });

  it('serves absolute-form request targets like their path', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const u = new URL(server.url);
        const req = request(
          {
            host: u.hostname,
            port: u.port,
            method: 'GET',
            path: 'https://example.service-now.com/api/dpr/clock',
            headers: { authorization: 'Basic ' + Buffer.from('admin:admin-test-password').toString('base64'), accept: 'application/json' },
          },
          (r) => {
            let body = '';
            r.on('data', (c) => (body += c));
            r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).now).toMatch(/Z$/);
  });

  it('sends a request id and security headers, and keeps CORS closed', async () => {
    const res = await server.request('GET', '/health', { auth: null, headers: { origin: 'https://evil.example' } });
    // A random prefix per process and a counter: unique across the processes sharing a log.
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    const next = await server.request('GET', '/health', { auth: null });
    expect(next.headers.get('x-request-id')).not.toBe(res.headers.get('x-request-id'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
