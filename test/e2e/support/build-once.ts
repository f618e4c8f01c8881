import { execSync } from 'node:child_process';

/** Builds the workspace once before the browser tests, so they test the current sources. */
export default function setup(): void {
  // NODE_ENV=production: vitest sets `test`, which would build React's development bundle.
  execSync('npm run build', { stdio: 'inherit', cwd: new URL('../../..', import.meta.url), env: { ...process.env, NODE_ENV: 'production' } });
}
