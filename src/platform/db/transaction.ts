import type { Kysely } from 'kysely';
import { isTransient } from './errors.ts';

/**
 * Runs `work` in one transaction: it commits whole or not at all. PostgreSQL serialization failures
 * and deadlocks are retried a few times with jitter; the work must therefore be free of side effects
 * outside the database (never await network I/O inside it: on SQLite it would hold the only writer).
 */
export async function inTransaction<T>(db: Kysely<any>, work: (trx: Kysely<any>) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
