import { randomBytes } from 'node:crypto';

/**
 * A platform sys_id: 32 lowercase hex characters — 12 of milliseconds since the epoch, then 20
 * random (80 bits). Clients treat sys_ids as opaque, as on the platform; the time prefix is for the
 * database: rows created together (a release's phases and 50 tasks) get neighbouring keys, so a
 * write touches a few index pages instead of one random page per row and index. With fully random
 * ids a release from the standard template appended ~1.1 MB of pages to the SQLite log.
 */
export function newSysId(now = Date.now()): string {
  return Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12) + randomBytes(10).toString('hex');
}

const SYS_ID = /^[0-9a-f]{32}$/;
export function isSysId(value: unknown): value is string {
  return typeof value === 'string' && SYS_ID.test(value);
}
