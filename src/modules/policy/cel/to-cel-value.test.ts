import { describe, expect, it } from 'vitest';
import { messageEnvironment } from './policy-environment.ts';
import { buildParams, celToJson, fieldToCel, jsonToCel, MAX_JSON_DEPTH, recordToCel } from './to-cel-value.ts';

describe('fieldToCel', () => {
  it('converts integers to BigInt (CEL int); empty or unparsable integers are absent', () => {
    expect(fieldToCel('integer', '3')).toBe(3n);
    expect(fieldToCel('integer', 3)).toBe(3n);
    expect(fieldToCel('integer', '-5')).toBe(-5n);
    expect(fieldToCel('integer', '7.0')).toBe(7n);
    expect(fieldToCel('integer', 9_223_372_036_854_775_807n)).toBe(9_223_372_036_854_775_807n);
    for (const empty of [null, undefined, '', 'abc', '1.5', 1.5, '9223372036854775808', true]) expect(fieldToCel('integer', empty)).toBeUndefined();
  });

  it('converts decimals to numbers (CEL double); empty is absent', () => {
    expect(fieldToCel('decimal', '83.5')).toBe(83.5);
    expect(fieldToCel('decimal', 90)).toBe(90);
    expect(fieldToCel('decimal', 2n)).toBe(2);
    for (const empty of [null, undefined, '', ' ', 'n/a', Number.NaN, Number.POSITIVE_INFINITY]) expect(fieldToCel('decimal', empty)).toBeUndefined();
  });

  it('converts booleans; empty is false', () => {
    expect(fieldToCel('boolean', true)).toBe(true);
    expect(fieldToCel('boolean', 'true')).toBe(true);
    expect(fieldToCel('boolean', '1')).toBe(true);
    expect(fieldToCel('boolean', 1)).toBe(true);
    for (const value of [false, 'false', '0', '', null, undefined, 'yes']) expect(fieldToCel('boolean', value)).toBe(false);
  });

  it('keeps text-like fields as strings; empty is ""', () => {
    expect(fieldToCel('string', 'hello')).toBe('hello');
    expect(fieldToCel('string', 42)).toBe('42');
    expect(fieldToCel('string', null)).toBe('');
    expect(fieldToCel('reference', { link: 'https://x/api/now/table/sys_user/abc', value: 'abc' })).toBe('abc');
    expect(fieldToCel('reference', 'abc')).toBe('abc');
    expect(fieldToCel('reference', undefined)).toBe('');
    expect(fieldToCel('glide_date', '2025-09-26')).toBe('2025-09-26');
    expect(fieldToCel('glide_date', new Date('2025-09-26T23:30:00Z'))).toBe('2025-09-26');
    expect(fieldToCel('glide_date_time', new Date('2025-09-26T08:30:05Z'))).toBe('2025-09-26 08:30:05');
    expect(fieldToCel('glide_date_time', '')).toBe('');
  });

  it('splits glide lists into a list of sys_ids', () => {
    expect(fieldToCel('glide_list', 'a1, b2,,c3')).toEqual(['a1', 'b2', 'c3']);
    expect(fieldToCel('glide_list', ['a1', { value: 'b2' }])).toEqual(['a1', 'b2']);
    expect(fieldToCel('glide_list', '')).toEqual([]);
    expect(fieldToCel('glide_list', null)).toEqual([]);
  });

  it('parses JSON columns; integral numbers become int, others double; invalid JSON is absent', () => {
    expect(fieldToCel('json', '{"a": 1, "b": [1.5, null, "x"], "c": {"d": true}}')).toEqual({ a: 1n, b: [1.5, null, 'x'], c: { d: true } });
    expect(fieldToCel('json', { a: 2 })).toEqual({ a: 2n });
    expect(fieldToCel('json', '{not json')).toBeUndefined();
    expect(fieldToCel('json', '')).toBeUndefined();
  });

  it('never exposes passwords', () => {
    expect(fieldToCel('password2', 'secret')).toBeUndefined();
  });
});

