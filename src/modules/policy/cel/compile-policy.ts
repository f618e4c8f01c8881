import type { CompiledExpression, ExpressionError } from './compile-expression.ts';
import { ProgramCache } from './program-cache.ts';
import type { PolicySource } from './types.ts';

export interface CompiledPolicy {
  readonly condition: CompiledExpression;
  readonly message: CompiledExpression;
}

export type CompilePolicyResult = { ok: true; policy: CompiledPolicy } | { ok: false; error: ExpressionError };

/** Shared by callers that do not bring their own cache; bounded, so it cannot grow without limit. */
export const defaultProgramCache = new ProgramCache(500);

/** Parses and type-checks both expressions (condition first). Never throws. */
export function compilePolicy(source: PolicySource, cache: ProgramCache = defaultProgramCache): CompilePolicyResult {
  const input = (source ?? {}) as Partial<PolicySource>;
  const condition = cache.compile('condition', input.condition);
  if (!condition.ok) return condition;
  const message = cache.compile('message', input.message);
  if (!message.ok) return message;
  return { ok: true, policy: Object.freeze({ condition: condition.expression, message: message.expression }) };
}

export function isCompiledPolicy(value: unknown): value is CompiledPolicy {
  const v = value as CompiledPolicy | null;
  return typeof v === 'object' && v !== null && typeof v.condition?.run === 'function' && typeof v.message?.run === 'function';
}
