import type { Kysely } from 'kysely';
import { isTransient } from '../../platform/db/errors.ts';

/**
 * Runs `work` in one transaction that reads one snapshot of the data: REPEATABLE READ on
 * PostgreSQL; on SQLite (WAL) a transaction reads one snapshot anyway. A run's reads and the
 * results it writes then agree even while releases change around it. A concurrent write to a row
 * the run also writes (a phase's status) aborts it with a serialization failure (PostgreSQL) or a
 * busy snapshot (SQLite); the whole run is then retried on fresh data.
 */
export async function inSnapshot<T>(db: Kysely<any>, postgres: boolean, work: (trx: Kysely<any>) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const transaction = db.transaction();
      return await (postgres ? transaction.setIsolationLevel('repeatable read') : transaction).execute(work);
    } catch (error) {
      if (attempt >= attempts || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 30));
    }
  }
}

function retryable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return isTransient(error) || (typeof code === 'string' && code.startsWith('SQLITE_BUSY'));
}
