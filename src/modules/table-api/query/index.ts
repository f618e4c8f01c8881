export type {
  EncodedQuery,
  OrClause,
  OrderTerm,
  QueryCondition,
  QueryGroup,
  QueryOperator,
  SortDirection,
} from './query-ast.ts';
export { QUERY_OPERATORS, VALUELESS_OPERATORS } from './query-ast.ts';
export { parseEncodedQuery, splitInList } from './parse-encoded-query.ts';
export { renderEncodedQuery } from './render-encoded-query.ts';
export { compileEncodedQuery, type CompiledQuery } from './compile-query.ts';
export { compileCondition } from './compile-condition.ts';
export { type CompiledOrderBy } from './compile-order-by.ts';
export { compilePlainFilters } from './compile-plain-filters.ts';
export { resolveField, type ResolvedField } from './resolve-field.ts';
