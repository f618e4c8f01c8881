/**
 * Glossary and shared types of the CEL policy evaluator.
 *
 * - condition: a CEL expression that is `true` when the release phase complies (CONTRACT §7).
 * - message: a CEL expression rendering the human reason; it also sees `compliant`.
 * - params: the policy's `inputs` merged with the mapping's `config` (config wins).
 * - CEL value: what a record field becomes inside CEL (see to-cel-value.ts).
 */

/** The two outcomes an evaluation can produce (waivers and `in_progress` are the runner's business). */
export type PolicyStatus = 'compliant' | 'non_compliant';

/** The two expressions stored on a policy (`sn_pace_policy.condition` / `.message`). */
export interface PolicySource {
  condition: string;
  message: string;
}

export type PolicyField = keyof PolicySource;

/** Values as they reach CEL: integers are BigInt (CEL `int`), decimals are JS numbers (CEL `double`). */
export type CelScalar = null | boolean | bigint | number | string;
export type CelValue = CelScalar | CelValue[] | CelMap;
export interface CelMap {
  [field: string]: CelValue;
}

/** JSON-safe values, for `execution_output`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Everything a policy can see. Missing entries default to an empty map / empty list, so a runner
 * that has no artifacts simply leaves `artifacts` out.
 */
export interface PolicyContext {
  release?: CelMap;
  phase?: CelMap;
  product?: CelMap;
  version?: CelMap;
  /** Tasks of the phase being closed. */
  tasks?: CelMap[];
  /** Tasks of every phase of the release. */
  allTasks?: CelMap[];
  keyDates?: CelMap[];
  relatedTasks?: CelMap[];
  enhancements?: CelMap[];
  artifacts?: CelMap[];
  changeRequests?: CelMap[];
  params?: CelMap;
}

/** A 1-based line and column plus the 0-based character offset they were derived from. */
export interface SourcePosition {
  line: number;
  column: number;
  offset: number;
}
