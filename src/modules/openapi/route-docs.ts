import { DPR_PREFIXES } from '../dpr/dpr-routes.ts';
import { referenceEndpointOf, withReferenceDocs } from './dpr-docs.ts';
import { oauthDocs, tableApiDocs } from './platform-docs.ts';

type Schema = Record<string, any>;

export interface DocumentedRoute {
  method: string | string[];
  url: string;
  schema?: Schema;
}

/** Summaries of dpr's own endpoints (outside the reference) under `/api/dpr/` and `/health`. */
const EXTRA_SUMMARIES: Record<string, string> = {
  'GET /api/dpr/clock': 'Read the server clock (admin)',
  'POST /api/dpr/clock': 'Move the server clock: `now` or `advance` (admin); runs what falls due',
  'GET /api/dpr/release_target/preview': 'Preview the dates of a readiness target or series and their schedule overlaps',
  'GET /api/dpr/me': 'The signed-in user and their effective roles',
  'POST /api/dpr/release/:releaseId/hold': 'Put a release on hold (release_admin)',
  'POST /api/dpr/release/:releaseId/resume': 'Resume a release on hold (release_admin)',
  'POST /api/dpr/release/:releaseId/cancel': 'Cancel a release (release_admin)',
  'POST /api/dpr/release/:releaseId/complete': 'Complete a release in Review (release_admin)',
  'POST /api/dpr/release/:releaseId/restart_phase': 'Restart a phase of a stage release (release_admin)',
  'GET /health': 'Liveness',
  'GET /health/ready': 'Readiness: database reachable and migrations current',
};

const operationIdOf = (method: string, url: string) =>
  `${method.toLowerCase()}${url.replace(/^\/api\/dpr/, '').replace(/[/:._]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`;

/**
 * The `@fastify/swagger` transform: adds summaries, tags, examples and the schemas of the routes
 * that parse their input by hand (Table API, OAuth), and hides what is not API (the 405 catch-alls
 * `trackRoutesFor405` adds with a method list, the workspace's static files).
 */
export function documentRoute(route: DocumentedRoute): { schema: Schema; url: string } {
  const { url } = route;
  const schema: Schema = { ...(route.schema ?? {}) };
  const method = Array.isArray(route.method) ? route.method[0]! : route.method;
  const hidden = { schema: { ...schema, hide: true }, url };
  if (Array.isArray(route.method)) return hidden;
  if (url.startsWith('/api/now/')) return { schema: tableApiDocs(method, url, schema), url };
  if (url === '/oauth_token.do') return { schema: { ...oauthDocs(schema), security: [] }, url };
  const reference = referenceEndpointOf(method, url);
  if (reference) return { schema: withReferenceDocs(reference, schema, url.startsWith(DPR_PREFIXES[1])), url };
  const summary = EXTRA_SUMMARIES[`${method} ${url}`];
  if (summary && url.startsWith('/api/dpr/')) return { schema: { ...schema, summary, tags: ['dpr'], operationId: operationIdOf(method, url) }, url };
  if (summary) return { schema: { ...schema, summary, tags: ['Health'], security: [], operationId: operationIdOf(method, url) }, url };
  return hidden;
}
