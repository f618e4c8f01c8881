import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { fromGlideDateTime, toGlideDateTime } from '../../platform/clock/format.ts';
import type { JobQueue } from './job-queue.ts';
import { advanceTrigger } from './sql/advance-trigger.ts';
import { selectActiveTriggers } from './sql/select-active-triggers.ts';
import { selectDueTriggers, type TriggerRow } from './sql/select-due-triggers.ts';
import { upsertTrigger, type TriggerSpec } from './sql/upsert-trigger.ts';
import { silentLog, type JobLog } from './types.ts';

export type { TriggerRow, TriggerSpec };

/** The idempotency key of the job a trigger enqueues for one scheduled instant. */
export function triggerJobKey(name: string, storedNextRun: string): string {
  return `trigger:${name}:${storedNextRun}`;
}

/**
 * The first `next_run` strictly after `now`, in whole intervals from `from`. Missed intervals
 * coalesce: a trigger that was due several times over (the clock moved 3 hours past an hourly
 * trigger, or the server was down) fires once and resumes on its original grid.
 */
export function nextRunAfter(from: Date, intervalSeconds: number, now: Date): Date {
  const step = intervalSeconds * 1000;
  const missed = Math.floor((now.getTime() - from.getTime()) / step) + 1;
  return new Date(from.getTime() + Math.max(1, missed) * step);
}

/**
 * Fires `sys_trigger` rows that fell due on the app clock. Firing is two idempotent steps instead of
 * one transaction: (1) enqueue the job under the key `trigger:<name>:<next_run>`, which the unique
 * index makes exactly-once per scheduled instant, then (2) compare-and-set `next_run` forward. Two
 * schedulers that race produce one job and one advance; a crash between the steps leaves the job
 * enqueued and the next tick only advances. Why not a transaction: on SQLite a write transaction
 * held across awaits blocks every other connection of the process in a synchronous busy-wait, and
 * the ordered steps give the same guarantee without it.
 */
export class Scheduler {
  constructor(
    private readonly deps: { db: Kysely<any>; clock: Clock; queue: JobQueue; log?: JobLog },
  ) {}

  /** Enqueues one job per due trigger and advances each past now; resolves with how many this call fired. */
  async tick(): Promise<number> {
    const { db, clock } = this.deps;
    let fired = 0;
    await this.realign();
    for (const trigger of await selectDueTriggers(db, clock.now())) {
      if (await this.fire(trigger)) fired++;
    }
    return fired;
  }

  /**
   * Pulls back triggers whose next run lies more than one interval ahead, which happens when the
   * clock is set backwards (a replay of the reference's dates): an hourly job must not wait months
   * of clock time. The grid is kept: the run moves back by whole intervals.
   */
  private async realign(): Promise<void> {
    const { db, clock } = this.deps;
    const now = clock.now();
    for (const t of await selectActiveTriggers(db)) {
      const step = t.intervalSeconds * 1000;
      const next = fromGlideDateTime(t.nextRun).getTime();
      if (!(step > 0) || next - now.getTime() <= step) continue;
      const back = Math.floor((next - now.getTime() - 1) / step) * step;
      await advanceTrigger(db, t.id, t.nextRun, new Date(next - back), now);
    }
  }

  /** Creates or updates a trigger at start (modules that need hourly or daily work call it). */
  ensureTrigger(spec: TriggerSpec): Promise<TriggerRow> {
    if (!(Number.isInteger(spec.intervalSeconds) && spec.intervalSeconds >= 1)) {
      throw new Error(`Trigger ${spec.name}: intervalSeconds must be a positive integer (got ${spec.intervalSeconds})`);
    }
    return upsertTrigger(this.deps.db, spec, this.deps.clock.now());
  }

  private async fire(trigger: TriggerRow): Promise<boolean> {
    const { db, clock, queue } = this.deps;
    const log = this.deps.log ?? silentLog;
    // Triggers are editable through the Table API: a broken one is skipped (and logged on every
    // tick) rather than firing on every tick or stopping the others.
    if (!(trigger.intervalSeconds >= 1)) {
      log.error({ trigger: trigger.name, intervalSeconds: trigger.intervalSeconds }, 'Trigger skipped: its interval must be at least one second');
      return false;
    }
    if (trigger.invalidPayload !== undefined) {
      log.error({ trigger: trigger.name, error: trigger.invalidPayload }, 'Trigger skipped: its payload is not valid JSON');
      return false;
    }
    const now = clock.now();
    const key = triggerJobKey(trigger.name, trigger.storedNextRun);
    const job = await queue.enqueue(db, { type: trigger.type, payload: trigger.payload, runAt: trigger.nextRun, idempotencyKey: key });
    const next = nextRunAfter(trigger.nextRun, trigger.intervalSeconds, now);
    const advanced = await advanceTrigger(db, trigger.id, trigger.storedNextRun, next, now);
    if (advanced) log.info({ trigger: trigger.name, jobId: job.id, nextRun: toGlideDateTime(next) }, 'Trigger fired');
    return advanced;
  }
}
