import { type TSESTree } from '@typescript-eslint/utils';
import { createDebugRule } from '../engine/debug';
import { getSettings } from '../engine/settings';
import { ACQUISITIONS, matchAcquisition } from './acquisitions';
import { namesFor } from './registry';

/**
 * Which calls acquire a resource, and on what evidence: `<what>` when proven (an import, a
 * global, a receiver made by a database or lock module, or named like one in the registry),
 * `<what>?` when only the handle's own release calls can confirm it (`x.transaction()`).
 */
export const debugAcquisitions = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { acquires: '{{what}}' } },
  create(context) {
    const settings = getSettings(context);
    const scopeOf = (n: TSESTree.Node) => context.sourceCode.getScope(n);
    const report = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      const m = matchAcquisition(node, ACQUISITIONS, scopeOf, (key) => namesFor(settings, key));
      if (m) context.report({ node, messageId: 'acquires', data: { what: `${m.spec.what}${m.needsRelease ? '?' : ''}` } });
    };
    return { CallExpression: report, NewExpression: report };
  },
});
