import { Environment } from '@marcbachmann/cel-js';
import { registerPolicyFunctions } from './cel-functions.ts';
import { PARSE_LIMITS } from './expression-limits.ts';

/** Single records a policy sees; their fields vary by table, so they are `map<string, dyn>`. */
export const RECORD_VARIABLES = ['release', 'phase', 'product', 'version'] as const;

/** Lists of records a policy sees (`list<map<string, dyn>>`). */
export const LIST_VARIABLES = [
  'tasks',
  'allTasks',
  'keyDates',
  'relatedTasks',
  'enhancements',
  'artifacts',
  'changeRequests',
] as const;

export type RecordVariable = (typeof RECORD_VARIABLES)[number];
export type ListVariable = (typeof LIST_VARIABLES)[number];

const DESCRIPTIONS: Record<RecordVariable | ListVariable | 'params' | 'compliant', string> = {
  release: 'The release (sn_dpr_model_release)',
  phase: 'The phase being evaluated (sn_dpr_model_release_phase)',
  product: 'The release product model (empty map when none)',
  version: 'The release product version (empty map when none)',
  tasks: 'Release tasks of the phase',
  allTasks: 'Release tasks of every phase of the release',
  keyDates: 'Key dates of the release',
  relatedTasks: 'Related task records (incidents, problems, ...) of the release; sys_class_name names the table',
  enhancements: 'Product enhancements of the release',
  artifacts: 'Artifacts of the release (coverage, tests, vulnerabilities)',
  changeRequests: 'Change requests of the release',
  params: "The policy's inputs merged with the mapping's config",
  compliant: 'Result of the condition (message only)',
};

function buildConditionEnvironment(): Environment {
  const env = new Environment({
    // Undeclared names are typos: refuse them at save time instead of failing at run time.
    unlistedVariablesAreDyn: false,
    // Mixed literals such as [t.number, t.priority] become list<dyn>, as in cel-go's default;
    // record fields are dyn anyway, and cel-js's strict mode would refuse {"a": 1, "b": t.x}.
    homogeneousAggregateLiterals: false,
    enableOptionalTypes: false,
    limits: { ...PARSE_LIMITS },
  });
  for (const name of RECORD_VARIABLES) env.registerVariable(name, 'map<string, dyn>', { description: DESCRIPTIONS[name] });
  for (const name of LIST_VARIABLES) env.registerVariable(name, 'list<map<string, dyn>>', { description: DESCRIPTIONS[name] });
  env.registerVariable('params', 'map<string, dyn>', { description: DESCRIPTIONS.params });
  registerPolicyFunctions(env);
  return env;
}

/**
 * Environments are immutable once built (cel-js freezes a parent when it is cloned) and expensive to
 * create, so one pair serves the whole process; they hold no per-call state.
 */
export const conditionEnvironment: Environment = buildConditionEnvironment();

/** The message sees the same variables plus `compliant` (bool). */
export const messageEnvironment: Environment = conditionEnvironment
  .clone()
  .registerVariable('compliant', 'bool', { description: DESCRIPTIONS.compliant });

export function environmentFor(field: 'condition' | 'message'): Environment {
  return field === 'condition' ? conditionEnvironment : messageEnvironment;
}
