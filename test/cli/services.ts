import { createServices, type Services } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config/config.ts';

/**
 * The services over a test database, opened once per suite to check what CLI runs wrote (queries
 * read fresh data; only the role containment graph is cached, and the CLI never changes it).
 * Opening them first also migrates the database before any CLI process runs.
 */
export function openTestServices(databaseUrl: string): Promise<Services> {
  return createServices(loadConfig({}, { DATABASE_URL: databaseUrl, DPR_LOG_LEVEL: 'silent' }));
}
