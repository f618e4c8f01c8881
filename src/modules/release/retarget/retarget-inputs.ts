import { Errors } from '../../../platform/errors/catalogue.ts';
import type { RetargetBody } from './schemas.ts';

/** The new readiness target: an existing target, or an out-of-band date on a calendar. */
export type RetargetRequest =
  | { kind: 'target'; targetId: string }
  | { kind: 'out_of_band'; calendarId?: string; date?: string };

const text = (v: string | null | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function flag(value: RetargetBody['outOfBand']): boolean {
  if (value === true || value === false) return value;
  const word = (value ?? '').trim().toLowerCase();
  if (word === '' || word === 'false') return false;
  if (word === 'true') return true;
  throw Errors.rule(`outOfBand must be true or false (got "${value}")`);
}

/**
 * Exactly one way to name the new target (CONTRACT §5.8): `releaseTarget`, or `outOfBand:true` with
 * `releaseCalendar` and `releaseDate`. A `releaseDate` or `releaseCalendar` without `outOfBand:true`
 * is refused rather than ignored: the caller meant a date the request would not apply.
 */
export function parseRetargetBody(body: RetargetBody): RetargetRequest {
  const outOfBand = flag(body.outOfBand);
  const targetId = text(body.releaseTarget);
  const calendarId = text(body.releaseCalendar);
  const date = text(body.releaseDate);
  if (outOfBand && targetId) throw Errors.rule('Give either releaseTarget or outOfBand true (with releaseCalendar and releaseDate), not both');
  if (outOfBand) return { kind: 'out_of_band', calendarId, date };
  if (calendarId || date) throw Errors.rule('releaseCalendar and releaseDate apply only with outOfBand true');
  if (!targetId) throw Errors.rule('releaseTarget is required, or outOfBand true with releaseCalendar and releaseDate');
  return { kind: 'target', targetId };
}
