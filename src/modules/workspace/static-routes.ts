import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../platform/project-root.ts';

/** Where `npm run build` puts the workspace (vite.config.ts in `workspace/`). */
export const WORKSPACE_DIST = join(PROJECT_ROOT, 'dist', 'workspace');

/**
 * The web workspace at `/workspace`: the built single-page app as static files. The shell is
 * public; every data call it makes goes to the API with the signed-in user's credentials.
 * Without a build, `/workspace` says how to make one instead of a bare 404.
 */
export async function workspaceRoutes(app: FastifyInstance, opts: { root?: string } = {}): Promise<void> {
  const root = opts.root ?? WORKSPACE_DIST;
  await app.register(async (ws) => {
    ws.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), public: true } as typeof route.config;
    });
    if (!existsSync(`${root}/index.html`)) {
      ws.get('/workspace', async (_request, reply) => reply.status(503).type('text/plain').send('The workspace is not built: run `npm run build`.\n'));
      return;
    }
    await ws.register(fastifyStatic, {
      root,
      prefix: '/workspace/',
      index: 'index.html',
      decorateReply: false,
      // Vite names assets by content hash: they never change; the shell must be fetched fresh.
      setHeaders: (res, path) => {
        res.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // The shell itself (`/workspace` and `/workspace/`, one route with ignoreTrailingSlash); read per
    // request so a rebuild shows without a restart.
    ws.get('/workspace', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(await readFile(`${root}/index.html`)));
  });
}
