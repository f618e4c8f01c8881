import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { Clock, parseInstant } from './platform/clock/clock.ts';
import type { Config } from './platform/config/config.ts';
import { loadCatalog } from './platform/db/catalog/load-catalog.ts';
import type { Catalog } from './platform/db/catalog/types.ts';
import { connect, type Database } from './platform/db/connect.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { installContentNegotiation } from './platform/http/content-negotiation.ts';
import { installErrorHandler } from './platform/http/error-handler.ts';
import { installSecurityHeaders } from './platform/http/security-headers.ts';
import { clientErrorHandler, frameworkErrors } from './platform/http/framework-errors.ts';
import './platform/http/fastify-types.ts';
import { trackRoutesFor405 } from './platform/http/method-not-allowed.ts';
import { Properties } from './platform/properties/properties.ts';
import { RecordRules } from './platform/records/hooks.ts';
import { RecordStore } from './platform/records/record-store.ts';
import { ensureAdmin } from './modules/auth/admin-bootstrap.ts';
import { installAuthHook } from './modules/auth/auth-hook.ts';
import { Authenticator } from './modules/auth/authenticator.ts';
import { LoginThrottle } from './modules/auth/login-throttle.ts';
import { oauthRoutes } from './modules/auth/oauth-routes.ts';
import { OAuthService } from './modules/auth/oauth-service.ts';
import { RoleResolver } from './modules/auth/role-resolver.ts';
import { hashSecret } from './modules/auth/secret-hash.ts';
import { ClockService } from './modules/clock/clock-service.ts';
import { clockRoutes } from './modules/clock/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { INCLUDED_VERSIONS_JOB } from './modules/release/create-release.ts';
import { includedVersionsJob } from './modules/release/included-versions-job.ts';
import { releaseRoutes } from './modules/release/routes.ts';
import { phaseRoutes } from './modules/release/phase-routes.ts';
import { releaseTaskRules } from './modules/release/task-rules.ts';
import { installReleaseTransitions } from './modules/release/transitions-job.ts';
import { tableApiRoutes } from './modules/table-api/routes.ts';
import { TableService } from './modules/table-api/table-service.ts';
import { createJobs, type Jobs } from './modules/jobs/create-jobs.ts';
import { calendarNameRule, calendarRoutes, installTargetPurge } from './modules/calendar/index.ts';
import { loadBundleExtension } from './modules/bundle/bundle-extension.ts';
import { registerBundleRules } from './modules/bundle/bundle-rules.ts';
import { bundleRoutes } from './modules/bundle/routes.ts';
import { enhancementRoutes } from './modules/enhancement/routes.ts';
import { keyDateRoutes } from './modules/release/key-dates/routes.ts';
import { relatedTaskRoutes } from './modules/release/related-tasks/routes.ts';
import { retargetRoutes } from './modules/release/retarget/routes.ts';
import { installPolicies } from './modules/policy/install-policies.ts';
import { policyRoutes } from './modules/policy/routes.ts';
import { statsRoutes } from './modules/stats/routes.ts';
import { registerOpenApi } from './modules/openapi/openapi-plugin.ts';
import { meRoutes } from './modules/me/routes.ts';
import { workspaceRoutes } from './modules/workspace/static-routes.ts';

/** Everything a request handler, job or CLI command may use, composed once. */
export interface Services {
  config: Config;
  database: Database;
  catalog: Catalog;
  clock: Clock;
  clocks: ClockService;
  properties: Properties;
  rules: RecordRules;
  store: RecordStore;
  roles: RoleResolver;
  auth: Authenticator;
  jobs: Jobs;
}

export interface AppHandle {
  app: FastifyInstance;
  services: Services;
  /** A password generated for `admin` on an empty database (printed once by `serve`). */
  generatedAdminPassword?: string;
  close(): Promise<void>;
}

