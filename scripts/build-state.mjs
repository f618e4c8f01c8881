// Whether the compiled server (dist/server, `npm run build:server`) is current: shared by the
// bin/dpr.js launcher and `npm start`'s build step.
import { existsSync, readdirSync, statSync } from 'node:fs';

export const PROJECT_URL = new URL('..', import.meta.url);
export const COMPILED_CLI = new URL('dist/server/cli.js', PROJECT_URL);

/** The latest modification time of any file under `dir`. */
function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const url = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(url) : statSync(url).mtimeMs);
  }
  return newest;
}

/** True when dist/server exists and was compiled after the last change under src/. */
export function compiledServerIsCurrent() {
  return existsSync(COMPILED_CLI) && statSync(COMPILED_CLI).mtimeMs >= newestUnder(new URL('src/', PROJECT_URL));
}
