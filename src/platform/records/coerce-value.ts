import { Temporal } from 'temporal-polyfill';
import type { ColumnMeta } from '../db/catalog/types.ts';
import { Errors } from '../errors/catalogue.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const SYS_ID = /^[0-9a-f]{32}$/;
const MAX_TEXT = 1_000_000;

export type StoredValue = string | number | null;

function invalid(column: ColumnMeta, why: string): never {
  throw Errors.badRequest(`Invalid value for field ${column.element}`, why);
}

function isValidDate(text: string): boolean {
  try {
    return Temporal.PlainDate.from(text, { overflow: 'reject' }).toString() === text;
  } catch {
    return false;
  }
}

/**
 * Converts a value from a request (a platform string, or a JSON number/boolean/object) to the stored
 * form of its column. Empty strings and null clear the field, as on the platform.
 */
export function coerceValue(column: ColumnMeta, input: unknown): StoredValue {
  let value = input;
  // Reference fields may be sent back as they are read: {"link": ..., "value": ...}.
  if (value && typeof value === 'object' && !Array.isArray(value) && 'value' in value && column.internal_type !== 'json') {
    value = (value as { value: unknown }).value;
  }
  if (value === null || value === undefined || value === '') return null;
  const text = typeof value === 'string' ? value : undefined;
  let stored: StoredValue;
  switch (column.internal_type) {
    case 'boolean': {
      if (value === true || value === 1 || text === 'true' || text === '1') stored = 1;
      else if (value === false || value === 0 || text === 'false' || text === '0') stored = 0;
      else invalid(column, 'expected true or false');
      break;
    }
    case 'integer': {
      const n = typeof value === 'number' ? value : text !== undefined && /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n) || Math.abs(n) > 2_147_483_647) invalid(column, 'expected an integer');
      stored = n;
      break;
    }
    case 'decimal': {
      const n = typeof value === 'number' ? value : text !== undefined && text.trim() !== '' ? Number(text) : NaN;
      if (!Number.isFinite(n)) invalid(column, 'expected a number');
      stored = n;
      break;
    }
    case 'glide_date': {
      if (text === undefined || !DATE.test(text) || !isValidDate(text)) invalid(column, 'expected a date yyyy-MM-dd');
      stored = text;
      break;
    }
    case 'glide_date_time': {
      const m = text === undefined ? null : DATE_TIME.exec(text.trim());
      if (!m || !isValidDate(m[1])) invalid(column, 'expected a date-time yyyy-MM-dd HH:mm:ss (UTC)');
      if (m[4]) {
        const ms = Date.parse(text!.trim().replace(' ', 'T'));
        if (Number.isNaN(ms)) invalid(column, 'expected a date-time yyyy-MM-dd HH:mm:ss (UTC)');
        stored = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
      } else {
        stored = `${m[1]} ${m[2]}`;
      }
      break;
    }
    case 'reference': {
      if (text === undefined || !SYS_ID.test(text)) invalid(column, 'expected the sys_id of a record');
      stored = text;
      break;
    }
    case 'glide_list': {
      const items = Array.isArray(value) ? value.map(String) : text !== undefined ? text.split(',') : invalid(column, 'expected a comma-separated list');
      const trimmed = items.map((s) => s.trim()).filter(Boolean);
      if (column.reference && trimmed.some((s) => !SYS_ID.test(s))) invalid(column, 'expected comma-separated sys_ids');
      stored = trimmed.length ? trimmed.join(',') : null;
      break;
    }
    case 'json': {
      if (text !== undefined) {
        try {
          JSON.parse(text);
        } catch {
          invalid(column, 'expected JSON text');
        }
        stored = text;
      } else {
        stored = JSON.stringify(value);
      }
      break;
    }
    case 'string':
    case 'password2': {
      if (typeof value === 'object') invalid(column, 'expected a string');
      stored = String(value);
      break;
    }
  }
  if (typeof stored === 'string' && stored.length > (column.max_length ?? MAX_TEXT)) {
    invalid(column, `longer than ${column.max_length ?? MAX_TEXT} characters`);
  }
  if (column.choices && stored !== null && !column.choices.includes(String(stored))) {
    invalid(column, `must be one of ${column.choices.join(', ')}`);
  }
  return stored;
}

/** The stored form of a column's default value. */
export function defaultValue(column: ColumnMeta): StoredValue {
  return column.default_value === undefined ? null : coerceValue(column, column.default_value);
}
