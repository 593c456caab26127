import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { RangeIndex, escapeRegExp, oneLine, rootOf, staticString, within } from '../src/analysis/syntax/ast';
import { callbackTableFor } from '../src/analysis/frequency/callbacks';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { namesFor } from '../src/analysis/vocabulary/registry';
import { type CodePathSegment, PathTracker, findUnreleasedExit } from '../src/analysis/release/code-path';
import { withShared } from '../src/analysis/engine/listeners';
import { fateOf } from '../src/analysis/fate/fate';
import { FunctionIndex, calledFunction } from '../src/analysis/syntax/functions';
import { type FunctionNode, isFunction, innermostFunction } from '../src/analysis/syntax/nodes';
import { enclosingTurn } from '../src/analysis/frequency/loops';
import { type Owner, ownerOf } from '../src/analysis/lifetime/owners';
import { isModuleLevel, isParameterDef, memberName, resolveReference, unwrapExpression } from '../src/analysis/scope/references';
import {
  DISPOSABLE_EVENT, DISPOSING_METHODS, DISPOSING_SINKS, FAMILIES, type Family, LONG_LIVED_GLOBALS, NON_EMITTER_RECEIVERS,
  OBSERVERS, ONCE_METHODS, SUBSCRIPTION_TEXT,
} from '../src/analysis/vocabulary/subscriptions';

type Options = [
  {
    registrations?: { register: string; dispose: string; kind?: 'pair' | 'handle' }[];
    teardowns?: string[];
    effectHooks?: string[];
    longLivedTargets?: string[];
    checkOnce?: boolean;
  },
];
type MessageIds = 'notDisposed' | 'noTeardown' | 'perCall' | 'inlineHandler' | 'removesNothing' | 'signalNeverAborted';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

interface Registration {
  call: TSESTree.CallExpression;
  at: TSESTree.Node;
  family: Family | 'custom';
  method: string;
  target: TSESTree.Node | null;
  targetText: string;
  event: string | null;
  handler: TSESTree.Node | null;
  capture: boolean;
  once: boolean;
  signal: TSESTree.Node | null;
  /** Options passed as a variable: `once`/`signal` may be in it. */
  opaqueOptions: boolean;
  /** An rxjs pipe that completes, or a finite source. */
  completes: boolean;
  /** Custom pairs: how it is disposed. */
  customDispose?: { method: string; kind: 'pair' | 'handle' };
  what: string;
}

/** Every call may dispose something; its receiver's text is only read for the few that are compared. */
class Disposal {
  private text: string | null | undefined;

  constructor(
    readonly call: TSESTree.CallExpression,
    readonly method: string | null,
    readonly receiver: TSESTree.Node | null,
    private readonly textOf: (n: TSESTree.Node) => string,
  ) {}

  get receiverText(): string | null {
    if (this.text === undefined) this.text = this.receiver ? this.textOf(unwrapExpression(this.receiver)) : null;
    return this.text;
  }
}

const COMPLETING = new Set(['take', 'first', 'takeUntil', 'takeWhile', 'takeUntilDestroyed', 'single', 'last', 'timeout', 'elementAt', 'find', 'findIndex', 'toArray', 'lastValueFrom', 'firstValueFrom']);
const FINITE_SOURCES = new Set(['of', 'from', 'EMPTY', 'throwError', 'defer', 'forkJoin', 'ajax', 'fromFetch']);
const FINITE_RECEIVER = /(?:^|\.)(?:http|httpClient|_http|\$http|axios|apollo|route|activatedRoute|_route|params|queryParams|paramMap|queryParamMap|data)(?:\.|$)/;
/** Registrations that are plain functions (or `window.`/`fs.` members of them). */
const GLOBAL_REGISTRARS = new Set(['setInterval', 'requestAnimationFrame', 'watch']);
/** Only calls with these names (custom ones and `onDid…` events aside) can register; the rest are skipped at once. */
const REGISTERING_NAMES = new Set([...FAMILIES.flatMap((f) => f.methods), ...GLOBAL_REGISTRARS]);

/**
 * Where in the text a call could register (a registering name followed by its call) or
 * remove a listener. A function whose text holds none of them cannot contain a registration
 * or a removal, so the rule skips its calls. The pattern is a superset of what `classify`
 * accepts: `x.on(`, `x?.on?.(`, `x['on'](`, `on<T>(`, comments before the parenthesis.
 */
function hotSpotPattern(customNames: readonly string[]): RegExp {
  const names = [...REGISTERING_NAMES, 'removeEventListener', 'removeListener', 'off', ...customNames].map(escapeRegExp);
  const gap = String.raw`(?:\s|/\*[\s\S]*?\*/|//[^\n]*\n)*`;
  return new RegExp(String.raw`(?:\b(?:${names.join('|')})|\bon(?:Did|Will)[A-Z]\w*)['"\x60]?\]?${gap}(?:\?\.${gap})?[<(]`, 'g');
}
const DEFAULT_HOT_SPOTS = hotSpotPattern([]);

/** Calls that end a target, and every listener on it. */
const TARGET_ENDERS = new Set(['destroy', 'close', 'end', 'terminate', 'disconnect', 'dispose', 'removeAllListeners', 'abort', 'quit', 'kill', 'unsubscribe', 'complete']);
/** Events that mark a target's end of life: code that waits for them treats the target as finite. */
const TERMINAL_EVENTS = new Set(['close', 'end', 'finish', 'exit', 'error', 'dispose', 'destroy', 'abort', 'disconnect', 'aborted', 'unpipe']);
/** Calls that consume or end a target: the function owns it. */
const CONSUMERS = new Set(['pipe', 'end', 'destroy', 'close', 'resume', 'read', 'pause', 'unpipe', 'write', 'setEncoding', 'abort']);
/** Functions that wire a given object into the caller's structure, once. */
const SETUP_NAME = /^_?(?:set|attach|init|bind|wire|install|setup|register|connect|start|create|make|build|add|handle|on[A-Z]|listen|track|watch|observe|use[A-Z]|with|wrap|hook|pipe|proxy|forward|mount|enable|configure|prepare|open)/;

const DISPOSE_VERBS = new Set([
  'removeEventListener', 'off', 'removeListener', 'removeAllListeners', 'unsubscribe', 'remove', 'dispose', 'disconnect', 'unobserve',
  'close', 'abort', 'cancel', 'stop', 'destroy', 'clearInterval', 'cancelAnimationFrame', 'next', 'complete', 'unwatch', 'unlisten',
  'release', 'detach', 'kill', 'terminate', 'end',
]);

function isInlineHandler(node: TSESTree.Node | null): 'inline' | 'bind' | null {
  if (!node) return null;
  const n = unwrapExpression(node);
  if (isFunction(n)) return 'inline';
  if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression && memberName(n.callee) === 'bind') return 'bind';
  return null;
}

