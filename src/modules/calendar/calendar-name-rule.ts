import { Errors } from '../../platform/errors/catalogue.ts';
import type { RecordRule } from '../../platform/records/hooks.ts';
import { calendarNamed } from './calendar-repo.ts';

/**
 * Release calendar names are unique, ignoring case and surrounding spaces (DOMAIN §8.13 leaves it
 * open). Targets and out-of-band releases pick a calendar by name in every picker, where two
 * "Payments" calendars could not be told apart; the reference's own example name
 * ("Q1 2025 Release Calendar123") reads like a second try after a clash. A business rule, so that
 * the Table API obeys it too. Two concurrent inserts of one name can both pass (no unique index in
 * the frozen migration); the check is for people, not a database constraint.
 */
export const calendarNameRule: RecordRule = {
  async beforeInsert(ctx, row) {
    await refuseTakenName(ctx.db, row.name, undefined);
  },
  async beforeUpdate(ctx, next, previous, changed) {
    if (changed.has('name')) await refuseTakenName(ctx.db, next.name, String(previous.sys_id));
  },
};

async function refuseTakenName(db: Parameters<typeof calendarNamed>[0], name: unknown, exceptId: string | undefined): Promise<void> {
  if (typeof name !== 'string' || name.trim() === '') return; // the mandatory check reports a missing name
  if (await calendarNamed(db, name, exceptId)) throw Errors.rule(`A release calendar named ${name.trim()} already exists`);
}
