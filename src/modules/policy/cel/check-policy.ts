import { compilePolicy } from './compile-policy.ts';
import type { ProgramCache } from './program-cache.ts';
import type { PolicyField, PolicySource, SourcePosition } from './types.ts';

export type CheckPolicyResult =
  | { ok: true; conditionType: string; messageType: string }
  | {
      ok: false;
      field: PolicyField;
      /** Stable machine code: a cel-js code (`unexpected_token`, `no_such_overload`, `unknown_variable`, ...) or `expression_too_long`, `empty_expression`, `wrong_result_type`, `forbidden_function`. */
      code: string;
      message: string;
      /** Where the problem is: from cel-js's `error.range.start` (0-based offset), as 1-based line/column. */
      position?: SourcePosition;
    };

/**
 * Save-time validation of a policy (CONTRACT §7: an invalid condition is a 400). Both expressions
 * are parsed and type-checked against the policy variables; the condition must produce a bool and
 * the message a string (`dyn` is accepted for both and checked again at run time).
 */
export function checkPolicy(source: PolicySource, cache?: ProgramCache): CheckPolicyResult {
  const compiled = compilePolicy(source, cache);
  if (!compiled.ok) {
    const { field, code, message, position } = compiled.error;
    return position ? { ok: false, field, code, message, position } : { ok: false, field, code, message };
  }
  return { ok: true, conditionType: compiled.policy.condition.resultType, messageType: compiled.policy.message.resultType };
}
