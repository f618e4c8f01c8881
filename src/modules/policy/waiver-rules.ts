import { today } from '../../platform/clock/today.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { Properties } from '../../platform/properties/properties.ts';
import type { HookContext, RecordRule } from '../../platform/records/hooks.ts';
import type { Row } from '../../platform/records/row.ts';

/**
 * `sn_dpr_policy_exception` business rules (CONTRACT §8 "Waivers", "Waiver dates"): dates are
 * inclusive and `end_date` may not precede `start_date`; approving (on insert or update) is refused
 * once `end_date` has passed, and the server stamps `approved_by` with the approver. Who may
 * approve is the Table API's access rule (table-api/access.ts: release_admin or admin only), not
 * repeated here.
 */
export function waiverRules(deps: { properties: Properties }): RecordRule {
  const check = async (ctx: HookContext, row: Row, approving: boolean) => {
    const start = row.start_date;
    const end = row.end_date;
    if (typeof start === 'string' && typeof end === 'string' && end < start) {
      throw Errors.rule(`The exception's end_date (${end}) must not be before its start_date (${start})`);
    }
    if (!approving) return;
    const day = await today(ctx.clock, deps.properties, ctx.db);
    if (typeof end === 'string' && end < day) throw Errors.rule(`An exception whose end_date (${end}) has passed cannot be approved`);
    if (ctx.actor.userId) row.approved_by = ctx.actor.userId;
  };
  return {
    beforeInsert: (ctx, row) => check(ctx, row, row.state === 'approved'),
    async beforeUpdate(ctx, next, _previous, changed) {
      if (!['state', 'start_date', 'end_date'].some((field) => changed.has(field))) return;
      await check(ctx, next, changed.has('state') && next.state === 'approved');
    },
  };
}
