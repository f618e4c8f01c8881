import type { RecordRule } from '../../platform/records/hooks.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import { refreshFamilyStatuses } from './status-roll-up.ts';

/**
 * `sn_dpr_model_release` business rule: a release that moves to another phase (complete_phase,
 * the timeline job, a restart) takes that phase's policy status, and its primary's combined status
 * follows, in the same transaction. Without it a release would keep showing the status of a phase
 * it has left.
 */
export function phaseChangeRule(store: RecordStore): RecordRule {
  return {
    async afterUpdate(ctx, next, _previous, changed) {
      if (changed.has('current_phase')) await refreshFamilyStatuses(store, ctx.db, String(next.sys_id));
    },
  };
}
