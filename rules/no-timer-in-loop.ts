import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { type CodePathSegment, PathTracker, findUnreleasedExit } from '../src/analysis/release/code-path';
import { withShared } from '../src/analysis/engine/listeners';
import { type Fate, fateOf } from '../src/analysis/fate/fate';
import { type FunctionNode, innermostFunction, isLoop } from '../src/analysis/syntax/nodes';
import { type Turn, enclosingFunction, enclosingTurn } from '../src/analysis/frequency/loops';
import { isIIFE, isPromiseExecutor, iterationCallOf } from '../src/analysis/frequency/callbacks';
import { RangeIndex, oneLine, shortText, within } from '../src/analysis/syntax/ast';
import { sameValue } from '../src/analysis/scope/identity';
import { FunctionIndex, functionOfDeclarator } from '../src/analysis/syntax/functions';
import { ImportBindings, memberName, resolveReference, unwrapExpression } from '../src/analysis/scope/references';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { CLEAR_FUNCTIONS, TIMERS, TIMER_TEXT, type ExtraTimer, type TimerSpec, isTimerSource, matchTimer } from '../src/analysis/vocabulary/timers';

type Options = [
  {
    timers?: ExtraTimer[];
    longLivedConditions?: string[];
    checkBoundedLoops?: boolean;
  },
];
type MessageIds = 'intervalPerTurn' | 'timerPerTurn' | 'helperPerTurn' | 'raceTimer' | 'clearInFinally';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;
type Handle = TSESTree.Identifier | TSESTree.MemberExpression;

/** One place a timer is created: a vocabulary call, or a call of a local helper that wraps one. */
interface Creation {
  /** The expression whose value is the timer (the `new Promise` around an executor's `setTimeout`). */
  value: TSESTree.Node;
  /** Where to report: the callee of the creating call. */
  at: TSESTree.Node;
  /** The `setTimeout`/`setInterval` call whose handle can clear it, if any. */
  handleCall: Call | null;
  name: string;
  kind: 'oneShot' | 'repeating';
  returns: TimerSpec['returns'];
  /** The call can be cancelled through an AbortSignal argument. */
  cancellable: boolean;
  /** A call of a local helper whose every call leaves a raced timer behind. */
  racingHelper: boolean;
  /** `new Promise((resolve) => { setTimeout(resolve, ms); op.then(resolve); })`: settles another way too. */
  internalRace: boolean;
  /** Recognised by name only (an imported `sleep`/`timeout`): reported only when raced. */
  byName: boolean;
}

/** Races against timers shorter than this do not leave enough behind to report outside loops. */
const SHORT_DELAY_MS = 1000;

/**
 * Names of helpers from other modules that, raced against work, are timers in practice
 * (`sleep`, `delay`, `timeout`, `createTimeoutPromise`, `rejectAfterTimeout`).
 */
const TIMER_HELPER_NAME = /^(?:sleep|delay|wait|pause|timeout)$|(?:timeout|delay|sleep)(?:promise)?$/i;

type HelperKind = 'sleep' | 'racing';

function isZeroDelay(call: Call, index: number): boolean {
  const arg = call.arguments[index];
  if (!arg) return true;
  const a = unwrapExpression(arg);
  return a.type === AST_NODE_TYPES.Literal && (a.value === 0 || a.value === '0');
}

