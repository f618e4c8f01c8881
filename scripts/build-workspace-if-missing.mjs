// `npm start` runs this first: builds the workspace once when dist/workspace is missing, so a fresh
// checkout serves /workspace without a separate step (`npm run build` rebuilds it on demand).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/workspace/index.html', import.meta.url))) {
  console.log('Building the workspace (dist/workspace is missing)…');
  execSync('npm run build', { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
}
