import type { AstNode } from './ast-node.ts';
import { toCostTree, type CostNode } from './cost-tree.ts';
import { describeError, type DescribedError } from './describe-error.ts';
import { MAX_EXPRESSION_LENGTH } from './expression-limits.ts';
import { findForbiddenCall } from './find-forbidden-call.ts';
import { environmentFor } from './policy-environment.ts';
import { positionAt } from './source-position.ts';
import type { PolicyField } from './types.ts';

/** A parsed and type-checked expression, ready to run many times. */
export interface CompiledExpression {
  readonly field: PolicyField;
  readonly text: string;
  /** Static result type reported by cel-js (`bool`, `string` or `dyn`). */
  readonly resultType: string;
  readonly ast: AstNode;
  /** The AST as the cost estimator walks it (built once here, used on every evaluation). */
  readonly costTree: CostNode;
  /** Runs the expression; throws whatever cel-js throws. */
  readonly run: (activation: Record<string, unknown>) => unknown;
}

export interface ExpressionError extends DescribedError {
  field: PolicyField;
}

export type CompileExpressionResult =
  | { ok: true; expression: CompiledExpression }
  | { ok: false; error: ExpressionError };

/** `dyn` is accepted because record fields are dyn; a non-bool value then fails at run time. */
const ACCEPTED_TYPES: Record<PolicyField, readonly string[]> = {
  condition: ['bool', 'dyn'],
  message: ['string', 'dyn'],
};

const EXPECTED: Record<PolicyField, string> = { condition: 'bool', message: 'string' };

/** Parses, type-checks and lints one expression. Never throws. */
export function compileExpression(field: PolicyField, text: unknown): CompileExpressionResult {
  const fail = (error: DescribedError): CompileExpressionResult => ({ ok: false, error: { field, ...error } });

  if (typeof text !== 'string') return fail({ code: 'invalid_expression', message: `The ${field} must be a string` });
  if (text.trim() === '') return fail({ code: 'empty_expression', message: `The ${field} is empty` });
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return fail({
      code: 'expression_too_long',
      message: `The ${field} is ${text.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`,
      position: positionAt(text, MAX_EXPRESSION_LENGTH),
    });
  }

  const env = environmentFor(field);
  let program: ReturnType<typeof env.parse>;
  try {
    program = env.parse(text);
  } catch (error) {
    return fail(describeError(error, text));
  }

  // check() also records the static types on the AST, which lets evaluation skip re-checking.
  let check: ReturnType<typeof program.check>;
  try {
    check = program.check();
  } catch (error) {
    return fail(describeError(error, text));
  }
  if (!check.valid) return fail(describeError(check.error, text));

  const resultType = check.type ?? 'dyn';
  if (!ACCEPTED_TYPES[field].includes(resultType)) {
    return fail({
      code: 'wrong_result_type',
      message: `The ${field} must produce a ${EXPECTED[field]}, but it produces ${resultType}`,
      position: positionAt(text, program.ast.start),
    });
  }

  const ast = program.ast as unknown as AstNode;
  const forbidden = findForbiddenCall(ast);
  if (forbidden) return fail({ code: 'forbidden_function', message: forbidden.reason, position: positionAt(text, forbidden.node.start) });

  return {
    ok: true,
    expression: Object.freeze({ field, text, resultType, ast, costTree: toCostTree(ast), run: (activation: Record<string, unknown>) => program(activation) }),
  };
}
