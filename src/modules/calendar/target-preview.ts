import type { Kysely } from 'kysely';
import type { Overlap } from './exclusion-schedules.ts';
import { givenText } from './inputs.ts';
import { planTargetDates } from './target-plan.ts';

/** The preview's query: the `POST release_target` fields that decide the dates, `repeats` flattened. */
export interface TargetPreviewQuery {
  releaseCalendar?: string;
  startDate?: string;
  endDate?: string;
  type?: string;
  every?: string;
  daysOfWeek?: string;
  scheduleSysId?: string;
}

export interface TargetPreview {
  dates: Array<{ date: string; overlaps: Overlap[] }>;
  count: number;
  overlapCount: number;
}

/**
 * The dates a `POST release_target` with the same fields would compute, each with the exclusion
 * entries it falls in, so that a form can show the opt-in list before saving. Read-only, and it
 * validates exactly as the POST does, so a preview that answers 200 predicts a POST that will not
 * be refused for its dates. Without `type` it previews a single target on `startDate`.
 */
export async function previewTargets(db: Kysely<any>, today: string, query: TargetPreviewQuery): Promise<TargetPreview> {
  const recurring = givenText(query.type) !== undefined;
  const plan = await planTargetDates(db, today, {
    releaseCalendar: query.releaseCalendar,
    scheduleSysId: query.scheduleSysId,
    startDate: query.startDate,
    endDate: query.endDate,
    recurring,
    repeats: recurring ? { type: query.type, every: query.every, daysOfWeek: query.daysOfWeek } : undefined,
  });
  return {
    dates: plan.dates,
    count: plan.dates.length,
    overlapCount: plan.dates.filter((d) => d.overlaps.length > 0).length,
  };
}
