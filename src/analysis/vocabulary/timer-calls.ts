import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { hasNameWord, nameWords, ownName, walkAll, within } from '../syntax/ast';
import { type FunctionNode, innermostFunction } from '../syntax/nodes';
import { type FunctionIndex, functionOfDeclarator } from '../syntax/functions';
import { isPromiseExecutor } from '../frequency/callbacks';
import { enclosingFunction } from '../frequency/loops';
import { type Fate, fateOf, holderFate } from '../fate/fate';
import { type ScopeOf, sameValue } from '../scope/identity';
import { ImportBindings, isParameterDef, memberName, resolveReference, unwrapExpression } from '../scope/references';
import { ReleaseCalls, type ReleaseShape } from '../release/releases';
import { unreleasedOnRejection } from '../release/every-exit';
import { namesFor } from './registry';
import { CLEAR_FUNCTIONS, TIMERS, type ExtraTimer, type TimerSpec, isTimerSource, matchTimer } from './timers';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** One place a timer is created: a vocabulary call, or a call of a local helper that wraps one. */
export interface Creation {
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
  /**
   * `new Promise((resolve) => { setTimeout(resolve, ms); op.then(resolve); })`: settles another way too.
   * A walk of the executor (or the deferred's holder), asked only where the answer can change the verdict
   * (not of a promise-returning timer whose value is thrown away).
   */
  internalRace: () => boolean;
  /** Recognised by name only (an imported `sleep`/`timeout`): reported only when raced. */
  byName: boolean;
}

/** A creation that races nothing inside itself. */
export const NEVER = (): boolean => false;

function once(ask: () => boolean): () => boolean {
  let known: boolean | undefined;
  return () => (known ??= ask());
}

/** How a timer handle is released: `clearTimeout(t)`, `clearInterval(t)`, an rxjs `sub.unsubscribe()`. */
export const TIMER_RELEASE: ReleaseShape = { methods: ['unsubscribe'], functions: [...CLEAR_FUNCTIONS] };
const TIMER_RELEASE_NAMES: ReadonlySet<string> = new Set([...TIMER_RELEASE.functions, ...TIMER_RELEASE.methods]);

export interface TimerWords {
  /** Whole helper names (`sleep`, `timeout`): registry `timerHelperNames`. */
  helperNames: ReadonlySet<string>;
  /** Last words of helper names (`…Timeout`, `…DelayPromise`): registry `timerHelperLastWords`. */
  helperLastWords: ReadonlySet<string>;
  /** Words of argument names that carry an AbortSignal: registry `cancellationArguments`. */
  cancellation: ReadonlySet<string>;
}

/** The registry lists the timer vocabulary reads, with the user's additions. */
export function timerWords(settings: Parameters<typeof namesFor>[0]): TimerWords {
  // Asked by every file before its fast path: once per parsed settings.
  let words = wordsBySettings.get(settings);
  if (!words) {
    words = {
      helperNames: namesFor(settings, 'timerHelperNames'),
      helperLastWords: namesFor(settings, 'timerHelperLastWords'),
      cancellation: namesFor(settings, 'cancellationArguments'),
    };
    wordsBySettings.set(settings, words);
  }
  return words;
}

const wordsBySettings = new WeakMap<object, TimerWords>();

const namesByExtra = new WeakMap<readonly ExtraTimer[], ReadonlySet<string>>();

/** Only these names are resolved through scope; `require` and `timeout` reach `timers` members. Once per configuration. */
function timerNamesFor(extra: readonly ExtraTimer[]): ReadonlySet<string> {
  let names = namesByExtra.get(extra);
  if (!names) {
    names = new Set([
      ...TIMERS.flatMap((t) => [...t.globals.map((g) => g.split('.').pop() ?? g), ...t.imports.map((i) => i.name)]),
      ...extra.map((t) => t.name.split('.').pop() ?? t.name),
      'timeout', 'require',
    ]);
    namesByExtra.set(extra, names);
  }
  return names;
}

const mentions = new WeakMap<ReadonlySet<string>, RegExp>();

