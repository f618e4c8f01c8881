import type { Kysely } from 'kysely';
import type { Clock } from '../../../platform/clock/clock.ts';
import { today } from '../../../platform/clock/today.ts';
import { Errors } from '../../../platform/errors/catalogue.ts';
import type { Properties } from '../../../platform/properties/properties.ts';
import type { Actor } from '../../../platform/records/actor.ts';
import type { RecordStore } from '../../../platform/records/record-store.ts';
import { fromEngine } from '../../calendar/engine-errors.ts';
import { calendarDaysBetween } from '../../calendar/engine/index.ts';
import { workingCalendarFor } from '../../calendar/schedule-repo.ts';
import { outOfBandTarget } from '../out-of-band-target.ts';
import { findTarget, type TargetRow } from '../release-lookups.ts';
import { childrenOf, findRelease, phasesOf, type ReleaseRow } from '../release-repo.ts';
import { releaseLabel } from '../release-states.ts';
import { relayoutPhases } from './relayout-phases.ts';
import type { RetargetRequest } from './retarget-inputs.ts';
import { keyDatesOf } from './retarget-repo.ts';
import { shiftedKeyDates } from './shift-key-dates.ts';

export interface RetargetDeps {
  store: RecordStore;
  properties: Properties;
  clock: Clock;
  /** PostgreSQL locks the release rows (see `findRelease`); SQLite serializes writers anyway. */
  postgres: boolean;
}

interface MoveRules {
  today: string;
  allowAnyDates: boolean;
}

const RETARGETABLE = ['pending', 'in_progress'];
const CLOSED = ['completed', 'cancelled'];

/**
 * `PUT release/{sysId}/retarget` (CONTRACT §5.8, DOMAIN §3.7): moves a Pending or In Progress release
 * to a new readiness target and re-plans it; a primary release takes its open child releases along
 * (DOMAIN §3.6: the main release drives readiness and retargeting). Runs inside the caller's
 * transaction: the release row is locked first, so concurrent retargets of one release apply one
 * after the other, each on the dates the previous one left.
 */
export async function retargetRelease(deps: RetargetDeps, db: Kysely<any>, actor: Actor, releaseId: string, request: RetargetRequest): Promise<void> {
  const release = await findRelease(db, releaseId, { forUpdate: true, postgres: deps.postgres });
  if (!release) throw Errors.rule('Release ID is invalid');
  if (!RETARGETABLE.includes(release.state)) {
    throw Errors.rule(`Release must be Pending or In Progress to be retargeted (current state: ${releaseLabel(release.state)})`);
  }
  if (release.parent) {
    const primary = await findRelease(db, release.parent);
    throw Errors.rule(`Release ${release.name} is a child release of ${primary?.name ?? release.parent}: retarget the primary release, which moves its child releases too`);
  }
  const rules: MoveRules = {
    today: await today(deps.clock, deps.properties, db),
    allowAnyDates: await deps.properties.bool('sn_dpr_model.allow_any_release_dates', false, db),
  };
  const target = await resolveTarget(deps, db, actor, request, rules);
  await moveRelease(deps, db, actor, release, target, rules);
  for (const child of await childrenOf(db, release.sys_id)) {
    if (CLOSED.includes(child.state)) continue;
    const locked = await findRelease(db, child.sys_id, { forUpdate: true, postgres: deps.postgres });
    // The primary's dates were checked above; its children follow them (as at creation).
    if (locked) await moveRelease(deps, db, actor, locked, target, { ...rules, allowAnyDates: true });
  }
}

async function resolveTarget(deps: RetargetDeps, db: Kysely<any>, actor: Actor, request: RetargetRequest, rules: MoveRules): Promise<TargetRow> {
  if (request.kind === 'out_of_band') {
    if (!(await deps.properties.bool('sn_dpr.out_of_band_release_allowed', true, db))) {
      throw Errors.rule('Out-of-band release dates are not allowed (sn_dpr.out_of_band_release_allowed is false); choose a releaseTarget');
    }
    return outOfBandTarget(db, deps.store, actor, { calendarId: request.calendarId, date: request.date, today: rules.today });
  }
  const target = await findTarget(db, request.targetId);
  if (target.date < rules.today && !rules.allowAnyDates) {
    throw Errors.rule(`Release target ${target.name} (${target.date}) is before today (${rules.today}); retargeting into the past needs sn_dpr_model.allow_any_release_dates`);
  }
  return target;
}

/**
 * Points one release at the target. A timeline release's open phases are re-laid from the new
 * readiness date and its key dates shifted by the days the readiness date moved; a stage release
 * only changes target and readiness date (its phases carry no computed dates).
 */
async function moveRelease(deps: RetargetDeps, db: Kysely<any>, actor: Actor, release: ReleaseRow, target: TargetRow, rules: MoveRules): Promise<void> {
  const fields: Record<string, unknown> = { release_target: target.sys_id, readiness_date: target.date };
  if (release.process_type === 'timeline') {
    const calendar = await workingCalendarFor(db, release.schedule);
    const phases = await phasesOf(db, release.sys_id);
    const plan = relayoutPhases(phases, target.date, calendar, { ...rules, releaseName: release.name });
    const before = new Map(phases.map((p) => [p.sys_id, p]));
    for (const p of plan.phases) {
      const old = before.get(p.sys_id)!;
      if (old.planned_start_date === p.planned_start_date && old.planned_end_date === p.planned_end_date) continue;
      await deps.store.update(db, actor, 'sn_dpr_model_release_phase', p.sys_id, { planned_start_date: p.planned_start_date, planned_end_date: p.planned_end_date });
    }
    if (release.readiness_date) {
      const days = fromEngine(() => calendarDaysBetween(release.readiness_date!, target.date));
      const completed = new Set(phases.filter((p) => p.state === 'completed').map((p) => p.sys_id));
      const moved = shiftedKeyDates(await keyDatesOf(db, release.sys_id), days, completed, calendar);
      for (const [keyDateId, due] of moved) await deps.store.update(db, actor, 'sn_dpr_model_release_key_date', keyDateId, { due_date: due });
    }
    fields.planned_start_date = plan.plannedStart;
    fields.planned_end_date = plan.plannedEnd;
  }
  await deps.store.update(db, actor, 'sn_dpr_model_release', release.sys_id, fields);
}
