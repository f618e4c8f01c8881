import { describe, expect, it } from 'vitest';
import { checkPolicy } from './check-policy.ts';
import { MAX_EXPRESSION_LENGTH } from './expression-limits.ts';

const OK_MESSAGE = 'compliant ? "ok" : "not ok"';

describe('checkPolicy', () => {
  it('accepts a valid policy and reports the result types', () => {
    expect(checkPolicy({ condition: 'tasks.all(t, t.state in [3, 4, 7])', message: OK_MESSAGE })).toEqual({
      ok: true,
      conditionType: 'bool',
      messageType: 'string',
    });
  });

  it('accepts dyn results (fields of records are dyn)', () => {
    expect(checkPolicy({ condition: 'params.enabled', message: 'params.label' })).toMatchObject({ ok: true, conditionType: 'dyn', messageType: 'dyn' });
  });

  it('refuses a syntax error with its line and column', () => {
    const result = checkPolicy({ condition: 'tasks.all(t,\n  t.state ==)', message: OK_MESSAGE });
    expect(result).toMatchObject({ ok: false, field: 'condition', code: 'unexpected_token' });
    if (result.ok) throw new Error('unreachable');
    expect(result.position).toEqual({ line: 2, column: 13, offset: 25 });
    expect(result.message).not.toContain('\n');
  });

  it('refuses an unknown variable at its position', () => {
    const result = checkPolicy({ condition: 'release.state == "in_progress" && taks.size() > 0', message: OK_MESSAGE });
    expect(result).toMatchObject({ ok: false, field: 'condition', code: 'unknown_variable', position: { line: 1, column: 35 } });
  });

  it('refuses a type error', () => {
    expect(checkPolicy({ condition: 'size(tasks) + "x" == 1', message: OK_MESSAGE })).toMatchObject({
      ok: false,
      field: 'condition',
      code: 'no_such_overload',
      position: { line: 1, column: 1 },
    });
  });

  it('refuses a condition that does not produce a bool', () => {
    expect(checkPolicy({ condition: 'size(tasks)', message: OK_MESSAGE })).toMatchObject({
      ok: false,
      field: 'condition',
      code: 'wrong_result_type',
      message: 'The condition must produce a bool, but it produces int',
      position: { line: 1, column: 1 },
    });
  });

  it('refuses a message that does not produce a string', () => {
    expect(checkPolicy({ condition: 'true', message: 'compliant' })).toMatchObject({ ok: false, field: 'message', code: 'wrong_result_type' });
    expect(checkPolicy({ condition: 'true', message: '"n=" + size(tasks)' })).toMatchObject({ ok: false, field: 'message', code: 'no_such_overload' });
  });

  it('gives `compliant` to the message only', () => {
    expect(checkPolicy({ condition: 'compliant', message: '"x"' })).toMatchObject({ ok: false, field: 'condition', code: 'unknown_variable' });
    expect(checkPolicy({ condition: 'true', message: 'compliant ? "yes" : "no"' }).ok).toBe(true);
  });

  it('offers sum() and cel.bind()', () => {
    expect(checkPolicy({ condition: 'cel.bind(s, sum(artifacts.map(a, a.tests_total)), s >= 0)', message: '"x"' }).ok).toBe(true);
  });

  it('refuses empty, non-string and too long expressions', () => {
    expect(checkPolicy({ condition: '   ', message: '"x"' })).toMatchObject({ ok: false, field: 'condition', code: 'empty_expression' });
    expect(checkPolicy({ condition: 'true', message: undefined as unknown as string })).toMatchObject({
      ok: false,
      field: 'message',
      code: 'invalid_expression',
    });
    const long = `true${' && true'.repeat(MAX_EXPRESSION_LENGTH / 8)}`;
    const result = checkPolicy({ condition: long, message: '"x"' });
    expect(result).toMatchObject({ ok: false, field: 'condition', code: 'expression_too_long' });
    if (result.ok) throw new Error('unreachable');
    expect(result.message).toContain(`the limit is ${MAX_EXPRESSION_LENGTH}`);
  });

  it('refuses matches() because regular expressions can backtrack without bound', () => {
    const result = checkPolicy({ condition: 'tasks.all(t, t.number.matches("^(a+)+$"))', message: '"x"' });
    expect(result).toMatchObject({ ok: false, field: 'condition', code: 'forbidden_function', position: { line: 1, column: 14 } }); // the call starts at its receiver
  });

  it('refuses expressions beyond the parser limits without throwing', () => {
    const deep = `${'('.repeat(200)}true${')'.repeat(200)}`;
    expect(checkPolicy({ condition: deep, message: '"x"' })).toMatchObject({ ok: false, field: 'condition', code: 'limit_exceeded' });
    // Unary chains escape cel-js's depth limit; whether they overflow the stack depends on it.
    const unary = checkPolicy({ condition: `${'!'.repeat(3_500)}true`, message: '"x"' });
    if (!unary.ok) expect(unary.code).toBe('nesting_too_deep');
    const wide = `[${Array.from({ length: 600 }, (_, i) => i).join(',')}].size() > 0`;
    expect(checkPolicy({ condition: wide, message: '"x"' })).toMatchObject({ ok: false, code: 'limit_exceeded' });
  });

  it('accepts mixed literals as list<dyn> / map with dyn values (cel-go default)', () => {
    expect(checkPolicy({ condition: '[1, "a"].size() == 2', message: '"x"' }).ok).toBe(true);
    expect(checkPolicy({ condition: '{"n": 1, "l": [release.number]}.size() == 2', message: '"x"' }).ok).toBe(true);
  });
});
