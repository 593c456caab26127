import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { PathTracker } from '../src/analysis/release/code-path';
import { jumpWord, unreleasedExit } from '../src/analysis/release/every-exit';
import { releaseInFinally } from '../src/analysis/release/finally-fix';
import { withShared } from '../src/analysis/engine/listeners';
import { perConfiguration } from '../src/analysis/engine/per-run';
import { type Fate, fateOf } from '../src/analysis/fate/fate';
import { followStored, ownershipOf, subscriptionOf } from '../src/analysis/fate/ownership';
import { innermostFunction } from '../src/analysis/syntax/nodes';
import { type Turn, TurnDepth, enclosingFunction, enclosingTurn } from '../src/analysis/frequency/loops';
import { manyRuns, raceSite, timerCreations } from '../src/analysis/frequency/timer-helpers';
import { callbackTableFor } from '../src/analysis/frequency/callbacks';
import { oneLine, shortText, within } from '../src/analysis/syntax/ast';
import { FunctionIndex, functionName } from '../src/analysis/syntax/functions';
import { resolveReference } from '../src/analysis/scope/references';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { type RearmContext, type RearmMessage, rearmFinding } from '../src/analysis/release/rearm';
import { timersFrom } from '../src/analysis/vocabulary/schema';
import { namesFor } from '../src/analysis/vocabulary/registry';
import { type Creation, TIMER_RELEASE, TimerCalls, timerWords } from '../src/analysis/vocabulary/timer-calls';
import { type ExtraTimer, TIMER_OPTIONS_SCHEMA, isLongSignalDelay, isShortDelay, mayCreateTimers, timerName } from '../src/analysis/vocabulary/timers';
import { codeText } from '../src/analysis/engine/code-text';

