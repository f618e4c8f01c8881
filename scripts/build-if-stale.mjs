// `npm start` runs this first, so one command serves a fresh checkout: it builds the workspace when
// dist/workspace is missing, and compiles the server (dist/server) when it is missing or older
// than a source file. `npm run build` rebuilds both on demand. On an install without the build
// tools (`npm ci --omit=dev`) it says so and leaves the server to run its sources through tsx.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PROJECT_URL, compiledServerIsCurrent } from './build-state.mjs';

const run = (script) => execSync(`npm run ${script}`, { stdio: 'inherit', cwd: PROJECT_URL });
const installed = (pkg) => existsSync(new URL(`node_modules/${pkg}/package.json`, PROJECT_URL));

if (!existsSync(new URL('dist/workspace/index.html', PROJECT_URL))) {
  if (installed('vite')) {
    console.log('Building the workspace (dist/workspace is missing)…');
    run('build:workspace');
  } else console.log('The workspace is not built and vite is not installed (npm ci without --omit=dev builds it).');
}
if (!compiledServerIsCurrent()) {
  if (installed('typescript')) {
    console.log('Compiling the server (dist/server is missing or older than src/)…');
    run('build:server');
  } else console.log('TypeScript is not installed: the server runs its sources through tsx.');
}
