import type { InternalType } from '../../../platform/db/catalog/types.ts';

/** How a column is stored: the kind of value its parameters must be bound as. */
export type StorageKind = 'integer' | 'real' | 'text';

export function storageKind(type: InternalType): StorageKind {
  switch (type) {
    case 'integer':
    case 'boolean': // stored as 0/1
      return 'integer';
    case 'decimal':
      return 'real';
    default:
      return 'text';
  }
}

const DECIMAL = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A finite number written in decimal notation (no hex, no `Infinity`), or undefined. */
export function parseNumber(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Booleans as the platform accepts them in queries: `true`/`false` (any case) or `1`/`0`,
 * stored as 1/0. Anything else: undefined.
 */
export function parseBoolean(text: string): 0 | 1 | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1') return 1;
  if (t === 'false' || t === '0') return 0;
  return undefined;
}

/**
 * A query value converted to what the column stores, or undefined when it cannot be one (such a
 * condition matches nothing). Text columns (strings, dates, references, JSON, lists) take the value
 * as written: values are case-sensitive on the platform.
 */
export function convertValue(type: InternalType, text: string): string | number | undefined {
  switch (type) {
    case 'boolean':
      return parseBoolean(text);
    case 'integer':
    case 'decimal':
      return parseNumber(text);
    default:
      return text;
  }
}
