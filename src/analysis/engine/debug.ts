import { ESLintUtils, type TSESTree } from '@typescript-eslint/utils';
import { callbackFrequency } from '../frequency/callbacks';
import { sameValue } from '../scope/identity';
import type { FunctionNode } from '../syntax/nodes';

/**
 * Debug rules: each reports what one question of the lifetime engine answers, so the
 * analysis is tested on its own (tests/analysis/). Registered by tests only, in no config.
 */
export const createDebugRule = ESLintUtils.RuleCreator.withoutDocs;

/** Question 1 for callbacks: how the callee runs every function passed to it. */
export const debugCallbackFrequency = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { run: '{{run}}: {{label}}' } },
  create(context) {
    const report = (node: TSESTree.Node): void => {
      const f = callbackFrequency(node as FunctionNode);
      if (f.run === 'unknown' && f.call === null) return;
      context.report({ node, messageId: 'run', data: { run: f.run, label: f.label || '(no label)' } });
    };
    return { ArrowFunctionExpression: report, FunctionExpression: report };
  },
});

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
