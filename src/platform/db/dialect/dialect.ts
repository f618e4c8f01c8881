import { Kysely, PostgresAdapter, SqliteAdapter, sql } from 'kysely';
import type { InternalType } from '../catalog/types.ts';

export type DialectKind = 'sqlite' | 'postgres';

/**
 * What differs between the two databases, kept to a few capabilities (as Kysely's own adapters do).
 */
export interface DialectCapabilities {
  kind: DialectKind;
  /** `FOR UPDATE SKIP LOCKED` when claiming jobs; SQLite has a single writer and needs none. */
  skipLocked: boolean;
  /** SQLite accepts foreign keys only inline in CREATE TABLE; PostgreSQL adds them after all tables exist. */
  inlineForeignKeys: boolean;
  sqlType(type: InternalType): string;
}

const sqlTypes: Record<InternalType, string> = {
  string: 'text',
  integer: 'integer',
  decimal: 'double precision',
  // Booleans are 0/1 on both databases (as the platform stores them in MySQL), so the SQL that
  // aggregates or filters them is the same everywhere and better-sqlite3 can bind them.
  boolean: 'smallint',
  glide_date: 'text',
  glide_date_time: 'text',
  reference: 'varchar(32)',
  glide_list: 'text',
  json: 'text',
  password2: 'text',
};

export const sqliteCapabilities: DialectCapabilities = {
  kind: 'sqlite',
  skipLocked: false,
  inlineForeignKeys: true,
  sqlType: (t) => sqlTypes[t],
};

export const postgresCapabilities: DialectCapabilities = {
  kind: 'postgres',
  skipLocked: true,
  inlineForeignKeys: false,
  sqlType: (t) => sqlTypes[t],
};

/** The capabilities of the database behind a Kysely instance (migrations only receive the instance). */
export function capabilitiesOf(db: Kysely<unknown>): DialectCapabilities {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return postgresCapabilities;
  if (adapter instanceof SqliteAdapter) return sqliteCapabilities;
  throw new Error('Unsupported database dialect');
}

/** `count(*)` as a number on both databases (pg returns bigint as a string). */
export const countAll = () => sql<number>`cast(count(*) as integer)`;
