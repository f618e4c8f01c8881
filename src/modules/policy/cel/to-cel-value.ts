import { Optional } from '@marcbachmann/cel-js';
import type { CelMap, CelValue, JsonValue } from './types.ts';

/**
 * Record fields → CEL values (CONTRACT §8 "CEL values"), and CEL results → JSON.
 *
 * | internal_type     | CEL value                                    | empty (null, undefined, "") |
 * |-------------------|----------------------------------------------|-----------------------------|
 * | string            | string                                       | `""`                        |
 * | reference         | string: the target sys_id                    | `""`                        |
 * | glide_date        | string `yyyy-MM-dd`                          | `""`                        |
 * | glide_date_time   | string `yyyy-MM-dd HH:mm:ss` (UTC)           | `""`                        |
 * | glide_list        | list of strings (the sys_ids)                | `[]`                        |
 * | boolean           | bool                                         | `false`                     |
 * | integer           | int (BigInt)                                 | absent                      |
 * | decimal           | double                                       | absent                      |
 * | json              | map / list / scalar (parsed when a string)   | absent                      |
 * | password2         | never exposed                                | absent                      |
 *
 * The rule for authors: text-like fields are always present, so compare with `x.field == ""`;
 * numbers and JSON have no neutral empty value (0 is a real coverage), so an empty one is left out
 * of the map: test it with `has(x.field)`. A value that cannot be parsed as its type (e.g. "abc" in
 * an integer column, an integer outside int64) is treated as empty. Passwords never reach policies.
 *
 * Fields missing from `types` are converted by their JavaScript type: string → string,
 * boolean → bool, bigint or integral number → int, other number → double, Date → date-time
 * string, arrays and objects → as JSON; null/undefined → absent.
 *
 * JSON follows cel-js's own `bytes.json()` convention: integral numbers (within the safe integer
 * range) become int, other numbers double; JSON null stays CEL null. Nesting deeper than
 * MAX_JSON_DEPTH is replaced by null, which keeps every later walk (cost estimate, evaluation)
 * shallow. Maps are plain objects (V8 keeps them in fast mode, unlike null-prototype objects,
 * which makes field access several times faster); a `__proto__` key is defined as an own
 * property, so no key can reach Object.prototype, and cel-js never reads inherited properties.
 */

import type { InternalType } from '../../../platform/db/catalog/types.ts';

export type { InternalType };

export type FieldTypes = Readonly<Record<string, InternalType | string>>;

export const MAX_JSON_DEPTH = 32;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const INTEGER_TEXT = /^[+-]?\d+(?:\.0*)?$/;

/** A fresh, empty CEL map. */
export function celMap(): CelMap {
  return {};
}

/** Sets an own property, even for the key `__proto__` (plain assignment would change the prototype). */
export function setField<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Converts one record. `types` maps field name → `sys_dictionary.internal_type`. */
export function recordToCel(record: Readonly<Record<string, unknown>> | null | undefined, types: FieldTypes = {}): CelMap {
  const out = celMap();
  if (record === null || record === undefined || typeof record !== 'object') return out;
  for (const field of Object.keys(record)) {
    const type = Object.hasOwn(types, field) ? types[field] : undefined;
    const value = type === undefined ? inferredToCel(record[field], 0) : fieldToCel(type, record[field]);
    if (value !== undefined) setField(out, field, value);
  }
  // Declared fields missing from the record get their empty value, so the rule above holds for them.
  for (const field of Object.keys(types)) {
    if (Object.hasOwn(record, field)) continue;
    const value = fieldToCel(types[field]!, undefined);
    if (value !== undefined) setField(out, field, value);
  }
  return out;
}

export function recordsToCel(records: readonly Readonly<Record<string, unknown>>[] | null | undefined, types: FieldTypes = {}): CelMap[] {
  return Array.isArray(records) ? records.map((record) => recordToCel(record, types)) : [];
}

/** Converts one field value by its internal type; `undefined` means "leave the field out". */
export function fieldToCel(type: InternalType | string, value: unknown): CelValue | undefined {
  switch (type) {
    case 'string':
      return isEmpty(value) ? '' : textOf(value);
    case 'reference':
      return isEmpty(value) ? '' : referenceOf(value);
    case 'glide_date':
      return isEmpty(value) ? '' : value instanceof Date ? formatDate(value) : textOf(value);
    case 'glide_date_time':
      return isEmpty(value) ? '' : value instanceof Date ? formatDateTime(value) : textOf(value);
    case 'glide_list':
      return listOf(value);
    case 'boolean':
      return booleanOf(value);
    case 'integer':
      return integerOf(value);
    case 'decimal':
      return decimalOf(value);
    case 'json':
      return jsonFieldOf(value);
    case 'password2':
      return undefined;
    default:
      return inferredToCel(value, 0);
  }
}

