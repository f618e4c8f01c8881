import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { FreshDatabase } from './databases.ts';

/** Plain SQL reads on a suite's database from outside the server (what a DBA would see). */
export interface DbReader {
  rows(text: string, values?: unknown[]): Promise<Array<Record<string, any>>>;
  /** SQLite `PRAGMA integrity_check` (always "ok" on PostgreSQL, which has no such check). */
  integrityCheck(): Promise<string>;
  close(): Promise<void>;
}

/** Placeholders are written `$1, $2…` and rewritten to `?` for SQLite. */
export async function openReader(database: FreshDatabase): Promise<DbReader> {
  if (database.file) {
    const sqlite = new SqliteDatabase(database.file, { readonly: true });
    sqlite.pragma('busy_timeout = 5000');
    return {
      rows: async (text, values = []) => sqlite.prepare(text.replace(/\$\d+/g, '?')).all(...(values as never[])) as Array<Record<string, any>>,
      integrityCheck: async () => (sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; '),
      close: async () => void sqlite.close(),
    };
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return {
    rows: async (text, values = []) => (await client.query(text, values)).rows,
    integrityCheck: async () => 'ok',
    close: () => client.end(),
  };
}
