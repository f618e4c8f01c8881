import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { ColumnMeta } from '../../../platform/db/catalog/types.ts';
import { convertValue, storageKind, type StorageKind } from './convert-value.ts';
import { LIKE_ESCAPE, likePattern, type LikeKind } from './like-pattern.ts';
import { splitInList } from './parse-encoded-query.ts';
import type { QueryOperator } from './query-ast.ts';
import { MATCH_ALL, MATCH_NONE } from './sql-constants.ts';

/** A compiled condition on one column, and whether a row whose column is empty (NULL) satisfies it. */
export interface Predicate {
  readonly expr: Expression<SqlBool>;
  readonly matchesEmpty: boolean;
}

export interface PredicateTarget {
  /** Table alias the column belongs to in the SQL (`t`, or `r` inside a dot-walk). */
  readonly alias: string;
  readonly column: ColumnMeta;
  /** Another queryable column of the same table, for `SAMEAS` / `NSAMEAS`; absent: not allowed. */
  readonly sibling?: (element: string) => ColumnMeta | undefined;
}

const predicate = (expr: Expression<SqlBool>, matchesEmpty: boolean): Predicate => ({ expr, matchesEmpty });
const NONE = predicate(MATCH_NONE, false);
const ALL = predicate(MATCH_ALL, true);

/**
 * Compiles `<column><operator><value>`. Values are always bound parameters; identifiers come from
 * the catalog. Returns undefined when the condition cannot apply (SAMEAS naming an unknown field),
 * which the caller treats like an unknown field.
 *
 * Empty is SQL NULL for every type ('' is never stored), so "is empty" is `IS NULL`.
 */
export function columnPredicate(
  target: PredicateTarget,
  operator: QueryOperator,
  value: string,
): Predicate | undefined {
  const { column } = target;
  const col = sql.ref(`${target.alias}.${column.element}`);
  const kind = storageKind(column.internal_type);
  const isNull = sql<SqlBool>`${col} is null`;

  switch (operator) {
    case 'ANYTHING':
      return ALL;
    case 'ISEMPTY':
      return predicate(isNull, true);
    case 'ISNOTEMPTY':
      return predicate(sql<SqlBool>`${col} is not null`, false);
    case '=': {
      // Platform: `field=` (nothing after the operator) means "is empty".
      if (value === '') return predicate(isNull, true);
      const p = exactParam(kind, convertValue(column.internal_type, value));
      return p ? predicate(sql<SqlBool>`${col} = ${p}`, false) : NONE;
    }
    case '!=': {
      // Platform: `field!=` means "is not empty".
      if (value === '') return predicate(sql<SqlBool>`${col} is not null`, false);
      const converted = convertValue(column.internal_type, value);
      if (converted === undefined) return NONE;
      const p = exactParam(kind, converted);
      // A fractional value on an integer column differs from every row.
      if (!p) return ALL;
      // The platform's "is not" includes empty values (it writes `col != v OR col IS NULL`).
      return predicate(sql<SqlBool>`(${col} <> ${p} or ${col} is null)`, true);
    }
    case 'IN':
    case 'NOT IN': {
      const params = inParams(column, kind, value);
      if (operator === 'IN') {
        return params.length === 0 ? NONE : predicate(sql<SqlBool>`${col} in (${sql.join(params)})`, false);
      }
      if (params.length === 0) return ALL;
      // Like `!=`, "not one of" includes empty values.
      return predicate(sql<SqlBool>`(${col} not in (${sql.join(params)}) or ${col} is null)`, true);
    }
    case 'LIKE':
      return likePredicate(col, kind, 'contains', value, false);
    case 'NOT LIKE':
      return likePredicate(col, kind, 'contains', value, true);
    case 'STARTSWITH':
      return likePredicate(col, kind, 'starts', value, false);
    case 'ENDSWITH':
      return likePredicate(col, kind, 'ends', value, false);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparison(col, column, kind, operator, value);
    case 'SAMEAS':
    case 'NSAMEAS': {
      const other = target.sibling?.(value);
      if (!other) return undefined;
      // Comparing a text column with a numeric one is an error on PostgreSQL; it can never hold.
      if ((storageKind(other.internal_type) === 'text') !== (kind === 'text')) return NONE;
      const otherCol = sql.ref(`${target.alias}.${other.element}`);
      return predicate(
        operator === 'SAMEAS' ? sql<SqlBool>`${col} = ${otherCol}` : sql<SqlBool>`${col} <> ${otherCol}`,
        false,
      );
    }
  }
}

