import { createRule } from '../src/create-rule';
import { withShared } from '../src/analysis/engine/listeners';
import { functionName } from '../src/analysis/syntax/functions';
import type { FunctionNode } from '../src/analysis/syntax/nodes';
import { RecursionAnalysis } from '../src/analysis/recursion/progress';
import { KEPT_ALIVE_TEXT, type SelfCall, keptAlive, schedulerTable, selfCallCollector } from '../src/analysis/recursion/chains';
import { loopRewrite } from '../src/analysis/recursion/rewrite';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { namesFor } from '../src/analysis/vocabulary/registry';
import { codeText } from '../src/analysis/engine/code-text';

type Options = [{ checkAsyncOutsideTry?: boolean; maxRetryBound?: number; schedulers?: string[] }];
type MessageIds = 'recursionInTry' | 'asyncRecursion' | 'rewriteAsLoop';

const NO_SCHEDULERS: readonly string[] = [];

/** "`pump()`", "`a()` (through `b()`)", "This function": the subject of a message. */
function label(fn: FunctionNode, via: FunctionNode | null): string {
  const name = functionName(fn);
  const self = name === null ? 'This function' : `\`${name}()\``;
  if (!via) return self;
  const callee = functionName(via);
  return `${self} (through ${callee === null ? 'its callee' : `\`${callee}()\``})`;
}

export default createRule<Options, MessageIds>({
  name: 'no-recursion-in-try',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: 'Disallow loops written as self-recursion inside `try`/`catch` or through awaited promises',
      recommended: 'recommended',
    },
    messages: {
      recursionInTry:
        '{{name}} calls itself inside `{{part}}` ({{why}}), keeping every turn\'s frame{{promise}} alive; use a `for (;;)` loop or `setImmediate` the next round.',
      asyncRecursion:
        '{{name}} {{how}} a call to itself ({{why}}), so the whole promise chain stays in memory; use a loop, or start the next round without awaiting it.',
      rewriteAsLoop: 'Rewrite {{name}} as a `for (;;)` loop around the `try`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkAsyncOutsideTry: {
            type: 'boolean',
            description: 'Also report awaited or returned loop-like self-calls of async functions outside `try`.',
          },
          maxRetryBound: {
            type: 'number',
            minimum: 0,
            description: 'A retry counter compared with a literal larger than this counts as unbounded.',
          },
          schedulers: {
            type: 'array',
            items: { type: 'string' },
            description: 'Extra functions that schedule a callback (like `setImmediate`): a self-call inside their callback never counts.',
          },
        },
      },
    ],
    defaultOptions: [{ checkAsyncOutsideTry: true, maxRetryBound: 1000, schedulers: [] }],
  },
  create(context, [options]) {
    if (isSkippedTestFile(context) || !KEPT_ALIVE_TEXT.test(codeText(context.sourceCode))) return {};
    const sourceCode = context.sourceCode;
    const settings = getSettings(context);
    const analysis = new RecursionAnalysis(sourceCode, {
      maxRetryBound: options.maxRetryBound ?? 1000,
      advancing: namesFor(settings, 'advancingMethods'),
      rewinding: namesFor(settings, 'rewindingMethods'),
      typePredicates: namesFor(settings, 'typePredicates'),
    });
    const collector = selfCallCollector(sourceCode, schedulerTable(settings, options.schedulers ?? NO_SCHEDULERS), false);
    const { index } = collector;

    function check(site: SelfCall): void {
      const { call, fn, via } = site;
      const alive = keptAlive(site);
      if (!alive || (alive.by === 'chain' && options.checkAsyncOutsideTry === false)) return;
      const verdict = analysis.verdict(call, fn, sourceCode.getScope(call), via, site.backs);
      if (!verdict.loopLike) return;
      const name = label(fn, via);
      if (alive.by === 'chain') {
        context.report({ node: call.callee, messageId: 'asyncRecursion', data: { name, how: alive.how, why: verdict.why } });
        return;
      }
      const rewrite = loopRewrite(fn, alive.stmt, index, sourceCode);
      const fnName = functionName(fn);
      context.report({
        node: call.callee,
        messageId: 'recursionInTry',
        data: { name, part: alive.part, why: verdict.why, promise: alive.promise ? ' and its promise' : '' },
        ...(rewrite === null
          ? {}
          : { suggest: [{ messageId: 'rewriteAsLoop', data: { name: fnName === null ? 'the function' : `\`${fnName}\`` }, fix: (fixer) => fixer.replaceText(alive.stmt, rewrite) }] }),
      });
    }

    return withShared({
      'Program:exit'() {
        for (const site of collector.sites()) check(site);
      },
    }, collector.listeners);
  },
});
