import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { toGlideDateTime } from '../../platform/clock/format.ts';

/**
 * Keeps the clock's offset in `sys_clock`, so that every process sharing the database agrees on
 * "now" after an admin moves it. A process starting with `DPR_NOW` sets the shared clock; one
 * starting without it adopts the stored offset (the instance's clock survives restarts, as an
 * instance's time does), and every process re-reads it periodically.
 */
export class ClockService {
  /** Moves in flight: a periodic refresh must not read the old offset back over a move. */
  private moving = 0;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param db where moves are written
   * @param background where periodic refreshes read (uncounted housekeeping connections)
   */
  constructor(
    private readonly db: Kysely<any>,
    readonly clock: Clock,
    private readonly background: Kysely<any> = db,
  ) {}

  /** At start: `DPR_NOW` given → store this clock's offset; otherwise adopt the stored one. */
  async start(fixedStart: boolean): Promise<void> {
    if (fixedStart || !(await this.refresh())) await this.persist();
  }

  async persist(): Promise<void> {
    await this.db
      .updateTable('sys_clock')
      .set({ offset_ms: this.clock.offset, sys_updated_on: toGlideDateTime(new Date()) })
      .where('name', '=', 'instance')
      .execute();
  }

  /** Adopts the offset another process stored; false when none is stored yet. */
  async refresh(): Promise<boolean> {
    if (this.moving) return true;
    const row = await this.background.selectFrom('sys_clock').select('offset_ms').where('name', '=', 'instance').executeTakeFirst();
    if (!row || row.offset_ms === null || row.offset_ms === undefined) return false;
    if (!this.moving) this.clock.setOffset(Number(row.offset_ms));
    return true;
  }

  /** Re-reads the shared offset every `everyMs` until `stop()`. */
  follow(everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  moveTo(instant: Date): Promise<Date> {
    return this.move(() => this.clock.set(instant));
  }

  advance(ms: number): Promise<Date> {
    return this.move(() => this.clock.advance(ms));
  }

  private async move(change: () => void): Promise<Date> {
    this.moving++;
    try {
      change();
      await this.persist();
    } finally {
      this.moving--;
    }
    await this.clock.notifyMoved();
    return this.clock.now();
  }
}
