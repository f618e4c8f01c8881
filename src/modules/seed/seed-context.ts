import type { WorkingCalendar } from '../calendar/engine/index.ts';
import type { SeedWriter } from './seed-writer.ts';

/** What every step of the demo seed shares. */
export interface SeedContext {
  w: SeedWriter;
  /** The clock's instant when the seed runs. */
  now: Date;
  /** Today's date in the instance time zone (`yyyy-MM-dd`); the story is told around it. */
  today: string;
  /** Working days of the demo holiday schedule (weekends and US holidays off). */
  workdays: WorkingCalendar;
  /** Demo user name → sys_id. */
  users: ReadonlyMap<string, string>;
}

/** `yyyy-MM-dd` + a time of day → a stored date-time (`yyyy-MM-dd HH:mm:ss`, UTC). */
export const at = (date: string, time: string) => `${date} ${time}`;

export function userId(ctx: Pick<SeedContext, 'users'>, userName: string): string {
  const id = ctx.users.get(userName);
  if (!id) throw new Error(`Demo user ${userName} is not defined`);
  return id;
}
