import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config/config.ts';

/** The OpenAPI document of a freshly built app (a throwaway SQLite database, no jobs, no extension). */
export async function generateOpenApi(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'dpr-openapi-'));
  const config = loadConfig({}, { DATABASE_URL: `sqlite:${join(dir, 'dpr.sqlite')}`, DPR_ADMIN_PASSWORD: 'unused-password', DPR_LOG_LEVEL: 'silent', DPR_ROLE: 'api' });
  const handle = await buildApp(config, { logger: false });
  try {
    await handle.app.ready();
    return handle.app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
