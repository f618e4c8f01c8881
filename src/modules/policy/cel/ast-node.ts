/**
 * A structural view of cel-js AST nodes (`ParseResult.ast`). cel-js types `args` per operator; the
 * walkers here only need `op`, `args` and the source range, and must cope with any operator, so
 * they use this loose shape and narrow `args` themselves.
 *
 * Shapes used (cel-js 8): `value` literal; `id` name; `.` / `.?` [operand, field];
 * `[]` / `[?]` [operand, index]; `call` [name, args]; `rcall` [name, receiver, args] (macros such
 * as `all`, `map`, `cel.bind` stay `rcall`s in the public AST); `list` nodes; `map` [key, value][];
 * `?:` [cond, then, else]; `!_` / `-_` operand; binary operators [left, right].
 */
export interface AstNode {
  readonly op: string;
  readonly args: unknown;
  readonly start: number;
  readonly end: number;
}

export function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).op === 'string' && 'args' in value;
}

/** Every direct child node of `node`, whatever the operator (used by generic walks). */
export function childNodes(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (isAstNode(value)) out.push(value);
    else if (Array.isArray(value) && depth < 3) for (const item of value) visit(item, depth + 1);
  };
  if (node.op !== 'value' && node.op !== 'id') visit(node.args, 0);
  return out;
}