/** Opens the database, applies migrations and composes the services (no HTTP). */
export async function createServices(config: Config): Promise<Services> {
  const database = connect(config.DATABASE_URL, {
    poolSize: config.DPR_DB_POOL_SIZE,
    statementTimeoutMs: config.DPR_STATEMENT_TIMEOUT_MS,
    sqliteSynchronous: config.DPR_SQLITE_SYNCHRONOUS,
  });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const catalog = await loadCatalog(database.db);
  const clock = new Clock(config.DPR_NOW ? parseInstant(config.DPR_NOW) : undefined);
  const clocks = new ClockService(database.db, clock, database.background);
  await clocks.start(config.DPR_NOW !== undefined);
  const rules = new RecordRules();
  const store = new RecordStore({ catalog, clock, rules, hashSecret });
  const roles = new RoleResolver(database.db);
  const auth = new Authenticator(database.db, clock, roles, new LoginThrottle(database, Date.now));
  // Credentials and role grants take effect at once in this process.
  const dropAuthCaches = { afterUpdate: () => auth.invalidate(), afterInsert: () => auth.invalidate(), beforeDelete: () => auth.invalidate() };
  rules.register('sys_user', dropAuthCaches);
  for (const table of ['sys_user_role', 'sys_user_role_contains', 'sys_user_has_role']) {
    rules.register(table, { afterInsert: () => roles.invalidate(), afterUpdate: () => roles.invalidate(), beforeDelete: () => roles.invalidate() });
  }
  const properties = new Properties(database.db);
  rules.register('sn_dpr_model_release_task', releaseTaskRules({ store, properties }));
  const jobs = await createJobs({ database, clock, clocks, config });
  await installReleaseTransitions(jobs.worker, jobs.scheduler, clock, { store, properties, postgres: database.caps.kind === 'postgres' });
  jobs.worker.registerHandler(INCLUDED_VERSIONS_JOB, includedVersionsJob({ store, properties, clock, catalog, jobs: jobs.queue }));
  rules.register('sn_dpr_model_release_calendar', calendarNameRule);
  registerBundleRules(rules);
  await installTargetPurge(jobs, properties, clock);
  await installPolicies({ rules, store, catalog, clock, properties, jobs, postgres: database.caps.kind === 'postgres' });
  return { config, database, catalog, clock, clocks, properties, rules, store, roles, auth, jobs };
}

// Request ids: a random prefix per process and a counter, unique across the instances that share a
// log without drawing random bytes on every request.
const requestIdPrefix = randomBytes(4).toString('hex');
let requestCounter = 0;
const nextRequestId = () => `${requestIdPrefix}-${(++requestCounter).toString(36)}`;

export async function buildApp(config: Config, options: { logger?: boolean } = {}): Promise<AppHandle> {
  // A bad DPR_EXTENSIONS module stops the start (CONTRACT §8) before the database is opened.
  const bundleExtension = await loadBundleExtension(config.DPR_EXTENSIONS);
  const services = await createServices(config);
  const generatedAdminPassword = await ensureAdmin(services.database.db, services.store, config.DPR_ADMIN_PASSWORD);

  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { level: config.DPR_LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] },
    bodyLimit: 1024 * 1024,
    genReqId: nextRequestId,
    requestIdHeader: false,
    // Absolute-form targets (`GET https://host/api/...`, as sent through a proxy) are served like their path.
    rewriteUrl: (req) => {
      const url = req.url ?? '/';
      return /^https?:\/\//i.test(url) ? url.replace(/^https?:\/\/[^/]*/i, '') || '/' : url;
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    forceCloseConnections: false,
    frameworkErrors,
    clientErrorHandler,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandler(app);
  installContentNegotiation(app);
  // JSON only (CONTRACT §2): any other body type is a 415.
  app.removeContentTypeParser('text/plain');
  installSecurityHeaders(app);
  const origins = config.DPR_CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean);
  await app.register(cors, { origin: origins.length ? origins : false });
  installAuthHook(app, services.auth);
  // Before the routes: the OpenAPI document is collected as they are added.
  await registerOpenApi(app);
  const sealer = trackRoutesFor405(app);

  await app.register(healthRoutes, { db: services.database.db });
  await app.register(oauthRoutes, { oauth: new OAuthService(services.database.db, services.clock, services.auth) });
  await app.register(clockRoutes, { clocks: services.clocks });
  await app.register(releaseRoutes, { services, jobs: services.jobs.queue });
  await app.register(phaseRoutes, { services });
  await app.register(bundleRoutes, { services, extension: bundleExtension });
  await app.register(enhancementRoutes, { services });
  await app.register(keyDateRoutes, { services });
  await app.register(relatedTaskRoutes, { services });
  await app.register(retargetRoutes, { services });
  await app.register(policyRoutes, { services });
  await app.register(statsRoutes, { statementCount: services.database.statementCount });
  await app.register(calendarRoutes, { db: services.database.db, store: services.store, clock: services.clock, properties: services.properties });
  await app.register(tableApiRoutes, {
    service: new TableService({ db: services.database.db, catalog: services.catalog, store: services.store }),
    catalog: services.catalog,
    baseUrl: config.DPR_BASE_URL,
  });
  await app.register(meRoutes, { clock: services.clock, properties: services.properties });
  await app.register(workspaceRoutes);
  sealer.seal();
  // Started after every module registered its job handlers.
  if (config.DPR_ROLE !== 'api') services.jobs.start(app.log);
  // Another process may move the shared clock (`POST /api/dpr/clock`, `dpr clock`): follow it.
  services.clocks.follow(config.DPR_JOB_POLL_MS);

  return {
    app,
    services,
    generatedAdminPassword,
    close: async () => {
      await app.close();
      services.clocks.stop();
      await services.jobs.stop();
      await services.database.close();
    },
  };
}
