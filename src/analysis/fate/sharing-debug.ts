import { type TSESTree } from '@typescript-eslint/utils';
import { createDebugRule } from '../engine/debug';
import { withShared } from '../engine/listeners';
import { getSettings } from '../engine/settings';
import { FunctionIndex } from '../syntax/functions';
import { innermostFunction } from '../syntax/nodes';
import { perRequestCodeFor } from '../frequency/handlers';
import { sharedOrClosed, sharingQuestions } from './sharing';

/**
 * Questions 2 and 3 for values made per call: every `make()` / `new Make()` is reported as
 * `shared or closed` (it outlives the call on purpose, or is closed in it) or `per call`.
 */
export const debugSharing = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { shared: 'shared or closed', perCall: 'per call' } },
  create(context) {
    const sourceCode = context.sourceCode;
    const made: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
    const news: TSESTree.NewExpression[] = [];
    const { index, listeners } = FunctionIndex.of(sourceCode);
    return withShared({
      'CallExpression[callee.name="make"], NewExpression[callee.name="Make"]'(node: TSESTree.CallExpression | TSESTree.NewExpression) {
        made.push(node);
      },
      NewExpression(node: TSESTree.NewExpression) {
        news.push(node);
      },
      'Program:exit'() {
        const code = perRequestCodeFor(context, index, news);
        const runsMany = (n: TSESTree.Node): boolean => (code.contextOf(n) ?? code.everyCallContext(n)) !== null;
        const questions = sharingQuestions(sourceCode, getSettings(context), (fn) => code.isPerRequest(fn), { sitesOf: (fn) => index.callSitesOf(fn), runsMany });
        for (const node of made) {
          const perInstance = code.contextOf(node)?.perInstance ?? false;
          context.report({ node, messageId: sharedOrClosed(node, innermostFunction(node), perInstance, questions) ? 'shared' : 'perCall' });
        }
      },
    }, listeners);
  },
});
