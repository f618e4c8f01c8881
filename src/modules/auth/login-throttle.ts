import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/connect.ts';
import { newSysId } from '../../platform/ids/sys-id.ts';

export interface LoginThrottleOptions {
  /** Failed logins from one address within `windowMs` after which it is refused. */
  burst?: number;
  windowMs?: number;
  /** Share of failed logins that also delete every failure older than the window (keeps the table small). */
  pruneChance?: number;
  /** Source of randomness for pruning (tests pass 0 to prune on every failure). */
  random?: () => number;
}

/**
 * Slows down password guessing: after `burst` failed logins from one address within `windowMs`,
 * that address gets 429 until the window has passed. The failures are rows of `sys_login_failure`,
 * so every process on the same database (SQLite or PostgreSQL) counts the same failures: N API
 * processes still allow `burst` guesses per address and window, not N × `burst`.
 *
 * Times are wall-clock milliseconds (`now`, injectable for tests), never the app clock an admin can
 * move. A success deletes the address's failures; now and then a failure deletes every failure
 * older than the window, which bounds the table by the failures of about one window.
 *
 * Only the path that verifies a password consults the throttle, so a cached credential still runs
 * no SQL. The statements run outside any request transaction and commit at once, so a failure is
 * recorded even though the request fails:
 * - PostgreSQL: on `background`, the uncounted housekeeping handle (its own pooled connection,
 *   autocommit).
 * - SQLite: on `db`. Both handles drive the one SQLite connection, but only `db`'s driver lock
 *   waits for a transaction another request has open on it; a `background` write made meanwhile
 *   would join that transaction and vanish if it rolled back.
 */
export class LoginThrottle {
  private readonly db: Kysely<any>;
  private readonly burst: number;
  private readonly windowMs: number;
  private readonly pruneChance: number;
  private readonly random: () => number;

  constructor(
    database: Pick<Database, 'db' | 'background' | 'caps'>,
    private readonly now: () => number = Date.now,
    options: LoginThrottleOptions = {},
  ) {
    this.db = database.caps.kind === 'sqlite' ? database.db : database.background;
    this.burst = options.burst ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.pruneChance = options.pruneChance ?? 0.01;
    this.random = options.random ?? Math.random;
  }

  async blocked(address: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('sys_login_failure')
      .select(sql<number>`count(*)`.as('n'))
      .where('address', '=', address)
      .where('failed_at', '>', this.now() - this.windowMs)
      .executeTakeFirst();
    return Number(row?.n ?? 0) >= this.burst;
  }

  async fail(address: string): Promise<void> {
    const now = this.now();
    await this.db.insertInto('sys_login_failure').values({ sys_id: newSysId(), address, failed_at: now }).execute();
    if (this.random() < this.pruneChance) await this.prune(now);
  }

  async succeed(address: string): Promise<void> {
    await this.db.deleteFrom('sys_login_failure').where('address', '=', address).execute();
  }

  /** Deletes every failure (of any address) that no longer counts. */
  async prune(now = this.now()): Promise<void> {
    await this.db.deleteFrom('sys_login_failure').where('failed_at', '<=', now - this.windowMs).execute();
  }
}
