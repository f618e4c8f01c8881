import { Errors } from '../../platform/errors/catalogue.ts';
import { isIsoDate } from './engine/index.ts';
import { givenFlag, givenText } from './inputs.ts';

export const OPT_INS_FIELD = 'targetsWithOverlappingScheduleDetails';
const FIELD = OPT_INS_FIELD;

/**
 * `targetsWithOverlappingScheduleDetails`: the client's answer (`active`) for each date it lists, as
 * date → create. A date listed twice with different answers is refused rather than guessed.
 */
export function parseOptIns(value: unknown): Map<string, boolean> {
  const answers = new Map<string, boolean>();
  if (value === undefined || value === null || value === '') return answers;
  if (!Array.isArray(value)) throw Errors.rule(`${FIELD} must be a list of {"date": "yyyy-MM-dd", "active": true|false}`);
  value.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw Errors.rule(`${FIELD}[${i}] must be an object with date and active`);
    const entry = item as Record<string, unknown>;
    const date = givenText(entry.date);
    if (!date || !isIsoDate(date)) throw Errors.rule(`${FIELD}[${i}].date must be a date in yyyy-MM-dd format (got ${JSON.stringify(entry.date ?? null)})`);
    const active = givenFlag(entry.active, `${FIELD}[${i}].active`);
    if (active === undefined) throw Errors.rule(`${FIELD}[${i}].active is required (true or false)`);
    if (answers.has(date) && answers.get(date) !== active) throw Errors.rule(`${FIELD} lists ${date} twice, once active and once inactive`);
    answers.set(date, active);
  });
  return answers;
}
