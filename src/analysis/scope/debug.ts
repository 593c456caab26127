import { type TSESTree } from '@typescript-eslint/utils';
import { createDebugRule } from '../engine/debug';
import { sameValue } from './identity';

/** Question 7: every `same(a, b)` call in the code is reported as `same` or `different`. */
export const debugIdentity = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { same: 'same', different: 'different' } },
  create(context) {
    const scopeOf = (n: TSESTree.Node) => context.sourceCode.getScope(n);
    return {
      'CallExpression[callee.name="same"]'(node: TSESTree.CallExpression) {
        const [a, b] = node.arguments;
        if (!a || !b) return;
        context.report({ node, messageId: sameValue(a, b, scopeOf) ? 'same' : 'different' });
      },
    };
  },
});
