import type { Kysely } from 'kysely';
import type { Properties } from '../properties/properties.ts';
import type { Clock } from './clock.ts';
import { dateInZone } from './format.ts';

/** "Today" as a date-only value in the instance time zone (CONTRACT §1 `TZ` / `glide.sys.default.tz`). */
export async function today(clock: Clock, properties: Properties, db?: Kysely<any>): Promise<string> {
  return dateInZone(clock.now(), await properties.timeZone(db));
}
