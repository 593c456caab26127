import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { createDebugRule } from '../engine/debug';
import { withShared } from '../engine/listeners';
import { FunctionIndex, functionName } from '../syntax/functions';
import type { FunctionNode } from '../syntax/nodes';
import { getSettings } from '../engine/settings';
import { TimerCalls, timerWords } from '../vocabulary/timer-calls';
import { classifyTimerHelpers } from './timer-helpers';
import { callbackFrequency } from './callbacks';
import { TurnDepth, enclosingTurn } from './loops';
import { perRequestCodeFor } from './handlers';

/**
 * Question 1 for timer helpers: which same-file functions make a timer on every call, and of
 * which kind (`sleep`: returns it; `racing`: leaves it pending). Also reports every call the
 * file makes inside a loop turn (`turn`), the fact the timer rule records paths for.
 */
export const debugTimerHelpers = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { kind: '{{name}}: {{kind}}', turn: 'in turn' } },
  create(context) {
    const sourceCode = context.sourceCode;
    const timers = new TimerCalls(sourceCode, [], timerWords(getSettings(context)));
    const turns = new TurnDepth();
    const { index, listeners } = FunctionIndex.of(sourceCode);
    return withShared({
      CallExpression(node: TSESTree.CallExpression) {
        if (turns.inTurn() && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'probe') context.report({ node, messageId: 'turn' });
      },
      'Program:exit'() {
        const callsOf = (fn: FunctionNode) => index.callSitesOf(fn).filter((c) => !timers.notHelperCalls.has(c));
        const kinds = classifyTimerHelpers(timers.builtins, { callsOf, raceCleared: (c) => c.cancellable, cancellable: (c) => timers.cancellable(c) });
        for (const [fn, kind] of kinds) context.report({ node: fn, messageId: 'kind', data: { name: functionName(fn) ?? '(anonymous)', kind } });
      },
    }, timers.listeners, turns.listeners, listeners);
  },
});

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

/**
 * Question 1 for loops: every `probe()` call is reported with the loop turn it runs in — the
 * loop (or iteration callback) and whether it may run for the life of the process — or `no turn`.
 */
export const debugLoopTurn = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { turn: '{{label}}: {{life}}', none: 'no turn' } },
  create(context) {
    const text = (n: TSESTree.Node): string => context.sourceCode.getText(n);
    return {
      'CallExpression[callee.name="probe"]'(node: TSESTree.CallExpression) {
        const turn = enclosingTurn(node, { longLivedConditions: ['isRunning'], scopeOf: (n) => context.sourceCode.getScope(n) }, text);
        if (!turn) context.report({ node, messageId: 'none' });
        else context.report({ node, messageId: 'turn', data: { label: turn.label, life: turn.longLived ? 'long-lived' : 'bounded' } });
      },
    };
  },
});
