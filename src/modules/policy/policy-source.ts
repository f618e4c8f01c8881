import type { PolicySource } from './cel/index.ts';

/**
 * The expressions of a stored `sn_pace_policy` row. `message` is optional on the table: an empty one
 * is the empty string literal, whose empty reason the evaluator replaces with "Compliant" or
 * "Non-compliant". Saving and running read a policy through this one function, so a policy that
 * saved always compiles when it runs.
 */
export function policySourceOf(row: { condition?: unknown; message?: unknown }): PolicySource {
  const condition = typeof row.condition === 'string' ? row.condition : '';
  const message = typeof row.message === 'string' && row.message.trim() !== '' ? row.message : '""';
  return { condition, message };
}
