/**
 * Every limit the evaluator enforces, in one place so they can be documented and tuned together.
 */

/** Longest condition or message accepted at save time (characters). */
export const MAX_EXPRESSION_LENGTH = 10_000;

/**
 * Structural limits handed to cel-js's parser. They bound parse time and keep the recursion depth
 * of the type checker, the evaluator and our cost estimator far from the JS stack limit.
 * cel-js's defaults (100 000 nodes, depth 250, 1 000 list elements) are sized for machines writing
 * expressions; a policy written by a person is a few hundred nodes at most.
 */
export const PARSE_LIMITS = {
  maxAstNodes: 4_000,
  maxDepth: 48,
  maxListElements: 500,
  maxMapEntries: 500,
  maxCallArguments: 16,
} as const;

export interface EvaluationLimits {
  /** Largest list variable (e.g. `tasks`) accepted; larger inputs make the policy non-compliant. */
  maxListLength: number;
  /**
   * Largest estimated cost (see estimate-cost.ts) an expression may have on the given inputs.
   * A unit is roughly one AST node evaluation; measured on adversarial expressions it took
   * 1–60 ns of real time (the estimate is an upper bound), so the default budget bounds the worst
   * accepted expression to about 0.3 s while leaving room for the content pack over 10 000 records.
   */
  maxCost: number;
  /** Longest rendered reason kept (characters); longer messages are cut with an ellipsis. */
  maxMessageLength: number;
}

export const DEFAULT_EVALUATION_LIMITS: Readonly<EvaluationLimits> = Object.freeze({
  maxListLength: 10_000,
  maxCost: 5_000_000,
  maxMessageLength: 4_000,
});

export function resolveLimits(limits: Partial<EvaluationLimits> | undefined): EvaluationLimits {
  const resolved = { ...DEFAULT_EVALUATION_LIMITS };
  if (!limits) return resolved;
  for (const key of Object.keys(resolved) as (keyof EvaluationLimits)[]) {
    const value = limits[key];
    // Ignore nonsense overrides rather than disabling a safety limit by accident.
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) resolved[key] = value;
  }
  return resolved;
}
