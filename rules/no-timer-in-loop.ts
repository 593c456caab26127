import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { PathTracker } from '../src/analysis/release/code-path';
import { unreleasedExit } from '../src/analysis/release/every-exit';
import { releases } from '../src/analysis/release/releases';
import { releaseInFinally } from '../src/analysis/release/finally-fix';
import { withShared } from '../src/analysis/engine/listeners';
import { type Fate, fateOf } from '../src/analysis/fate/fate';
import { followStored, ownershipOf, subscriptionOf } from '../src/analysis/fate/ownership';
import { type FunctionNode, innermostFunction } from '../src/analysis/syntax/nodes';
import { type Turn, TurnDepth, enclosingFunction, enclosingTurn } from '../src/analysis/frequency/loops';
import { type HelperKind, classifyTimerHelpers, helperCreation } from '../src/analysis/frequency/timer-helpers';
import { RangeIndex, oneLine, shortText, within } from '../src/analysis/syntax/ast';
import { FunctionIndex } from '../src/analysis/syntax/functions';
import { resolveReference, unwrapExpression } from '../src/analysis/scope/references';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { namesFor } from '../src/analysis/vocabulary/registry';
import { type Creation, TIMER_RELEASE, TimerCalls } from '../src/analysis/vocabulary/timer-calls';
import { type ExtraTimer, TIMER_FUNCTION_SCHEMA, describeRace, isShortDelay, mayCreateTimers, timerName } from '../src/analysis/vocabulary/timers';

type Options = [{ timers?: ExtraTimer[]; longLivedConditions?: string[]; checkBoundedLoops?: boolean }];
type MessageIds = 'intervalPerTurn' | 'timerPerTurn' | 'helperPerTurn' | 'raceTimer' | 'clearInFinally';

const JUMP_WORDS: Partial<Record<AST_NODE_TYPES, string>> = {
  [AST_NODE_TYPES.ContinueStatement]: 'continue',
  [AST_NODE_TYPES.BreakStatement]: 'break',
  [AST_NODE_TYPES.ReturnStatement]: 'return',
  [AST_NODE_TYPES.ThrowStatement]: 'throw',
};