describe('recordToCel', () => {
  const types = { number: 'string', state: 'integer', code_coverage: 'decimal', active: 'boolean', user_password: 'password2' } as const;

  it('converts by declared type and fills declared fields missing from the record', () => {
    const record = recordToCel({ number: 'RTASK0001', state: '3', extra: 'kept' }, types);
    expect(record).toEqual({ number: 'RTASK0001', state: 3n, extra: 'kept', active: false });
    expect('code_coverage' in record).toBe(false);
  });

  it('infers undeclared fields from their JavaScript type', () => {
    expect(recordToCel({ a: 1, b: 1.5, c: 'x', d: true, e: null, f: [1], g: { h: 2 }, i: 5n })).toEqual({
      a: 1n,
      b: 1.5,
      c: 'x',
      d: true,
      f: [1n],
      g: { h: 2n },
      i: 5n,
    });
  });

  it('lets policies test emptiness with has() for numbers and == "" for text', () => {
    const record = recordToCel({ number: '', state: null, code_coverage: '' }, types);
    const ctx = { release: record };
    const env = messageEnvironment;
    expect(env.evaluate('has(release.state)', { ...ctx, compliant: true })).toBe(false);
    expect(env.evaluate('has(release.code_coverage)', { ...ctx, compliant: true })).toBe(false);
    expect(env.evaluate('release.number == ""', { ...ctx, compliant: true })).toBe(true);
    expect(env.evaluate('has(release.user_password)', { ...ctx, compliant: true })).toBe(false);
  });

  it('keeps a __proto__ field as data, not as the prototype', () => {
    const record = recordToCel(JSON.parse('{"__proto__": {"polluted": true}, "x": "1"}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(record)).toEqual(['__proto__', 'x']);
  });

  it('replaces JSON nested deeper than the limit by null', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < MAX_JSON_DEPTH + 10; i++) deep = { n: deep };
    let converted = jsonToCel(deep) as Record<string, unknown> | null;
    let depth = 0;
    while (converted && typeof converted === 'object') {
      converted = converted.n as Record<string, unknown> | null;
      depth++;
    }
    expect(converted).toBeNull();
    expect(depth).toBe(MAX_JSON_DEPTH + 1);
  });
});

describe('buildParams', () => {
  it('overlays the mapping config on the policy inputs', () => {
    expect(buildParams({ minCodeCoverageThreshold: 100, other: 'a' }, { minCodeCoverageThreshold: 80 })).toEqual({ minCodeCoverageThreshold: 80n, other: 'a' });
  });

  it('accepts JSON strings and ignores blank overrides', () => {
    expect(buildParams('{"t": 100}', '{"t": "", "u": null, "v": 1.5}')).toEqual({ t: 100n, v: 1.5 });
    expect(buildParams(null, undefined)).toEqual({});
    expect(buildParams('not json', [1, 2])).toEqual({});
  });
});

describe('celToJson', () => {
  it('turns BigInt into a number when safe and a string otherwise', () => {
    expect(celToJson(42n)).toBe(42);
    expect(celToJson(9_007_199_254_740_993n)).toBe('9007199254740993');
    expect(celToJson(-9_007_199_254_740_993n)).toBe('-9007199254740993');
  });

  it('renders values JSON cannot hold', () => {
    expect(celToJson(Number.NaN)).toBe('NaN');
    expect(celToJson(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(celToJson(new Uint8Array([104, 105]))).toBe('aGk=');
    expect(celToJson(new Date('2025-01-02T03:04:05Z'))).toBe('2025-01-02T03:04:05.000Z');
    expect(celToJson(new Map<unknown, unknown>([['a', [1n, 2.5]], [3n, null]]))).toEqual({ a: [1, 2.5], 3: null });
    expect(celToJson(undefined)).toBeNull();
  });

  it('round-trips int64 values through CEL evaluation', () => {
    const release = recordToCel({ big: '9223372036854775806', small: '41' }, { big: 'integer', small: 'integer' });
    const result: unknown = messageEnvironment.evaluate('{"big": release.big + 1, "small": release.small + 1, "list": [release.small]}', {
      release,
      compliant: true,
    });
    expect(result).toEqual({ big: 9_223_372_036_854_775_807n, small: 42n, list: [41n] });
    expect(JSON.parse(JSON.stringify(celToJson(result)))).toEqual({ big: '9223372036854775807', small: 42, list: [41] });
  });

  it('renders cel-js value classes as text', () => {
    expect(celToJson(messageEnvironment.evaluate('duration("90s")', { compliant: true }))).toBe('90s');
    expect(celToJson(messageEnvironment.evaluate('1u', { compliant: true }))).toBe(1);
    expect(celToJson(messageEnvironment.evaluate('type(1)', { compliant: true }))).toBe('int');
  });
});
