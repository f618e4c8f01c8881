import { Errors } from '../../platform/errors/catalogue.ts';

/** The platform's default page size (DOMAIN.md §7.3). */
export const DEFAULT_LIMIT = 10_000;
/**
 * The largest page served. A larger `sysparm_limit` is clamped rather than refused, so a client
 * asking for "everything" still gets an answer and follows the `next` link for the rest.
 */
export const MAX_LIMIT = 10_000;

const WHOLE_NUMBER = /^\s*\d+\s*$/;
const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** `sysparm_limit`: a positive whole number; absent or empty means the default. */
export function parseLimit(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_LIMIT;
  if (!WHOLE_NUMBER.test(text) || Number(text) < 1) {
    throw Errors.badRequest('Invalid sysparm_limit', `sysparm_limit must be a whole number of at least 1, got ${shown(text)}`);
  }
  return Math.min(Number(text), MAX_LIMIT);
}

/** `sysparm_offset`: a whole number from 0; absent or empty means 0. */
export function parseOffset(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 0;
  const n = Number(text);
  if (!WHOLE_NUMBER.test(text) || !Number.isSafeInteger(n)) {
    throw Errors.badRequest('Invalid sysparm_offset', `sysparm_offset must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${shown(text)}`);
  }
  return n;
}

export interface PageFacts {
  limit: number;
  offset: number;
  /** Rows on this page. */
  returned: number;
  /** Rows matching the query; unknown when the count was skipped (`sysparm_no_count`). */
  total?: number;
}

/** Offset of the last page: the page holding the last row (0 when nothing matches). */
export function lastOffset(total: number, limit: number): number {
  return total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
}

/**
 * The `Link` header of a list (DOMAIN.md §7.2): `first`, `prev` (not on the first page), `next`
 * (while rows remain) and `last`. Each URL is the request's own, every other parameter kept, with
 * `sysparm_limit` and `sysparm_offset` set at the end. Without a count, `next` is offered after a
 * full page and `last` is left out, since it cannot be known.
 */
export function paginationLinks(baseUrl: string, path: string, search: URLSearchParams, page: PageFacts): string {
  const url = (offset: number) => {
    const params = new URLSearchParams(search);
    params.delete('sysparm_limit');
    params.delete('sysparm_offset');
    params.append('sysparm_limit', String(page.limit));
    params.append('sysparm_offset', String(offset));
    return `<${baseUrl}${path}?${params.toString()}>`;
  };
  const links = [`${url(0)};rel="first"`];
  if (page.offset > 0) links.push(`${url(Math.max(0, page.offset - page.limit))};rel="prev"`);
  const more = page.total === undefined ? page.returned === page.limit : page.offset + page.limit < page.total;
  if (more) links.push(`${url(page.offset + page.limit)};rel="next"`);
  if (page.total !== undefined) links.push(`${url(lastOffset(page.total, page.limit))};rel="last"`);
  return links.join(',');
}
