import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { capabilitiesOf } from './dialect/dialect.ts';
import { migrations } from './migrations/index.ts';

export class MigrationError extends Error {}

const migrator = (db: Kysely<any>) => new Migrator({ db, provider: { getMigrations: async () => migrations } });

/**
 * Applies pending migrations. On PostgreSQL Kysely's migrator takes an advisory lock first, so
 * several processes starting at once apply each migration exactly once. SQLite has no such lock
 * across processes: a process that loses the race fails on a table the winner just created, so it
 * waits and tries again until the winner is done (the migrations it then finds applied are skipped).
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const attempts = capabilitiesOf(db).kind === 'sqlite' ? 20 : 1;
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator(db).migrateToLatest();
    if (!error) return results ?? [];
    if (attempt >= attempts) {
      const failed = results?.find((r) => r.status === 'Error');
      const name = failed?.migrationName ? ` ${failed.migrationName}` : 's';
      throw new MigrationError(`Migration${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 200 * attempt));
  }
}

/** True when every known migration has been applied (readiness check). */
export async function migrationsCurrent(db: Kysely<any>): Promise<boolean> {
  const all = await migrator(db).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
