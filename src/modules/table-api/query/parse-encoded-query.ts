import { matchOperator } from './operator-spellings.ts';
import {
  VALUELESS_OPERATORS,
  type EncodedQuery,
  type OrderTerm,
  type QueryCondition,
  type QueryGroup,
} from './query-ast.ts';

/** Platform field names: lowercase letters, digits, underscores; a dot for dot-walking. */
const FIELD_PREFIX = /^[a-z0-9_.]+/;
const FIELD_ONLY = /^[a-z0-9_.]+$/;

/**
 * Parses a `sysparm_query` string. Total: any input gives an AST and nothing throws; the parts
 * that cannot be read are dropped, as the platform ignores the invalid parts of a query.
 *
 * - Terms are separated by `^`; the platform has no escape for `^`, so a value cannot contain one
 *   (`^^` is an empty term, dropped).
 * - `OR<condition>` joins the previous condition of the group (OR binds tighter than AND);
 *   with no previous condition it starts a clause of its own.
 * - `NQ<condition>` starts a new group; the query is the OR of its groups.
 * - `ORDERBY<field>` / `ORDERBYDESC<field>` may appear anywhere; a field already ordered is skipped.
 * - `EQ` (the platform's end-of-query marker) is ignored; terms after it still count.
 * - A condition is the longest `[a-z0-9_.]` run, then the longest operator spelling, then the rest of
 *   the term as value (it may contain `=`, `!`, spaces…). No operator, or an operator dpr does not
 *   implement: the term is dropped.
 */
export function parseEncodedQuery(text: string): EncodedQuery {
  const groups: QueryGroup[] = [];
  const orderBy: OrderTerm[] = [];
  let group: QueryCondition[][] = [];
  const ordered = new Set<string>();

  const addOrder = (term: string): void => {
    const order = parseOrderTerm(term);
    if (order && !ordered.has(order.field)) {
      ordered.add(order.field);
      orderBy.push(order);
    }
  };

  const source = typeof text === 'string' ? text : '';
  for (const term of source.split('^')) {
    if (term.startsWith('ORDERBY')) {
      addOrder(term);
      continue;
    }
    if (term === 'EQ') continue;

    let body = term;
    let joinsPrevious = false;
    if (term.startsWith('NQ')) {
      if (group.length > 0) groups.push(group);
      group = [];
      body = term.slice(2);
      if (body.startsWith('ORDERBY')) {
        addOrder(body);
        continue;
      }
    } else if (term.startsWith('OR')) {
      joinsPrevious = true;
      body = term.slice(2);
    }

    const condition = parseCondition(body);
    if (!condition) continue;
    const previous = group[group.length - 1];
    if (joinsPrevious && previous) previous.push(condition);
    else group.push([condition]);
  }
  if (group.length > 0) groups.push(group);
  return { groups, orderBy };
}

function parseOrderTerm(term: string): OrderTerm | undefined {
  const descending = term.startsWith('ORDERBYDESC');
  const field = term.slice(descending ? 'ORDERBYDESC'.length : 'ORDERBY'.length);
  if (!FIELD_ONLY.test(field)) return undefined;
  return { field, direction: descending ? 'desc' : 'asc' };
}

/** One `<field><operator><value>` term, or undefined when it is malformed. */
export function parseCondition(body: string): QueryCondition | undefined {
  const fieldMatch = FIELD_PREFIX.exec(body);
  if (!fieldMatch) return undefined;
  const field = fieldMatch[0];
  const rest = body.slice(field.length);
  const match = matchOperator(rest);
  if (!match || match.operator === null) return undefined;
  const operator = match.operator;
  const value = VALUELESS_OPERATORS.has(operator) ? '' : rest.slice(match.spelling.length);
  return { field, operator, value };
}

/**
 * The items of an `IN` / `NOT IN` value: comma-separated, kept as written (no trimming: values are
 * case- and space-sensitive on the platform); empty items are left out, so `fieldIN` is an empty list.
 */
export function splitInList(value: string): string[] {
  return value.split(',').filter((item) => item !== '');
}
