import type { Migration } from 'kysely';
import * as initial from './0001-initial/index.ts';
import * as seed from './0002-seed/index.ts';
import * as policyEngine from './0003-policy-engine/index.ts';
import * as bundleRollups from './0004-bundle-rollups/index.ts';
import * as loginThrottle from './0005-login-throttle/index.ts';

/** Numbered, dialect-neutral migrations. Never edit one that has landed: add the next number. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-seed': seed,
  '0003-policy-engine': policyEngine,
  '0004-bundle-rollups': bundleRollups,
  '0005-login-throttle': loginThrottle,
};
