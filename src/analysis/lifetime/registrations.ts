import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { nameWords, oneLine, rootOf, staticString, walkAll, walkOwn } from '../syntax/ast';
import { calledFunction } from '../syntax/functions';
import { type FunctionNode, innermostFunction, isFunction } from '../syntax/nodes';
import { enclosingTurn } from '../frequency/loops';
import { isParameterDef, memberName, resolveReference, unwrapExpression } from '../scope/references';
import { type ScopeOf, constantString } from '../scope/identity';
import { type NameListKey } from '../vocabulary/registry';
import {
  COMPLETING, FAMILIES, type Family, FINITE_SOURCES, GLOBAL_REGISTRARS, INTERCEPTOR_CHAINS, MAYBE_NEVER_EVENTS, INSTANCE_BOUND_WATCH_SOURCES, OBSERVERS, REACTION_SOURCES, ONCE_METHODS, REGISTERING_NAMES, WATCH_SOURCES,
} from '../vocabulary/subscriptions';

/**
 * Question 2 for registrations: what registers, and what keeps it alive — the target it is
 * added to (a node, an emitter, an observable), or a process-wide retainer (the timer queue,
 * the frame loop, the file system). Recognised by structure and the family vocabulary.
 */
export interface Registration {
  call: TSESTree.CallExpression;
  /** Where reports point: the method name, or the callee. */
  at: TSESTree.Node;
  family: Family;
  method: string;
  /** The receiver that retains the handler; null for the timer queue, frame loop, file system. */
  target: TSESTree.Node | null;
  /** How messages name the retainer: its source text, or prose (`the timer queue`). */
  targetText: string;
  /** The event name, when it is a constant. */
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

export interface RecogniseContext {
  scopeOf: ScopeOf;
  text: (node: TSESTree.Node) => string;
  names: (key: NameListKey) => ReadonlySet<string>;
  custom: readonly { register: string; dispose: string; kind?: 'pair' | 'handle' }[];
  /** Every value a variable or `this.x` is given (`this.ro = new ResizeObserver(…)`); empty when unknown. */
  valuesOf?: (node: TSESTree.Node) => readonly TSESTree.Node[];
}

/** VS Code style events: `onDidChangeX(handler)` returns a Disposable. */
export function isDisposableEventName(name: string): boolean {
  // Asked for every call of a file: character tests, not a regular expression.
  if (name.charCodeAt(0) !== 111 /* o */ || name.charCodeAt(1) !== 110 /* n */) return false;
  const rest = name.startsWith('Did', 2) ? 5 : name.startsWith('Will', 2) ? 6 : -1;
  if (rest < 0) return false;
  const c = name.charCodeAt(rest);
  return c >= 65 && c <= 90;
}

/** Could a call by this name register? A cheap gate before `recognise`. */
export function mayRegister(name: string, ctx: RecogniseContext): boolean {
  return REGISTERING_NAMES.has(name) || (ctx.custom.length > 0 && ctx.custom.some((c) => c.register === name)) || isDisposableEventName(name);
}

export function optionsOf(arg: TSESTree.Node | undefined, scopeOf?: ScopeOf): { capture: boolean; once: boolean; signal: TSESTree.Node | null; opaque: boolean } {
  const out = { capture: false, once: false, signal: null as TSESTree.Node | null, opaque: false };
  if (!arg) return out;
  const a = constObject(unwrapExpression(arg), scopeOf);
  if (a.type === AST_NODE_TYPES.Literal) out.capture = a.value === true;
  else if (a.type === AST_NODE_TYPES.ObjectExpression) {
    for (const p of a.properties) {
      if (p.type !== AST_NODE_TYPES.Property) {
        out.opaque = true;
        continue;
      }
      const key = p.key.type === AST_NODE_TYPES.Identifier ? p.key.name : staticString(p.key);
      const value = unwrapExpression(p.value);
      const on = !(value.type === AST_NODE_TYPES.Literal && value.value === false);
      if (key === 'capture') out.capture = on;
      if (key === 'once') out.once = on;
      if (key === 'signal') out.signal = p.value;
    }
  } else out.opaque = true;
  return out;
}

/** `const opts = { passive: true }` named where options go: the literal it is bound to, else the node itself. */
function constObject(n: TSESTree.Node, scopeOf: ScopeOf | undefined): TSESTree.Node {
  if (n.type !== AST_NODE_TYPES.Identifier || !scopeOf) return n;
  const resolved = resolveReference(n, scopeOf(n));
  const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
  const init = def?.type === AST_NODE_TYPES.VariableDeclarator && def.parent.kind === 'const' && def.init ? unwrapExpression(def.init) : null;
  return init?.type === AST_NODE_TYPES.ObjectExpression || init?.type === AST_NODE_TYPES.Literal ? init : n;
}

export function isInlineHandler(node: TSESTree.Node | null): 'inline' | 'bind' | null {
  if (!node) return null;
  const n = unwrapExpression(node);
  if (isFunction(n)) return 'inline';
  if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression && memberName(n.callee) === 'bind') return 'bind';
  return null;
}

