import type { Kysely } from 'kysely';

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
    return isKnownTimeZone(zone) ? zone : 'UTC';
  }
}

// Whether Intl knows a zone name, remembered: building a DateTimeFormat to find out costs more than
// the rest of a date conversion, and "today" is computed several times per release written.
const knownZones = new Map<string, boolean>();
function isKnownTimeZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 1_000) knownZones.set(zone, known);
  }
  return known;
}
