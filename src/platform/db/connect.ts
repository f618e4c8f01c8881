import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { CachingSqliteDatabase } from './statement-cache.ts';
import { postgresCapabilities, sqliteCapabilities, type DialectCapabilities } from './dialect/dialect.ts';

export interface Database {
  db: Kysely<any>;
  /**
   * The same connections, for housekeeping reads the server makes on a timer (following the shared
   * clock): they are not counted in `statementCount()`, which measures the work of requests.
   */
  background: Kysely<any>;
  caps: DialectCapabilities;
  /** SQL statements run so far (the benchmark reads it to report statements per request). */
  statementCount(): number;
  close(): Promise<void>;
}

export interface ConnectOptions {
  poolSize?: number;
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  /** PostgreSQL `statement_timeout` in ms. */
  statementTimeoutMs?: number;
  /** PostgreSQL schema to use (tests isolate themselves in one). */
  searchPath?: string;
}

// pg returns int8 (count(*) and friends) as strings; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// double precision as number.
pg.types.setTypeParser(701, (v) => Number.parseFloat(v));

/** Opens the database named by `DATABASE_URL` (`sqlite:<path>` or `postgres://…`). */
export function connect(url: string, options: ConnectOptions = {}): Database {
  let statements = 0;
  const log = (event: LogEvent) => {
    if (event.level === 'query') statements++;
  };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length) || ':memory:';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last
    // commits) and ~10x faster than FULL on this class of disk; FULL is one setting away.
    sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'NORMAL'}`);
    sqlite.pragma('busy_timeout = 5000');
    // Checkpoint (copy the log into the database file, then fsync) after 4 000 pages (16 MB) of log
    // instead of SQLite's 1 000: a release from the standard template writes ~190 pages, so the
    // default checkpointed inside every fifth commit. Measured: POST release 115 → 135 req/s
    // (BENCHMARKS.md §10); the log file stays ~16 MB at most between checkpoints.
    sqlite.pragma('wal_autocheckpoint = 4000');
    const database = new CachingSqliteDatabase(sqlite);
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database }), log });
    return {
      db,
      background: new Kysely<any>({ dialect: new SqliteDialect({ database }) }),
      caps: sqliteCapabilities,
      statementCount: () => statements,
      close: async () => {
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: [
      options.statementTimeoutMs ? `-c statement_timeout=${options.statementTimeoutMs}` : '',
      options.searchPath ? `-c search_path=${options.searchPath}` : '',
    ]
      .filter(Boolean)
      .join(' ') || undefined,
  });
  // An idle client whose backend goes away (a database restart, an admin terminating sessions)
  // is emitted on the pool; unhandled, that event would crash the process. The pool drops the
  // client and the next query opens a new connection, so there is nothing else to do.
  pool.on('error', () => undefined);
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log });
  return {
    db,
    // Shares the pool; destroying `db` ends it.
    background: new Kysely<any>({ dialect: new PostgresDialect({ pool }) }),
    caps: postgresCapabilities,
    statementCount: () => statements,
    close: async () => {
      await db.destroy();
    },
  };
}