function nameOf(n: TSESTree.Node): string | null {
  const u = unwrapExpression(n);
  if (u.type === AST_NODE_TYPES.Identifier) return u.name;
  if (u.type === AST_NODE_TYPES.MemberExpression) return memberName(u);
  return null;
}

/** The names along a receiver chain: `this.route.params` → `route`, `params`. */
function chainNames(node: TSESTree.Node): string[] {
  const out: string[] = [];
  for (let n = unwrapExpression(node); ; ) {
    if (n.type === AST_NODE_TYPES.Identifier) return [...out, n.name];
    if (n.type === AST_NODE_TYPES.MemberExpression) {
      const m = memberName(n);
      if (m !== null) out.push(m);
      n = unwrapExpression(n.object);
    } else if (n.type === AST_NODE_TYPES.CallExpression) n = unwrapExpression(n.callee);
    else return out;
  }
}

/** The subscription ends by itself: a completing operator in its `pipe(…)`, a finite source or receiver. */
function completesPipe(receiver: TSESTree.Node, finite: ReadonlySet<string>): boolean {
  let n = unwrapExpression(receiver);
  while (n.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(n.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'pipe') {
      for (const op of n.arguments) {
        const o = unwrapExpression(op);
        const id = nameOf(o.type === AST_NODE_TYPES.CallExpression ? o.callee : o);
        if (id !== null && COMPLETING.has(id)) return true;
      }
      n = unwrapExpression(callee.object);
      continue;
    }
    if (callee.type === AST_NODE_TYPES.Identifier) {
      return FINITE_SOURCES.has(callee.name) || (callee.name === 'timer' && n.arguments.length < 2);
    }
    return callee.type === AST_NODE_TYPES.MemberExpression && chainNames(callee.object).some((x) => finite.has(x));
  }
  return chainNames(n).some((x) => finite.has(x));
}

/** `subscribe(subscriber)`: the subscription is chained into a Subscriber that tears it down. */
function isSubscriberArgument(first: TSESTree.Node | undefined, words: ReadonlySet<string>): boolean {
  if (!first) return false;
  const f = unwrapExpression(first);
  const named = f.type === AST_NODE_TYPES.Identifier ? f.name : f.type === AST_NODE_TYPES.CallExpression || f.type === AST_NODE_TYPES.NewExpression ? nameOf(f.callee) : null;
  return named !== null && nameWords(named).some((w) => words.has(w));
}

function observerTarget(r: TSESTree.Node, ctx: RecogniseContext): boolean {
  const isNewObserver = (n: TSESTree.Node): boolean =>
    n.type === AST_NODE_TYPES.NewExpression && n.callee.type === AST_NODE_TYPES.Identifier && OBSERVERS.has(n.callee.name);
  if (isNewObserver(r)) return true;
  if (r.type === AST_NODE_TYPES.Identifier) {
    const resolved = resolveReference(r, ctx.scopeOf(r));
    const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
    return def?.type === AST_NODE_TYPES.VariableDeclarator && def.init !== null && isNewObserver(unwrapExpression(def.init));
  }
  // A field the class gives a new observer (`this.ro = new ResizeObserver(…)`), whatever its name.
  if (r.type === AST_NODE_TYPES.MemberExpression && ctx.valuesOf?.(r).some((v) => isNewObserver(unwrapExpression(v)))) return true;
  const last = r.type === AST_NODE_TYPES.MemberExpression ? nameWords(memberName(r) ?? '').at(-1) : undefined;
  return last !== undefined && ctx.names('observerFields').has(last);
}

