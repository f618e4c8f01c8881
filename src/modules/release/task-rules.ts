import { toGlideDateTime } from '../../platform/clock/format.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { RecordRule } from '../../platform/records/hooks.ts';
import { openTasks, type ProgressDeps } from './phase-progress.ts';
import { isClosedTaskState, TASK_STATE } from './release-states.ts';
import { today } from '../../platform/clock/today.ts';

/**
 * Business rules of release tasks (CONTRACT §8 Tasks, DOMAIN §2.3, §3.3), run for the Table API
 * and the engine alike:
 * - a task whose turn has not come (Pending under sequential execution) cannot be closed or approved;
 * - a `need_approval` task closes when its approval becomes `approved` (state → Closed Complete),
 *   and cannot be closed before; `need_approval` cannot change after creation;
 * - closing a task opens the next one in order when tasks run sequentially.
 */
export function releaseTaskRules(deps: ProgressDeps): RecordRule {
  return {
    beforeUpdate(ctx, next, previous, changed) {
      const label = String(previous.number ?? previous.sys_id);
      if (changed.has('need_approval')) throw Errors.badRequest(`Need approval of task ${label} cannot change after it is created`);
      const wasPending = Number(previous.state) === TASK_STATE.pending;
      // The engine's own writes (cancelling a release skips its open tasks) are not held to the
      // turn and approval rules that guard people's changes.
      const byPeople = ctx.source === 'table_api';
      if (changed.has('approval') && ['approved', 'rejected'].includes(String(next.approval))) {
        if (wasPending && byPeople) throw Errors.badRequest(`Task ${label} cannot be approved or rejected before its turn (state Pending)`);
        if (next.need_approval !== 1) throw Errors.badRequest(`Task ${label} does not need approval`);
        // Approving closes the task (the platform's approval flow); rejecting leaves it open.
        if (next.approval === 'approved' && !isClosedTaskState(next.state)) next.state = TASK_STATE.closedComplete;
      }
      if (changed.has('state') || next.state !== previous.state) {
        const closing = isClosedTaskState(next.state) && !isClosedTaskState(previous.state);
        if (closing && wasPending && byPeople) throw Errors.badRequest(`Task ${label} is Pending: its turn has not come, so it cannot be closed`);
        if (closing && byPeople && next.need_approval === 1 && next.approval !== 'approved') {
          throw Errors.badRequest(`Task ${label} needs approval before it can be closed`);
        }
        if (closing) {
          next.active = 0;
          next.closed_at = toGlideDateTime(ctx.clock.now());
        } else if (!isClosedTaskState(next.state) && isClosedTaskState(previous.state)) {
          next.active = 1;
          next.closed_at = null;
        }
      }
    },
    async afterUpdate(ctx, next, previous) {
      const closed = isClosedTaskState(next.state) && !isClosedTaskState(previous.state);
      if (!closed || !next.phase) return;
      const phase = await ctx.db.selectFrom('sn_dpr_model_release_phase').select('state').where('sys_id', '=', String(next.phase)).executeTakeFirst();
      if (phase?.state !== 'in_progress') return;
      if (!(await deps.properties.bool('sn_dpr.sequential_task_execution', true, ctx.db))) return;
      await openTasks(deps, { db: ctx.db, actor: ctx.actor, today: await today(ctx.clock, deps.properties, ctx.db) }, String(next.phase));
    },
  };
}
