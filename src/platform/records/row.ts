import type { StoredValue } from './coerce-value.ts';

/** A record as stored: column name → stored value (booleans 0/1, JSON as text, empty as null). */
export type Row = Record<string, StoredValue>;
