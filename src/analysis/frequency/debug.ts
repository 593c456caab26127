import { type TSESTree } from '@typescript-eslint/utils';
import { createDebugRule } from '../engine/debug';
import { withShared } from '../engine/listeners';
import { FunctionIndex } from '../syntax/functions';
import { perRequestCodeFor } from './handlers';

/**
 * Question 1 for entry points: every `here()` call is reported with the per-request context it
 * runs in (a handler, a loop turn, a helper called from one, a class made per request), else
 * `per call` for a named function not proven to run once, else `once or unknown`.
 */
export const debugPerRequest = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { perRequest: 'per {{per}}: {{label}}', none: 'once or unknown' } },
  create(context) {
    const sourceCode = context.sourceCode;
    const probes: TSESTree.CallExpression[] = [];
    const news: TSESTree.NewExpression[] = [];
    const { index, listeners } = FunctionIndex.of(sourceCode);
    return withShared({
      'CallExpression[callee.name="here"]'(node: TSESTree.CallExpression) {
        probes.push(node);
      },
      NewExpression(node: TSESTree.NewExpression) {
        news.push(node);
      },
      'Program:exit'() {
        const code = perRequestCodeFor(context, index, news);
        for (const node of probes) {
          const at = code.contextOf(node) ?? code.everyCallContext(node);
          if (at) context.report({ node, messageId: 'perRequest', data: { per: at.ctx.per, label: at.ctx.label } });
          else context.report({ node, messageId: 'none' });
        }
      },
    }, listeners);
  },
});
