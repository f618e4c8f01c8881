import { Errors } from '../../platform/errors/catalogue.ts';
import { parseLimit, parseOffset } from './pagination.ts';

/** `sysparm_display_value`: raw values, display values, or both (DOMAIN.md §7.3). */
export type DisplayMode = 'false' | 'true' | 'all';

/** Options every read and write response honours. */
export interface ReadOptions {
  /** `sysparm_fields` as sent (undefined or blank: every field). */
  fields?: string;
  displayValue: DisplayMode;
  excludeReferenceLink: boolean;
}

export interface ListOptions extends ReadOptions {
  query: string;
  /** Plain `name=value` filters: every parameter not starting with `sysparm_`. */
  filters: Record<string, string>;
  limit: number;
  offset: number;
  noCount: boolean;
  suppressPaginationHeader: boolean;
}

/** A query string as Fastify parses it: a repeated name gives an array. */
export type RawQuery = Record<string, string | string[] | undefined>;

/**
 * One value per name: the first, when a name is repeated. A NUL character is refused here, because
 * PostgreSQL cannot take one in a text parameter (it would otherwise surface as a server error).
 */
export function normalizeQuery(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [name, value] of Object.entries(raw as RawQuery)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first !== 'string') continue;
    if (name.includes('\u0000') || first.includes('\u0000')) {
      throw Errors.badRequest('Invalid query parameter', 'Query parameters must not contain NUL characters');
    }
    out[name] = first;
  }
  return out;
}

/** Booleans are `true` in any case; anything else is false, as the platform reads them. */
const flag = (text: string | undefined) => text?.trim().toLowerCase() === 'true';

/** An unknown `sysparm_display_value` is read as `false`, like the platform's lenient parameters. */
function displayMode(text: string | undefined): DisplayMode {
  const t = text?.trim().toLowerCase();
  return t === 'true' || t === 'all' ? t : 'false';
}

export function readOptions(query: Record<string, string>): ReadOptions {
  return {
    fields: query.sysparm_fields,
    displayValue: displayMode(query.sysparm_display_value),
    excludeReferenceLink: flag(query.sysparm_exclude_reference_link),
  };
}

/** Unlisted `sysparm_*` parameters (`sysparm_view`, `sysparm_count`, …) are accepted and ignored. */
export function listOptions(query: Record<string, string>): ListOptions {
  const filters: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) if (!name.startsWith('sysparm_')) filters[name] = value;
  return {
    ...readOptions(query),
    query: query.sysparm_query ?? '',
    filters,
    limit: parseLimit(query.sysparm_limit),
    offset: parseOffset(query.sysparm_offset),
    noCount: flag(query.sysparm_no_count),
    suppressPaginationHeader: flag(query.sysparm_suppress_pagination_header),
  };
}
