import { DPR_PREFIXES } from '../dpr/dpr-routes.ts';
import { REFERENCE_ENDPOINTS, type ReferenceEndpoint } from './reference-examples.ts';

type Schema = Record<string, any>;

/** The reference endpoint a route serves, when it is one of the DPR endpoints. */
export function referenceEndpointOf(method: string, url: string): ReferenceEndpoint | undefined {
  const prefix = DPR_PREFIXES.find((p) => url.startsWith(p + '/'));
  if (!prefix) return undefined;
  const path = url.slice(prefix.length);
  return REFERENCE_ENDPOINTS.find((e) => e.method === method && e.path === path);
}

const DprError = {
  type: 'object',
  description: 'The DPR error envelope (400s on /api/sn_dpr/ paths).',
  properties: { result: { type: 'object', properties: { error: { type: 'boolean' }, message: { type: 'string' } } } },
};

/**
 * Adds the reference's summary and examples to a DPR route's schema: request examples on the body,
 * success examples on the 2xx answer and error examples on a documented 400. Only the document
 * changes; validation keeps using the route's own schema.
 */
export function withReferenceDocs(endpoint: ReferenceEndpoint, schema: Schema, versioned: boolean): Schema {
  const out: Schema = { ...schema, summary: endpoint.summary, tags: ['Digital Product Release'] };
  out.operationId = `${versioned ? 'v1' : 'default'}_${endpoint.method.toLowerCase()}${endpoint.path.replace(/[/:]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '')}`;
  if (versioned) out.description = 'The versioned spelling of the same endpoint.';
  const named = (kind: 'request' | 'response', pick: (status?: number) => boolean) => {
    const examples: Record<string, { summary: string; value: unknown }> = {};
    endpoint.examples.forEach((example, index) => {
      const value = example[kind];
      if (value !== undefined && pick(example.status)) examples[`example${index + 1}`] = { summary: example.title, value };
    });
    return Object.keys(examples).length ? examples : undefined;
  };
  const requests = named('request', () => true);
  if (schema.body && requests) out.body = { ...schema.body, 'x-examples': requests };
  const response: Schema = { ...(schema.response ?? {}) };
  const ok = Object.keys(response).find((code) => code.startsWith('2'));
  const answers = named('response', (status) => status === undefined);
  if (ok && answers) response[ok] = { ...response[ok], 'x-examples': answers };
  const errors = named('response', (status) => status === 400);
  response[400] = { ...DprError, ...(errors ? { 'x-examples': errors } : {}) };
  out.response = response;
  return out;
}
