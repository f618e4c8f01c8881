import type { AddressInfo } from 'node:net';
import { buildApp } from '../app.ts';
import type { Config } from '../platform/config/config.ts';
import { handleShutdownSignals } from './graceful-shutdown.ts';
import type { CliIo } from './io.ts';
import { readConfig } from './open-services.ts';

export interface ServeOptions {
  port?: number;
  host?: string;
  role?: Config['DPR_ROLE'];
}

/** Long enough for any sane request to finish; short enough for orchestrators' kill timeouts (30 s). */
const SHUTDOWN_GRACE_MS = 25_000;

/**
 * `dpr serve`: builds the app as configured (flags override settings) and listens, except in the
 * `worker` role, which serves no HTTP. Runs until SIGTERM/SIGINT, then shuts down gracefully.
 */
export async function serve(env: NodeJS.ProcessEnv, io: CliIo, options: ServeOptions, exit: (code: number) => void): Promise<void> {
  const overrides: Partial<Config> = {};
  if (options.port !== undefined) overrides.PORT = options.port;
  if (options.host !== undefined) overrides.HOST = options.host;
  if (options.role !== undefined) overrides.DPR_ROLE = options.role;
  const config = readConfig(env, overrides);
  const handle = await buildApp(config);
  const { app } = handle;
  if (handle.generatedAdminPassword) {
    // Written directly, not logged: it must reach the operator whatever the log level, and only once.
    io.out(`Generated password for user admin: ${handle.generatedAdminPassword}`);
    io.out('It is shown only this once; set DPR_ADMIN_PASSWORD to choose it instead.');
  }
  let closing = false;
  // Keep-alive connections would hold the server open until they time out: responses sent while
  // closing ask the client to close, and connections are closed as soon as they fall idle.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  // A worker serves no HTTP and its poll timer does not hold the event loop: keep the process
  // alive until a shutdown signal.
  const keepAlive = config.DPR_ROLE === 'worker' ? setInterval(() => undefined, 60_000) : undefined;
  const close = async () => {
    closing = true;
    if (keepAlive) clearInterval(keepAlive);
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    try {
      await handle.close();
    } finally {
      clearInterval(sweep);
    }
  };
  handleShutdownSignals({ close, io, exit, graceMs: SHUTDOWN_GRACE_MS });
  const database = config.DATABASE_URL.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  if (config.DPR_ROLE === 'worker') {
    app.log.info({ role: config.DPR_ROLE, database }, 'dpr worker started (no HTTP)');
    return;
  }
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    await handle.close();
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  app.log.info({ url, role: config.DPR_ROLE, database }, `dpr listening on ${url}`);
}
