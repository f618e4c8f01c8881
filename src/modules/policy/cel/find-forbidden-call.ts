import { childNodes, type AstNode } from './ast-node.ts';
import { FORBIDDEN_FUNCTIONS } from './cel-functions.ts';

export interface ForbiddenCall {
  name: string;
  reason: string;
  node: AstNode;
}

/** Finds the first call (function or method) to a function policies may not use. */
export function findForbiddenCall(root: AstNode): ForbiddenCall | undefined {
  const stack: AstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ((node.op === 'call' || node.op === 'rcall') && Array.isArray(node.args)) {
      const name = node.args[0];
      const reason = typeof name === 'string' ? FORBIDDEN_FUNCTIONS.get(name) : undefined;
      if (reason !== undefined) return { name: name as string, reason, node };
    }
    stack.push(...childNodes(node));
  }
  return undefined;
}