/** Converts a parsed JSON value (or any plain JS data) to CEL; `undefined` for undefined input. */
export function jsonToCel(value: unknown, depth = 0): CelValue | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null) return null;
  if (depth > MAX_JSON_DEPTH) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'bigint':
      return value >= INT64_MIN && value <= INT64_MAX ? value : Number(value);
    case 'number':
      return Number.isSafeInteger(value) ? BigInt(value) : value;
    default:
      break; // objects below
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : formatDateTime(value);
  if (Array.isArray(value)) {
    return value.map((item) => {
      const converted = jsonToCel(item, depth + 1);
      return converted === undefined ? null : converted;
    });
  }
  const out = celMap();
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
  for (const [key, item] of entries) {
    const converted = jsonToCel(item, depth + 1);
    if (converted !== undefined) setField(out, String(key), converted);
  }
  return out;
}

/**
 * `params` for a policy: its `inputs` (defaults) overlaid with the mapping's `config`. Either may
 * be an object or a JSON string (as stored). A config entry that is null, undefined or "" keeps
 * the default, because a blank form field means "not overridden".
 */
export function buildParams(inputs: unknown, config?: unknown): CelMap {
  const merged: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(objectOf(inputs))) merged[key] = value;
  for (const [key, value] of Object.entries(objectOf(config))) {
    if (value === null || value === undefined || value === '') continue;
    merged[key] = value;
  }
  const params = jsonToCel(merged);
  return params && typeof params === 'object' && !Array.isArray(params) ? params : celMap();
}

/**
 * CEL result → JSON-safe value for `execution_output`: BigInt → number when it is a safe integer,
 * else its decimal string; NaN/±Infinity → their names; bytes → base64; timestamps → ISO-8601;
 * durations, uints and types → their text; optionals → their value or null.
 */
export function celToJson(value: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'function':
    case 'symbol':
      return null;
    default:
      break; // objects below
  }
  if (depth > MAX_JSON_DEPTH) return null;
  if (value instanceof Optional) return value.hasValue() ? celToJson(value.value(), depth + 1) : null;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => celToJson(item, depth + 1));
  const out: { [key: string]: JsonValue } = {};
  if (value instanceof Map) {
    for (const [key, item] of value) setField(out, String(key), celToJson(item, depth + 1));
    return out;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && proto !== Object.prototype) {
    // cel-js value classes (UnsignedInt, Duration, Type) render themselves.
    const primitive = (value as { valueOf(): unknown }).valueOf();
    if (typeof primitive === 'bigint') return celToJson(primitive, depth + 1);
    const typeName = (value as { name?: unknown }).name;
    if (value.constructor?.name === 'Type' && typeof typeName === 'string') return typeName;
    return String(value);
  }
  for (const key of Object.keys(value as object)) setField(out, key, celToJson((value as Record<string, unknown>)[key], depth + 1));
  return out;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    // Table API references arrive as {link, value}; anything else is kept as its JSON text.
    const inner = (value as { value?: unknown }).value;
    if (typeof inner === 'string') return inner;
    try {
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
    } catch {
      return '';
    }
  }
  return String(value);
}

function referenceOf(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const inner = (value as { value?: unknown; sys_id?: unknown }).value ?? (value as { sys_id?: unknown }).sys_id;
    return typeof inner === 'string' ? inner : '';
  }
  return textOf(value);
}

function listOf(value: unknown): string[] {
  if (isEmpty(value)) return [];
  if (Array.isArray(value)) return value.filter((v) => !isEmpty(v)).map(referenceOf);
  return textOf(value)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function booleanOf(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value === 'true' || value === '1';
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'bigint') return value === 1n;
  return false;
}

function integerOf(value: unknown): bigint | undefined {
  let result: bigint | undefined;
  if (typeof value === 'bigint') result = value;
  else if (typeof value === 'number') result = Number.isInteger(value) ? BigInt(value) : undefined;
  else if (typeof value === 'string') {
    const text = value.trim();
    result = INTEGER_TEXT.test(text) ? BigInt(text.split('.')[0]!) : undefined;
  }
  return result !== undefined && result >= INT64_MIN && result <= INT64_MAX ? result : undefined;
}

function decimalOf(value: unknown): number | undefined {
  let result: number | undefined;
  if (typeof value === 'number') result = value;
  else if (typeof value === 'bigint') result = Number(value);
  else if (typeof value === 'string' && value.trim() !== '') result = Number(value.trim());
  return result !== undefined && Number.isFinite(result) ? result : undefined;
}

function jsonFieldOf(value: unknown): CelValue | undefined {
  if (isEmpty(value)) return undefined;
  if (typeof value === 'string') {
    try {
      return jsonToCel(JSON.parse(value) as unknown);
    } catch {
      return undefined;
    }
  }
  return jsonToCel(value);
}

function inferredToCel(value: unknown, depth: number): CelValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : Number.isFinite(value) ? value : undefined;
  return jsonToCel(value, depth);
}

function objectOf(value: unknown): Record<string, unknown> {
  let parsed = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return {};
    }
  }
  if (parsed instanceof Map) return Object.fromEntries(parsed) as Record<string, unknown>;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function formatDateTime(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  return `${formatDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
