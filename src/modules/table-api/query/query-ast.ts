/**
 * The parsed form of a ServiceNow encoded query (`sysparm_query`).
 *
 * Glossary (ServiceNow term → dpr):
 * - encoded query   the `^`-separated filter string of the Table API and of list filters.
 * - term            one `^`-separated piece: a condition, an `ORDERBY…` term or the `EQ` marker.
 * - condition       `<field><operator><value>`, e.g. `priority<=2`.
 * - `^OR` clause    conditions joined by `^OR`; OR binds tighter than `^` (AND), so
 *                   `a=1^b=2^ORc=3` is `a=1 AND (b=2 OR c=3)`, as on the platform.
 * - `^NQ` group     a "new query": the whole query is the OR of its groups.
 * - dot-walking     `reference_field.target_field` (one level): a condition on the referenced record.
 */

/** Operators dpr implements, in their canonical spelling (CONTRACT §4). */
export const QUERY_OPERATORS = [
  '=',
  '!=',
  'IN',
  'NOT IN',
  'LIKE',
  'NOT LIKE',
  'STARTSWITH',
  'ENDSWITH',
  'ISEMPTY',
  'ISNOTEMPTY',
  '<',
  '<=',
  '>',
  '>=',
  'ANYTHING',
  'SAMEAS',
  'NSAMEAS',
] as const;

export type QueryOperator = (typeof QUERY_OPERATORS)[number];

/** Operators that take no value; text after them is ignored. */
export const VALUELESS_OPERATORS: ReadonlySet<QueryOperator> = new Set<QueryOperator>([
  'ISEMPTY',
  'ISNOTEMPTY',
  'ANYTHING',
]);

export interface QueryCondition {
  /** As written: `[a-z0-9_.]+`; resolved against the catalog only when compiling. */
  readonly field: string;
  readonly operator: QueryOperator;
  /**
   * The raw text after the operator (never containing `^`); `''` for valueless operators.
   * `IN`/`NOT IN` keep the comma list unsplit (see `splitInList`), so the AST renders back losslessly.
   */
  readonly value: string;
}

/** Conditions joined by `^OR` (at least one). */
export type OrClause = readonly QueryCondition[];

/** `^`-joined clauses: a row matches a group when it matches every clause. */
export type QueryGroup = readonly OrClause[];

export type SortDirection = 'asc' | 'desc';

export interface OrderTerm {
  readonly field: string;
  readonly direction: SortDirection;
}

export interface EncodedQuery {
  /** `^NQ`-joined groups (each non-empty): a row matches when it matches any group. None: no filter. */
  readonly groups: readonly QueryGroup[];
  /** `ORDERBY` / `ORDERBYDESC` terms in the order written (first = primary key), one per field. */
  readonly orderBy: readonly OrderTerm[];
}