export default createRule<Options, MessageIds>({
  name: 'no-leaked-subscription',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow listeners, subscriptions, intervals, observers and watchers that outlive the code that registered them',
      recommended: 'recommended',
    },
    messages: {
      notDisposed:
        '{{what}} in {{owner}} is never removed in {{teardown}}, so {{target}} keeps the {{thing}} and its closure alive; {{fix}}.',
      noTeardown:
        '{{what}} in {{owner}} is never removed ({{teardown}}), so {{target}} keeps the {{thing}} alive; {{fix}}.',
      perCall:
        'Each call of {{owner}} adds {{what}} to {{target}} and does not always remove it, leaving one more {{thing}} behind; {{fix}}.',
      inlineHandler:
        '{{what}} on long-lived {{target}} gets {{how}}, so nothing can ever remove it; keep the handler in a variable and remove it when done, or register it `once`.',
      removesNothing:
        'This `{{method}}()` passes {{how}} that was never added, so it removes nothing and the listener stays; pass the same function reference that was added.',
      signalNeverAborted:
        'The listener on {{target}} is tied to `{{controller}}.signal`, but {{owner}} never calls `{{controller}}.abort()`{{where}}, so it stays; abort the controller there.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          registrations: {
            type: 'array',
            description: 'Extra registration/disposal pairs, e.g. `{ register: "listen", dispose: "unlisten" }`.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['register', 'dispose'],
              properties: {
                register: { type: 'string', description: 'Method that registers.' },
                dispose: { type: 'string', description: 'Method that disposes.' },
                kind: {
                  type: 'string',
                  enum: ['pair', 'handle'],
                  description: '`pair`: called on the same target with the same arguments; `handle`: called on what `register` returned.',
                },
              },
            },
          },
          teardowns: { type: 'array', items: { type: 'string' }, description: 'Extra teardown method names of owner classes.' },
          effectHooks: { type: 'array', items: { type: 'string' }, description: 'Extra effect hooks whose callback returns its cleanup.' },
          longLivedTargets: { type: 'array', items: { type: 'string' }, description: 'Extra identifiers that name long-lived targets.' },
          checkOnce: { type: 'boolean', description: 'Also report `once` listeners that an owner never removes (they stay until the event fires).' },
        },
      },
    ],
    defaultOptions: [{ registrations: [], teardowns: [], effectHooks: [], longLivedTargets: [], checkOnce: false }],
  },
  create(context, [options]) {
    if (isSkippedTestFile(context)) return {};
    const sourceCode = context.sourceCode;
    const text = sourceCode.text;
    const custom = options.registrations ?? [];
    const customNames = new Set(custom.map((c) => c.register));
    if (!SUBSCRIPTION_TEXT.test(text) && !custom.some((c) => text.includes(c.register))) return {};
    const hotPattern = custom.length > 0 ? hotSpotPattern([...customNames]) : DEFAULT_HOT_SPOTS;
    hotPattern.lastIndex = 0;
    const hotSpots: number[] = [];
    for (let m = hotPattern.exec(text); m; m = hotPattern.exec(text)) hotSpots.push(m.index);
    if (hotSpots.length === 0) return {};
    /** Per function (innermost last): does its text hold a hot spot? Module code always may. */
    const hot: boolean[] = [true];
    const holdsHotSpot = (range: readonly [number, number]): boolean => {
      let lo = 0;
      let hi = hotSpots.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((hotSpots[mid] ?? 0) < range[0]) lo = mid + 1;
        else hi = mid;
      }
      return lo < hotSpots.length && (hotSpots[lo] ?? Infinity) < range[1];
    };
    const longLivedNames = new Set([...LONG_LIVED_GLOBALS, ...(options.longLivedTargets ?? [])]);
    let setupStyle: boolean | undefined;
    const ownerOptions = {
      effectHooks: new Set(options.effectHooks ?? []),
      teardowns: new Set([...namesFor(getSettings(context), 'teardownMethods'), ...(options.teardowns ?? [])]),
      setupMethods: namesFor(getSettings(context), 'setupMethods'),
      // Asked only when an owner is looked up: a scan of the whole text otherwise wasted.
      get setupStyle(): boolean {
        setupStyle ??= /from\s+['"](?:vue|@vue\/[\w-]+|solid-js|svelte)['"]/.test(text);
        return setupStyle;
      },
      callSites: (fn: FunctionNode) => index.callSitesOf(fn),
      callbacks: callbackTableFor(getSettings(context)),
    };

    const { tracker, listeners: pathListeners } = PathTracker.of(context.sourceCode);
    const { index, listeners: indexListeners } = FunctionIndex.of(context.sourceCode);
    const registrations: Registration[] = [];
    /** Any named call can dispose; it becomes a `Disposal` only when a registration asks about it. */
    const disposalCache = new Map<TSESTree.CallExpression, Disposal>();
    const removals: Disposal[] = [];
    function disposalOf(call: TSESTree.CallExpression): Disposal {
      let d = disposalCache.get(call);
      if (!d) {
        const callee = unwrapExpression(call.callee);
        d =
          callee.type === AST_NODE_TYPES.MemberExpression
            ? new Disposal(call, memberName(callee), callee.object, text_)
            : new Disposal(call, callee.type === AST_NODE_TYPES.Identifier ? callee.name : null, null, text_);
        disposalCache.set(call, d);
      }
      return d;
    }

    /** Calls in `region` that can dispose: any named call (a verb, or a handle called or passed). */
    function disposalCallsIn(region: TSESTree.Node): TSESTree.CallExpression[] {
      return index.callsWithin(region).filter((c) => {
        const callee = unwrapExpression(c.callee);
        return callee.type === AST_NODE_TYPES.Identifier || (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) !== null);
      });
    }
    const text_ = (n: TSESTree.Node): string => sourceCode.getText(n);

    function optionsOf(arg: TSESTree.Node | undefined): { capture: boolean; once: boolean; signal: TSESTree.Node | null; opaque: boolean } {
      const out = { capture: false, once: false, signal: null as TSESTree.Node | null, opaque: false };
      if (!arg) return out;
      const a = unwrapExpression(arg);
      if (a.type === AST_NODE_TYPES.Literal) out.capture = a.value === true;
      else if (a.type === AST_NODE_TYPES.ObjectExpression) {
        for (const p of a.properties) {
          if (p.type !== AST_NODE_TYPES.Property) {
            out.opaque = true;
            continue;
          }
          const key = p.key.type === AST_NODE_TYPES.Identifier ? p.key.name : staticString(p.key);
          const value = unwrapExpression(p.value);
          if (key === 'capture') out.capture = !(value.type === AST_NODE_TYPES.Literal && value.value === false);
          if (key === 'once') out.once = !(value.type === AST_NODE_TYPES.Literal && value.value === false);
          if (key === 'signal') out.signal = p.value;
        }
      } else out.opaque = true;
      return out;
    }

    function completesPipe(receiver: TSESTree.Node): boolean {
      let n = unwrapExpression(receiver);
      for (;;) {
        if (n.type === AST_NODE_TYPES.CallExpression) {
          const callee = unwrapExpression(n.callee);
          if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'pipe') {
            for (const op of n.arguments) {
              const o = unwrapExpression(op);
              const name = o.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(o.callee) : o;
              const id = name.type === AST_NODE_TYPES.Identifier ? name.name : name.type === AST_NODE_TYPES.MemberExpression ? memberName(name) : null;
              if (id !== null && COMPLETING.has(id)) return true;
            }
            n = unwrapExpression(callee.object);
            continue;
          }
          if (callee.type === AST_NODE_TYPES.Identifier && FINITE_SOURCES.has(callee.name)) return true;
          if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'timer' && n.arguments.length < 2) return true;
          if (callee.type === AST_NODE_TYPES.MemberExpression && FINITE_RECEIVER.test(text_(callee.object))) return true;
          return false;
        }
        return FINITE_RECEIVER.test(text_(n));
      }
    }

    function onCall(node: TSESTree.CallExpression): void {
      // Outside hot functions no call registers or removes; disposals are looked up later.
      if (hot[hot.length - 1] !== true) return;
      const callee = unwrapExpression(node.callee);
      let name: string | null = null;
      let receiver: TSESTree.Node | null = null;
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        name = memberName(callee);
        receiver = callee.object;
      } else if (callee.type === AST_NODE_TYPES.Identifier) name = callee.name;
      if (name === null) return;
      // Any call can dispose: a verb (`off`, `unsubscribe`), or a handle called (`off()`, `this.#unsub()`).
      tracker.record(node);
      if (name === 'removeEventListener' || name === 'off' || name === 'removeListener') removals.push(disposalOf(node));
      if (!REGISTERING_NAMES.has(name) && !customNames.has(name) && !DISPOSABLE_EVENT.test(name)) return;
      const reg = classify(node, name, receiver);
      if (reg) registrations.push(reg);
    }

    function classify(node: TSESTree.CallExpression, name: string, receiver: TSESTree.Node | null): Registration | null {
      const base = { call: node, capture: false, once: false, signal: null, opaqueOptions: false, completes: false, handler: null, event: null };
      const at = node.callee.type === AST_NODE_TYPES.MemberExpression ? node.callee.property : node.callee;
      const customHit = custom.find((c) => c.register === name);
      if (customHit && receiver) {
        return {
          ...base, at, family: 'custom', method: name, target: receiver, targetText: text_(unwrapExpression(receiver)),
          event: staticString(node.arguments[0]), handler: node.arguments[1] ?? null,
          customDispose: { method: customHit.dispose, kind: customHit.kind ?? 'pair' }, what: `\`${name}()\``,
        };
      }
      const globalFn = GLOBAL_REGISTRARS.has(name) ? resolveReference(node.callee, sourceCode.getScope(node)) : null;
      if (!receiver || globalFn?.kind === 'global') {
        const resolved = globalFn;
        if (resolved?.kind === 'global' && resolved.name === 'setInterval') {
          if (enclosingTurn(node, { longLivedConditions: [] }, text_)) return null; // no-timer-in-loop's case
          return { ...base, at, family: 'interval', method: name, target: null, targetText: 'the timer queue', what: '`setInterval()`' };
        }
        if (resolved?.kind === 'global' && resolved.name === 'requestAnimationFrame') {
          return isAnimationLoop(node) ? { ...base, at, family: 'raf', method: name, target: null, targetText: 'the frame loop', what: 'A `requestAnimationFrame()` loop' } : null;
        }
        if (resolved?.kind === 'import' && (resolved.source === 'fs' || resolved.source === 'chokidar') && resolved.name === 'watch') {
          return { ...base, at, family: 'watcher', method: name, target: null, targetText: 'the file system', what: '`watch()`' };
        }
        if (!receiver) return null;
      }
      const r = unwrapExpression(receiver);
      const targetText = text_(r);
      const rootNode = rootOf(r);
      const rootName = rootNode?.type === AST_NODE_TYPES.Identifier ? rootNode.name : rootNode ? 'this' : '';
      if (name === 'addEventListener' && node.arguments.length >= 2) {
        const o = optionsOf(node.arguments[2]);
        return {
          ...base, at, family: 'dom', method: name, target: r, targetText, event: staticString(node.arguments[0]),
          handler: node.arguments[1] ?? null, capture: o.capture, once: o.once, signal: o.signal, opaqueOptions: o.opaque,
          what: `\`${oneLine(targetText)}.addEventListener(${eventText(node.arguments[0])})\``,
        };
      }
      const emitter = FAMILIES.find((f) => f.family === 'emitter');
      if (emitter?.methods.includes(name) && node.arguments.length >= 2) {
        if (NON_EMITTER_RECEIVERS.test(rootName) || NON_EMITTER_RECEIVERS.test(targetText)) return null;
        const ev = unwrapExpression(node.arguments[0] as TSESTree.Node);
        if (isFunction(ev) || ev.type === AST_NODE_TYPES.ObjectExpression) return null;
        const evName = staticString(ev);
        if (evName !== null && evName.startsWith('/')) return null; // a route, not an event
        const handler = unwrapExpression(node.arguments[1] as TSESTree.Node);
        if (!(isFunction(handler) || handler.type === AST_NODE_TYPES.Identifier || handler.type === AST_NODE_TYPES.MemberExpression || isInlineHandler(handler))) return null;
        if (node.arguments.length > 2 && name === 'on') return null; // jQuery delegation, routers with methods
        return {
          ...base, at, family: 'emitter', method: name, target: r, targetText, event: evName, handler: node.arguments[1] ?? null,
          once: ONCE_METHODS.has(name), what: `\`${oneLine(targetText)}.${name}(${eventText(node.arguments[0])})\``,
        };
      }
      if (name === 'subscribe') {
        // subscribe(subscriber): the subscription is chained into a Subscriber that tears it down.
        const first = node.arguments[0] ? unwrapExpression(node.arguments[0]) : null;
        if (first && ((first.type === AST_NODE_TYPES.Identifier && /subscriber|observer|sink|destination/i.test(first.name)) ||
          (first.type === AST_NODE_TYPES.CallExpression && /Subscriber/.test(text_(first.callee))) ||
          (first.type === AST_NODE_TYPES.NewExpression && /Subscriber|Observer/.test(text_(first.callee))))) return null;
        return { ...base, at, family: 'subscribe', method: name, target: r, targetText, completes: completesPipe(r), what: `\`${oneLine(targetText)}.subscribe()\`` };
      }
      if (DISPOSABLE_EVENT.test(name) && node.arguments.length >= 1) {
        return { ...base, at, family: 'disposableEvent', method: name, target: r, targetText, what: `\`${oneLine(targetText)}.${name}()\`` };
      }
      if (name === 'observe' && observerTarget(r)) {
        return { ...base, at, family: 'observer', method: name, target: r, targetText, what: `\`${oneLine(targetText)}.observe()\`` };
      }
      if (name === 'watch') {
        const resolved = resolveReference(r, sourceCode.getScope(node));
        if (resolved?.kind === 'import' && (resolved.source === 'fs' || resolved.source === 'chokidar')) {
          return { ...base, at, family: 'watcher', method: name, target: null, targetText: 'the file system', what: `\`${oneLine(targetText)}.watch()\`` };
        }
      }
      return null;
    }

    function observerTarget(r: TSESTree.Node): boolean {
      const isNewObserver = (n: TSESTree.Node): boolean =>
        n.type === AST_NODE_TYPES.NewExpression && n.callee.type === AST_NODE_TYPES.Identifier && OBSERVERS.has(n.callee.name);
      if (isNewObserver(r)) return true;
      if (r.type === AST_NODE_TYPES.Identifier) {
        const resolved = resolveReference(r, sourceCode.getScope(r));
        const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
        return def?.type === AST_NODE_TYPES.VariableDeclarator && def.init !== null && isNewObserver(unwrapExpression(def.init));
      }
      if (r.type === AST_NODE_TYPES.MemberExpression) return /observer$/i.test(memberName(r) ?? '');
      return false;
    }

    /** `function loop() { draw(); requestAnimationFrame(loop); }`: a frame loop that re-arms itself. */
    function isAnimationLoop(node: TSESTree.CallExpression): boolean {
      const cb = node.arguments[0] ? unwrapExpression(node.arguments[0]) : null;
      if (!cb) return false;
      let p: TSESTree.Node | undefined = node.parent;
      while (p && !isFunction(p)) p = p.parent;
      if (!p) return false;
      // Re-arming under a condition is a poll that ends; only an unconditional re-arm runs forever.
      for (let a: TSESTree.Node | undefined = node.parent; a && a !== p; a = a.parent) {
        if (a.type === AST_NODE_TYPES.IfStatement || a.type === AST_NODE_TYPES.ConditionalExpression || a.type === AST_NODE_TYPES.LogicalExpression || a.type === AST_NODE_TYPES.SwitchCase) return false;
      }
      if (p.body.type === AST_NODE_TYPES.BlockStatement && p.body.body.some((st) => st.type === AST_NODE_TYPES.ReturnStatement || (st.type === AST_NODE_TYPES.IfStatement && /return/.test(text_(st.consequent))))) {
        if (p.body.body.indexOf(node.parent as TSESTree.Statement) === -1 || p.body.body.some((st) => st.range[0] < node.range[0] && st.type === AST_NODE_TYPES.IfStatement && /return/.test(text_(st.consequent)))) return false;
      }
      if (cb.type === AST_NODE_TYPES.Identifier) {
        const fn = calledFunction({ ...node, callee: cb }, sourceCode.getScope(node));
        return fn === p;
      }
      return isFunction(cb) && text_(cb).includes('requestAnimationFrame');
    }

    function eventText(node: TSESTree.Node | undefined): string {
      const s = staticString(node);
      return s === null ? '…' : `'${s}'`;
    }

    /** How long the target lives, seen from a per-call owner. */
    function targetLifetime(reg: Registration, owner: Extract<Owner, { kind: 'perCall' }>): 'long' | 'self' | 'unknown' {
      if (!reg.target) return reg.family === 'interval' || reg.family === 'watcher' ? 'long' : 'unknown';
      return lifetimeOf(reg, reg.target, owner, 0);
    }

    /** A member chain with a call in it (`innerFrom(x).subscribe`) names a fresh object, unless it is a DOM lookup. */
    function chainHasCall(node: TSESTree.Node): boolean {
      let n = unwrapExpression(node);
      for (;;) {
        if (n.type === AST_NODE_TYPES.MemberExpression) n = unwrapExpression(n.object);
        else if (n.type === AST_NODE_TYPES.CallExpression) {
          const c = unwrapExpression(n.callee);
          const m = c.type === AST_NODE_TYPES.MemberExpression ? memberName(c) : null;
          if (m === null || !/^(?:querySelector|getElementById|getElementsBy\w+|closest|getRootNode|item)$/.test(m)) return true;
          n = unwrapExpression((c as TSESTree.MemberExpression).object);
        } else return false;
      }
    }

    function lifetimeOf(reg: Registration, target: TSESTree.Node, owner: Extract<Owner, { kind: 'perCall' }>, depth: number): 'long' | 'self' | 'unknown' {
      const t = unwrapExpression(target);
      if (t.type === AST_NODE_TYPES.ThisExpression) return 'self';
      if (t.type === AST_NODE_TYPES.NewExpression) return 'self';
      if (chainHasCall(t)) return 'unknown';
      const root = rootOf(t);
      if (!root) return 'unknown';
      if (root.type === AST_NODE_TYPES.ThisExpression) return 'long';
      const resolved = resolveReference(root, sourceCode.getScope(root));
      if (!resolved) return 'unknown';
      if (resolved.kind === 'global') {
        const base = resolved.name.split('.')[0] ?? '';
        return longLivedNames.has(base) || longLivedNames.has(root.name) ? 'long' : 'unknown';
      }
      if (resolved.kind === 'import') return 'long';
      const variable = resolved.variable;
      if (isModuleLevel(variable)) return 'long';
      const def = variable.defs[0];
      if (!def) return 'unknown';
      if (isParameterDef(def)) {
        if (def.node === owner.fn && owner.inlineCallback) return 'self';
        // Observables handed in are usually cold and fresh: `subscribe` needs stronger evidence.
        if (reg.family === 'subscribe') return 'unknown';
        const fnOfParam = isFunction(def.node) ? def.node : owner.fn;
        if (fnOfParam.parent.type === AST_NODE_TYPES.CallExpression && (fnOfParam.parent.arguments as TSESTree.Node[]).includes(fnOfParam)) return 'unknown';
        return paramOutlivesCall(root, fnOfParam) ? 'long' : 'self';
      }
      if (def.node.type === AST_NODE_TYPES.VariableDeclarator) {
        const init = def.node.init ? unwrapExpression(def.node.init) : null;
        if (!init) return 'unknown';
        if (init.type === AST_NODE_TYPES.NewExpression || init.type === AST_NODE_TYPES.ObjectExpression || init.type === AST_NODE_TYPES.ArrayExpression) return 'self';
        if (init.type === AST_NODE_TYPES.CallExpression) {
          const c = unwrapExpression(init.callee);
          const cName = c.type === AST_NODE_TYPES.MemberExpression ? memberName(c) : c.type === AST_NODE_TYPES.Identifier ? c.name : null;
          if (cName !== null && /^create|^open|^connect|^spawn|^fork/.test(cName)) return 'self';
          const r = rootOf(init);
          if (r && r.type === AST_NODE_TYPES.Identifier && (r.name === 'document' || r.name === 'window')) return 'long';
          return 'unknown';
        }
        if (depth < 3 && (init.type === AST_NODE_TYPES.Identifier || init.type === AST_NODE_TYPES.MemberExpression)) return lifetimeOf(reg, init, owner, depth + 1);
      }
      return 'unknown';
    }

    /** Disposal calls inside `regions`, one hop into local functions and `this.methods()` they call. */
    function disposalsIn(regions: readonly TSESTree.Node[]): Disposal[] {
      const expanded: TSESTree.Node[] = [];
      const seen = new Set<TSESTree.Node>();
      const add = (n: TSESTree.Node, hop: number): void => {
        if (seen.has(n)) return;
        seen.add(n);
        expanded.push(n);
        if (hop >= 2) return;
        for (const c of index.resolve(index.callsWithin(n))) add(c.target, hop + 1);
        // A returned identifier: `return off` / `return cleanup`.
        const e = unwrapExpression(n);
        if (e.type === AST_NODE_TYPES.Identifier) {
          const resolved = resolveReference(e, sourceCode.getScope(e));
          const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
          if (def) add(def, hop + 1);
        }
      };
      regions.forEach((r) => {
        add(r, 0);
      });
      const found = new Set<Disposal>();
      for (const r of expanded) for (const c of disposalCallsIn(r)) found.add(disposalOf(c));
      return [...found].sort((a, b) => a.call.range[0] - b.call.range[0]);
    }

    /** Does `d` undo `reg`? By target/event/handler for pairs, by handle for handle-returning APIs. */
    function undoes(d: Disposal, reg: Registration, handle: TSESTree.Node | null): boolean {
      const handleText = handle ? text_(unwrapExpression(handle)) : null;
      if (handleText !== null) {
        // off() / this.sub.unsubscribe() / clearInterval(id) / disposables.push(sub)
        const callee = unwrapExpression(d.call.callee);
        if (text_(callee) === handleText) return true;
        if (d.receiverText === handleText) return true;
        if (d.call.arguments.some((a) => text_(unwrapExpression(a)) === handleText)) return true;
      }
      if (!reg.target) return false;
      if (d.receiverText === null || !aliasesOf(reg.target).has(d.receiverText)) return false;
      // The target itself is ended: every listener on it goes with it.
      if (d.method !== null && TARGET_ENDERS.has(d.method) && !(reg.family === 'emitter' && d.method === 'removeAllListeners' && d.call.arguments.length > 0 && !sameEventArg(d.call.arguments[0], reg))) return true;
      const sameHandler = (arg: TSESTree.Node | undefined): boolean =>
        reg.handler === null || (arg !== undefined && text_(unwrapExpression(arg)) === text_(unwrapExpression(reg.handler)));
      const sameEvent = (arg: TSESTree.Node | undefined): boolean => {
        const e = staticString(arg);
        return reg.event === null || e === null || e === reg.event;
      };
      switch (reg.family) {
        case 'dom':
          return d.method === 'removeEventListener' && sameEvent(d.call.arguments[0]) && sameHandler(d.call.arguments[1]) && optionsOf(d.call.arguments[2]).capture === reg.capture;
        case 'emitter':
          if (d.method === 'removeAllListeners') return d.call.arguments.length === 0 || sameEvent(d.call.arguments[0]);
          return (d.method === 'off' || d.method === 'removeListener') && sameEvent(d.call.arguments[0]) && sameHandler(d.call.arguments[1]);
        case 'observer':
          return d.method === 'disconnect' || d.method === 'unobserve';
        case 'custom':
          return reg.customDispose?.kind === 'pair' && d.method === reg.customDispose.method;
        default:
          return false;
      }
    }

    /**
     * Texts that name the same target: `bus` and `this.bus` after `this.bus = bus`, `q` and
     * `this.queue` after `const q = this.queue`.
     */
    function aliasesOf(target: TSESTree.Node): Set<string> {
      const t = unwrapExpression(target);
      const out = new Set([text_(t)]);
      if (t.type !== AST_NODE_TYPES.Identifier) return out;
      const resolved = resolveReference(t, sourceCode.getScope(t));
      if (resolved?.kind !== 'local') return out;
      const def = resolved.variable.defs[0]?.node;
      if (def?.type === AST_NODE_TYPES.VariableDeclarator && def.init) out.add(text_(unwrapExpression(def.init)));
      for (const ref of resolved.variable.references) {
        const p = ref.identifier.parent;
        if (p.type === AST_NODE_TYPES.AssignmentExpression && p.right === ref.identifier) out.add(text_(unwrapExpression(p.left)));
      }
      if (def?.type === AST_NODE_TYPES.TSParameterProperty || (def && isFunction(def) && def.parent.type === AST_NODE_TYPES.MethodDefinition)) {
        out.add(`this.${t.name}`);
      }
      return out;
    }


    function sameEventArg(arg: TSESTree.Node | undefined, reg: Registration): boolean {
      const e = staticString(arg);
      return reg.event === null || e === null || e === reg.event;
    }

    /**
     * The handler's own body, when it can be found: a handler that removes itself
     * (`const onAck = () => { bus.off('ack', onAck); … }`) is disposed whoever owns it.
     */
    function handlerBody(reg: Registration): TSESTree.Node | null {
      if (!reg.handler) return null;
      const h = unwrapExpression(reg.handler);
      if (isFunction(h)) return h;
      if (h.type === AST_NODE_TYPES.Identifier) {
        const resolved = resolveReference(h, sourceCode.getScope(h));
        const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
        if (def?.type === AST_NODE_TYPES.FunctionDeclaration) return def;
        if (def?.type === AST_NODE_TYPES.VariableDeclarator && def.init && isFunction(unwrapExpression(def.init))) return def.init;
        return null;
      }
      if (h.type === AST_NODE_TYPES.MemberExpression) {
        const t = text_(h);
        const assigned = indexes().assignmentsTo(t).find((a) => isFunction(unwrapExpression(a.right)));
        return assigned ? assigned.right : null;
      }
      return null;
    }

    /** Where the registration's handle goes, if anywhere: stored, returned, handed to a disposer. */
    function handleOf(reg: Registration, owner: Owner): { kind: 'escaped' } | { kind: 'stored'; target: TSESTree.Node } | { kind: 'none' } {
      const fate = fateOf(reg.call);
      // DOM addEventListener and observe() return nothing; React Native's addEventListener
      // returns a subscription, and code that keeps the result is using that.
      if (reg.family === 'dom' || reg.family === 'observer') return fate.kind === 'stored' ? { kind: 'stored', target: fate.target } : { kind: 'none' };
      if (fate.kind === 'returned') {
        // Returned from an effect, the handle is its cleanup only where the hook uses the return value.
        if (owner.kind === 'effect' && !owner.returnIsCleanup) return { kind: 'none' };
        return { kind: 'escaped' };
      }
      if (fate.kind === 'argument' || fate.kind === 'option') {
        const c = fate.call;
        const callee = unwrapExpression(c.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const m = memberName(callee);
          if (m !== null && (DISPOSING_METHODS.has(m) || DISPOSING_SINKS.test(text_(callee.object)))) return { kind: 'escaped' };
        }
        return { kind: 'escaped' };
      }
      if (fate.kind === 'stored') return { kind: 'stored', target: fate.target };
      if (fate.kind === 'other' && reg.call.parent.type !== AST_NODE_TYPES.ExpressionStatement) return { kind: 'escaped' };
      return { kind: 'none' };
    }

    function thingOf(reg: Registration): string {
      switch (reg.family) {
        case 'subscribe':
          return 'subscription';
        case 'interval':
          return 'interval';
        case 'observer':
          return 'observer';
        case 'watcher':
          return 'watcher';
        case 'raf':
          return 'frame callback';
        case 'disposableEvent':
          return 'listener';
        default:
          return 'listener';
      }
    }

    /** The fix, as the last clause of a message: lower case, no full stop. */
    function fixOf(reg: Registration, where: string): string {
      switch (reg.family) {
        case 'dom':
          return `call \`removeEventListener\` with the same handler ${where}`;
        case 'emitter':
          return `call \`${oneLine(reg.targetText)}.off()\` with the same handler ${where}`;
        case 'subscribe':
          return `unsubscribe ${where} (or end the pipe with \`takeUntil\`)`;
        case 'interval':
          return `keep the id and \`clearInterval\` it ${where}`;
        case 'observer':
          return `call \`disconnect()\` ${where}`;
        case 'watcher':
          return `keep the watcher and \`close()\` it ${where}`;
        case 'raf':
          return `keep the frame id and \`cancelAnimationFrame\` it ${where}`;
        case 'disposableEvent':
          return `\`dispose()\` the returned Disposable ${where}`;
        case 'custom':
          return `call \`${reg.customDispose?.method ?? 'dispose'}\` ${where}`;
      }
    }

    /** What keeps the registration alive, as messages name it: code in backticks, or prose (`the timer queue`). */
    function targetOf(reg: Registration, longLived = false): string {
      if (!reg.target) return reg.targetText;
      return `${longLived ? 'long-lived ' : ''}\`${oneLine(reg.targetText)}\``;
    }

    /** "no `componentWillUnmount`", "no teardown method": a teardown label after "no". */
    function noneOf(label: string): string {
      return `no ${label.replace(/^an? /, '')}`;
    }

    function checkSignal(reg: Registration, owner: Owner, teardowns: readonly TSESTree.Node[] | null): void {
      if (!reg.signal) return;
      const s = unwrapExpression(reg.signal);
      if (s.type !== AST_NODE_TYPES.MemberExpression || memberName(s) !== 'signal') return;
      const ctl = unwrapExpression(s.object);
      const ctlText = text_(ctl);
      let declaredNew = false;
      if (ctl.type === AST_NODE_TYPES.Identifier) {
        const resolved = resolveReference(ctl, sourceCode.getScope(ctl));
        const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
        declaredNew = def?.type === AST_NODE_TYPES.VariableDeclarator && def.init?.type === AST_NODE_TYPES.NewExpression;
        if (resolved?.kind === 'local' && isModuleLevel(resolved.variable)) return;
      } else if (ctl.type === AST_NODE_TYPES.MemberExpression && ctl.object.type === AST_NODE_TYPES.ThisExpression) {
        declaredNew = true;
      }
      if (!declaredNew) return;
      const region = teardowns ?? (owner.kind === 'perCall' ? [owner.fn] : []);
      if (region.length === 0 && owner.kind !== 'perCall') return;
      const aborted = disposalsIn(region).some((d) => d.method === 'abort' && d.receiverText === ctlText);
      // A handle escaping the region (returned controller, controller passed on) is trusted.
      if (aborted) return;
      if (ctl.type === AST_NODE_TYPES.Identifier) {
        const resolved = resolveReference(ctl, sourceCode.getScope(ctl));
        if (resolved?.kind === 'local' && resolved.variable.references.some((r) => {
          const f = fateOf(r.identifier);
          return f.kind === 'returned' || f.kind === 'argument' || (f.kind === 'stored' && r.identifier.parent.type !== AST_NODE_TYPES.VariableDeclarator);
        })) return;
      }
      context.report({
        node: reg.signal,
        messageId: 'signalNeverAborted',
        data: { controller: oneLine(ctlText), owner: owner.label, where: teardowns ? ` in ${owner.kind === 'effect' || owner.kind === 'class' ? owner.teardownLabel : 'its teardown'}` : '', target: targetOf(reg) },
      });
    }

    const owners = new Map<FunctionNode | null, Owner>();
    function evaluate(reg: Registration): void {
      if (reg.opaqueOptions) return;
      if (reg.once && !options.checkOnce) return;
      if (reg.family === 'subscribe' && reg.completes) return;
      // The owner depends only on the enclosing function; several registrations often share one.
      const home = innermostFunction(reg.call);
      let owner = owners.get(home);
      if (!owner) {
        owner = ownerOf(reg.call, ownerOptions);
        owners.set(home, owner);
      }
      if (owner.kind === 'process') return;
      const handle = handleOf(reg, owner);
      if (handle.kind === 'escaped') return;
      const handleNode = handle.kind === 'stored' ? handle.target : null;
      const thing = thingOf(reg);

      const ownBody = handlerBody(reg);
      if (ownBody && disposalsIn([ownBody]).some((d) => undoes(d, reg, handleNode))) return;

      if (owner.kind === 'effect' || owner.kind === 'class') {
        if (reg.target && reg.family !== 'observer' && lifetimeForOwner(reg.target) === 'self') return;
        if (owner.kind === 'class' && reg.target && classTargetLifetime(reg.target, owner.cls) !== 'long') return;
        if (reg.family === 'subscribe' && owner.kind === 'class' && /takeUntilDestroyed|untilDestroyed/.test(text_(owner.cls))) return;
        if (reg.signal) {
          checkSignal(reg, owner, owner.teardowns);
          return;
        }
        if (owner.teardowns.length === 0) {
          context.report({
            node: reg.at, messageId: 'noTeardown',
            data: {
              what: reg.what, owner: owner.label, target: targetOf(reg), thing,
              teardown: owner.kind === 'effect' && owner.returnIsCleanup ? 'it returns no cleanup' : `it has ${noneOf(owner.teardownLabel)}`,
              fix: fixOf(reg, owner.kind === 'effect' && owner.returnIsCleanup ? 'in a returned cleanup' : `in ${owner.teardownLabel}`),
            },
          });
          return;
        }
        const found = disposalsIn(owner.teardowns).some((d) => undoes(d, reg, handleNode));
        if (found) return;
        // A local handle the code disposes itself (`unsubscribe()` once the value arrives).
        if (handleNode?.type === AST_NODE_TYPES.Identifier) {
          if (home && disposalsIn([home]).some((d) => d.call !== reg.call && undoes(d, reg, handleNode))) return;
        }
        // The handle may be handed to a disposing sink anywhere in the owner (`this.subs.add(sub)`).
        if (handleNode && handedToSink(handleNode, owner.kind === 'effect' ? owner.fn : owner.cls)) return;
        if (handleNode && reg.family !== 'dom' && reg.family !== 'emitter' && handleLeavesOwner(handleNode, owner)) return;
        const inline = isInlineHandler(reg.handler);
        context.report({
          node: reg.at, messageId: 'notDisposed',
          data: {
            what: reg.what, owner: owner.label, teardown: owner.teardownLabel, target: targetOf(reg), thing,
            fix: inline && !handleNode ? 'keep its inline handler in a variable so it can be removed there' : fixOf(reg, 'there'),
          },
        });
        return;
      }

      // Per call: only a long-lived target is a leak; self-owned targets die with the call.
      const lifetime = targetLifetime(reg, owner);
      if (lifetime !== 'long') return;
      if (runsOncePerState(owner.fn)) return;
      if (reg.target && awaitsEndOf(reg.target, owner.fn)) return;
      if (reg.signal) {
        checkSignal(reg, owner, null);
        return;
      }
      const inFn = disposalsIn([owner.fn]).filter((d) => undoes(d, reg, handleNode));
      if (handleNode) {
        if (handleNode.type === AST_NODE_TYPES.MemberExpression) return; // kept on an object: disposed by its owner
        if (handedToSink(handleNode, owner.fn) || handleLeavesOwner(handleNode, owner)) return;
      }
      if (inFn.length > 0 && everyPathDisposes(reg, inFn, owner.fn)) return;
      const inline = isInlineHandler(reg.handler);
      if (inline && inFn.length === 0 && (reg.family === 'dom' || reg.family === 'emitter')) {
        context.report({ node: reg.at, messageId: 'inlineHandler', data: { what: reg.what, target: targetOf(reg), how: inline === 'bind' ? 'a fresh `.bind()` result' : 'an inline function' } });
        return;
      }
      context.report({
        node: reg.at, messageId: 'perCall',
        data: { what: reg.what, target: targetOf(reg, true), owner: owner.label, thing, fix: fixOf(reg, owner.render ? 'in a `useEffect` cleanup' : 'before the function returns') },
      });
    }

    /**
     * For a class with a teardown, only targets known to outlive an instance count: globals,
     * module-level singletons and imports, and members injected from outside. Children the
     * class creates itself die with it; a method's arguments are unknown.
     */
    function classTargetLifetime(target: TSESTree.Node, cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): 'long' | 'self' | 'unknown' {
      const t = unwrapExpression(target);
      const root = rootOf(t);
      if (!root) return 'unknown';
      if (root.type === AST_NODE_TYPES.ThisExpression) {
        // this.x: who assigned it? A `new`/factory result is a child; a constructor argument is injected.
        let outer: TSESTree.Node = t;
        for (;;) {
          if (outer.type === AST_NODE_TYPES.CallExpression) outer = unwrapExpression(outer.callee);
          else if (outer.type === AST_NODE_TYPES.MemberExpression && unwrapExpression(outer.object).type !== AST_NODE_TYPES.ThisExpression) outer = unwrapExpression(outer.object);
          else break;
        }
        if (outer.type !== AST_NODE_TYPES.MemberExpression) return 'self';
        const key = text_(outer);
        const regFn = innermostFunction(target);
        const toKey = indexes().assignmentsTo(key);
        const local = toKey.filter((a) => regFn !== null && within(a, regFn) && a.range[0] < target.range[0]).at(-1);
        const assigned = (local ? [local] : toKey.filter((a) => within(a, cls))).map((a) => unwrapExpression(a.right));
        if (isParameterProperty(outer, cls)) return 'long';
        // Never assigned here: set by the framework or DI (`@Inject`, `inject()`), from outside.
        if (assigned.length === 0) return 'long';
        if (assigned.some((r) => r.type === AST_NODE_TYPES.Identifier && isParamOf(r, cls))) return 'long';
        if (assigned.some((r) => r.type === AST_NODE_TYPES.CallExpression && text_(r.callee) === 'inject')) return 'long';
        if (assigned.every((r) => r.type === AST_NODE_TYPES.NewExpression || r.type === AST_NODE_TYPES.CallExpression || r.type === AST_NODE_TYPES.ObjectExpression || r.type === AST_NODE_TYPES.ArrayExpression)) return 'self';
        return 'unknown';
      }
      const resolved = resolveReference(root, sourceCode.getScope(root));
      if (!resolved) return 'unknown';
      if (resolved.kind === 'global') return longLivedNames.has(resolved.name.split('.')[0] ?? '') || longLivedNames.has(root.name) ? 'long' : 'unknown';
      if (resolved.kind === 'import') return 'long';
      if (isModuleLevel(resolved.variable)) return 'long';
      // A constructor's parameters are dependencies handed in: they outlive the instance.
      const def = resolved.variable.defs[0];
      if (def && isParameterDef(def) && isFunction(def.node) && def.node.parent.type === AST_NODE_TYPES.MethodDefinition && def.node.parent.kind === 'constructor') return 'long';
      return 'unknown';
    }

    function isParamOf(id: TSESTree.Identifier, cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
      const resolved = resolveReference(id, sourceCode.getScope(id));
      const def = resolved?.kind === 'local' ? resolved.variable.defs[0] : undefined;
      return def !== undefined && isParameterDef(def) && within(def.node, cls);
    }

    function isParameterProperty(member: TSESTree.Node, cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
      if (member.type !== AST_NODE_TYPES.MemberExpression) return false;
      const name = memberName(member);
      const ctor = cls.body.body.find((m): m is TSESTree.MethodDefinition => m.type === AST_NODE_TYPES.MethodDefinition && m.kind === 'constructor');
      return ctor?.value.params.some((p) => p.type === AST_NODE_TYPES.TSParameterProperty && p.parameter.type === AST_NODE_TYPES.Identifier && p.parameter.name === name) ?? false;
    }

    /**
     * A parameter outlives the call unless the function treats it as finite: it waits for its
     * end (`'close'`, `'end'`, `'error'`), consumes it (`pipe`, `end`, `destroy`), or wires it
     * into something once (`attachSocket`, `setClient`).
     */
    function paramOutlivesCall(param: TSESTree.Identifier, fn: FunctionNode): boolean {
      const name = param.name;
      for (const reg of indexes().registrations.within(fn)) {
        if (reg.target && text_(reg.target) === name && reg.event !== null && TERMINAL_EVENTS.has(reg.event)) return false;
      }
      for (const c of disposalCallsIn(fn)) {
        const d = disposalOf(c);
        if (d.receiverText === name && d.method !== null && CONSUMERS.has(d.method)) return false;
      }
      const fnName = fn.id?.name ?? (fn.parent.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier ? fn.parent.id.name : null);
      if (fnName !== null && SETUP_NAME.test(fnName)) return false;
      return true;
    }

    /**
     * `if (this.bound) return; this.bound = true; …`: a guard that makes the function run its
     * body once per state, like a lazy initialiser, not once per call.
     */
    function runsOncePerState(fn: FunctionNode): boolean {
      if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
      const assignedNames = new Set(indexes().assignments.within(fn).map((a) => text_(a.left)));
      for (const st of fn.body.body) {
        if (st.type !== AST_NODE_TYPES.IfStatement) continue;
        const exits = st.consequent.type === AST_NODE_TYPES.ReturnStatement || (st.consequent.type === AST_NODE_TYPES.BlockStatement && st.consequent.body.at(-1)?.type === AST_NODE_TYPES.ReturnStatement);
        if (!exits) continue;
        const test = text_(st.test);
        for (const name of assignedNames) if (test.includes(name)) return true;
        // `let x = this[k]; if (x) return …; this[k] = …`
        const ids = new Set<string>();
        const collect = (n: TSESTree.Node): void => {
          const u = unwrapExpression(n);
          if (u.type === AST_NODE_TYPES.Identifier) ids.add(u.name);
          else if (u.type === AST_NODE_TYPES.UnaryExpression) collect(u.argument);
          else if (u.type === AST_NODE_TYPES.LogicalExpression || u.type === AST_NODE_TYPES.BinaryExpression) {
            if (u.left.type !== AST_NODE_TYPES.PrivateIdentifier) collect(u.left);
            collect(u.right);
          }
        };
        collect(st.test);
        for (const a of memberAssignments) {
          if (within(a, fn) && ids.has(text_(unwrapExpression(a.right)))) return true;
        }
      }
      return false;
    }

    /** The same function waits for the target's end (`'close'`, `'finish'`…): it treats the target as finite. */
    function awaitsEndOf(target: TSESTree.Node, fn: FunctionNode): boolean {
      const t = text_(unwrapExpression(target));
      const root = rootOf(target);
      if (root?.type === AST_NODE_TYPES.Identifier) {
        // Waiting for a shared object's end does not make it end with the call.
        const resolved = resolveReference(root, sourceCode.getScope(root));
        if (!resolved || resolved.kind !== 'local') return false;
        if (isModuleLevel(resolved.variable)) return false;
      }
      return indexes().registrations.within(fn).some((r) => r.target && text_(unwrapExpression(r.target)) === t && r.event !== null && TERMINAL_EVENTS.has(r.event));
    }

    function lifetimeForOwner(target: TSESTree.Node): 'self' | 'other' {
      const t = unwrapExpression(target);
      if (t.type === AST_NODE_TYPES.ThisExpression || t.type === AST_NODE_TYPES.NewExpression) return 'self';
      if (t.type === AST_NODE_TYPES.Identifier) {
        const resolved = resolveReference(t, sourceCode.getScope(t));
        const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
        if (def?.type === AST_NODE_TYPES.VariableDeclarator && def.init) {
          const init = unwrapExpression(def.init);
          if (init.type === AST_NODE_TYPES.NewExpression) return 'self';
          if (init.type === AST_NODE_TYPES.CallExpression) {
            const c = unwrapExpression(init.callee);
            const cName = c.type === AST_NODE_TYPES.MemberExpression ? memberName(c) : c.type === AST_NODE_TYPES.Identifier ? c.name : null;
            if (cName !== null && /^(?:create(?!Ref)|open|connect|spawn|fork|io$)/.test(cName)) return 'self';
          }
        }
      }
      return 'other';
    }

    /** `this.subs.add(sub)`, `disposables.push(d)`, `store.track(x)`: a call that keeps a handle for disposal. */
    function isSinkCall(call: TSESTree.CallExpression): boolean {
      const callee = unwrapExpression(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const m = memberName(callee);
      if (m === null) return false;
      if (DISPOSING_METHODS.has(m)) return true;
      // The sink pattern is anchored at the end, so the receiver's last name is enough to test.
      const obj = unwrapExpression(callee.object);
      const tail = obj.type === AST_NODE_TYPES.Identifier ? obj.name : obj.type === AST_NODE_TYPES.MemberExpression ? memberName(obj) : null;
      return tail !== null ? DISPOSING_SINKS.test(tail) : DISPOSING_SINKS.test(text_(obj));
    }

    function handedToSink(handle: TSESTree.Node, region: TSESTree.Node): boolean {
      const h = text_(unwrapExpression(handle));
      return index.callsWithin(region).some((c) => c.arguments.some((a) => text_(unwrapExpression(a)) === h) && isSinkCall(c));
    }

    /** A local handle returned, passed on, or stored elsewhere: someone else disposes it. */
    function handleLeavesOwner(handle: TSESTree.Node, owner: Owner): boolean {
      if (handle.type !== AST_NODE_TYPES.Identifier) return owner.kind !== 'perCall' ? false : true;
      const resolved = resolveReference(handle, sourceCode.getScope(handle));
      if (resolved?.kind !== 'local') return true;
      return resolved.variable.references.some((r) => {
        const id = r.identifier as TSESTree.Node;
        if (id === handle || !r.isRead()) return false;
        const f = fateOf(id);
        return f.kind === 'returned' || f.kind === 'option' || (f.kind === 'stored' && id.parent?.type !== AST_NODE_TYPES.VariableDeclarator) || (f.kind === 'argument' && !isDisposeCall(f.call));
      });
    }

    function isDisposeCall(c: Call): boolean {
      const callee = unwrapExpression(c.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : null;
      return name !== null && DISPOSE_VERBS.has(name);
    }

    /** Disposals at the function's own level must cover every path; ones in callbacks run later. */
    function everyPathDisposes(reg: Registration, found: Disposal[], fn: FunctionNode): boolean {
      const own = found.filter((d) => {
        let p: TSESTree.Node | undefined = d.call.parent;
        while (p && !isFunction(p)) p = p.parent;
        return p === fn;
      });
      if (own.length < found.length) return true; // a callback (or the handler itself) removes it
      const from = tracker.segmentsOf(reg.call);
      if (!from) return true;
      const releasing = new Set<CodePathSegment>();
      for (const d of own) for (const s of tracker.segmentsOf(d.call) ?? []) releasing.add(s);
      const exit = findUnreleasedExit({
        from,
        loopEdges: tracker.loopEdges,
        releases: (seg, isStart) => (isStart ? own.some((d) => d.call.range[0] > reg.call.range[0] && (tracker.segmentsOf(d.call) ?? []).includes(seg)) : releasing.has(seg)),
        leaves: () => false,
      });
      return exit === null;
    }

    /**
     * Position and name indexes over the gathered facts, built once at `Program:exit` when a
     * registration needs them: "which calls lie in this function?" without a scan per question.
     * Only the evaluation at the end asks them; asking earlier would see half a file.
     */
    let built: ReturnType<typeof buildIndexes> | null = null;
    function buildIndexes() {
      let assignmentsByTarget: Map<string, TSESTree.AssignmentExpression[]> | null = null;
      return {
        /** Member assignments by their target's text; built on the first question (few files ask). */
        assignmentsTo(target: string): TSESTree.AssignmentExpression[] {
          if (!assignmentsByTarget) {
            const map = new Map<string, TSESTree.AssignmentExpression[]>();
            for (const a of memberAssignments) {
              const key = text_(a.left);
              const list = map.get(key);
              if (list) list.push(a);
              else map.set(key, [a]);
            }
            assignmentsByTarget = map;
          }
          return assignmentsByTarget.get(target) ?? [];
        },
        assignments: new RangeIndex(memberAssignments),
        registrations: new RangeIndex(registrations, (r) => r.call.range),
      };
    }
    function indexes(): ReturnType<typeof buildIndexes> {
      if (!built) throw new Error('no-leaked-subscription: indexes are only built at Program:exit');
      return built;
    }

    const memberAssignments: TSESTree.AssignmentExpression[] = [];

    return withShared({
      ':function'(node: FunctionNode) {
        hot.push(holdsHotSpot(node.range));
      },
      ':function:exit'() {
        hot.pop();
      },
      CallExpression: onCall,
      AssignmentExpression(node) {
        if (node.left.type === AST_NODE_TYPES.MemberExpression) memberAssignments.push(node);
      },
      'Program:exit'() {
        for (const d of removals) {
          const how = isInlineHandler(d.call.arguments[1] ?? null);
          if (how) {
            context.report({ node: d.call.arguments[1] as TSESTree.Node, messageId: 'removesNothing', data: { method: d.method, how: how === 'bind' ? 'a fresh `.bind()` result' : 'a new inline function' } });
          }
        }
        if (registrations.length === 0) return;
        built = buildIndexes();
        for (const reg of registrations) evaluate(reg);
      },
    }, indexListeners, pathListeners);
  },
});
