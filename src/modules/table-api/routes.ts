import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '../../platform/db/catalog/types.ts';
import { linkBase } from './link-base.ts';
import { paginationLinks } from './pagination.ts';
import { listOptions, normalizeQuery, readOptions, type ReadOptions } from './request-options.ts';
import { RecordParams, TableParams, TableQuery } from './schemas.ts';
import { recordLink, renderRecord, renderRecords, type RenderOptions } from './serializer.ts';
import { TableApiErrors } from './table-errors.ts';
import type { RecordResult, TableService } from './table-service.ts';
import { requireObjectBody } from './write-values.ts';

export interface TableApiRouteOptions {
  service: TableService;
  catalog: Catalog;
  /** `DPR_BASE_URL`: the public base of links; the request's host when absent. */
  baseUrl?: string;
}

/**
 * The unversioned API is the latest (v2). v1 differs in one way: an empty list is a 404, as on the
 * platform (DOMAIN.md §7.1).
 */
const VERSIONS = [
  { prefix: '/api/now/table', emptyListIsNotFound: false },
  { prefix: '/api/now/v1/table', emptyListIsNotFound: true },
  { prefix: '/api/now/v2/table', emptyListIsNotFound: false },
] as const;

/** `X-no-response-body: true` answers a write with its status and headers only. */
const noResponseBody = (request: FastifyRequest) => String(request.headers['x-no-response-body'] ?? '').trim().toLowerCase() === 'true';

/**
 * `/api/now/table/{table}[/{sys_id}]` (CONTRACT §4): GET list and one, POST (201 + Location),
 * PUT and PATCH (200), DELETE (204). HEAD is served by Fastify from the GET routes.
 */
export async function tableApiRoutes(app: FastifyInstance, opts: TableApiRouteOptions): Promise<void> {
  const { service, catalog } = opts;
  const renderOptions = (request: FastifyRequest, read: ReadOptions): RenderOptions => ({
    displayValue: read.displayValue,
    excludeReferenceLink: read.excludeReferenceLink,
    linkBase: linkBase(request, opts.baseUrl),
  });
  const answer = (request: FastifyRequest, reply: FastifyReply, record: RecordResult, read: ReadOptions) =>
    noResponseBody(request) ? reply.send() : reply.send({ result: renderRecord(record, record.rows[0]!, catalog, renderOptions(request, read)) });

  for (const { prefix, emptyListIsNotFound } of VERSIONS) {
    app.get<{ Params: TableParams }>(`${prefix}/:table`, { schema: { params: TableParams, querystring: TableQuery } }, async (request, reply) => {
      const query = normalizeQuery(request.query);
      const options = listOptions(query);
      const page = await service.list(request.actor, request.params.table, options);
      if (page.rows.length === 0 && emptyListIsNotFound) throw TableApiErrors.noMatchingRecords();
      if (page.total !== undefined) reply.header('x-total-count', String(page.total));
      const render = renderOptions(request, options);
      if (!options.suppressPaginationHeader) {
        // Split at the first `?` only: a query value may itself contain one.
        const mark = request.url.indexOf('?');
        const path = mark < 0 ? request.url : request.url.slice(0, mark);
        const search = mark < 0 ? '' : request.url.slice(mark + 1);
        const facts = { limit: options.limit, offset: options.offset, returned: page.rows.length, total: page.total };
        reply.header('link', paginationLinks(render.linkBase, path, new URLSearchParams(search), facts));
      }
      return reply.send({ result: renderRecords(page, catalog, render) });
    });

    app.get<{ Params: RecordParams }>(`${prefix}/:table/:sys_id`, { schema: { params: RecordParams, querystring: TableQuery } }, async (request, reply) => {
      const read = readOptions(normalizeQuery(request.query));
      const record = await service.get(request.actor, request.params.table, request.params.sys_id, read);
      return reply.send({ result: renderRecord(record, record.rows[0]!, catalog, renderOptions(request, read)) });
    });

    app.post<{ Params: TableParams }>(`${prefix}/:table`, { schema: { params: TableParams, querystring: TableQuery } }, async (request, reply) => {
      const read = readOptions(normalizeQuery(request.query));
      const body = requireObjectBody(request.body);
      const record = await service.insert(request.actor, request.params.table, body, read);
      reply.status(201).header('location', recordLink(linkBase(request, opts.baseUrl), record.table.name, record.sysId));
      return answer(request, reply, record, read);
    });

    for (const method of ['PUT', 'PATCH'] as const) {
      app.route<{ Params: RecordParams }>({
        method,
        url: `${prefix}/:table/:sys_id`,
        schema: { params: RecordParams, querystring: TableQuery },
        handler: async (request, reply) => {
          const read = readOptions(normalizeQuery(request.query));
          const body = requireObjectBody(request.body);
          const record = await service.update(request.actor, request.params.table, request.params.sys_id, body, read);
          return answer(request, reply, record, read);
        },
      });
    }

    app.delete<{ Params: RecordParams }>(`${prefix}/:table/:sys_id`, { schema: { params: RecordParams, querystring: TableQuery } }, async (request, reply) => {
      await service.delete(request.actor, request.params.table, request.params.sys_id);
      return reply.status(204).send();
    });
  }
}
