import type { Config } from '../platform/config/config.ts';
import { connect } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import type { CliIo } from './io.ts';

/**
 * `dpr migrate`: applies pending migrations and says which ran. It opens only the database (not
 * the services), because composing the services would already have migrated and left nothing to
 * report.
 */
export async function migrate(config: Config, io: CliIo): Promise<void> {
  const database = connect(config.DATABASE_URL, { poolSize: 1, sqliteSynchronous: config.DPR_SQLITE_SYNCHRONOUS });
  try {
    const results = await migrateToLatest(database.db);
    const applied = results.filter((r) => r.status === 'Success');
    if (applied.length === 0) {
      io.out('No pending migrations: the database is up to date.');
      return;
    }
    for (const r of applied) io.out(`Applied migration ${r.migrationName}`);
    io.out(`${applied.length} migration${applied.length === 1 ? '' : 's'} applied.`);
  } finally {
    await database.close();
  }
}
