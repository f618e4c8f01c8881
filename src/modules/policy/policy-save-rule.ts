import { Errors } from '../../platform/errors/catalogue.ts';
import type { RecordRule } from '../../platform/records/hooks.ts';
import type { Row } from '../../platform/records/row.ts';
import type { CheckPolicyResult, PolicyEngine } from './cel/index.ts';
import { policySourceOf } from './policy-source.ts';

const CHECKED_FIELDS = ['condition', 'message', 'inputs'];

/**
 * `sn_pace_policy` business rule (CONTRACT §7): the condition and the message are parsed and
 * type-checked whenever they are saved, by any writer (Table API, seed, engine), and `inputs` must
 * be a JSON object. A refusal is a 400 naming the expression and the line and column of the problem.
 * A missing condition is left to the mandatory-field check, whose message is the platform's.
 */
export function policySaveRule(engine: PolicyEngine): RecordRule {
  const check = (row: Row) => {
    if (row.condition !== null && row.condition !== undefined) {
      const result = engine.check(policySourceOf(row));
      if (!result.ok) throw Errors.rule(describeRefusal(result));
    }
    if (row.inputs !== null && row.inputs !== undefined && !isJsonObject(row.inputs)) throw Errors.rule('Policy inputs must be a JSON object');
  };
  return {
    beforeInsert: (_ctx, row) => check(row),
    beforeUpdate: (_ctx, next, _previous, changed) => {
      if (CHECKED_FIELDS.some((field) => changed.has(field))) check(next);
    },
  };
}

export function describeRefusal(result: Extract<CheckPolicyResult, { ok: false }>): string {
  const where = result.position ? ` at line ${result.position.line}, column ${result.position.column}` : '';
  return `Policy ${result.field} is invalid${where}: ${result.message}`;
}

/** JSON columns are stored as text (already checked to parse). */
export function isJsonObject(value: unknown): boolean {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return false;
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
}