function returns(node: TSESTree.Node): boolean {
  let found = false;
  walkAll(node, (n) => {
    if (n.type === AST_NODE_TYPES.ReturnStatement) found = true;
  });
  return found;
}

/** `function loop() { draw(); requestAnimationFrame(loop); }`: a frame loop that re-arms itself unconditionally. */
export function isAnimationLoop(node: TSESTree.CallExpression, scopeOf: ScopeOf): boolean {
  const cb = node.arguments[0] ? unwrapExpression(node.arguments[0]) : null;
  if (!cb) return false;
  let p: TSESTree.Node | undefined = node.parent;
  while (p && !isFunction(p)) p = p.parent;
  if (!p) return false;
  // Re-arming under a condition is a poll that ends; only an unconditional re-arm runs forever.
  for (let a: TSESTree.Node | undefined = node.parent; a && a !== p; a = a.parent) {
    if (a.type === AST_NODE_TYPES.IfStatement || a.type === AST_NODE_TYPES.ConditionalExpression || a.type === AST_NODE_TYPES.LogicalExpression || a.type === AST_NODE_TYPES.SwitchCase) return false;
  }
  if (p.body.type === AST_NODE_TYPES.BlockStatement) {
    const body = p.body.body;
    const exitsEarly = body.some((st) => st.range[0] < node.range[0] && (st.type === AST_NODE_TYPES.ReturnStatement || (st.type === AST_NODE_TYPES.IfStatement && returns(st.consequent))));
    if (exitsEarly) return false;
  }
  if (cb.type === AST_NODE_TYPES.Identifier) return calledFunction({ ...node, callee: cb }, scopeOf(node)) === p;
  if (!isFunction(cb)) return false;
  let rearms = false;
  walkAll(cb.body, (n) => {
    if (n.type === AST_NODE_TYPES.CallExpression && nameOf(n.callee) === 'requestAnimationFrame') rearms = true;
  });
  return rearms;
}

/** The receiver is a router, jQuery or CLI parser by its import, or (unresolvable) by its whole name. */
function isNonEmitter(root: TSESTree.Identifier | TSESTree.ThisExpression | null, ctx: RecogniseContext): boolean {
  if (root?.type !== AST_NODE_TYPES.Identifier) return false;
  const sources = ctx.names('nonEmitterSources');
  const resolved = resolveReference(root, ctx.scopeOf(root));
  if (resolved?.kind === 'import' && sources.has(resolved.source)) return true;
  if (resolved?.kind === 'local') {
    // `const app = express()`, `const router = express.Router()`
    const def = resolved.variable.defs[0]?.node;
    const init = def?.type === AST_NODE_TYPES.VariableDeclarator && def.init ? unwrapExpression(def.init) : null;
    const made = init?.type === AST_NODE_TYPES.CallExpression ? rootOf(init.callee) : null;
    if (made?.type === AST_NODE_TYPES.Identifier) {
      const from = resolveReference(made, ctx.scopeOf(made));
      if (from?.kind === 'import' && sources.has(from.source)) return true;
    }
  }
  return ctx.names('nonEmitterReceivers').has(root.name);
}

/** `api.interceptors.request`: an HTTP client's interceptor chain, by the shape of the member path. */
function isInterceptorChain(r: TSESTree.Node): boolean {
  if (r.type !== AST_NODE_TYPES.MemberExpression || !INTERCEPTOR_CHAINS.chains.has(memberName(r) ?? '')) return false;
  const holder = unwrapExpression(r.object);
  return holder.type === AST_NODE_TYPES.MemberExpression && memberName(holder) === INTERCEPTOR_CHAINS.holder;
}

/** A disposables store passed to a VS Code style event: an array or a `DisposableStore`, not `undefined`/`null`. */
function disposesInto(arg: TSESTree.Node | undefined): boolean {
  if (!arg) return false;
  const a = unwrapExpression(arg);
  return !(a.type === AST_NODE_TYPES.Literal && a.value === null) && !(a.type === AST_NODE_TYPES.Identifier && a.name === 'undefined');
}

/**
 * `await session.subscribe(events, [this.id])` as a statement: an awaited remote call whose
 * arguments are the enclosing function's own parameters or data (no function, no handler
 * reference anywhere in them). A local subscription is an object or a callback kept by the
 * target; here nothing is handed over to call back and nothing comes back to dispose.
 */