export default createRule<Options, MessageIds>({
  name: 'no-timer-in-loop',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: 'Disallow timers created per turn of a long-lived loop, or raced and never cleared',
      recommended: 'recommended',
    },
    messages: {
      intervalPerTurn:
        '`{{timer}}` starts an interval on every turn of this {{loop}} and nothing clears it, so intervals pile up in the timer queue; start it once outside the loop or clear it in the turn.',
      timerPerTurn:
        '`{{timer}}` leaves a pending timer, with its callback, on every turn of this long-lived {{loop}} ({{how}}); clear it in `finally` or create one outside the loop.',
      helperPerTurn:
        '`{{timer}}()` never clears the timer it races against, so every turn of this long-lived {{loop}} leaves one pending with its callback; clear it in a `finally` in `{{timer}}`.',
      clearInFinally: 'Clear `{{handle}}` in a `finally` around the rest of the turn.',
      raceTimer:
        'This {{race}} leaves the `{{timer}}` timer pending after the other side settles, holding its closure until it fires; keep its handle and clear it in `finally`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          timers: {
            type: 'array',
            description: 'Extra timer-creating functions (e.g. a `delay` or `sleep` from your own library); an alias of `settings.leaks.timers`.',
            items: TIMER_FUNCTION_SCHEMA,
          },
          longLivedConditions: {
            type: 'array',
            description: 'Names that make a loop condition long-lived (e.g. `isRunning`).',
            items: { type: 'string' },
          },
          checkBoundedLoops: {
            type: 'boolean',
            description: 'Also report one-shot timers in bounded loops (counted `for`, `for…of` over arrays, `.forEach`).',
          },
        },
      },
    ],
    defaultOptions: [{ timers: [], longLivedConditions: [], checkBoundedLoops: false }],
  },
  create(context, [options]) {
    const settings = getSettings(context);
    const extraTimers = [...(options.timers ?? []), ...settings.timers];
    const sourceCode = context.sourceCode;
    const words = {
      helperNames: namesFor(settings, 'timerHelperNames'),
      helperLastWords: namesFor(settings, 'timerHelperLastWords'),
      cancellation: namesFor(settings, 'cancellationArguments'),
    };
    if (!mayCreateTimers(sourceCode.text, extraTimers, words)) return {};
    const loopOptions = { longLivedConditions: [...(options.longLivedConditions ?? []), ...settings.longLivedConditions] };
    const checkBounded = options.checkBoundedLoops === true;
    // In test files only intervals per turn count: they outlive the test in a long-lived runner.
    const testFile = isSkippedTestFile(context);
    const nodeText = (n: TSESTree.Node): string => sourceCode.getText(n);
    const scopeOf = (n: TSESTree.Node) => sourceCode.getScope(n);
    const { tracker, listeners: pathListeners } = PathTracker.of(sourceCode);
    const { index, listeners: indexListeners } = FunctionIndex.of(sourceCode);
    const timers = new TimerCalls(sourceCode, extraTimers, words);
    const turns = new TurnDepth();
    const adopters = namesFor(settings, 'ownershipAdopters');
    let clearIndex: RangeIndex<TSESTree.CallExpression> | null = null;

    function onCall(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const kind = timers.onCall(node);
      if (kind !== null && kind !== 'deferral' && turns.inTurn()) tracker.record(node);
    }

    /** Clears of `handle` inside `region`, asked at `Program:exit` once every clear is known. */
    function clearsOf(handle: TSESTree.Node, region: TSESTree.Node): TSESTree.CallExpression[] {
      clearIndex ??= new RangeIndex(timers.clears);
      return clearIndex.within(region).filter((c) => releases(c, [handle], TIMER_RELEASE, scopeOf));
    }

    /** Was the raced timer cleared somewhere in the racing function (finally, .finally(), after)? */
    function raceCleared(c: Creation): boolean {
      if (c.cancellable) return true;
      const handleFate = c.handleCall ? fateOf(c.handleCall) : null;
      return handleFate?.kind === 'stored' && clearsOf(handleFate.target, enclosingFunction(c.value) ?? sourceCode.ast).length > 0;
    }

    /** Why the timer outlives its turn, or null when it does not. */
    function leakOf(c: Creation, fate: Fate, turn: Turn): string | null {
      if (fate.kind === 'awaited') return c.kind === 'repeating' ? 'awaited' : null;
      if (fate.kind === 'raced') return raceCleared(c) ? null : 'raced against other work and never cleared';
      if (fate.kind === 'discarded') return c.returns === 'promise' || c.returns === 'signal' ? 'created and not awaited' : 'fire-and-forget';
      if (fate.kind !== 'stored') return null;
      const handle = fate.target;
      if (handle.type === AST_NODE_TYPES.Identifier && ownershipOf(handle, { fn: innermostFunction(c.value), shape: TIMER_RELEASE, handOff: 'any', adopters, scopeOf }).kind === 'leaves') return null;
      const verdict = unreleasedExit({
        tracker, acquired: c.handleCall ?? c.value, releases: clearsOf(handle, turn.body), fn: innermostFunction(c.value) ?? sourceCode.ast, turn, scopeOf,
      });
      if (verdict?.kind === 'never') {
        const r = handle.type === AST_NODE_TYPES.Identifier ? resolveReference(handle, scopeOf(handle)) : null;
        const declaredInside = r?.kind === 'local' && r.variable.defs[0] !== undefined && within(r.variable.defs[0].name, turn.body);
        return declaredInside ? `stored in \`${nodeText(handle)}\` and never cleared` : `stored in \`${shortText(sourceCode, handle)}\`, which the next turn overwrites`;
      }
      if (verdict?.kind !== 'exit') return null;
      const word = verdict.jump ? JUMP_WORDS[verdict.jump.type] : undefined;
      if (verdict.jump && word) return `not cleared on the \`${word}\` on line ${verdict.jump.loc.start.line}`;
      return `not cleared on ${verdict.start ? `the path through line ${verdict.start.loc.start.line}` : 'every path'}`;
    }

    function evaluate(c: Creation): void {
      const turn = enclosingTurn(c.value, loopOptions, nodeText);
      if (c.racingHelper) {
        if (turn?.longLived && !testFile) context.report({ node: c.at, messageId: 'helperPerTurn', data: { timer: oneLine(c.name), loop: turn.label } });
        return;
      }
      let fate = fateOf(c.value);
      if (c.kind === 'repeating') {
        if (!turn || (c.returns === 'iterator' && fate.kind === 'iterated')) return;
        const sub = c.returns === 'observable' ? subscriptionOf(c.value) : null;
        if (c.returns === 'observable' && !sub) return;
        if (leakOf(c, sub ? fateOf(sub) : fate, turn) !== null) context.report({ node: c.at, messageId: 'intervalPerTurn', data: { timer: oneLine(c.name), loop: turn.label } });
        return;
      }
      if (testFile) return;
      fate = followStored(fate, scopeOf);
      if (c.internalRace && fate.kind !== 'discarded') fate = { kind: 'raced', race: c.value as TSESTree.NewExpression };
      if (c.byName && fate.kind !== 'raced') return;
      const how = turn && (turn.longLived || checkBounded) ? leakOf(c, fate, turn) : null;
      if (turn && how !== null) {
        const handle = fate.kind === 'stored' ? fate.target : null;
        const clear = c.handleCall && timerName(c.handleCall) === 'setInterval' ? 'clearInterval' : 'clearTimeout';
        const fix = handle?.type === AST_NODE_TYPES.Identifier && c.handleCall
          ? releaseInFinally(sourceCode, { handle, releases: clearsOf(handle, turn.body), release: `${clear}(${handle.name})`, block: turn.body, idempotent: true })
          : null;
        context.report({
          node: c.at, messageId: 'timerPerTurn', data: { timer: oneLine(c.name), loop: turn.label, how },
          ...(fix && handle?.type === AST_NODE_TYPES.Identifier ? { suggest: [{ messageId: 'clearInFinally', data: { handle: handle.name }, fix }] } : {}),
        });
        return;
      }
      if (fate.kind === 'raced' && enclosingFunction(c.value) && !raceCleared(c) && !isShortDelay(c)) {
        context.report({ node: c.at, messageId: 'raceTimer', data: { timer: oneLine(c.name), race: describeRace(fate.race) } });
      }
    }

    return withShared({
      ...timers.listeners,
      CallExpression: onCall,
      NewExpression: onCall,
      'Program:exit'() {
        timers.resolveNamedHelpers(index);
        const callsOf = (fn: FunctionNode) => index.callSitesOf(fn).filter((call) => !timers.notHelperCalls.has(call));
        const helpers = timers.builtins.length === 0 ? new Map<FunctionNode, HelperKind>() : classifyTimerHelpers(timers.builtins, { callsOf, raceCleared, cancellable: (call) => timers.cancellable(call) });
        const creations = [...timers.builtins];
        for (const [fn, kind] of helpers) {
          for (const call of callsOf(fn)) creations.push(helperCreation(call, kind, timers.cancellable(call), nodeText(unwrapExpression(call.callee))));
        }
        for (const c of creations) evaluate(c);
      },
    }, turns.listeners, indexListeners, pathListeners);
  },
});
