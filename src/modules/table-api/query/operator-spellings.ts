import type { QueryOperator } from './query-ast.ts';

/**
 * Every spelling recognised right after a field name, mapped to its canonical operator, or to
 * `null` for a platform operator dpr does not implement.
 *
 * The unimplemented ones are listed so that the longest-match rule picks them instead of a shorter
 * operator they start with (`INSTANCEOF` must not read as `IN` + value `STANCEOF`); a term using
 * one is dropped, as the platform ignores the invalid parts of a query.
 */
const SPELLINGS: ReadonlyArray<readonly [string, QueryOperator | null]> = [
  ['=', '='],
  ['!=', '!='],
  ['IN', 'IN'],
  ['NOT IN', 'NOT IN'],
  // The platform writes `NOT IN` / `NOT LIKE`; the unspaced forms appear in hand-written queries.
  ['NOTIN', 'NOT IN'],
  ['LIKE', 'LIKE'],
  ['NOT LIKE', 'NOT LIKE'],
  ['NOTLIKE', 'NOT LIKE'],
  ['STARTSWITH', 'STARTSWITH'],
  ['ENDSWITH', 'ENDSWITH'],
  ['ISEMPTY', 'ISEMPTY'],
  ['ISNOTEMPTY', 'ISNOTEMPTY'],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['ANYTHING', 'ANYTHING'],
  ['SAMEAS', 'SAMEAS'],
  ['NSAMEAS', 'NSAMEAS'],
  // Platform operators dpr does not implement (date arithmetic, hierarchy, change tracking, …).
  ['INSTANCEOF', null],
  ['EMPTYSTRING', null],
  ['BETWEEN', null],
  ['DATEPART', null],
  ['ON', null],
  ['NOTON', null],
  ['RELATIVEGT', null],
  ['RELATIVEGE', null],
  ['RELATIVELT', null],
  ['RELATIVELE', null],
  ['RELATIVEEE', null],
  ['MORETHAN', null],
  ['LESSTHAN', null],
  ['VALCHANGES', null],
  ['CHANGESFROM', null],
  ['CHANGESTO', null],
  ['GT_FIELD', null],
  ['LT_FIELD', null],
  ['GT_OR_EQUALS_FIELD', null],
  ['LT_OR_EQUALS_FIELD', null],
  ['DYNAMIC', null],
];

/** Longest first, so the first spelling that matches is the longest match. */
const BY_LENGTH = [...SPELLINGS].sort((a, b) => b[0].length - a[0].length);

export interface OperatorMatch {
  /** The characters consumed (`NOTLIKE`, `<=`, …). */
  readonly spelling: string;
  /** `null`: a platform operator dpr does not implement. */
  readonly operator: QueryOperator | null;
}

/** The longest operator spelling at the start of `text`, or undefined when none matches. */
export function matchOperator(text: string): OperatorMatch | undefined {
  for (const [spelling, operator] of BY_LENGTH) {
    if (text.startsWith(spelling)) return { spelling, operator };
  }
  return undefined;
}
