import { Validator } from '@seriousme/openapi-schema-validator';
import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DPR_PREFIXES } from '../../src/modules/dpr/dpr-routes.ts';
import { REFERENCE_ENDPOINTS } from '../../src/modules/openapi/reference-examples.ts';
import { generateOpenApi } from '../../scripts/openapi-document.ts';
import { DIALECTS } from '../support/dialects.ts';
import { startServer, type TestServer } from '../support/server.ts';

const openapiPath = (fastifyPath: string) => fastifyPath.replace(/:(\w+)/g, '{$1}');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe.each(DIALECTS)('OpenAPI document (%s)', (dialect) => {
  let server: TestServer;
  let doc: any;
  beforeAll(async () => {
    server = await startServer(dialect);
    const res = await server.request('GET', '/api/openapi.json', { auth: null });
    expect(res.status).toBe(200);
    doc = res.json;
  });
  afterAll(() => server.close());

  it('is a valid OpenAPI 3.1 document according to the validator', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('has every DPR endpoint under both prefixes, with the reference summary', () => {
    expect(REFERENCE_ENDPOINTS).toHaveLength(11);
    for (const endpoint of REFERENCE_ENDPOINTS) {
      for (const prefix of DPR_PREFIXES) {
        const op = doc.paths[openapiPath(prefix + endpoint.path)]?.[endpoint.method.toLowerCase()];
        expect(op, `${endpoint.method} ${prefix}${endpoint.path}`).toBeDefined();
        expect(op.summary).toBe(endpoint.summary);
        expect(op.tags).toEqual(['Digital Product Release']);
      }
    }
  });

  it("carries the reference's request and response examples", () => {
    const create = doc.paths['/api/sn_dpr/digital_product_release/release'].post;
    const requests = create.requestBody.content['application/json'].examples;
    expect(Object.keys(requests)).toHaveLength(3);
    expect(requests.example1.value.name).toBe('Patch Q4');
    expect(create.responses['201'].content['application/json'].examples.example1.value.result.releaseId).toBe('af90e98dff3c3210509cffffffffffc9');
    const complete = doc.paths['/api/sn_dpr/digital_product_release/release_id/{releaseId}/complete_phase'].post;
    expect(complete.responses['400'].content['application/json'].examples.example2.value).toEqual({ result: { error: true, message: 'Release ID is invalid' } });
  });

  it('has the Table API (three versions, every method) and OAuth', () => {
    for (const prefix of ['/api/now/table', '/api/now/v1/table', '/api/now/v2/table']) {
      expect(Object.keys(doc.paths[`${prefix}/{table}`]).sort()).toEqual(['get', 'post']);
      expect(Object.keys(doc.paths[`${prefix}/{table}/{sys_id}`]).sort()).toEqual(['delete', 'get', 'patch', 'put']);
      expect(doc.paths[`${prefix}/{table}`].get.parameters.map((p: { name: string }) => p.name)).toContain('sysparm_query');
    }
    const token = doc.paths['/oauth_token.do'].post;
    expect(Object.keys(token.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
    expect(token.security).toEqual([]);
  });

  it('gives every operation a summary, a tag and a unique operationId; hides the 405 catch-alls', () => {
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        if (!METHODS.includes(method)) continue;
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(op.tags?.length, `${method} ${path}`).toBe(1);
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
      }
    }
    // GET-only paths answer other methods with 405, which are not operations.
    expect(Object.keys(doc.paths['/api/sn_dpr/digital_product_release/bundle/{sysId}'])).toEqual(['get']);
    expect(doc.paths['/workspace']).toBeUndefined();
  });

  it('serves the docs UI at /api/docs without credentials', async () => {
    // A browser's Accept (it admits */*: a bare `text/html` is a 406 on /api/ paths, CONTRACT §2).
    const res = await server.request('GET', '/api/docs', { auth: null, headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('swagger-ui');
  });
});

describe('committed OpenAPI artefacts', () => {
  it('openapi.json and the typed client schema match the route schemas (run `npm run openapi`)', async () => {
    const generated = await generateOpenApi();
    const committed = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(generated)));
    const types = astToString(await openapiTS(generated as never));
    expect(readFileSync(new URL('../../workspace/src/api/schema.d.ts', import.meta.url), 'utf8')).toContain(types);
  });
});
