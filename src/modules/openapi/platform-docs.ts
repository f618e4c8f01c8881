type Schema = Record<string, any>;

const PlatformError = {
  type: 'object',
  description: 'The platform error envelope.',
  properties: {
    error: { type: 'object', properties: { message: { type: 'string' }, detail: { type: 'string' } } },
    status: { type: 'string', enum: ['failure'] },
  },
};

const q = (name: string, description: string) => ({ [name]: { type: 'string', description } });

/** The Table API's query parameters (CONTRACT §4): documented here because the routes read them loosely. */
const TABLE_LIST_QUERY = {
  type: 'object',
  properties: {
    ...q('sysparm_query', 'Encoded query, e.g. `active=true^ORDERBYDESCsys_created_on`.'),
    ...q('sysparm_fields', 'Comma-separated fields to return (dot-walking allowed).'),
    ...q('sysparm_limit', 'Page size (default 10000, at most 10000).'),
    ...q('sysparm_offset', 'Index of the first record of the page.'),
    ...q('sysparm_display_value', '`true`, `false` or `all`.'),
    ...q('sysparm_exclude_reference_link', '`true` leaves out reference links.'),
    ...q('sysparm_suppress_pagination_header', '`true` leaves out the Link header.'),
    ...q('sysparm_no_count', '`true` leaves out X-Total-Count.'),
    ...q('sysparm_view', 'Accepted and ignored.'),
  },
};
const TABLE_READ_QUERY = {
  type: 'object',
  properties: {
    ...q('sysparm_fields', 'Comma-separated fields to return.'),
    ...q('sysparm_display_value', '`true`, `false` or `all`.'),
    ...q('sysparm_exclude_reference_link', '`true` leaves out reference links.'),
  },
};
const RecordBody = { type: 'object', additionalProperties: true, description: 'Field values by column name.', examples: [{ short_description: 'Patch the gateway', state: '1' }] };
const OneRecord = { type: 'object', properties: { result: { type: 'object', additionalProperties: true } } };
const ManyRecords = { type: 'object', properties: { result: { type: 'array', items: { type: 'object', additionalProperties: true } } } };

const TABLE_OPERATIONS: Record<string, { summary: string; record: boolean; schema: Schema }> = {
  'GET list': { summary: 'Retrieve records of a table', record: false, schema: { querystring: TABLE_LIST_QUERY, response: { 200: ManyRecords } } },
  'GET one': { summary: 'Retrieve one record', record: true, schema: { querystring: TABLE_READ_QUERY, response: { 200: OneRecord } } },
  'POST list': { summary: 'Insert a record', record: false, schema: { querystring: TABLE_READ_QUERY, body: RecordBody, response: { 201: OneRecord } } },
  'PUT one': { summary: 'Update a record', record: true, schema: { querystring: TABLE_READ_QUERY, body: RecordBody, response: { 200: OneRecord } } },
  'PATCH one': { summary: 'Update a record (partial)', record: true, schema: { querystring: TABLE_READ_QUERY, body: RecordBody, response: { 200: OneRecord } } },
  'DELETE one': { summary: 'Delete a record', record: true, schema: { response: { 204: { type: 'null', description: 'Deleted' } } } },
};

/** Table API documentation for a route under `/api/now/[v1/|v2/]table`. */
export function tableApiDocs(method: string, url: string, schema: Schema): Schema {
  const one = url.endsWith('/:sys_id');
  const op = TABLE_OPERATIONS[`${method} ${one ? 'one' : 'list'}`];
  const version = /\/api\/now\/(v\d)\//.exec(url)?.[1];
  const description = version === 'v1' ? 'Version 1: an empty list is a 404.' : version ? `Version ${version.slice(1)}, the same as the unversioned API.` : undefined;
  return {
    ...schema,
    ...(op?.schema ?? {}),
    response: { ...(op?.schema.response ?? {}), 400: PlatformError, 401: PlatformError, 403: PlatformError, 404: PlatformError },
    summary: op?.summary,
    ...(description ? { description } : {}),
    tags: ['Table API'],
    operationId: `table_${version ?? 'latest'}_${method.toLowerCase()}_${one ? 'record' : 'list'}`,
  };
}

/** `POST /oauth_token.do`: a form body the route reads without a schema. */
export function oauthDocs(schema: Schema): Schema {
  return {
    ...schema,
    summary: 'Get an OAuth access token',
    description: 'Password and refresh_token grants; the answer is always JSON.',
    tags: ['OAuth'],
    operationId: 'oauth_token',
    consumes: ['application/x-www-form-urlencoded'],
    body: {
      type: 'object',
      required: ['grant_type', 'client_id', 'client_secret'],
      properties: {
        grant_type: { type: 'string', enum: ['password', 'refresh_token'] },
        client_id: { type: 'string' },
        client_secret: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        refresh_token: { type: 'string' },
        scope: { type: 'string' },
      },
      examples: [{ grant_type: 'password', client_id: '<client id>', client_secret: '<client secret>', username: 'admin', password: '<password>' }],
    },
    response: {
      200: {
        type: 'object',
        properties: {
          access_token: { type: 'string' },
          refresh_token: { type: 'string' },
          scope: { type: 'string' },
          token_type: { type: 'string' },
          expires_in: { type: 'integer' },
        },
      },
      401: { type: 'object', properties: { error: { type: 'string' }, error_description: { type: 'string' } } },
    },
  };
}