/**
 * The bound parameter for an exact match, or undefined when no stored value can equal it.
 * Integers are cast to bigint so PostgreSQL accepts values beyond an `integer` column's range
 * (and still uses the index: int4 and int8 share an operator family).
 */
function exactParam(kind: StorageKind, v: string | number | undefined): RawBuilder<unknown> | undefined {
  if (v === undefined) return undefined;
  if (kind === 'integer') {
    return typeof v === 'number' && Number.isSafeInteger(v) ? sql`cast(${v} as bigint)` : undefined;
  }
  return sql`${v}`;
}

function inParams(column: ColumnMeta, kind: StorageKind, value: string): RawBuilder<unknown>[] {
  const seen = new Set<string | number>();
  const params: RawBuilder<unknown>[] = [];
  // Items that cannot be stored in the column (non-numeric on a number column) equal no row: skipped.
  for (const item of splitInList(value)) {
    const v = convertValue(column.internal_type, item);
    if (v === undefined || seen.has(v)) continue;
    const p = exactParam(kind, v);
    if (!p) continue;
    seen.add(v);
    params.push(p);
  }
  return params;
}

/**
 * `LIKE`, `NOT LIKE`, `STARTSWITH`, `ENDSWITH` are case-insensitive on the platform (MySQL's
 * collation): both sides go through `lower()`. `%`, `_` and `\` in the value match literally.
 * `NOT LIKE` includes empty values, like `!=`. Number columns are matched on their text form.
 * (SQLite's `lower()` folds ASCII letters only.)
 */
function likePredicate(
  col: RawBuilder<unknown>,
  kind: StorageKind,
  like: LikeKind,
  value: string,
  negated: boolean,
): Predicate {
  const text = kind === 'text' ? col : sql`cast(${col} as text)`;
  const pattern = likePattern(like, value);
  const escape = sql.lit(LIKE_ESCAPE);
  if (!negated) return predicate(sql<SqlBool>`lower(${text}) like lower(${pattern}) escape ${escape}`, false);
  return predicate(
    sql<SqlBool>`(lower(${text}) not like lower(${pattern}) escape ${escape} or ${col} is null)`,
    true,
  );
}

/** The SQL of each comparison operator: fixed text, never taken from the query. */
const COMPARATORS = {
  '<': sql.raw('<'),
  '<=': sql.raw('<='),
  '>': sql.raw('>'),
  '>=': sql.raw('>='),
} as const;

/**
 * `<`, `<=`, `>`, `>=` with the converted value; text (dates included: `yyyy-MM-dd[ HH:mm:ss]`
 * sorts as text) compares as text. Empty values never match. A fractional bound on an integer
 * column is rounded to the equivalent integer bound (`< 1.5` is `<= 1`), because PostgreSQL
 * refuses `1.5` as an integer parameter.
 */
function comparison(
  col: RawBuilder<unknown>,
  column: ColumnMeta,
  kind: StorageKind,
  operator: '<' | '<=' | '>' | '>=',
  value: string,
): Predicate {
  const v = convertValue(column.internal_type, value);
  if (v === undefined) return NONE;
  if (kind !== 'integer' || typeof v !== 'number') {
    return predicate(sql<SqlBool>`${col} ${COMPARATORS[operator]} ${v}`, false);
  }

  let op = operator;
  let bound = v;
  if (!Number.isInteger(v)) {
    const below = operator === '<' || operator === '<=';
    op = below ? '<=' : '>=';
    bound = below ? Math.floor(v) : Math.ceil(v);
  }
  // Beyond what JS (and so any dpr write) can store exactly; keeps the bigint cast in range.
  bound = Math.min(Number.MAX_SAFE_INTEGER, Math.max(-Number.MAX_SAFE_INTEGER, bound));
  return predicate(sql<SqlBool>`${col} ${COMPARATORS[op]} cast(${bound} as bigint)`, false);
}
