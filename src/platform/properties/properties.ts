import type { Kysely } from 'kysely';
import { dayFormat } from '../clock/format.ts';

/**
 * Reads `sys_properties` (DOMAIN.md §6). Properties are read inside the caller's transaction on
 * every use, so that a change made through the Table API applies at once in every process.
 */
export class Properties {
  constructor(private readonly db: Kysely<any>) {}

  async get(name: string, fallback = '', db: Kysely<any> = this.db): Promise<string> {
    const row = await db.selectFrom('sys_properties').select('value').where('name', '=', name).executeTakeFirst();
    return row?.value ?? fallback;
  }

  async bool(name: string, fallback: boolean, db?: Kysely<any>): Promise<boolean> {
    const value = (await this.get(name, String(fallback), db)).trim().toLowerCase();
    return value === 'true' ? true : value === 'false' ? false : fallback;
  }

  async int(name: string, fallback: number, db?: Kysely<any>): Promise<number> {
    const value = Number.parseInt(await this.get(name, String(fallback), db), 10);
    return Number.isFinite(value) ? value : fallback;
  }

  async list(name: string, db?: Kysely<any>): Promise<string[]> {
    return (await this.get(name, '', db))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  async json<T>(name: string, fallback: T, db?: Kysely<any>): Promise<T> {
    try {
      return JSON.parse(await this.get(name, '', db)) as T;
    } catch {
      return fallback;
    }
  }

  /** The instance time zone for date-only values and "today" (`glide.sys.default.tz`, else `TZ`, else UTC). */
  async timeZone(db?: Kysely<any>): Promise<string> {
    const zone = (await this.get('glide.sys.default.tz', '', db)).trim() || process.env.TZ || 'UTC';
    try {
      dayFormat(zone); // built once per zone and kept; throws for a zone Intl does not know
      return zone;
    } catch {
      return 'UTC';
    }
  }
}