function awaitedRemoteSubscribe(node: TSESTree.CallExpression, scopeOf: ScopeOf): boolean {
  const p = node.parent;
  if (p.type !== AST_NODE_TYPES.AwaitExpression || p.parent.type !== AST_NODE_TYPES.ExpressionStatement || node.arguments.length === 0) return false;
  const fn = innermostFunction(node);
  const ownParameter = (id: TSESTree.Identifier): boolean => {
    const resolved = resolveReference(id, scopeOf(id));
    const def = resolved?.kind === 'local' ? resolved.variable.defs[0] : undefined;
    return def !== undefined && isParameterDef(def) && def.node === fn;
  };
  return node.arguments.every((arg) => {
    const a = unwrapExpression(arg);
    if (a.type === AST_NODE_TYPES.Identifier) return ownParameter(a);
    if (a.type !== AST_NODE_TYPES.ArrayExpression && a.type !== AST_NODE_TYPES.ObjectExpression && a.type !== AST_NODE_TYPES.Literal) return false;
    let data = true;
    walkAll(a, (n) => {
      if (isFunction(n)) data = false;
      const p = n.parent;
      const isName = p && ((p.type === AST_NODE_TYPES.MemberExpression && p.property === n && !p.computed) || (p.type === AST_NODE_TYPES.Property && p.key === n && !p.computed && !p.shorthand));
      if (n.type === AST_NODE_TYPES.Identifier && !isName && !ownParameter(n)) data = false;
    });
    return data;
  });
}

/** The call comes after an `await` of its own async function (an earlier statement or operand). */
function afterAwait(node: TSESTree.CallExpression): boolean {
  const fn = innermostFunction(node);
  if (!fn?.async) return false;
  let found = false;
  walkAll(fn.body, (n) => {
    if (n.type === AST_NODE_TYPES.AwaitExpression && n.range[1] <= node.range[0] && innermostFunction(n) === fn) found = true;
  });
  return found;
}

function eventText(node: TSESTree.Node | undefined): string {
  const s = staticString(node);
  return s === null ? '…' : `'${s}'`;
}

/**
 * `const enc = frame.encode(); enc.pipe(socket); enc.write(msg)`: a stream the call makes and
 * writes to but never ends, piped as a statement into another. `pipe()` keeps its listeners on
 * the destination until the source ends or is unpiped, and nothing else holds this source to
 * end it: every other use of the local is a `write()`. A source that ends by itself (a file
 * stream, a child's output), one that is ended, unpiped, returned, stored or passed on is not
 * such a registration.
 */
function feedsUnendedSource(call: TSESTree.CallExpression, source: TSESTree.Node, scopeOf: ScopeOf): boolean {
  if (call.parent.type !== AST_NODE_TYPES.ExpressionStatement || source.type !== AST_NODE_TYPES.Identifier) return false;
  const resolved = resolveReference(source, scopeOf(source));
  if (resolved?.kind !== 'local' || resolved.variable.defs.length !== 1) return false;
  const def = resolved.variable.defs[0]?.node;
  if (def?.type !== AST_NODE_TYPES.VariableDeclarator || def.id.type !== AST_NODE_TYPES.Identifier || !def.init || innermostFunction(def) !== innermostFunction(call)) return false;
  const init = unwrapExpression(def.init);
  if (init.type !== AST_NODE_TYPES.CallExpression && init.type !== AST_NODE_TYPES.NewExpression) return false;
  let writes = 0;
  for (const ref of resolved.variable.references) {
    if (ref.init === true) continue;
    const member = ref.identifier.parent;
    const used = member.type === AST_NODE_TYPES.MemberExpression && member.object === ref.identifier && member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member ? member.parent : null;
    if (used === call) continue;
    if (used === null || memberName(member as TSESTree.MemberExpression) !== 'write') return false;
    writes++;
  }
  return writes > 0;
}

/** What a registration adds to its kind and target; left out, the defaults of `registration`. */
type RegistrationExtras = Partial<Pick<Registration, 'event' | 'handler' | 'capture' | 'once' | 'signal' | 'opaqueOptions' | 'completes' | 'customDispose'>>;
const NO_EXTRAS: RegistrationExtras = {};

/**
 * Every registration is built here, with the same fields in the same order, so all share one
 * object shape: a spread of a shared base into literals of different shapes cost more than the
 * rest of recognising a call, and left every later read of a field polymorphic.
 */