/** Does a name contain one of `words`, in any case? One pattern per word list. */
function mentionPattern(words: ReadonlySet<string>): RegExp {
  let re = mentions.get(words);
  if (!re) {
    const alternatives = [...words].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(alternatives.length > 0 ? alternatives.join('|') : '(?!)', 'i');
    mentions.set(words, re);
  }
  return re;
}

/**
 * Which calls of a file create timers, by provenance: a global or an import from a timer
 * module (`import { setTimeout as sleep } from 'timers/promises'` included), the user's
 * extra timers, and — as a last resort, reported only when raced — imported or unknown
 * helpers named like a timer. Feed `onCall` from the rule's call visitors.
 */
export class TimerCalls {
  readonly builtins: Creation[] = [];
  readonly clears = new ReleaseCalls();
  /** Clears and timer calls: never calls of a same-file helper. */
  readonly notHelperCalls = new Set<Call>();
  private readonly namedHelpers: TSESTree.CallExpression[] = [];
  private readonly bindings: ImportBindings;
  private readonly timerNames: ReadonlySet<string>;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly extra: readonly ExtraTimer[],
    private readonly words: TimerWords,
    /** Called for every clear, timer and plain call (not deferrals): the rule keeps the code paths it needs. */
    private readonly record: (node: Call) => void = () => undefined,
  ) {
    this.bindings = new ImportBindings((source) => isTimerSource(source, extra));
    this.timerNames = timerNamesFor(extra);
  }

  get listeners(): TSESLint.RuleListener {
    const onCall = (node: Call): void => {
      const kind = this.onCall(node);
      if (kind !== null && kind !== 'deferral') this.record(node);
    };
    return { ...this.bindings.listeners, CallExpression: onCall, NewExpression: onCall };
  }

  /** How a call reads in messages: `sleep`, `this.wait`. */
  nameOf(call: Call): string {
    return this.sourceCode.getText(unwrapExpression(call.callee));
  }

  /** Was a raced timer cleared somewhere in the racing function (`finally`, `.finally()`, after), or cancelled with the work? */
  raceCleared(c: Creation, scopeOf: ScopeOf): boolean {
    if (c.cancellable) return true;
    const handleFate = c.handleCall ? fateOf(throughSelfReturning(c.handleCall)) : null;
    // Kept in a registry (`pending.set(id, { resolve, timer })`, `timeouts.set(id, setTimeout(…))`)
    // that the file clears entries of (`clearTimeout(entry.timer)`): its eviction clears it.
    if (handleFate && registered(handleFate, scopeOf) && this.clears.all.some((clear) => clear.arguments[0] && isEntryRead(clear.arguments[0]))) return true;
    if (handleFate?.kind !== 'stored') return false;
    const racing = enclosingFunction(c.value);
    const clears = this.clears.of([handleFate.target], racing ?? this.sourceCode.ast, TIMER_RELEASE, scopeOf);
    // `work.then((v) => { clearTimeout(t); return v; })`: skipped when the work rejects.
    return clears.length > 0 && !(racing && unreleasedOnRejection(racing, clears, { anyRejectionHandler: true }));
  }

  /** Classify a call as it is visited: a clear, a timer, or another call (a helper candidate). */
  onCall(node: Call): 'clear' | 'timer' | 'deferral' | 'call' | null {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const bare = callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee);
    if (bare === null) return null;
    if (node.type === AST_NODE_TYPES.CallExpression && TIMER_RELEASE_NAMES.has(bare)) {
      this.clears.add(node);
      this.notHelperCalls.add(node);
      return 'clear';
    }
    if (this.timerNames.has(bare) || this.bindings.names.has(bare)) {
      const spec = matchTimer(resolveReference(callee, this.sourceCode.getScope(node)), this.extra);
      if (spec) {
        this.notHelperCalls.add(node);
        if (spec.kind === 'oneShot' && spec.periodArg === undefined && isZeroDelay(node, spec.delayArg)) return 'deferral';
        const repeating = spec.kind === 'repeating' || (spec.periodArg !== undefined && node.arguments.length > spec.periodArg);
        this.builtins.push(this.creationOf(node, spec, repeating));
        return 'timer';
      }
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) return null;
    if (node.arguments.length > 0 && this.namedLikeTimer(bare)) this.namedHelpers.push(node);
    return 'call';
  }

  private namedLikeTimer(name: string): boolean {
    if (this.words.helperNames.has(name)) return true;
    // Asked for every call with arguments: a name that does not even contain one of the words skips the split.
    if (!mentionPattern(this.words.helperLastWords).test(name)) return false;
    const w = nameWords(name);
    const last = w.at(-1) === 'promise' ? w.at(-2) : w.at(-1);
    return last !== undefined && this.words.helperLastWords.has(last);
  }

  /** Does an argument hand the call an AbortSignal (`signal`, `opts.signal`, `{ signal }`)? */
  cancellable(call: Call): boolean {
    return call.arguments.some((arg) => {
      const a = unwrapExpression(arg);
      if (a.type === AST_NODE_TYPES.ObjectExpression) {
        return a.properties.some((p) => p.type === AST_NODE_TYPES.Property && p.key.type === AST_NODE_TYPES.Identifier && this.words.cancellation.has(p.key.name));
      }
      const own = a.type === AST_NODE_TYPES.Identifier || a.type === AST_NODE_TYPES.MemberExpression ? ownName(a) : null;
      return own !== null && hasNameWord(own, this.words.cancellation);
    });
  }

  /** Helpers named like timers from elsewhere (imported, global, or methods), once every function is known. */
  resolveNamedHelpers(index: FunctionIndex): void {
    // Same-file helpers only wrap a timer if the file creates one; those are classified by frequency/.
    const createsTimers = this.builtins.length > 0;
    for (const node of this.namedHelpers) {
      if (createsTimers && index.targetOf(node) !== null) continue;
      const callee = unwrapExpression(node.callee);
      const origin = resolveReference(callee, this.sourceCode.getScope(node));
      const unknownOrigin = origin === null || origin.kind === 'import' || origin.kind === 'global' || callee.type === AST_NODE_TYPES.MemberExpression;
      if (!unknownOrigin) continue;
      this.builtins.push({
        value: node, at: node.callee, handleCall: null, name: this.nameOf(node), kind: 'oneShot', returns: 'promise',
        cancellable: this.cancellable(node), racingHelper: false, internalRace: NEVER, byName: true,
      });
    }
  }

  private creationOf(node: Call, spec: TimerSpec, repeating: boolean): Creation {
    const fn = innermostFunction(node);
    const kind = repeating ? 'repeating' : 'oneShot';
    // `new Promise(r => setTimeout(r, ms))`: the promise is the timer; the handle clears it.
    if (spec.returns === 'handle' && fn && isPromiseExecutor(fn)) {
      return {
        value: fn.parent, at: node.callee, handleCall: node, name: spec.name, kind, returns: 'promise', cancellable: false,
        racingHelper: false, internalRace: once(() => this.executorSettlesElsewhere(fn, node)), byName: false,
      };
    }
    return {
      value: node, at: node.callee, handleCall: spec.returns === 'handle' ? node : null, name: spec.name, kind, returns: spec.returns,
      cancellable: spec.optionsArg !== undefined && this.cancellable(node), racingHelper: false,
      internalRace: spec.returns === 'handle' ? once(() => this.deferredSettledElsewhere(node)) : NEVER, byName: false,
    };
  }

  /**
   * `setTimeout(() => d.reject(err), ms)` where the same function also settles `d` another way
   * (`source.then((v) => d.resolve(v))`): the timer races the deferred like an executor's does.
   */
  private deferredSettledElsewhere(timer: Call): boolean {
    const callback = timer.arguments[0] ? unwrapExpression(timer.arguments[0]) : undefined;
    const holder = enclosingFunction(timer);
    if (!holder || (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback?.type !== AST_NODE_TYPES.FunctionExpression)) return false;
    const settles = (n: TSESTree.Node): TSESTree.Node | null => {
      const callee = n.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(n.callee) : null;
      return callee?.type === AST_NODE_TYPES.MemberExpression && SETTLE.has(memberName(callee) ?? '') && callee.object.type === AST_NODE_TYPES.Identifier ? callee.object : null;
    };
    const mine: TSESTree.Node[] = [];
    walkAll(callback, (n) => {
      const d = settles(n);
      if (d) mine.push(d);
    });
    if (mine.length === 0) return false;
    let elsewhere = false;
    walkAll(holder, (n) => {
      const d = elsewhere || within(n, callback) ? null : settles(n);
      if (d && mine.some((m) => sameValue(m, d, (x) => this.sourceCode.getScope(x)))) elsewhere = true;
    });
    return elsewhere;
  }

  /**
   * Does the executor hand `resolve`/`reject` to anything besides this timer? Uses inside
   * the timer's own callback (or a function that re-arms the timer: polling) do not count.
   */
  private executorSettlesElsewhere(executor: FunctionNode, timer: Call): boolean {
    const timerOwned: TSESTree.Node[] = [timer];
    const callback = timer.arguments[0] ? unwrapExpression(timer.arguments[0]) : undefined;
    if (callback?.type === AST_NODE_TYPES.Identifier) {
      const r = resolveReference(callback, this.sourceCode.getScope(callback));
      const target = r?.kind === 'local' ? r.variable.defs[0]?.node : undefined;
      const fn = target ? functionOfDeclarator(target) : null;
      if (fn) timerOwned.push(fn);
    }
    const rearming = innermostFunction(timer);
    if (rearming && rearming !== executor) timerOwned.push(rearming);
    for (const variable of this.sourceCode.getDeclaredVariables(executor)) {
      if (!isParameterDef(variable.defs[0])) continue;
      for (const ref of variable.references) {
        const id = ref.identifier as TSESTree.Node;
        if (!timerOwned.some((owner) => within(id, owner))) return true;
      }
    }
    return false;
  }
}

