import { EvaluationError, type Environment } from '@marcbachmann/cel-js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * `sum(list) -> int | double`: CEL has no fold, and the content pack needs totals over artifacts
 * (tests passed, vulnerabilities, coverage). The list is `list<dyn>` because record fields are dyn.
 *
 * Rules: an empty list sums to `0` (int); a list of ints sums to an int (int64 overflow is an
 * error, as for CEL's `+`); if any element is a double the sum is a double. Anything else
 * (strings, nulls, maps) is an evaluation error rather than a silent coercion.
 * Linear in the list size, which the cost estimator accounts for.
 */
export function sumList(values: unknown): bigint | number {
  if (!Array.isArray(values)) throw new EvaluationError('sum() expects a list');
  let intTotal = 0n;
  let doubleTotal = 0;
  let sawDouble = false;
  for (const value of values) {
    if (typeof value === 'bigint') intTotal += value;
    else if (typeof value === 'number') {
      doubleTotal += value;
      sawDouble = true;
    } else {
      throw new EvaluationError(`sum() expects a list of int or double values, found ${describe(value)}`);
    }
  }
  if (sawDouble) return Number(intTotal) + doubleTotal;
  if (intTotal > INT64_MAX || intTotal < INT64_MIN) throw new EvaluationError('sum(): integer overflow');
  return intTotal;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return typeof value === 'string' ? 'a string' : typeof value;
}

/** Registers the few functions the policy language adds to standard CEL. */
export function registerPolicyFunctions(env: Environment): void {
  env.registerFunction('sum(list<dyn>): dyn', sumList, {
    description: 'Sum of a list of numbers: int for ints, double when any element is a double, 0 when empty',
  });
}

/**
 * Built-in functions refused at save time, with the reason shown to the author.
 * `matches` compiles the pattern with JavaScript's backtracking RegExp, which can run for
 * exponential time on a crafted pattern (ReDoS) and cannot be interrupted; no policy needs it.
 */
export const FORBIDDEN_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  [
    'matches',
    'matches() is not available in policies: regular expressions can run for unbounded time. ' +
      'Use contains(), startsWith() or endsWith() instead',
  ],
]);