function registration(call: TSESTree.CallExpression, at: TSESTree.Node, family: Family, method: string, target: TSESTree.Node | null, targetText: string, what: string, x: RegistrationExtras = NO_EXTRAS): Registration {
  return {
    call, at, family, method, target, targetText, event: x.event ?? null, handler: x.handler ?? null, capture: x.capture ?? false, once: x.once ?? false,
    signal: x.signal ?? null, opaqueOptions: x.opaqueOptions ?? false, completes: x.completes ?? false, customDispose: x.customDispose, what,
  };
}

/** The registration `node` makes, or null. `name` is its callee's name, `receiver` the object it is called on. */
export function recognise(node: TSESTree.CallExpression, name: string, receiver: TSESTree.Node | null, ctx: RecogniseContext): Registration | null {
  const at = node.callee.type === AST_NODE_TYPES.MemberExpression ? node.callee.property : node.callee;
  const customHit = ctx.custom.find((c) => c.register === name);
  if (customHit && receiver) {
    return registration(node, at, 'custom', name, receiver, ctx.text(unwrapExpression(receiver)), `\`${name}()\``, {
      event: constantString(node.arguments[0], ctx.scopeOf), handler: node.arguments[1] ?? null, customDispose: { method: customHit.dispose, kind: customHit.kind ?? 'pair' },
    });
  }
  const globalFn = GLOBAL_REGISTRARS.has(name) || (!receiver && FAMILIES.reaction.methods.includes(name)) ? resolveReference(node.callee, ctx.scopeOf(node)) : null;
  if (!receiver || globalFn?.kind === 'global') {
    if (globalFn?.kind === 'global' && globalFn.name === 'setInterval') {
      if (enclosingTurn(node, { longLivedConditions: [], scopeOf: ctx.scopeOf }, ctx.text)) return null; // no-timer-in-loop's case
      return registration(node, at, 'interval', name, null, 'the timer queue', '`setInterval()`');
    }
    if (globalFn?.kind === 'global' && globalFn.name === 'requestAnimationFrame') {
      return isAnimationLoop(node, ctx.scopeOf) ? registration(node, at, 'raf', name, null, 'the frame loop', 'A `requestAnimationFrame()` loop') : null;
    }
    if (globalFn?.kind === 'import' && WATCH_SOURCES.has(globalFn.source) && globalFn.name === 'watch') {
      return registration(node, at, 'watcher', name, null, 'the file system', '`watch()`');
    }
    if (globalFn?.kind === 'import' && INSTANCE_BOUND_WATCH_SOURCES.has(globalFn.source) && globalFn.name === 'watch' && afterAwait(node)) {
      return registration(node, at, 'reaction', name, null, 'the reactive state it watches', '`watch()` after an `await`');
    }
    if (globalFn?.kind === 'import' && REACTION_SOURCES.has(globalFn.source) && FAMILIES.reaction.methods.includes(globalFn.name) && (globalFn.name !== 'when' || node.arguments.length >= 2)) {
      return registration(node, at, 'reaction', name, null, 'the MobX state it reads', `\`${name}()\``);
    }
    if (!receiver) return null;
  }
  const r = unwrapExpression(receiver);
  // The receiver's text is for messages: read only for a call that does register.
  let text: string | undefined;
  const targetText = (): string => (text ??= ctx.text(r));
  const shown = (): string => oneLine(targetText());
  if (name === 'addEventListener' && node.arguments.length >= 2) {
    const o = optionsOf(node.arguments[2], ctx.scopeOf);
    const event = constantString(node.arguments[0], ctx.scopeOf);
    return registration(node, at, 'dom', name, r, targetText(), `\`${shown()}.addEventListener(${eventText(node.arguments[0])})\``, {
      // `{ once: true }` ends a listener only if its event fires: a signal may never be aborted.
      event, handler: node.arguments[1] ?? null, capture: o.capture, once: o.once && !(event !== null && MAYBE_NEVER_EVENTS.has(event)), signal: o.signal, opaqueOptions: o.opaque,
    });
  }
  if (FAMILIES.emitter.methods.includes(name) && node.arguments.length >= 2) {
    if (isNonEmitter(rootOf(r), ctx)) return null;
    const ev = unwrapExpression(node.arguments[0] as TSESTree.Node);
    if (isFunction(ev) || ev.type === AST_NODE_TYPES.ObjectExpression) return null;
    const evName = constantString(ev, ctx.scopeOf);
    if (evName?.startsWith('/')) return null; // a route, not an event
    const handler = unwrapExpression(node.arguments[1] as TSESTree.Node);
    if (!(isFunction(handler) || handler.type === AST_NODE_TYPES.Identifier || handler.type === AST_NODE_TYPES.MemberExpression || isInlineHandler(handler))) return null;
    if (node.arguments.length > 2 && name === 'on') return null; // jQuery delegation, routers with methods
    return registration(node, at, 'emitter', name, r, targetText(), `\`${shown()}.${name}(${eventText(node.arguments[0])})\``, { event: evName, handler: node.arguments[1] ?? null, once: ONCE_METHODS.has(name) });
  }
  if (name === 'use' && isInterceptorChain(r) && node.arguments.length >= 1) {
    return registration(node, at, 'interceptor', name, r, targetText(), `\`${shown()}.use()\``);
  }
  if (name === 'pipe') {
    const dest = node.arguments.length === 1 ? unwrapExpression(node.arguments[0] as TSESTree.Node) : null;
    if (!dest || dest.type === AST_NODE_TYPES.SpreadElement || !feedsUnendedSource(node, r, ctx.scopeOf)) return null;
    const destText = ctx.text(dest);
    return registration(node, at, 'pipe', name, dest, destText, `\`${shown()}.pipe(${oneLine(destText)})\``);
  }
  if (name === 'subscribe') {
    if (isSubscriberArgument(node.arguments[0], ctx.names('subscriberWords')) || awaitedRemoteSubscribe(node, ctx.scopeOf)) return null;
    return registration(node, at, 'subscribe', name, r, targetText(), `\`${shown()}.subscribe()\``, { completes: completesPipe(r, ctx.names('finiteObservables')) });
  }
  // `onDidSave(listener, thisArgs, context.subscriptions)`: the event adds its Disposable to the given store.
  if (isDisposableEventName(name) && node.arguments.length >= 1 && !disposesInto(node.arguments[2])) {
    return registration(node, at, 'disposableEvent', name, r, targetText(), `\`${shown()}.${name}()\``);
  }
  if (name === 'observe' && observerTarget(r, ctx)) {
    return registration(node, at, 'observer', name, r, targetText(), `\`${shown()}.observe()\``);
  }
  if (name === 'watch') {
    const resolved = resolveReference(r, ctx.scopeOf(node));
    if (resolved?.kind === 'import' && WATCH_SOURCES.has(resolved.source)) {
      return registration(node, at, 'watcher', name, null, 'the file system', `\`${shown()}.watch()\``);
    }
  }
  return null;
}

