import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunction } from './lifetime';
import { unwrapExpression } from './references';

export function within(node: TSESTree.Node, outer: TSESTree.Node): boolean {
  return node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];
}

/** Every node of `fn`'s own body (not nested functions), visited once. */
export function walkOwn(fn: { body: TSESTree.Node }, visit: (n: TSESTree.Node) => void): void {
  const stack: TSESTree.Node[] = [fn.body];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n) break;
    visit(n);
    for (const key of Object.keys(n)) {
      if (key === 'parent') continue;
      const v = (n as unknown as Record<string, unknown>)[key];
      const push = (x: unknown): void => {
        if (x && typeof x === 'object' && typeof (x as TSESTree.Node).type === 'string' && !isFunction(x as TSESTree.Node)) {
          stack.push(x as TSESTree.Node);
        }
      };
      if (Array.isArray(v)) v.forEach(push);
      else push(v);
    }
  }
}

/** `a.b.c` → `a`, `a.b().c` → `a`; `this.x` → the ThisExpression. */
export function rootOf(node: TSESTree.Node): TSESTree.Identifier | TSESTree.ThisExpression | null {
  let n = unwrapExpression(node);
  for (;;) {
    if (n.type === AST_NODE_TYPES.Identifier || n.type === AST_NODE_TYPES.ThisExpression) return n;
    if (n.type === AST_NODE_TYPES.MemberExpression) n = unwrapExpression(n.object);
    else if (n.type === AST_NODE_TYPES.CallExpression) n = unwrapExpression(n.callee);
    else return null;
  }
}

/** A string the expression always has: `'resize'`, `` `click` ``; null when dynamic. */
export function staticString(node: TSESTree.Node | undefined): string | null {
  if (!node) return null;
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.Literal && typeof n.value === 'string') return n.value;
  if (n.type === AST_NODE_TYPES.TemplateLiteral && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? null;
  return null;
}
