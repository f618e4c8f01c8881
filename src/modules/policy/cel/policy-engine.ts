import { checkPolicy, type CheckPolicyResult } from './check-policy.ts';
import { compilePolicy, type CompilePolicyResult, type CompiledPolicy } from './compile-policy.ts';
import { evaluatePolicy, type PolicyEvaluation } from './evaluate-policy.ts';
import { resolveLimits, type EvaluationLimits } from './expression-limits.ts';
import { PreparedPolicyContext } from './prepare-context.ts';
import { ProgramCache } from './program-cache.ts';
import type { PolicyContext, PolicySource } from './types.ts';

export interface PolicyEngineOptions {
  /** Compiled expressions kept (least recently used evicted). Default 500. */
  cacheSize?: number;
  limits?: Partial<EvaluationLimits>;
}

/** The `cel` dependency services receive: its own program cache and limits, no global state. */
export interface PolicyEngine {
  readonly limits: Readonly<EvaluationLimits>;
  check(source: PolicySource): CheckPolicyResult;
  compile(source: PolicySource): CompilePolicyResult;
  prepare(context: PolicyContext): PreparedPolicyContext;
  evaluate(policy: CompiledPolicy | PolicySource, context: PolicyContext | PreparedPolicyContext): PolicyEvaluation;
  cacheStats(): { hits: number; misses: number; size: number; capacity: number };
}

export function createPolicyEngine(options: PolicyEngineOptions = {}): PolicyEngine {
  const cache = new ProgramCache(options.cacheSize ?? 500);
  const limits = Object.freeze(resolveLimits(options.limits));
  return Object.freeze({
    limits,
    check: (source: PolicySource) => checkPolicy(source, cache),
    compile: (source: PolicySource) => compilePolicy(source, cache),
    prepare: (context: PolicyContext) => PreparedPolicyContext.from(context),
    evaluate: (policy: CompiledPolicy | PolicySource, context: PolicyContext | PreparedPolicyContext) =>
      evaluatePolicy(policy, context, limits, cache),
    cacheStats: () => cache.stats,
  });
}