/**
 * A same-file function that makes an observer, observes with it and hands it back
 * (`return io`, `return { instance: io, el }`): each call of it registers an observer that
 * its caller must disconnect. The function, or null.
 */
export function observerMaker(reg: Registration, scopeOf: ScopeOf): FunctionNode | null {
  const t = reg.target ? unwrapExpression(reg.target) : null;
  if (reg.family !== 'observer' || t?.type !== AST_NODE_TYPES.Identifier) return null;
  const fn = innermostFunction(reg.call);
  const resolved = resolveReference(t, scopeOf(t));
  if (!fn || resolved?.kind !== 'local' || resolved.variable.scope.block !== fn) return null;
  const handsBack = (e: TSESTree.Node): boolean => {
    const u = unwrapExpression(e);
    if (u.type === AST_NODE_TYPES.Identifier) return u.name === t.name && resolveReference(u, scopeOf(u))?.kind === 'local';
    return u.type === AST_NODE_TYPES.ObjectExpression && u.properties.some((p) => p.type === AST_NODE_TYPES.Property && handsBack(p.value));
  };
  let returned = fn.body.type !== AST_NODE_TYPES.BlockStatement && handsBack(fn.body);
  walkOwn(fn, (n) => {
    if (n.type === AST_NODE_TYPES.ReturnStatement && n.argument && handsBack(n.argument)) returned = true;
  });
  return returned ? fn : null;
}

/** The registration a call of an observer maker makes: no target of its own, its result the handle. */
export function madeRegistration(call: TSESTree.CallExpression, name: string): Registration {
  return registration(call, call.callee, 'observer', name, null, 'the node it observes', `The observer \`${name}()\` returns`);
}
