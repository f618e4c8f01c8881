import { Errors } from '../../../platform/errors/catalogue.ts';
import { isIsoDate } from '../../calendar/engine/index.ts';
import type { KeyDateBody } from './schemas.ts';

/** Key date value sets (DOMAIN.md §2.4). */
export const KEY_DATE_TYPES = ['deadline', 'important_date', 'key_event', 'milestone'] as const;
export const KEY_DATE_STATES = ['archived', 'missed', 'upcoming'] as const;

/** A checked key-date request: every required field present and valid. */
export interface KeyDateRequest {
  name: string;
  type: (typeof KEY_DATE_TYPES)[number];
  state: (typeof KEY_DATE_STATES)[number];
  dueDate: string;
  description: string | null;
  assignedTo?: string;
}

const text = (v: string | null | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function oneOf<T extends string>(field: string, allowed: readonly T[], value: string | undefined): T {
  if (value === undefined) throw Errors.rule(`${field} is required (one of ${allowed.join(', ')})`);
  if (!(allowed as readonly string[]).includes(value)) throw Errors.rule(`${field} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

/**
 * Checks the body's own fields (no database). `dueDate` and `duedate` are the same field under the
 * reference's two spellings: either may be given, both only when they agree (CONTRACT §5.3).
 */
export function parseKeyDateBody(body: KeyDateBody): KeyDateRequest {
  const name = text(body.name);
  if (!name) throw Errors.rule('name is required');
  const type = oneOf('type', KEY_DATE_TYPES, text(body.type));
  const state = oneOf('state', KEY_DATE_STATES, text(body.state));
  const camel = text(body.dueDate);
  const lower = text(body.duedate);
  if (camel !== undefined && lower !== undefined && camel !== lower) {
    throw Errors.rule(`dueDate (${camel}) and duedate (${lower}) differ: give the due date once`);
  }
  const dueDate = camel ?? lower;
  if (dueDate === undefined) throw Errors.rule('dueDate is required (yyyy-MM-dd)');
  if (!isIsoDate(dueDate)) throw Errors.rule(`dueDate must be a date in the format yyyy-MM-dd (got "${dueDate}")`);
  return {
    name,
    type,
    state,
    dueDate,
    // Free text keeps its own spacing; only a blank one is "not given".
    description: text(body.description) === undefined ? null : (body.description as string),
    assignedTo: text(body.assignedTo),
  };
}