function hasSignalArgument(call: Call): boolean {
  return call.arguments.some((arg) => {
    const a = unwrapExpression(arg);
    if (a.type === AST_NODE_TYPES.Identifier) return /signal/i.test(a.name);
    if (a.type === AST_NODE_TYPES.MemberExpression) return /signal/i.test(memberName(a) ?? '');
    if (a.type === AST_NODE_TYPES.ObjectExpression) {
      return a.properties.some(
        (p) => p.type === AST_NODE_TYPES.Property && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'signal',
      );
    }
    return false;
  });
}


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
            description: 'Extra timer-creating functions (e.g. a `delay` or `sleep` from your own library).',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: {
                name: { type: 'string', description: 'Function name, or `Namespace.member`.' },
                source: { type: 'string', description: 'Import source; when set, only bindings imported from it match.' },
                kind: { type: 'string', enum: ['oneShot', 'repeating'], description: '`oneShot` (default) or `repeating`.' },
              },
            },
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
    const text = sourceCode.getText();
    if (!TIMER_TEXT.test(text) && !extraTimers.some((t) => text.includes(t.name.split('.').pop() ?? t.name))) {
      return {};
    }
    const loopOptions = { longLivedConditions: [...(options.longLivedConditions ?? []), ...settings.longLivedConditions] };
    const checkBounded = options.checkBoundedLoops === true;
    // In test files only intervals per turn count: they outlive the test in a long-lived runner.
    const testFile = isSkippedTestFile(context);
    const nodeText = (n: TSESTree.Node): string => sourceCode.getText(n);
    const scopeOf = (n: TSESTree.Node) => sourceCode.getScope(n);

    const { tracker, listeners: pathListeners } = PathTracker.of(context.sourceCode);
    const { index, listeners: indexListeners } = FunctionIndex.of(context.sourceCode);
    /** Calls named like a timer helper (`sleep(ms)`, `delay(…)`), whatever they resolve to. */
    const namedHelpers: TSESTree.CallExpression[] = [];
    /** Clears and timer calls: never calls of a same-file helper. */
    const notHelperCalls = new Set<Call>();
    // Local names that may be timers: the vocabulary's, the options', and (in `bindings`) every
    // binding imported from a timer source (an alias such as `import { setTimeout as sleep }`).
    const bindings = new ImportBindings((source) => isTimerSource(source, extraTimers));
    const timerNames = new Set<string>([
      ...TIMERS.flatMap((t) => [...t.globals.map((g) => g.split('.').pop() ?? g), ...t.imports.map((i) => i.name)]),
      ...extraTimers.map((t) => t.name.split('.').pop() ?? t.name),
      'timeout', 'require',
    ]);
    const builtins: Creation[] = [];
    const clears: TSESTree.CallExpression[] = [];
    let clearIndex: RangeIndex<TSESTree.CallExpression> | null = null;
    /** Depth of loop bodies / iteration callbacks around the current node, per function. */
    const depth: number[] = [0];

    function inTurn(): boolean {
      return (depth[depth.length - 1] ?? 0) > 0;
    }

    function onCall(node: Call): void {
      const callee = unwrapExpression(node.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const bare = callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee);
      if (bare === null) return;
      if (node.type === AST_NODE_TYPES.CallExpression && (CLEAR_FUNCTIONS.has(bare) || bare === 'unsubscribe')) {
        clears.push(node);
        notHelperCalls.add(node);
        if (inTurn()) tracker.record(node);
        return;
      }
      // Scope lookups only for names that can be timers; same-file helpers are resolved at the end.
      if (timerNames.has(bare) || bindings.names.has(bare)) {
        const spec = matchTimer(resolveReference(callee, sourceCode.getScope(node)), extraTimers);
        if (spec) {
          notHelperCalls.add(node);
          if (spec.kind === 'oneShot' && spec.periodArg === undefined && isZeroDelay(node, spec.delayArg)) return;
          const repeating = spec.kind === 'repeating' || (spec.periodArg !== undefined && node.arguments.length > spec.periodArg);
          builtins.push(creationOf(node, spec, repeating));
          if (inTurn()) tracker.record(node);
          return;
        }
      }
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      if (TIMER_HELPER_NAME.test(bare) && node.arguments.length > 0) namedHelpers.push(node);
      if (inTurn()) tracker.record(node);
    }

    /** Helpers named like timers from elsewhere (imported, global, or methods), once every function is known. */
    function resolveNamedHelpers(): void {
      // Same-file helpers only wrap a timer if the file creates one; those are classified below.
      const createsTimers = builtins.length > 0;
      for (const node of namedHelpers) {
        if (createsTimers && index.targetOf(node) !== null) continue;
        const callee = unwrapExpression(node.callee);
        const origin = resolveReference(callee, sourceCode.getScope(node));
        const unknownOrigin = origin === null || origin.kind === 'import' || origin.kind === 'global' || callee.type === AST_NODE_TYPES.MemberExpression;
        if (!unknownOrigin) continue;
        builtins.push({
          value: node, at: node.callee, handleCall: null, name: nodeText(callee), kind: 'oneShot', returns: 'promise',
          cancellable: hasSignalArgument(node), racingHelper: false, internalRace: false, byName: true,
        });
      }
    }

    /** Calls of the same-file function `fn` (found from its references, not by resolving every call). */
    function localCallsOf(fn: FunctionNode): TSESTree.CallExpression[] {
      return index.callSitesOf(fn).filter((c) => !notHelperCalls.has(c));
    }

    function creationOf(node: Call, spec: TimerSpec, repeating: boolean): Creation {
      const fn = innermostFunction(node);
      // `new Promise(r => setTimeout(r, ms))`: the promise is the timer; the handle clears it.
      if (spec.returns === 'handle' && fn && isPromiseExecutor(fn)) {
        return {
          value: fn.parent, at: node.callee, handleCall: node, name: spec.name, kind: repeating ? 'repeating' : 'oneShot',
          returns: 'promise', cancellable: false, racingHelper: false, internalRace: executorSettlesElsewhere(fn, node),
          byName: false,
        };
      }
      return {
        value: node, at: node.callee, handleCall: spec.returns === 'handle' ? node : null, name: spec.name,
        kind: repeating ? 'repeating' : 'oneShot', returns: spec.returns,
        cancellable: spec.optionsArg !== undefined && hasSignalArgument(node), racingHelper: false, internalRace: false,
        byName: false,
      };
    }

    /**
     * Does the executor hand `resolve`/`reject` to anything besides this timer? Uses inside
     * the timer's own callback (or a function that re-arms the timer: polling) do not count.
     */
    function executorSettlesElsewhere(executor: FunctionNode, timer: Call): boolean {
      const timerOwned: TSESTree.Node[] = [timer];
      const callback = timer.arguments[0] ? unwrapExpression(timer.arguments[0]) : undefined;
      if (callback?.type === AST_NODE_TYPES.Identifier) {
        const target = findVariableUp(callback)?.defs[0]?.node;
        const fn = target ? functionOfDeclarator(target) : null;
        if (fn) timerOwned.push(fn);
      }
      const rearming = innermostFunction(timer);
      if (rearming && rearming !== executor) timerOwned.push(rearming);
      for (const variable of sourceCode.getDeclaredVariables(executor)) {
        if (!executor.params.some((p) => p.type === AST_NODE_TYPES.Identifier && p.name === variable.name)) continue;
        for (const ref of variable.references) {
          const id = ref.identifier as TSESTree.Node;
          if (!timerOwned.some((owner) => within(id, owner))) return true;
        }
      }
      return false;
    }


    /** Clears of `handle` inside `region`; `after` limits them to those after a position. */
    function clearsOf(handle: Handle, region: TSESTree.Node): TSESTree.CallExpression[] {
      // Asked at `Program:exit` only, once every clear is known.
      clearIndex ??= new RangeIndex(clears);
      return clearIndex.within(region).filter((c) => {
        const callee = unwrapExpression(c.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'unsubscribe') {
          return sameValue(callee.object, handle, scopeOf);
        }
        const arg = c.arguments[0];
        return arg !== undefined && sameValue(arg, handle, scopeOf);
      });
    }

    /** Is the handle used where this function cannot follow it (a closure, a call, a return)? */
    function handleEscapes(handle: Handle, creation: TSESTree.Node, region: TSESTree.Node): boolean {
      if (handle.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = sourceCode.getScope(handle).set.get(handle.name) ?? findVariableUp(handle);
      if (!variable) return false;
      const home = innermostFunction(creation);
      for (const ref of variable.references) {
        const id = ref.identifier as TSESTree.Node;
        if (id === handle || !ref.isRead()) continue;
        if (innermostFunction(id) !== home) return true; // a callback may clear it
        const fate = fateOf(id);
        if (fate.kind === 'argument') {
          const c = fate.call;
          const callee = unwrapExpression(c.callee);
          const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : '';
          if (!CLEAR_FUNCTIONS.has(name)) return true;
        }
        if (fate.kind === 'returned' || fate.kind === 'option') return true;
        if (fate.kind === 'stored' && !within(id, region)) return true;
        if (fate.kind === 'stored') return true;
      }
      return false;
    }

    function findVariableUp(id: TSESTree.Identifier): TSESLint.Scope.Variable | null {
      const resolved = resolveReference(id, sourceCode.getScope(id));
      return resolved?.kind === 'local' ? resolved.variable : null;
    }

    /** Follow a stored timer: if a later read races or awaits it, that is its real fate. */
    function followStored(fate: Fate): Fate {
      if (fate.kind !== 'stored' || fate.target.type !== AST_NODE_TYPES.Identifier) return fate;
      const resolved = findVariableUp(fate.target);
      if (!resolved) return fate;
      for (const ref of resolved.references) {
        if (!ref.isRead()) continue;
        const f = fateOf(ref.identifier);
        if (f.kind === 'raced' || f.kind === 'awaited') return f;
      }
      return fate;
    }

    /** Was the raced timer cleared somewhere in the racing function (finally, .finally(), after)? */
    function raceCleared(c: Creation): boolean {
      if (c.cancellable) return true;
      if (!c.handleCall) return false;
      const handleFate = fateOf(c.handleCall);
      if (handleFate.kind !== 'stored') return false;
      const home = enclosingFunction(c.value) ?? sourceCode.ast;
      return clearsOf(handleFate.target, home).length > 0;
    }

    /** For a timer whose handle is kept: is it cleared on every path out of the turn? */
    function unclearedPath(c: Creation, handle: Handle, turn: Turn): { how: string } | null {
      const region = turn.body;
      const all = clearsOf(handle, region);
      if (all.length === 0) {
        const declaredInside = handle.type === AST_NODE_TYPES.Identifier && isDeclaredWithin(handle, region);
        return { how: declaredInside ? `stored in \`${handle.name}\` and never cleared` : `stored in \`${shortText(sourceCode, handle)}\`, which the next turn overwrites` };
      }
      // `clearTimeout(this.t); this.t = setTimeout(…)`: every turn clears the previous one.
      if (all.some((cl) => cl.range[0] < c.at.range[0])) return null;
      const creationNode = c.handleCall ?? (c.value as Call);
      const from = tracker.segmentsOf(creationNode);
      if (!from) return null;
      const clearing = new Set<CodePathSegment>();
      for (const cl of all) for (const s of tracker.segmentsOf(cl) ?? []) clearing.add(s);
      const coveringTries = tryStatementsClearing(all, region);
      if (coveringTries.some((t) => within(creationNode, t.block))) return null;
      const startOf = (seg: CodePathSegment): TSESTree.Node | undefined => tracker.startOf(seg);
      const exit = findUnreleasedExit({
        from,
        loopEdges: tracker.loopEdges,
        releases: (seg, isStart) => {
          if (isStart) {
            return all.some((cl) => cl.range[0] > creationNode.range[0] && (tracker.segmentsOf(cl) ?? []).includes(seg));
          }
          if (clearing.has(seg)) return true;
          const start = startOf(seg);
          return start !== undefined && coveringTries.some((t) => within(start, t.block) || (t.handler !== null && within(start, t.handler)));
        },
        leaves: (seg) => {
          const start = startOf(seg);
          return start === undefined || !within(start, region) || start === turn.node;
        },
        endsAtEdge: (edge) => edge.node === turn.node || edge.node.type === AST_NODE_TYPES.ContinueStatement || isLoop(edge.node) && within(turn.node, edge.node),
      });
      if (!exit) return null;
      return { how: `not cleared on ${describeExit(startOf(exit))}` };
    }

    /** "the `continue` on line 5": the jump that leaves the turn, as precisely as the graph shows it. */
    function describeExit(start: TSESTree.Node | undefined): string {
      let n = start;
      if (n?.type === AST_NODE_TYPES.BlockStatement && n.body.length > 0) n = n.body.at(-1);
      if (n?.type === AST_NODE_TYPES.IfStatement) n = n.consequent;
      if (n?.type === AST_NODE_TYPES.BlockStatement && n.body.length > 0) n = n.body.at(-1);
      const words: Partial<Record<AST_NODE_TYPES, string>> = {
        [AST_NODE_TYPES.ContinueStatement]: 'continue',
        [AST_NODE_TYPES.BreakStatement]: 'break',
        [AST_NODE_TYPES.ReturnStatement]: 'return',
        [AST_NODE_TYPES.ThrowStatement]: 'throw',
      };
      const word = n ? words[n.type] : undefined;
      if (n && word) return `the \`${word}\` on line ${n.loc.start.line}`;
      return start ? `the path through line ${start.loc.start.line}` : 'every path';
    }

    function isDeclaredWithin(id: TSESTree.Identifier, region: TSESTree.Node): boolean {
      const v = findVariableUp(id);
      const def = v?.defs[0];
      return def !== undefined && within(def.name, region);
    }

    function tryStatementsClearing(all: TSESTree.CallExpression[], region: TSESTree.Node): TSESTree.TryStatement[] {
      const out: TSESTree.TryStatement[] = [];
      for (const cl of all) {
        let p: TSESTree.Node | undefined = cl.parent;
        let child: TSESTree.Node = cl;
        while (p && p !== region) {
          if (p.type === AST_NODE_TYPES.TryStatement && p.finalizer === child) out.push(p);
          child = p;
          p = p.parent;
        }
      }
      return out;
    }

    function evaluate(c: Creation): void {
      const turn = enclosingTurn(c.value, loopOptions, nodeText);
      if (c.racingHelper) {
        if (turn?.longLived && !testFile) {
          context.report({ node: c.at, messageId: 'helperPerTurn', data: { timer: oneLine(c.name), loop: turn.label } });
        }
        return;
      }
      let fate = fateOf(c.value);
      if (c.kind === 'repeating') {
        if (!turn) return;
        if (c.returns === 'iterator' && fate.kind === 'iterated') return;
        if (c.returns === 'observable') {
          const sub = subscribeCallOf(c.value);
          if (!sub) return;
          fate = fateOf(sub);
        }
        const how = leakOf(c, fate, turn, 'repeating');
        if (how !== null) context.report({ node: c.at, messageId: 'intervalPerTurn', data: { timer: oneLine(c.name), loop: turn.label } });
        return;
      }
      if (testFile) return;
      fate = followStored(fate);
      if (c.internalRace && fate.kind !== 'discarded') fate = { kind: 'raced', race: c.value as TSESTree.NewExpression };
      if (c.byName && fate.kind !== 'raced') return;
      if (turn && (turn.longLived || checkBounded)) {
        const how = leakOf(c, fate, turn, 'oneShot');
        if (how !== null) {
          const fix = fate.kind === 'stored' ? clearInFinallyFix(c, fate.target, turn) : null;
          context.report({
            node: c.at, messageId: 'timerPerTurn', data: { timer: oneLine(c.name), loop: turn.label, how },
            ...(fix ? { suggest: [fix] } : {}),
          });
          return;
        }
      }
      if (fate.kind === 'raced' && enclosingFunction(c.value) && !raceCleared(c) && !shortDelay(c)) {
        context.report({ node: c.at, messageId: 'raceTimer', data: { timer: oneLine(c.name), race: describeRace(fate.race) } });
      }
    }

    /** A literal delay under a second: the pending timer is gone before it can pile up. */
    function shortDelay(c: Creation): boolean {
      const call = c.handleCall ?? (c.value.type === AST_NODE_TYPES.CallExpression ? c.value : null);
      if (!call) return false;
      const index = c.handleCall ? 1 : 0;
      const arg = call.arguments[index];
      const value = arg ? unwrapExpression(arg) : undefined;
      return value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'number' && value.value < SHORT_DELAY_MS;
    }

    /**
     * `const t = setTimeout(…)` as a statement of the loop body: wrapping the statements after
     * it in `try { … } finally { clearTimeout(t) }` clears it on every path and changes
     * nothing else (a `finally` catches no errors; `continue`/`break`/`return` still work).
     */
    function clearInFinallyFix(
      c: Creation,
      handle: Handle,
      turn: Turn,
    ): TSESLint.SuggestionReportDescriptor<MessageIds> | null {
      if (handle.type !== AST_NODE_TYPES.Identifier || !c.handleCall) return null;
      const declarator = handle.parent;
      const statement = declarator.parent;
      if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || statement?.type !== AST_NODE_TYPES.VariableDeclaration) return null;
      const body = turn.body;
      if (body.type !== AST_NODE_TYPES.BlockStatement || statement.parent !== body || statement.declarations.length !== 1) return null;
      const rest = body.body.slice(body.body.indexOf(statement) + 1);
      const first = rest[0];
      const last = rest.at(-1);
      if (!first || !last) return null;
      // Hoisted declarations would change scope when moved into the try block.
      if (rest.some((st) => st.type === AST_NODE_TYPES.FunctionDeclaration || st.type === AST_NODE_TYPES.ClassDeclaration)) return null;
      const callee = unwrapExpression(c.handleCall.callee);
      const isInterval = (callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee as TSESTree.MemberExpression)) === 'setInterval';
      const clear = isInterval ? 'clearInterval' : 'clearTimeout';
      const indent = ' '.repeat(statement.loc.start.column);
      const inner = sourceCode.text.slice(first.range[0], last.range[1]).replace(/\n/g, '\n  ');
      return {
        messageId: 'clearInFinally',
        data: { handle: handle.name },
        fix: (fixer) =>
          fixer.replaceTextRange(
            [first.range[0], last.range[1]],
            `try {\n${indent}  ${inner}\n${indent}} finally {\n${indent}  ${clear}(${handle.name});\n${indent}}`,
          ),
      };
    }

    function describeRace(race: Call): string {
      if (race.type === AST_NODE_TYPES.NewExpression) return 'promise, which can settle another way,';
      const callee = unwrapExpression(race.callee);
      return `\`Promise.${callee.type === AST_NODE_TYPES.MemberExpression ? (memberName(callee) ?? 'race') : 'race'}\``;
    }

    function subscribeCallOf(node: TSESTree.Node): TSESTree.CallExpression | null {
      let n: TSESTree.Node = node;
      for (;;) {
        const member = n.parent;
        if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== n) return null;
        const call = member.parent;
        if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return null;
        const name = memberName(member);
        if (name === 'subscribe') return call;
        if (name !== 'pipe') return null;
        n = call;
      }
    }

    /** Why the timer outlives its turn, or null when it does not. */
    function leakOf(c: Creation, fate: Fate, turn: Turn, kind: 'oneShot' | 'repeating'): string | null {
      switch (fate.kind) {
        case 'awaited':
          return kind === 'repeating' ? 'awaited' : null;
        case 'raced':
          return raceCleared(c) ? null : 'raced against other work and never cleared';
        case 'discarded':
          return c.returns === 'promise' || c.returns === 'signal' ? 'created and not awaited' : 'fire-and-forget';
        case 'stored': {
          if (handleEscapes(fate.target, c.value, turn.body)) return null;
          const r = unclearedPath(c, fate.target, turn);
          return r?.how ?? null;
        }
        default:
          return null;
      }
    }

    const enterScope = (node: FunctionNode): void => {
      const transparent = iterationCallOf(node) !== null || isPromiseExecutor(node) || isIIFE(node);
      const outer = depth.at(-1) ?? 0;
      depth.push(iterationCallOf(node) ? outer + 1 : transparent ? outer : 0);
    };
    const exitScope = (): void => {
      depth.pop();
    };
    const enterLoop = (): void => {
      depth[depth.length - 1] = (depth.at(-1) ?? 0) + 1;
    };
    const exitLoop = (): void => {
      depth[depth.length - 1] = (depth.at(-1) ?? 1) - 1;
    };

    return withShared({
      ':matches(ForStatement, ForInStatement, ForOfStatement, WhileStatement, DoWhileStatement)': enterLoop,
      ':matches(ForStatement, ForInStatement, ForOfStatement, WhileStatement, DoWhileStatement):exit': exitLoop,
      ':function'(node: FunctionNode) {
        enterScope(node);
      },
      ...bindings.listeners,
      ':function:exit': exitScope,
      CallExpression: onCall,
      NewExpression: onCall,
      'Program:exit'() {
        resolveNamedHelpers();
        const helperKinds = builtins.length === 0 ? new Map<FunctionNode, HelperKind>() : classifyHelpers();
        const creations = [...builtins];
        for (const [fn, kind] of helperKinds) {
          for (const call of localCallsOf(fn)) {
            creations.push({
              value: call, at: call.callee, handleCall: null, name: nodeText(unwrapExpression(call.callee)), kind: 'oneShot', returns: 'promise',
              cancellable: kind === 'sleep' && hasSignalArgument(call), racingHelper: kind === 'racing', internalRace: false, byName: false,
            });
          }
        }
        for (const c of creations) evaluate(c);
      },
    }, indexListeners, pathListeners);

    /**
     * Which local functions wrap a timer: `sleep`-like ones return it (awaiting them is
     * fine), `racing` ones race against it and leave it pending on every call. Helpers of
     * helpers count too, to a fixed point.
     */
    function classifyHelpers(): Map<FunctionNode, HelperKind> {
      const kinds = new Map<FunctionNode, HelperKind>();
      const consider = (
        value: TSESTree.Node,
        c: Pick<Creation, 'handleCall' | 'cancellable' | 'kind' | 'internalRace'>,
        racing: boolean,
      ): boolean => {
        const fn = enclosingFunction(value);
        if (!fn || kinds.has(fn) || c.kind !== 'oneShot') return false;
        const fate = fateOf(value);
        if (racing) {
          if (fate.kind === 'returned' || fate.kind === 'awaited') {
            kinds.set(fn, 'racing');
            return true;
          }
          return false;
        }
        if ((fate.kind === 'raced' || (c.internalRace && fate.kind !== 'discarded')) && !raceCleared(c as Creation)) {
          kinds.set(fn, 'racing');
          return true;
        }
        const handleKept = c.handleCall !== null && fateOf(c.handleCall).kind === 'stored';
        if (!handleKept && !c.cancellable && (fate.kind === 'returned' || (fate.kind === 'awaited' && fn.async))) {
          kinds.set(fn, 'sleep');
          return true;
        }
        return false;
      };
      for (const c of builtins) if (c.returns === 'promise') consider(c.value, c, false);
      for (let round = 0; round < 4; round++) {
        let changed = false;
        const sites = [...kinds.keys()].flatMap((fn) => localCallsOf(fn).map((call) => ({ call, fn })));
        sites.sort((x, y) => x.call.range[0] - y.call.range[0]);
        for (const { call, fn } of sites) {
          const kind = kinds.get(fn);
          if (!kind) continue;
          const pseudo = { handleCall: null, cancellable: hasSignalArgument(call), kind: 'oneShot' as const, internalRace: false };
          if (consider(call, pseudo, kind === 'racing')) changed = true;
        }
        if (!changed) break;
      }
      return kinds;
    }
  },
});
