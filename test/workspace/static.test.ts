import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/platform/http/fastify-types.ts';
import { workspaceRoutes } from '../../src/modules/workspace/static-routes.ts';

/** A bare app whose only guard refuses non-public routes, as the auth hook does. */
async function appServing(root: string): Promise<FastifyInstance> {
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.config?.public) return reply.status(401).send({ error: 'auth' });
  });
  await app.register(workspaceRoutes, { root });
  await app.ready();
  return app;
}

describe('workspace static files', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'dpr-ws-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('serves the shell at /workspace and /workspace/ and hashed assets, without credentials', async () => {
    const root = dir();
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>ws</title>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    const app = await appServing(root);
    for (const url of ['/workspace', '/workspace/']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>ws</title>');
    }
    const asset = await app.inject({ url: '/workspace/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject({ url: '/workspace/assets/missing.js' })).statusCode).toBe(404);
    await app.close();
  });

  it('says how to build when there is no build', async () => {
    const app = await appServing(dir());
    const res = await app.inject({ url: '/workspace' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    await app.close();
  });
});
