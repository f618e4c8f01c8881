import { CONTENT_PACK, type PolicySource } from '../policy/cel/index.ts';
import { policiesByMachineName } from './repo.ts';
import type { SeedWriter } from './seed-writer.ts';

export interface DemoPolicy {
  sysId: string;
  /** The stored condition, message and default inputs, as a policy run reads them. */
  source: PolicySource & { inputs: unknown };
}

/**
 * A policy written for the demo (the content pack cannot express a team's own limit): it shows
 * authoring with `inputs` that a template mapping overrides.
 */
const CUSTOM_POLICIES = [
  {
    id: 'max_open_incidents',
    name: 'Open incidents within the limit',
    description: 'At most maxOpenIncidents incidents related to the release are still active.',
    condition: 'size(relatedTasks.filter(t, t.sys_class_name == "incident" && t.active == true)) <= params.maxOpenIncidents',
    message:
      'cel.bind(open, relatedTasks.filter(t, t.sys_class_name == "incident" && t.active == true), ' +
      'string(size(open)) + " open incident(s) related to the release; at most " + string(params.maxOpenIncidents) + " allowed")',
    inputs: { maxOpenIncidents: 3 },
  },
];

/**
 * The policies the demo templates map, keyed by machine name: the shipped content pack (seeded by
 * migration; inserted here only if missing) and the demo's own policy.
 */
export async function insertPolicies(w: SeedWriter): Promise<Map<string, DemoPolicy>> {
  const wanted = [...CONTENT_PACK.map((p) => ({ ...p })), ...CUSTOM_POLICIES];
  const existing = await policiesByMachineName(
    w.trx,
    wanted.map((p) => p.id),
  );
  const missing = wanted.filter((p) => !existing.some((row) => row.policy_id === p.id));
  const inserted = await w.insert(
    'sn_pace_policy',
    missing.map((p) => ({ name: p.name, description: p.description, active: true, condition: p.condition, message: p.message, inputs: p.inputs, policy_id: p.id })),
  );
  const out = new Map<string, DemoPolicy>();
  for (const row of [...existing, ...inserted]) {
    out.set(String(row.policy_id), {
      sysId: String(row.sys_id),
      source: { condition: String(row.condition), message: String(row.message), inputs: row.inputs },
    });
  }
  return out;
}