const SETTLE = new Set(['resolve', 'reject']);
const REGISTER = new Set(['set', 'push', 'add']);

/** Does a timer handle go into a longer-lived structure: a map, a list, an entry object handed on, a field? */
function registered(fate: Fate, scopeOf: ScopeOf, depth = 0): boolean {
  if (fate.kind === 'option') return true;
  if (fate.kind === 'argument') {
    const callee = unwrapExpression(fate.call.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && REGISTER.has(memberName(callee) ?? '');
  }
  if (fate.kind !== 'stored') return false;
  if (fate.target.type === AST_NODE_TYPES.MemberExpression) return true;
  const r = depth < 2 ? resolveReference(fate.target, scopeOf(fate.target)) : null;
  return r?.kind === 'local' && r.variable.references.some((ref) => ref.isRead() && registered(entryFate(ref.identifier), scopeOf, depth + 1));
}

/** A read's fate, or, for a field of an object literal (`const entry = { resolve, timeout }`), the literal's. */
function entryFate(id: TSESTree.Node): Fate {
  const f = fateOf(id);
  if (f.kind !== 'other') return f;
  const outer = holderFate(id);
  return outer.kind === 'stored' || outer.kind === 'argument' ? outer : f;
}

/** `clearTimeout(entry.timer)`, `clearTimeout(timeouts.get(id))`: a clear of a handle read from a structure. */
function isEntryRead(arg: TSESTree.Node): boolean {
  const a = unwrapExpression(arg);
  return a.type === AST_NODE_TYPES.MemberExpression || a.type === AST_NODE_TYPES.CallExpression;
}

/** Timer methods that return the timer itself: `setTimeout(…).unref()` is still the handle. */
const SELF_RETURNING = new Set(['unref', 'ref', 'refresh']);

/** The expression that carries the handle of `call`: `setTimeout(fn, ms).unref()` for `setTimeout(fn, ms)`. */
export function throughSelfReturning(call: Call): TSESTree.Node {
  let n: TSESTree.Node = call;
  for (;;) {
    const member = n.parent as TSESTree.Node | undefined;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== n || !SELF_RETURNING.has(memberName(member) ?? '')) return n;
    const outer: TSESTree.Node = member.parent;
    if (outer.type !== AST_NODE_TYPES.CallExpression || outer.callee !== member) return n;
    n = outer;
  }
}

function isZeroDelay(call: Call, index: number): boolean {
  const arg = call.arguments[index];
  if (!arg) return true;
  const a = unwrapExpression(arg);
  return a.type === AST_NODE_TYPES.Literal && (a.value === 0 || a.value === '0');
}
