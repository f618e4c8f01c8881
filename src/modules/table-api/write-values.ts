import type { ColumnMeta, TableMeta } from '../../platform/db/catalog/types.ts';
import { SYSTEM_COLUMN_NAMES } from '../../platform/db/catalog/system-columns.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import { coerceValue, type StoredValue } from '../../platform/records/coerce-value.ts';

/** What the body was, for the message of a refusal. */
function kindOf(body: unknown): string {
  if (body === undefined || body === null) return 'nothing';
  if (Array.isArray(body)) return 'an array';
  return `a ${typeof body}`;
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  return Object.values(value).some((v) => containsNul(v, depth + 1));
}

/**
 * A Table API write takes one record as one JSON object (CONTRACT §8); an array (even of one
 * record) or any other JSON value is a 400. NUL characters are refused: PostgreSQL cannot store
 * them in text, and both databases must answer alike.
 */
export function requireObjectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw Errors.badRequest('Request body must be a JSON object', `Send one record as a JSON object of field values; got ${kindOf(body)}`);
  }
  if (containsNul(body)) throw Errors.badRequest('Request body must not contain NUL characters', 'Text values cannot hold the character U+0000');
  return body as Record<string, unknown>;
}

/**
 * The fields of a body a write may set: columns of the table that are neither system fields nor
 * read-only. `sys_*` fields (sys_id included) and unknown names are ignored, as the platform does.
 */
export function writableValues(table: TableMeta, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const column = table.columns.get(name);
    if (!column || column.read_only || SYSTEM_COLUMN_NAMES.has(name) || value === undefined) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The fields a write changes, with their new stored values: those whose coerced value differs from
 * the baseline (the stored record, or the defaults of a new one). A secret always counts as a
 * change: its stored form is a hash. Invalid values are refused here with the store's own 400s.
 */
export function changesOf(
  table: TableMeta,
  values: Record<string, unknown>,
  baseline: (column: ColumnMeta) => StoredValue,
): Map<string, StoredValue> {
  const changes = new Map<string, StoredValue>();
  for (const [name, value] of Object.entries(values)) {
    const column = table.columns.get(name)!;
    const stored = coerceValue(column, value);
    if (column.internal_type === 'password2' || stored !== normalize(baseline(column))) changes.set(name, stored);
  }
  return changes;
}

/** A column absent from the baseline row is empty. */
function normalize(value: StoredValue | undefined): StoredValue {
  return value === undefined ? null : value;
}
