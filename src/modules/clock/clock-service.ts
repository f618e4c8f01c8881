import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { toGlideDateTime } from '../../platform/clock/format.ts';

/**
 * Keeps the clock's offset in `sys_clock`, so that every process sharing the database agrees on
 * "now" after an admin moves it, and restarts keep the moved clock only when `DPR_NOW` says so.
 */
export class ClockService {
  constructor(
    private readonly db: Kysely<any>,
    readonly clock: Clock,
  ) {}

  async persist(): Promise<void> {
    await this.db
      .updateTable('sys_clock')
      .set({ offset_ms: this.clock.offset, sys_updated_on: toGlideDateTime(new Date()) })
      .where('name', '=', 'instance')
      .execute();
  }

  /** Adopts the offset another process stored. */
  async refresh(): Promise<void> {
    const row = await this.db.selectFrom('sys_clock').select('offset_ms').where('name', '=', 'instance').executeTakeFirst();
    if (row && row.offset_ms !== null && row.offset_ms !== undefined) this.clock.setOffset(Number(row.offset_ms));
  }

  async moveTo(instant: Date): Promise<Date> {
    this.clock.set(instant);
    await this.persist();
    await this.clock.notifyMoved();
    return this.clock.now();
  }

  async advance(ms: number): Promise<Date> {
    this.clock.advance(ms);
    await this.persist();
    await this.clock.notifyMoved();
    return this.clock.now();
  }
}
