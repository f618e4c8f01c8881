import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { PACKAGE_VERSION as packageVersion } from '../../platform/project-root.ts';
import { documentRoute } from './route-docs.ts';

/**
 * Registers the OpenAPI 3.1 document generated from the route schemas (`@fastify/swagger` collects
 * routes as they are added, so this comes BEFORE the route plugins), the docs UI at `/api/docs`
 * and the document at `/api/openapi.json`, both public.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      // 3.1: the schemas' `anyOf [string, null]` is plain JSON Schema there.
      openapi: '3.1.0',
      info: {
        title: 'dpr',
        version: packageVersion,
        description:
          'Self-hosted Digital Product Release server: the sn_dpr REST API (under both prefixes), the ServiceNow Table API, OAuth and dpr\'s own endpoints under /api/dpr/.',
      },
      components: {
        securitySchemes: {
          basicAuth: { type: 'http', scheme: 'basic' },
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An access token from POST /oauth_token.do' },
        },
      },
      security: [{ basicAuth: [] }, { bearerAuth: [] }],
      tags: [
        { name: 'Digital Product Release', description: 'The sn_dpr endpoints of the reference' },
        { name: 'Table API', description: '/api/now/table (latest), /api/now/v1/table, /api/now/v2/table' },
        { name: 'OAuth', description: 'Tokens for Bearer authentication' },
        { name: 'dpr', description: 'Endpoints of this server outside the reference' },
        { name: 'Health', description: 'Probes' },
      ],
    },
    transform: ({ schema, url, route }) => documentRoute({ method: route.method, url, schema: schema as Record<string, any> }),
  });

  await app.register(async (docs) => {
    // Anyone may read the documentation: it holds no data.
    docs.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), public: true } as typeof route.config;
    });
    await docs.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null } as never });
    docs.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });
}
