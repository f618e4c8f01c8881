import type { JobLog } from './types.ts';

/** A logger that adds `fields` (job id, type, attempt) to every entry, without needing pino's `child`. */
export function withFields(log: JobLog, fields: object): JobLog {
  return {
    info: (more, message) => log.info({ ...fields, ...more }, message),
    warn: (more, message) => log.warn({ ...fields, ...more }, message),
    error: (more, message) => log.error({ ...fields, ...more }, message),
  };
}
