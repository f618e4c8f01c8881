import { randomBytes } from 'node:crypto';

/** A platform sys_id: 32 lowercase hex characters. */
export function newSysId(): string {
  return randomBytes(16).toString('hex');
}

const SYS_ID = /^[0-9a-f]{32}$/;
export function isSysId(value: unknown): value is string {
  return typeof value === 'string' && SYS_ID.test(value);
}
