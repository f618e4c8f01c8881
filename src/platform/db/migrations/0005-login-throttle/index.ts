import type { Kysely } from 'kysely';

/**
 * `sys_login_failure`: one row per failed password login, so that every process on the database
 * counts the same failures (the login throttle). Internal bookkeeping, deliberately not recorded in
 * `sys_db_object`/`sys_dictionary`: the catalog does not know the table, so the Table API cannot
 * read or write it. `failed_at` is wall-clock epoch milliseconds (like job leases), not the app
 * clock an admin can move.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sys_login_failure')
    .addColumn('sys_id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'bigint', (c) => c.notNull())
    .execute();
  // The throttle counts one address's recent failures; pruning deletes everything older than the window.
  await db.schema.createIndex('ix_sys_login_failure_address_failed_at').on('sys_login_failure').columns(['address', 'failed_at']).execute();
  await db.schema.createIndex('ix_sys_login_failure_failed_at').on('sys_login_failure').column('failed_at').execute();
}
