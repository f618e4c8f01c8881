/**
 * Reading the loosely typed JSON the DPR clients send. The reference's own examples send `""` and
 * `null` for fields they do not mean to set, so both mean "not given" here.
 */
import { Errors } from '../../platform/errors/catalogue.ts';

/** A trimmed non-empty string, or undefined for a missing, null or blank value. */
export function givenText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A required text field: the message names the field as the client spelled it. */
export function requiredText(value: unknown, field: string): string {
  const text = givenText(value);
  if (text === undefined) throw Errors.rule(`${field} is required`);
  return text;
}

/** `true`/`false` as JSON or as the strings the platform's clients also send; undefined when not given. */
export function givenFlag(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw Errors.rule(`${field} must be true or false (got ${JSON.stringify(value)})`);
}

/**
 * A list of sys_ids sent as the reference's comma-separated string (`"id1,id2"`) or as a JSON array:
 * spaces and empty items are tolerated, duplicates dropped, the first-seen order kept.
 */
export function idList(value: unknown, field: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  let items: unknown[];
  if (typeof value === 'string') items = value.split(',');
  else if (Array.isArray(value)) items = value;
  else throw Errors.rule(`${field} must be a comma-separated list of sys_ids`);
  const ids: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw Errors.rule(`${field} must be a comma-separated list of sys_ids`);
    const id = item.trim();
    if (id !== '' && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
