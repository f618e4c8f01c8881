import type { Kysely } from 'kysely';
import { Errors } from '../../platform/errors/catalogue.ts';
import { newSysId } from '../../platform/ids/sys-id.ts';
import type { Actor } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import { findUser } from './calendar-repo.ts';
import type { Overlap } from './exclusion-schedules.ts';
import { givenFlag, requiredText } from './inputs.ts';
import { OPT_INS_FIELD, parseOptIns } from './opt-ins.ts';
import { planTargetDates, type PlannedDate } from './target-plan.ts';

/** The `POST release_target` body as received (fields are read leniently, see `inputs.ts`). */
export interface ReleaseTargetInput {
  name?: unknown;
  releaseAdmin?: unknown;
  isRecurring?: unknown;
  description?: unknown;
  startDate?: unknown;
  endDate?: unknown;
  releaseCalendar?: unknown;
  repeats?: unknown;
  scheduleSysId?: unknown;
  targetsWithOverlappingScheduleDetails?: unknown;
}

/**
 * Creates one readiness target, or the targets of a recurring series, in the caller's transaction
 * (CONTRACT §5.7); returns how many were created.
 *
 * Which dates are created (the reference leaves the details open; DOMAIN §3.8 describes the UI):
 * - A date listed in `targetsWithOverlappingScheduleDetails` is the client's answer: `active:true`
 *   creates it, `active:false` skips it, whether it collides with an exclusion schedule or not.
 * - An unlisted free date is created; an unlisted date inside an exclusion schedule is skipped in a
 *   series (the UI's opt-in is unchecked by default) and refused (400, naming the schedule) for a
 *   single target, whose request would otherwise silently create nothing.
 * - A listed date that the request does not produce is a 400: the client computed another series.
 * A recurring set shares one `series` id and has `recurring` true, even when one date remains.
 */
export async function createReleaseTargets(db: Kysely<any>, store: RecordStore, actor: Actor, today: string, input: ReleaseTargetInput): Promise<number> {
  const name = requiredText(input.name, 'name');
  const adminId = requiredText(input.releaseAdmin, 'releaseAdmin');
  const admin = await findUser(db, adminId);
  if (!admin) throw Errors.rule(`Release admin is invalid: ${adminId}`);
  if (admin.active !== 1) throw Errors.rule(`Release admin ${admin.user_name} is not an active user`);
  const recurring = givenFlag(input.isRecurring, 'isRecurring');
  if (recurring === undefined) throw Errors.rule('isRecurring is required (true or false)');

  const plan = await planTargetDates(db, today, { ...input, recurring });
  const answers = parseOptIns(input.targetsWithOverlappingScheduleDetails);
  const produced = new Set(plan.dates.map((d) => d.date));
  const strangers = [...answers.keys()].filter((date) => !produced.has(date)).sort();
  if (strangers.length) {
    const what = recurring ? 'a date of the requested series' : `the requested startDate (${plan.dates[0].date})`;
    throw Errors.rule(`${OPT_INS_FIELD} lists ${strangers.join(', ')}, which ${strangers.length > 1 ? 'are not' : 'is not'} ${what}`);
  }

  const chosen = plan.dates.filter((planned) => {
    const answer = answers.get(planned.date);
    if (answer !== undefined) return answer;
    if (planned.overlaps.length === 0) return true;
    if (!recurring) throw overlapRefusal(planned);
    return false;
  });

  const series = recurring ? newSysId() : null;
  const description = typeof input.description === 'string' ? input.description : null;
  const rows = chosen.map((planned) => ({
    name,
    release_admin: admin.sys_id,
    release_calendar: plan.calendar.sys_id,
    date: planned.date,
    description,
    recurring,
    schedule: plan.scheduleId ?? null,
    series,
  }));
  await store.insertMany(db, actor, 'sn_dpr_model_release_target', rows);
  return rows.length;
}

function overlapRefusal(planned: PlannedDate) {
  return Errors.rule(
    `startDate ${planned.date} falls in the exclusion schedule ${describeOverlaps(planned.overlaps)}; ` +
      `to create the target anyway, list the date in ${OPT_INS_FIELD} with active true`,
  );
}

/** `Year-end blackout (Freeze), US holidays (Holiday 2025-12-25)`: each schedule once, with its entries. */
export function describeOverlaps(overlaps: readonly Overlap[]): string {
  const bySchedule = new Map<string, { name: string; spans: string[] }>();
  for (const o of overlaps) {
    const entry = bySchedule.get(o.scheduleId) ?? { name: o.scheduleName, spans: [] };
    if (o.spanName && !entry.spans.includes(o.spanName)) entry.spans.push(o.spanName);
    bySchedule.set(o.scheduleId, entry);
  }
  return [...bySchedule.values()].map((s) => (s.spans.length ? `${s.name} (${s.spans.join(', ')})` : s.name)).join(', ');
}
