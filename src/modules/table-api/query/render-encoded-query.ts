import { VALUELESS_OPERATORS, type EncodedQuery } from './query-ast.ts';

/**
 * Writes an AST back as an encoded query in the platform's canonical spelling (`NOT IN`,
 * `NOT LIKE`, conditions first, then the `ORDERBY` terms). `parseEncodedQuery` reads the result
 * back to the same AST whenever the AST is one the parser can produce (values without `^`, a value
 * that does not extend its operator, e.g. `<` followed by `=`).
 */
export function renderEncodedQuery(query: EncodedQuery): string {
  const terms: string[] = [];
  for (const group of query.groups) {
    const startsGroup = terms.length > 0;
    let groupStarted = false;
    for (const clause of group) {
      clause.forEach((c, index) => {
        const prefix = index > 0 ? 'OR' : !groupStarted && startsGroup ? 'NQ' : '';
        const value = VALUELESS_OPERATORS.has(c.operator) ? '' : c.value;
        terms.push(`${prefix}${c.field}${c.operator}${value}`);
        groupStarted = true;
      });
    }
  }
  for (const o of query.orderBy) terms.push(`${o.direction === 'desc' ? 'ORDERBYDESC' : 'ORDERBY'}${o.field}`);
  return terms.join('^');
}