type Options = [{ timers?: ExtraTimer[]; longLivedConditions?: string[]; checkBoundedLoops?: boolean }];
type MessageIds = 'intervalPerTurn' | 'timerPerTurn' | 'helperPerTurn' | 'raceTimer' | 'signalTimeout' | 'clearInFinally' | RearmMessage;

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
      intervalPerTurn: '`{{timer}}` starts an interval on every turn of this {{loop}} and nothing clears it, so intervals pile up in the timer queue; start it once outside the loop or clear it in the turn.',
      timerPerTurn: '`{{timer}}` leaves a pending timer, with its callback, on every turn of this long-lived {{loop}} ({{how}}); clear it in `finally` or create one outside the loop.',
      helperPerTurn: '`{{timer}}()` never clears the timer it races against, so every turn of this long-lived {{loop}} leaves one pending with its callback; clear it in a `finally` in `{{timer}}`.',
      signalTimeout: '`AbortSignal.timeout()` here runs {{why}}; its timer cannot be cleared and keeps the signal and its listeners for the full delay after the work is done; use an `AbortController` with a `setTimeout` cleared in `finally`.',
      clearInFinally: 'Clear `{{handle}}` in a `finally` around the rest of the turn.',
      raceTimer: 'This {{race}} leaves the `{{timer}}` timer pending after the other side settles, holding its closure until it fires; keep its handle and clear it in `finally`.',
      overwrittenTimer: '`{{timer}}` stores a new timer in `{{handle}}` each time this code runs ({{why}}) without clearing or checking the one already there, so the earlier timer stays pending where no clear reaches it; clear `{{handle}}` first or return while it is set.',
      endlessChain: '`{{timer}}` re-arms itself from its own callback, checks no condition before re-arming and keeps no handle anything clears, and it is started again and again ({{why}}), so chains pile up; re-arm only while a flag is set, or {{fix}}.',
    },
    schema: [TIMER_OPTIONS_SCHEMA],
    defaultOptions: [{ timers: [], longLivedConditions: [], checkBoundedLoops: false }],
  },
  create(context, [options]) {
    const settings = getSettings(context);
    // `settings.leaks.timers` is already folded into `settings.leaks.vocabulary`.
    const extraTimers = perConfiguration(options, settings, 'timers', () => [...(options.timers ?? []), ...timersFrom(settings.vocabulary)]);
    const sourceCode = context.sourceCode;
    const words = timerWords(settings);
    if (!mayCreateTimers(codeText(sourceCode), extraTimers, words)) return {};
    const scopeOf = (n: TSESTree.Node) => sourceCode.getScope(n);
    const loopOptions = { longLivedConditions: [...(options.longLivedConditions ?? []), ...settings.longLivedConditions], scopeOf };
    // In test files only intervals per turn count: they outlive the test in a long-lived runner.
    const testFile = isSkippedTestFile(context);
    const nodeText = (n: TSESTree.Node): string => sourceCode.getText(n);
    const { tracker, listeners: pathListeners } = PathTracker.of(sourceCode);
    const { index, listeners: indexListeners } = FunctionIndex.of(sourceCode);
    const turns = new TurnDepth();
    // Only calls in a loop turn keep their code-path segments: only a turn's exits are walked.
    const timers = new TimerCalls(sourceCode, extraTimers, words, (node) => { if (turns.inTurn()) tracker.record(node); });
    const adopters = namesFor(settings, 'ownershipAdopters');
    const [teardowns, callbacks, reported] = [namesFor(settings, 'teardownMethods'), callbackTableFor(settings), new Set<TSESTree.Node>()];

    const clearsOf = (handle: TSESTree.Node, region: TSESTree.Node) => timers.clears.of([handle], region, TIMER_RELEASE, scopeOf);
    const raceCleared = (c: Creation) => timers.raceCleared(c, scopeOf);
    const processExits = namesFor(settings, 'processExits');
    const rearmCtx: RearmContext = { sourceCode, index, callbacks, processExits, longLivedConditions: loopOptions.longLivedConditions, scopeOf, clears: timers.clears, timerCalls: new Set(), internalPrefixes: namesFor(settings, 'internalMethodPrefixes') };

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
        ...(handle.type === AST_NODE_TYPES.Identifier ? { handle } : {}),
      });
      if (verdict?.kind === 'never') {
        const r = handle.type === AST_NODE_TYPES.Identifier ? resolveReference(handle, scopeOf(handle)) : null;
        const declaredInside = r?.kind === 'local' && r.variable.defs[0] !== undefined && within(r.variable.defs[0].name, turn.body);
        return declaredInside ? `stored in \`${nodeText(handle)}\` and never cleared` : `stored in \`${shortText(sourceCode, handle)}\`, which the next turn overwrites`;
      }
      if (verdict?.kind !== 'exit') return null;
      const word = verdict.jump ? jumpWord(verdict.jump) : undefined;
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
      // An executor's (or a deferred's, `setTimeout(() => d.reject(…))`) timer that also settles another way.
      if ((fate.kind !== 'discarded' || c.value === c.handleCall) && c.internalRace()) fate = { kind: 'raced', race: c.value as TSESTree.NewExpression };
      if (c.byName && fate.kind !== 'raced') return;
      const how = turn && (turn.longLived || options.checkBoundedLoops === true) ? leakOf(c, fate, turn) : null;
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
      const rearm = turn ? null : rearmFinding(c, rearmCtx, (n) => shortText(sourceCode, n));
      if (rearm) { context.report({ node: c.at, messageId: rearm.messageId === 'endlessChain' ? 'endlessChain' : 'overwrittenTimer', data: rearm.data }); return; }
      const racing = enclosingFunction(c.value);
      // A raced grace period in `shutdown()`/`close()` runs once per instance: nothing piles up.
      const teardown = racing ? functionName(racing) : null;
      const perCall = c.returns === 'signal' && !c.handleCall && !c.byName && c.value.type === AST_NODE_TYPES.CallExpression && isLongSignalDelay(c.value, scopeOf) ? manyRuns(c.value, rearmCtx) : null;
      if (perCall) context.report({ node: c.at, messageId: 'signalTimeout', data: { why: perCall } });
      else if (fate.kind === 'raced' && racing && !(teardown !== null && teardowns.has(teardown)) && !raceCleared(c) && !isShortDelay(c)) {
        const site = raceSite(c, fate.race, index, timers.builtins, reported);
        if (site) context.report({ node: site.node, messageId: 'raceTimer', data: { timer: oneLine(site.name), race: site.race } });
      }
    }

    return withShared({
      'Program:exit'() {
        timers.resolveNamedHelpers(index);
        for (const b of timers.builtins) if (b.handleCall) (rearmCtx.timerCalls as Set<TSESTree.Node>).add(b.handleCall);
        for (const c of timerCreations(timers, index, raceCleared)) evaluate(c);
      },
    }, timers.listeners, turns.listeners, indexListeners, pathListeners);
  },
});
