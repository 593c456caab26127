import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { walkAll } from '../syntax/ast';
import { memberName, resolveReference, unwrapExpression } from './references';
import { thisClassOf } from './identity';

/**
 * Question 7, for values: the expressions a variable or a field of `this` is ever given —
 * a variable's initialiser and assignments, a field's initialiser and `this.x = …` anywhere
 * in its class. Empty when it cannot be told (a parameter, a property of another object).
 */
export function assignedValues(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.Identifier) {
    const r = resolveReference(n, sourceCode.getScope(n));
    if (r?.kind !== 'local') return [];
    const out: TSESTree.Node[] = [];
    for (const def of r.variable.defs) {
      if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id === def.name && def.node.init) out.push(def.node.init);
    }
    for (const ref of r.variable.references) if (ref.writeExpr && !ref.init) out.push(ref.writeExpr);
    return out;
  }
  if (n.type === AST_NODE_TYPES.MemberExpression && unwrapExpression(n.object).type === AST_NODE_TYPES.ThisExpression) {
    const field = memberName(n);
    const owner = thisClassOf(unwrapExpression(n.object) as TSESTree.ThisExpression);
    if (field === null || !owner) return [];
    const out: TSESTree.Node[] = [];
    for (const m of owner.cls.body.body) {
      if (m.type === AST_NODE_TYPES.PropertyDefinition && !m.computed && m.key.type === AST_NODE_TYPES.Identifier && m.key.name === field && m.value) out.push(m.value);
    }
    walkAll(owner.cls.body, (x) => {
      if (x.type !== AST_NODE_TYPES.AssignmentExpression || (x.operator !== '=' && x.operator !== '??=' && x.operator !== '||=')) return;
      const left = unwrapExpression(x.left);
      if (left.type === AST_NODE_TYPES.MemberExpression && unwrapExpression(left.object).type === AST_NODE_TYPES.ThisExpression && memberName(left) === field) out.push(x.right);
    });
    return out.sort((a, b) => a.range[0] - b.range[0]);
  }
  return [];
}
