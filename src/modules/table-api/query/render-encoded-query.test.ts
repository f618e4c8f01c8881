import { describe, expect, it } from 'vitest';
import { parseEncodedQuery } from './parse-encoded-query.ts';
import { renderEncodedQuery } from './render-encoded-query.ts';

describe('renderEncodedQuery', () => {
  it('writes groups, clauses, OR chains and order terms in canonical form', () => {
    const text = 'a=1^bNOTLIKEx^ORcNOTIN1,2^NQdISEMPTYjunk^ORDERBYDESCe^ORDERBYf.g';
    expect(renderEncodedQuery(parseEncodedQuery(text))).toBe(
      'a=1^bNOT LIKEx^ORcNOT IN1,2^NQdISEMPTY^ORDERBYDESCe^ORDERBYf.g',
    );
  });

  it('renders an empty query as an empty string', () => {
    expect(renderEncodedQuery({ groups: [], orderBy: [] })).toBe('');
  });

  it('skips empty groups and clauses of a hand-built AST', () => {
    const c = { field: 'a', operator: '=' as const, value: '1' };
    expect(renderEncodedQuery({ groups: [[], [[], [c]], [[c]]], orderBy: [] })).toBe('a=1^NQa=1');
  });
});
