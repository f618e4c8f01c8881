import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchOperator } from './operator-spellings.ts';
import { parseEncodedQuery } from './parse-encoded-query.ts';
import {
  QUERY_OPERATORS,
  VALUELESS_OPERATORS,
  type EncodedQuery,
  type QueryCondition,
  type QueryOperator,
} from './query-ast.ts';
import { renderEncodedQuery } from './render-encoded-query.ts';

/** Pieces that make random strings look like queries, so the interesting paths get exercised. */
const QUERY_PIECES = [
  '^', '^OR', '^NQ', '^EQ', 'ORDERBY', 'ORDERBYDESC', 'OR', 'NQ', 'EQ',
  ...QUERY_OPERATORS, 'NOTLIKE', 'NOTIN', 'INSTANCEOF', 'ON', 'BETWEEN',
  'priority', 'caller_id.name', 'a.b.c', 'sys_id', '.', '_', '1', ',', '%', '\\', "'", '"', ' ', '😀', 'É',
];

const queryLike = fc
  .array(fc.oneof(fc.constantFrom(...QUERY_PIECES), fc.string({ maxLength: 6, unit: 'grapheme' })), { maxLength: 60 })
  .map((parts) => parts.join(''));

const anyText = fc.oneof(
  fc.string({ maxLength: 4096 }),
  fc.string({ maxLength: 4096, unit: 'binary' }),
  fc.string({ maxLength: 512, unit: 'grapheme' }),
  queryLike,
);

const FIELD = /^[a-z0-9_.]+$/;

function assertWellFormed(q: EncodedQuery): void {
  for (const group of q.groups) {
    expect(group.length).toBeGreaterThan(0);
    for (const clause of group) {
      expect(clause.length).toBeGreaterThan(0);
      for (const c of clause) {
        expect(c.field).toMatch(FIELD);
        expect(QUERY_OPERATORS).toContain(c.operator);
        expect(c.value).not.toContain('^');
        if (VALUELESS_OPERATORS.has(c.operator)) expect(c.value).toBe('');
      }
    }
  }
  expect(new Set(q.orderBy.map((o) => o.field)).size).toBe(q.orderBy.length);
  for (const o of q.orderBy) expect(o.field).toMatch(FIELD);
}

describe('parseEncodedQuery properties', () => {
  it('never throws and always returns a well-formed AST', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        assertWellFormed(parseEncodedQuery(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('handles inputs of a few KB quickly', () => {
    fc.assert(
      fc.property(fc.array(queryLike, { minLength: 20, maxLength: 40 }), (parts) => {
        const text = parts.join('^').slice(0, 8192);
        const started = performance.now();
        assertWellFormed(parseEncodedQuery(text));
        expect(performance.now() - started).toBeLessThan(250);
      }),
      { numRuns: 50 },
    );
  });

  it('is idempotent through rendering: parse(render(parse(s))) = parse(s)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = parseEncodedQuery(text);
        expect(parseEncodedQuery(renderEncodedQuery(once))).toEqual(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips well-formed queries: parse(render(ast)) = ast', () => {
    const name = fc.stringMatching(/^[a-z0-9_]{1,12}$/);
    const field = fc.oneof(name, fc.tuple(name, name).map(([a, b]) => `${a}.${b}`));
    const value = fc.oneof(
      fc.string({ maxLength: 20, unit: 'grapheme' }),
      fc.constantFrom('', '=', 'a=b', '!x', ' spaced ', '100%', 'a_b', 'C:\\x', "x' OR '1'='1", '1,2,3', 'ORDERBYx', 'Ünï ✓'),
    );
    const condition: fc.Arbitrary<QueryCondition> = fc
      .tuple(field, fc.constantFrom<QueryOperator>(...QUERY_OPERATORS), value)
      .map(([f, operator, v]) => ({ field: f, operator, value: VALUELESS_OPERATORS.has(operator) ? '' : v }))
      // Well-formed: no `^` in a value, and a value that does not extend its operator (`<` + `=…`).
      .filter((c) => !c.value.includes('^') && matchOperator(c.operator + c.value)?.spelling === c.operator);
    const query: fc.Arbitrary<EncodedQuery> = fc.record({
      groups: fc.array(fc.array(fc.array(condition, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), {
        maxLength: 3,
      }),
      orderBy: fc.uniqueArray(fc.record({ field, direction: fc.constantFrom('asc' as const, 'desc' as const) }), {
        selector: (o) => o.field,
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(query, (ast) => {
        expect(parseEncodedQuery(renderEncodedQuery(ast))).toEqual(ast);
      }),
      { numRuns: 1000 },
    );
  });
});
