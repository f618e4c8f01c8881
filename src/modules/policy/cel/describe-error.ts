import { positionAt } from './source-position.ts';
import type { SourcePosition } from './types.ts';

export interface DescribedError {
  /** cel-js error code (`unexpected_token`, `no_such_key`, ...) or one of ours. */
  code: string;
  /** One-line message without cel-js's source excerpt. */
  message: string;
  position?: SourcePosition;
}

interface CelErrorLike {
  code?: unknown;
  summary?: unknown;
  message?: unknown;
  range?: { start?: unknown };
}

/**
 * Normalises anything thrown by cel-js (ParseError, TypeError, EvaluationError) or by JavaScript
 * itself (RangeError on a giant string, errors from our own functions).
 *
 * Position: cel-js attaches `range.start`, the 0-based offset of the offending token or AST node in
 * the expression text; `positionAt` turns it into a 1-based line/column. Errors without a range
 * (plain JS errors) carry no position.
 */
export function describeError(error: unknown, text?: string): DescribedError {
  if (typeof error !== 'object' || error === null) return { code: 'error', message: String(error) };
  // cel-js bounds most nesting (PARSE_LIMITS.maxDepth) but recurses on unary chains like `!!!!…x`.
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return { code: 'nesting_too_deep', message: 'The expression is nested too deeply' };
  }
  const e = error as CelErrorLike;
  const code = typeof e.code === 'string' && e.code ? e.code : 'error';
  const raw = typeof e.summary === 'string' && e.summary ? e.summary : typeof e.message === 'string' ? e.message : String(error);
  const described: DescribedError = { code, message: firstLine(raw) };
  const start = e.range?.start;
  if (text !== undefined && typeof start === 'number' && Number.isFinite(start)) described.position = positionAt(text, start);
  return described;
}

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? message;
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}
