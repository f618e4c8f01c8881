import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * Constant conditions written as comparisons: SQLite and PostgreSQL both accept them where a
 * condition is expected, and no JS boolean is ever bound (better-sqlite3 cannot bind one).
 */
export const MATCH_ALL: Expression<SqlBool> = sql<SqlBool>`1 = 1`;
export const MATCH_NONE: Expression<SqlBool> = sql<SqlBool>`1 = 0`;

/** Alias of the queried table in the caller's SELECT (`selectFrom(`${root} as t`)`). */
export const MAIN_ALIAS = 't';
/** Alias of the referenced table inside a dot-walk subquery. */
export const WALK_ALIAS = 'r';
