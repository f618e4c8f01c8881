/**
 * CEL policy evaluator: typed environment, save-time checks, record → CEL conversion, bounded
 * evaluation and the shipped content pack. Pure: no database, no HTTP.
 */
export type { CelMap, CelScalar, CelValue, JsonValue, PolicyContext, PolicyField, PolicySource, PolicyStatus, SourcePosition } from './types.ts';
export { checkPolicy, type CheckPolicyResult } from './check-policy.ts';
export { compilePolicy, defaultProgramCache, isCompiledPolicy, type CompiledPolicy, type CompilePolicyResult } from './compile-policy.ts';
export type { CompiledExpression, ExpressionError } from './compile-expression.ts';
export { ProgramCache } from './program-cache.ts';
export {
  evaluatePolicy,
  type EvaluationErrorDetail,
  type EvaluationStage,
  type ExecutionOutput,
  type PolicyEvaluation,
} from './evaluate-policy.ts';
export { PreparedPolicyContext } from './prepare-context.ts';
export { createPolicyEngine, type PolicyEngine, type PolicyEngineOptions } from './policy-engine.ts';
export {
  DEFAULT_EVALUATION_LIMITS,
  MAX_EXPRESSION_LENGTH,
  PARSE_LIMITS,
  resolveLimits,
  type EvaluationLimits,
} from './expression-limits.ts';
export {
  LIST_VARIABLES,
  RECORD_VARIABLES,
  conditionEnvironment,
  messageEnvironment,
  type ListVariable,
  type RecordVariable,
} from './policy-environment.ts';
export { sumList } from './cel-functions.ts';
export {
  MAX_JSON_DEPTH,
  buildParams,
  celMap,
  celToJson,
  fieldToCel,
  jsonToCel,
  recordToCel,
  recordsToCel,
  type FieldTypes,
  type InternalType,
} from './to-cel-value.ts';
export { estimateCost, type CostEstimate, type Scope } from './estimate-cost.ts';
export { toCostTree, type CostNode } from './cost-tree.ts';
export { CONTENT_PACK, contentPackPolicy, type ContentPackPolicy } from './content-pack.ts';
