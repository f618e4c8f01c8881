import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/**
 * better-sqlite3 behind Kysely, with prepared statements kept for reuse. Kysely's SQLite driver
 * calls `prepare` on every execution, and preparing (parsing and planning the SQL) took ~9 % of
 * the server's CPU time under load (BENCHMARKS.md). The queries of an endpoint compile to the same
 * SQL text each time, so a bounded least-recently-used map of statements keyed by that text saves
 * the work. Reusing a statement is safe: better-sqlite3 runs one statement at a time on the
 * connection, Kysely never streams here, and SQLite re-prepares a statement by itself when the
 * schema changes under it.
 */
export class CachingSqliteDatabase implements KyselySqliteDatabase {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly sqlite: SqliteDatabase,
    private readonly capacity = 500,
    /** Longer SQL (multi-row inserts of a varying row count) is prepared each time, not kept. */
    private readonly maxSqlLength = 20_000,
  ) {}

  prepare(sql: string): Statement {
    const cached = this.statements.get(sql);
    if (cached) {
      // Map keeps insertion order: moving the entry to the end makes the first one the least recent.
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.sqlite.prepare(sql);
    if (sql.length <= this.maxSqlLength) {
      this.statements.set(sql, statement);
      if (this.statements.size > this.capacity) this.statements.delete(this.statements.keys().next().value!);
    }
    return statement;
  }

  close(): void {
    this.statements.clear();
    this.sqlite.close();
  }
}
