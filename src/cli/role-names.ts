import { CliError } from './cli-error.ts';

const DPR_PREFIX = 'sn_dpr_model.';

/**
 * Resolves role names typed on the command line to role sys_ids. Besides exact names, the DPR roles
 * may be given without their scope (`release_admin` for `sn_dpr_model.release_admin`), since that
 * is how people say them. Values may also be comma-separated. Unknown names fail as a whole, so a
 * typo never grants half of what was asked.
 */
export function resolveRoles(requested: readonly string[], known: ReadonlyMap<string, string>): Array<{ name: string; sysId: string }> {
  const names = requested.flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  const resolved: Array<{ name: string; sysId: string }> = [];
  const unknown: string[] = [];
  for (const name of names) {
    const exact = known.has(name) ? name : known.has(DPR_PREFIX + name) ? DPR_PREFIX + name : undefined;
    if (!exact) unknown.push(name);
    else if (!resolved.some((r) => r.name === exact)) resolved.push({ name: exact, sysId: known.get(exact)! });
  }
  if (unknown.length) {
    const dpr = [...known.keys()].filter((n) => n.startsWith(DPR_PREFIX)).sort();
    throw new CliError(`Unknown role${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. DPR roles: admin, ${dpr.join(', ')}`);
  }
  return resolved;
}
