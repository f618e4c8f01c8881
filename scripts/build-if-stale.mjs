// `npm start` runs this first, so one command serves a fresh checkout: it builds the workspace when
// dist/workspace is missing, and compiles the server (dist/server) when it is missing or older
// than a source file. `npm run build` rebuilds both on demand.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PROJECT_URL, compiledServerIsCurrent } from './build-state.mjs';

const run = (script) => execSync(`npm run ${script}`, { stdio: 'inherit', cwd: PROJECT_URL });

if (!existsSync(new URL('dist/workspace/index.html', PROJECT_URL))) {
  console.log('Building the workspace (dist/workspace is missing)…');
  run('build:workspace');
}
if (!compiledServerIsCurrent()) {
  console.log('Compiling the server (dist/server is missing or older than src/)…');
  run('build:server');
}
