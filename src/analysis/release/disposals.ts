import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { nameWords, within } from '../syntax/ast';
import { type FunctionIndex } from '../syntax/functions';
import { type FunctionNode, innermostFunction, isFunction } from '../syntax/nodes';
import { isModuleLevel, memberName, nameOf, resolveReference, unwrapExpression } from '../scope/references';
import { fateOf } from '../fate/fate';
import { returnedFunctions } from '../lifetime/owners';
import { type ScopeOf, constantString, sameEvent, sameValue, thisClassOf } from '../scope/identity';
import { DefinitionType } from '../scope/scope-types';
import { type NameListKey } from '../vocabulary/registry';
import { DISPOSE_VERBS, DISPOSING_METHODS, FAMILIES, SELF_REMOVERS, TARGET_ENDERS } from '../vocabulary/subscriptions';
import { type Registration, optionsOf } from '../lifetime/registrations';
import { type CodePathSegment, type PathTracker, findUnreleasedExit } from './code-path';
import { type ResetContext, resetsFirst } from './resets';

/**
 * Question 4 for registrations: what undoes a registration, and does it run on every path?
 * A paired remove call on the same receiver with the same event and handler (decided by
 * `sameValue`, never by text), a call that ends the receiver, a call on (or of, or taking)
 * the handle the registration returned, or a handle handed to a disposing collection.
 */
export interface Disposal {
  call: TSESTree.CallExpression;
  method: string | null;
  receiver: TSESTree.Node | null;
  /** The calls that led into the helpers it was found in: a helper's parameters are bound to their arguments. */
  entries?: ReadonlyMap<TSESTree.Node, TSESTree.CallExpression>;
}

export interface DisposalContext {
  scopeOf: ScopeOf;
  index: FunctionIndex;
  names: (key: NameListKey) => ReadonlySet<string>;
  /** Assignments to members inside a region. */
  assignmentsIn: (region: TSESTree.Node) => readonly TSESTree.AssignmentExpression[];
  /** Assignments to the same member as `member` (by `sameValue`), anywhere in the file. */
  assignmentsTo: (member: TSESTree.MemberExpression) => readonly TSESTree.AssignmentExpression[];
}

// A call's own reading depends on its AST alone; the same calls are read for many regions.
const readCalls = new WeakMap<TSESTree.CallExpression, Disposal>();

export function disposalOf(call: TSESTree.CallExpression): Disposal {
  let d = readCalls.get(call);
  if (!d) readCalls.set(call, (d = readCall(call)));
  return d;
}

function readCall(call: TSESTree.CallExpression): Disposal {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) return { call, method: memberName(callee), receiver: unwrapExpression(callee.object) };
  return { call, method: callee.type === AST_NODE_TYPES.Identifier ? callee.name : null, receiver: null };
}

// Registrations of one owner ask about the same teardowns (the class's, an effect's cleanup, a
// method's class and the handle's home): the answer is kept per file's context, by the regions
// in order. Callers build their lists afresh for each registration, so a list is keyed by its
// nodes (a trie of maps), not by the array.
interface RegionTrie {
  found?: readonly Disposal[];
  next?: Map<TSESTree.Node, RegionTrie>;
}
const disposalCache = new WeakMap<DisposalContext, RegionTrie>();

/** Disposal calls inside `regions`, two hops into the local functions and `this.methods()` they call. */
export function disposalsIn(regions: readonly TSESTree.Node[], ctx: DisposalContext): readonly Disposal[] {
  let entry = disposalCache.get(ctx);
  if (!entry) disposalCache.set(ctx, (entry = {}));
  for (const r of regions) {
    entry.next ??= new Map();
    let step = entry.next.get(r);
    if (!step) entry.next.set(r, (step = {}));
    entry = step;
  }
  entry.found ??= collectDisposals(regions, ctx);
  return entry.found;
}

function collectDisposals(regions: readonly TSESTree.Node[], ctx: DisposalContext): Disposal[] {
  const expanded: TSESTree.Node[] = [];
  const seen = new Set<TSESTree.Node>();
  const entries = new Map<TSESTree.Node, TSESTree.CallExpression>();
  const add = (n: TSESTree.Node, hop: number): void => {
    if (seen.has(n)) return;
    seen.add(n);
    expanded.push(n);
    if (hop >= 2) return;
    for (const c of ctx.index.resolve(ctx.index.callsWithin(n))) {
      if (!entries.has(c.target)) entries.set(c.target, c.call);
      add(c.target, hop + 1);
    }
    // A returned identifier: `return off` / `return cleanup`.
    const e = unwrapExpression(n);
    if (e.type === AST_NODE_TYPES.Identifier) {
      const resolved = resolveReference(e, ctx.scopeOf(e));
      const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
      if (def) add(def, hop + 1);
    }
  };
  for (const r of regions) add(r, 0);
  // Nodes nest or lie apart, and a helper often lies inside the region that calls it: the calls
  // of the outermost regions, taken in source order, are every call once, in source order.
  expanded.sort((a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1]);
  const out: Disposal[] = [];
  let end = -1;
  for (const r of expanded) {
    if (r.range[1] <= end) continue;
    end = r.range[1];
    // Any named call can dispose: a verb, or a handle called or passed.
    for (const call of ctx.index.callsWithin(r)) {
      const d = disposalOf(call);
      if (d.method === null) continue;
      // A literal, not a spread: a spread of a small object costs four times as much.
      out.push(entries.size > 0 ? { call: d.call, method: d.method, receiver: d.receiver, entries } : d);
    }
  }
  return out;
}

/**
 * Does `x` name the target? The target itself, or an alias: `bus` and `this.bus` after
 * `this.bus = bus`, `q` and `this.queue` after `const q = this.queue`, a constructor
 * parameter and the field it becomes.
 */
export function sameTarget(x: TSESTree.Node, target: TSESTree.Node, scopeOf: ScopeOf, entries?: Disposal['entries']): boolean {
  const t = unwrapExpression(target);
  if (sameValue(x, t, scopeOf)) return true;
  // A helper's parameter given the target (`this._destroy(this.target)`), or a local only ever
  // given it (`(_a = ref.current) === null || _a === void 0 ? void 0 : _a.removeEventListener(…)`).
  const given = boundArgument(x, entries, scopeOf);
  if (given) return sameTarget(given, target, scopeOf);
  const values = onlyValues(x, scopeOf);
  if (values.length > 0 && values.every((v) => sameValue(v, t, scopeOf))) return true;
  if (t.type !== AST_NODE_TYPES.Identifier) return false;
  const resolved = resolveReference(t, scopeOf(t));
  if (resolved?.kind !== 'local') return false;
  const def = resolved.variable.defs[0]?.node;
  if (def?.type === AST_NODE_TYPES.VariableDeclarator && def.init && sameValue(x, def.init, scopeOf)) return true;
  for (const ref of resolved.variable.references) {
    const p = ref.identifier.parent;
    if (p.type === AST_NODE_TYPES.AssignmentExpression && p.right === ref.identifier && sameValue(x, p.left, scopeOf)) return true;
  }
  const ctorParam = def?.type === AST_NODE_TYPES.TSParameterProperty || (def !== undefined && isFunction(def) && def.parent.type === AST_NODE_TYPES.MethodDefinition);
  const u = unwrapExpression(x);
  if (!ctorParam || u.type !== AST_NODE_TYPES.MemberExpression || u.object.type !== AST_NODE_TYPES.ThisExpression || memberName(u) !== t.name) return false;
  // `this.bus` in the same class as the constructor that took `bus`.
  let cls: TSESTree.Node | undefined = def.parent;
  while (cls && cls.type !== AST_NODE_TYPES.ClassBody) cls = cls.parent;
  return cls !== undefined && within(u, cls);
}

/** `target` inside a helper reached by `helper(arg)`: the argument the call gave that parameter. */
function boundArgument(x: TSESTree.Node, entries: Disposal['entries'], scopeOf: ScopeOf): TSESTree.Node | null {
  const u = unwrapExpression(x);
  if (!entries || u.type !== AST_NODE_TYPES.Identifier) return null;
  const resolved = resolveReference(u, scopeOf(u));
  const def = resolved?.kind === 'local' ? resolved.variable.defs[0] : undefined;
  if (def?.type !== DefinitionType.Parameter || !isFunction(def.node)) return null;
  const call = entries.get(def.node);
  const index = def.node.params.findIndex((p) => p === def.name);
  const arg = call && index >= 0 ? call.arguments[index] : undefined;
  return arg && arg.type !== AST_NODE_TYPES.SpreadElement ? arg : null;
}

/** Every value a plain local is given (its initialiser and assignments); empty for parameters and unknowns. */
function onlyValues(x: TSESTree.Node, scopeOf: ScopeOf): TSESTree.Node[] {
  const u = unwrapExpression(x);
  if (u.type !== AST_NODE_TYPES.Identifier) return [];
  const resolved = resolveReference(u, scopeOf(u));
  if (resolved?.kind !== 'local' || resolved.variable.defs.some((d) => d.type !== DefinitionType.Variable)) return [];
  const out: TSESTree.Node[] = [];
  for (const def of resolved.variable.defs) if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) out.push(def.node.init);
  for (const ref of resolved.variable.references) {
    if (!ref.isWrite() || ref.init) continue;
    if (!ref.writeExpr || ref.identifier.parent.type !== AST_NODE_TYPES.AssignmentExpression || ref.identifier.parent.operator !== '=') return [];
    out.push(ref.writeExpr);
  }
  return out;
}

/** The places a handler is also kept: `this.abort = connection.abort = abort` makes `this.abort` the same function. */
function handlerAliases(handler: TSESTree.Node, scopeOf: ScopeOf): TSESTree.Node[] {
  const h = unwrapExpression(handler);
  if (h.type !== AST_NODE_TYPES.Identifier) return [];
  const resolved = resolveReference(h, scopeOf(h));
  if (resolved?.kind !== 'local') return [];
  const out: TSESTree.Node[] = [];
  for (const ref of resolved.variable.references) {
    let n: TSESTree.Node = ref.identifier;
    while (n.parent.type === AST_NODE_TYPES.AssignmentExpression && n.parent.right === n && n.parent.operator === '=') {
      out.push(n.parent.left);
      n = n.parent;
    }
  }
  return out;
}

/**
 * `for (const item of this.listeners) target.off(item.name, item.listener)`: the removal's
 * handler comes from a list, and the registration's handler was put in that list
 * (`this.listeners.push({ name, listener })`) where it was registered.
 */
function fromHandlerList(arg: TSESTree.Node, reg: Registration, ctx: DisposalContext): boolean {
  const a = unwrapExpression(arg);
  const item = a.type === AST_NODE_TYPES.MemberExpression ? unwrapExpression(a.object) : a;
  const key = a.type === AST_NODE_TYPES.MemberExpression ? memberName(a) : null;
  if (item.type !== AST_NODE_TYPES.Identifier || !reg.handler) return false;
  const resolved = resolveReference(item, ctx.scopeOf(item));
  const def = resolved?.kind === 'local' ? resolved.variable.defs[0] : undefined;
  let list: TSESTree.Node | null = null;
  const decl = def?.node.parent;
  if (def?.type === DefinitionType.Variable && decl?.parent?.type === AST_NODE_TYPES.ForOfStatement && decl.parent.left === decl) list = decl.parent.right;
  if (def?.type === DefinitionType.Parameter && def.node.parent.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(def.node.parent.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'forEach' && def.node.params[0] === def.name) list = callee.object;
  }
  if (!list) return false;
  const collection = list;
  const handler = reg.handler;
  const holds = (v: TSESTree.Node): boolean => {
    const u = unwrapExpression(v);
    if (key === null) return sameValue(u, handler, ctx.scopeOf);
    return u.type === AST_NODE_TYPES.ObjectExpression && u.properties.some((p) =>
      p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === key && sameValue(p.value, handler, ctx.scopeOf));
  };
  const home = innermostFunction(reg.call) ?? reg.call;
  return ctx.index.callsWithin(home).some((c) => {
    const callee = unwrapExpression(c.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && ADDING.has(memberName(callee) ?? '') && sameValue(callee.object, collection, ctx.scopeOf) && c.arguments.some(holds);
  });
}

const ADDING = new Set(['push', 'add', 'unshift']);

/** Is `arg` the registration's handler: the same value, a helper's parameter given it, an alias, or an entry of a handler list? */
function sameHandler(arg: TSESTree.Node, reg: Registration, d: Disposal, ctx: DisposalContext): boolean {
  if (!reg.handler) return true;
  if (sameValue(arg, reg.handler, ctx.scopeOf)) return true;
  const given = boundArgument(arg, d.entries, ctx.scopeOf);
  if (given && sameValue(given, reg.handler, ctx.scopeOf)) return true;
  if (handlerAliases(reg.handler, ctx.scopeOf).some((alias) => sameValue(arg, alias, ctx.scopeOf))) return true;
  return fromHandlerList(arg, reg, ctx);
}

/**
 * Does the removal's event argument name the registration's event? Constants by value; an
 * event that cannot be told statically matches only a removal that cannot be told either.
 */
function sameEventArg(arg: TSESTree.Node | undefined, reg: Registration, scopeOf: ScopeOf): boolean {
  if (reg.event !== null) return sameEvent(arg, reg.event, scopeOf);
  return arg !== undefined && constantString(arg, scopeOf) === null;
}

/** off() / this.sub.unsubscribe() / clearInterval(id) / disposables.push(sub): a call of, on or taking the handle. */
function undoesHandle(d: Disposal, reg: Registration, handle: TSESTree.Node, scopeOf: ScopeOf): boolean {
  const spec = FAMILIES[reg.family];
  // `addEventListener` returns nothing (React Native's a subscription with `remove()`):
  // passing what it returned to `removeEventListener` removes nothing.
  if (reg.family === 'dom') return d.receiver !== null && d.method !== null && spec.handleDisposers.includes(d.method) && sameValue(d.receiver, handle, scopeOf);
  const same = (x: TSESTree.Node): boolean => sameValue(x, handle, scopeOf) || isFieldOf(x, handle);
  if (same(d.call.callee)) return true;
  if (d.receiver && d.method !== null && (spec.handleDisposers.includes(d.method) || DISPOSE_VERBS.has(d.method)) && same(d.receiver)) return true;
  if (d.call.arguments.some(same)) return true;
  // A handle that is an object holding the observer: `this.io.instance.disconnect()`, `const { instance } = this.io`.
  const r = d.receiver ? unwrapExpression(d.receiver) : null;
  const holder = r?.type === AST_NODE_TYPES.MemberExpression ? r.object : r ? destructuredFrom(r, scopeOf) : null;
  return reg.family === 'observer' && holder !== null && d.method !== null && DISPOSE_VERBS.has(d.method) && same(holder);
}

/** `const { instance, el } = this.io`: for `instance`, what it was taken from (`this.io`). */
function destructuredFrom(x: TSESTree.Node, scopeOf: ScopeOf): TSESTree.Node | null {
  if (x.type !== AST_NODE_TYPES.Identifier) return null;
  const resolved = resolveReference(x, scopeOf(x));
  const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
  return def?.type === AST_NODE_TYPES.VariableDeclarator && def.id.type === AST_NODE_TYPES.ObjectPattern && def.init ? def.init : null;
}

/** `this.done` in the class whose field `done = reaction(…)` holds the handle (named by the field's key). */
function isFieldOf(x: TSESTree.Node, handle: TSESTree.Node): boolean {
  const field = handle.parent;
  const u = unwrapExpression(x);
  if (field?.type !== AST_NODE_TYPES.PropertyDefinition || field.key !== handle || handle.type !== AST_NODE_TYPES.Identifier) return false;
  if (u.type !== AST_NODE_TYPES.MemberExpression || u.object.type !== AST_NODE_TYPES.ThisExpression || memberName(u) !== handle.name) return false;
  return thisClassOf(u.object)?.cls === field.parent.parent;
}

/** Does `d` undo `reg`? By receiver, event and handler for pairs; by handle for handle-returning APIs. */
export function undoes(d: Disposal, reg: Registration, handle: TSESTree.Node | null, ctx: DisposalContext): boolean {
  const { scopeOf } = ctx;
  const spec = FAMILIES[reg.family];
  if (handle && undoesHandle(d, reg, handle, scopeOf)) return true;
  if (!reg.target || !d.receiver || d.method === null) return false;
  // Every way on from here needs one of these methods: asked before the receiver's identity, which
  // costs more, and most calls of a region are by other names.
  const method = d.method;
  const mayRemove =
    spec.removeAll.includes(method) || TARGET_ENDERS.has(method) || SELF_REMOVERS.has(method) || spec.removers.includes(method) || (reg.family === 'custom' && reg.customDispose?.method === method);
  if (!mayRemove || !sameTarget(d.receiver, reg.target, scopeOf, d.entries)) return false;
  const event = (arg: TSESTree.Node | undefined): boolean => sameEventArg(arg, reg, scopeOf);
  const handler = (arg: TSESTree.Node | undefined): boolean => reg.handler === null || (arg !== undefined && sameHandler(arg, reg, d, ctx));
  if (spec.removeAll.includes(d.method)) return d.call.arguments.length === 0 || event(d.call.arguments[0]);
  // The target itself is ended: every listener on it goes with it.
  if (TARGET_ENDERS.has(d.method) || (SELF_REMOVERS.has(d.method) && d.call.arguments.length === 0)) return true;
  if (reg.family === 'custom') return reg.customDispose?.kind === 'pair' && d.method === reg.customDispose.method;
  if (!spec.removers.includes(d.method)) return false;
  // `unobserve(x)` releases `observe(x)` only, not `observe(y)`.
  if (reg.family === 'observer') return d.call.arguments[0] !== undefined && reg.call.arguments[0] !== undefined && sameValue(d.call.arguments[0], reg.call.arguments[0], scopeOf);
  if (!event(d.call.arguments[0]) || !handler(d.call.arguments[1])) return false;
  return reg.family !== 'dom' || optionsOf(d.call.arguments[2], scopeOf).capture === reg.capture;
}

/**
 * The handler's own body, when it can be found: a handler that removes itself
 * (`const onAck = () => { bus.off('ack', onAck); … }`) is disposed whoever owns it.
 */
export function handlerBody(reg: Registration, ctx: DisposalContext): TSESTree.Node | null {
  if (reg.family === 'observer') return observerCallback(reg, ctx);
  if (!reg.handler) return null;
  const h = unwrapExpression(reg.handler);
  if (isFunction(h)) return h;
  if (h.type === AST_NODE_TYPES.Identifier) {
    const resolved = resolveReference(h, ctx.scopeOf(h));
    const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
    if (def?.type === AST_NODE_TYPES.FunctionDeclaration) return def;
    if (def?.type === AST_NODE_TYPES.VariableDeclarator && def.init && isFunction(unwrapExpression(def.init))) return def.init;
    return null;
  }
  if (h.type === AST_NODE_TYPES.MemberExpression) {
    const assigned = ctx.assignmentsTo(h).find((a) => isFunction(unwrapExpression(a.right)));
    return assigned ? assigned.right : null;
  }
  return null;
}

/** An observer's own callback (`new IntersectionObserver((e) => { …; io.disconnect(); })`): it may end the observer. */
function observerCallback(reg: Registration, ctx: DisposalContext): TSESTree.Node | null {
  const t = reg.target ? unwrapExpression(reg.target) : null;
  let made: TSESTree.Node | null = null;
  if (t?.type === AST_NODE_TYPES.Identifier) {
    const resolved = resolveReference(t, ctx.scopeOf(t));
    const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
    made = def?.type === AST_NODE_TYPES.VariableDeclarator && def.init ? unwrapExpression(def.init) : null;
  } else if (t?.type === AST_NODE_TYPES.MemberExpression) {
    const assigned = ctx.assignmentsTo(t);
    made = assigned.length === 1 && assigned[0] ? unwrapExpression(assigned[0].right) : null;
  }
  const cb = made?.type === AST_NODE_TYPES.NewExpression && made.arguments[0] ? unwrapExpression(made.arguments[0]) : null;
  return cb && isFunction(cb) ? cb : null;
}

/** `this.subs.add(sub)`, `disposables.push(d)`, `store.track(x)`: a call that keeps a handle for disposal. */
export function isSinkCall(call: TSESTree.CallExpression, names: (key: NameListKey) => ReadonlySet<string>): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const m = memberName(callee);
  if (m === null) return false;
  if (DISPOSING_METHODS.has(m)) return true;
  const obj = unwrapExpression(callee.object);
  const tail = nameOf(obj);
  const last = tail === null ? undefined : nameWords(tail).at(-1);
  return last !== undefined && names('disposingSinks').has(last);
}

/** The handle is given to a disposing collection somewhere in `region`. */
export function handedToSink(handle: TSESTree.Node, region: TSESTree.Node, ctx: DisposalContext): boolean {
  return ctx.index.callsWithin(region).some((c) => c.arguments.some((a) => sameValue(a, handle, ctx.scopeOf)) && isSinkCall(c, ctx.names));
}

/** A call that disposes what it is given: a handle passed to it is released, not handed on. */
export function isDisposeCall(c: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = unwrapExpression(c.callee);
  const name = nameOf(callee);
  return name !== null && DISPOSE_VERBS.has(name);
}

/** `call` sits in the `finally` of a `try` of `fn` whose block contains `inner`. */
function inFinallyOf(call: TSESTree.Node, inner: TSESTree.Node, fn: FunctionNode): boolean {
  for (let p: TSESTree.Node | undefined = call.parent; p && p !== fn; p = p.parent) {
    const t = p.parent;
    if (t?.type === AST_NODE_TYPES.TryStatement && t.finalizer === p && inner.range[0] >= t.block.range[0] && inner.range[1] <= t.block.range[1]) return true;
  }
  return false;
}

/** Disposals at the function's own level must cover every path; ones in callbacks run later. */
export function everyPathDisposes(reg: Registration, found: readonly Disposal[], fn: FunctionNode, tracker: PathTracker): boolean {
  const own = found.filter((d) => innermostFunction(d.call) === fn);
  if (own.length < found.length) return true; // a callback (or the handler itself) removes it
  // Added in a nested callback inside `try { … }` and removed in its `finally`: the removal
  // runs whenever the try ends (`try { await new Promise(…add…) } finally { remove }`).
  if (innermostFunction(reg.call) !== fn && own.some((d) => inFinallyOf(d.call, reg.call, fn))) return true;
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
 * `{ signal: ac.signal }` where `ac` is the owner's own controller (`new AbortController()`,
 * `this.#ac`): the controller, if nothing in `region` aborts it and it never leaves the
 * owner (returned, passed on, stored elsewhere: trusted). Null when the signal is fine or unknown.
 */
export function unabortedController(reg: Registration, region: readonly TSESTree.Node[], ctx: DisposalContext): TSESTree.Node | null {
  const s = reg.signal ? unwrapExpression(reg.signal) : null;
  if (s?.type !== AST_NODE_TYPES.MemberExpression || memberName(s) !== 'signal') return null;
  const ctl = unwrapExpression(s.object);
  const resolved = ctl.type === AST_NODE_TYPES.Identifier ? resolveReference(ctl, ctx.scopeOf(ctl)) : null;
  if (resolved?.kind === 'local') {
    const def = resolved.variable.defs[0]?.node;
    if (def?.type !== AST_NODE_TYPES.VariableDeclarator || def.init?.type !== AST_NODE_TYPES.NewExpression || isModuleLevel(resolved.variable)) return null;
  } else if (ctl.type !== AST_NODE_TYPES.MemberExpression || ctl.object.type !== AST_NODE_TYPES.ThisExpression) return null;
  if (disposalsIn(region, ctx).some((d) => d.method === 'abort' && d.receiver !== null && sameValue(d.receiver, ctl, ctx.scopeOf))) return null;
  const escapes = resolved?.kind === 'local' && resolved.variable.references.some((r) => {
    const f = fateOf(r.identifier);
    return f.kind === 'returned' || f.kind === 'argument' || (f.kind === 'stored' && r.identifier.parent.type !== AST_NODE_TYPES.VariableDeclarator);
  });
  return escapes ? null : ctl;
}

/** A function the owner returns: inline, or a local function it names (`return removeListeners`). */
function returnedFunction(n: TSESTree.Node, ctx: DisposalContext): TSESTree.Node | null {
  if (isFunction(n)) return n;
  if (n.type !== AST_NODE_TYPES.Identifier) return null;
  const resolved = resolveReference(n, ctx.scopeOf(n));
  const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
  if (def?.type === AST_NODE_TYPES.FunctionDeclaration) return def;
  return def?.type === AST_NODE_TYPES.VariableDeclarator && def.init && isFunction(unwrapExpression(def.init)) ? def.init : null;
}

/**
 * The function hands its caller a disposer: it returns a function that removes listeners of
 * the registration's kind (`return () => removeEvents(el, handlers)`), so the caller owns the
 * release even when the handlers are reached through other names there.
 */
export function returnsDisposer(fn: FunctionNode, reg: Registration, ctx: DisposalContext): boolean {
  const spec = FAMILIES[reg.family];
  const removing = new Set([...spec.removers, ...spec.removeAll]);
  const disposers = returnedFunctions(fn).flatMap((n) => returnedFunction(n, ctx) ?? []);
  return disposers.length > 0 && disposalsIn(disposers, ctx).some((d) => d.method !== null && (removing.has(d.method) || TARGET_ENDERS.has(d.method)));
}

/** Where a handle kept in a local can be disposed: the function (or module) that declares the local. */
export function handleHome(handle: TSESTree.Node | null, scopeOf: ScopeOf): TSESTree.Node | null {
  if (handle?.type !== AST_NODE_TYPES.Identifier) return null;
  const resolved = resolveReference(handle, scopeOf(handle));
  return resolved?.kind === 'local' ? resolved.variable.scope.block : null;
}

/** The class body or object literal whose method `fn` is: its sibling methods share the instance. */
function methodContainer(fn: FunctionNode): TSESTree.Node | null {
  const p = fn.parent;
  if (p.type === AST_NODE_TYPES.MethodDefinition || p.type === AST_NODE_TYPES.PropertyDefinition) return p.parent;
  if (p.type === AST_NODE_TYPES.Property && p.value === fn && p.parent.type === AST_NODE_TYPES.ObjectExpression) return p.parent;
  return null;
}

/**
 * A per-call registration undone outside its call: by a sibling method of the same class or
 * object (`start()` adds, `stop()` removes the same handler), where a handle kept in an outer
 * local is visible (`timer = setInterval(…)` cleared by a sibling `stop`), or by the call itself
 * taking the same handler off the previous target first (an off-old/on-new swap), or by the call
 * resetting the target before it adds (`resetsFirst`). Only removals
 * of this handler or handle count: ending the whole target elsewhere does not stop a pile-up.
 */
export function disposedBeside(reg: Registration, fn: FunctionNode, handle: TSESTree.Node | null, ctx: ResetContext): boolean {
  const spec = FAMILIES[reg.family];
  const specific = (d: Disposal): boolean =>
    d.call !== reg.call && ((handle !== null && undoesHandle(d, reg, handle, ctx.scopeOf)) || (d.method !== null && spec.removers.includes(d.method) && reg.handler !== null && undoes(d, reg, null, ctx)));
  const outside = [methodContainer(fn), handleHome(handle, ctx.scopeOf)].filter((r): r is TSESTree.Node => r !== null && !within(r, fn));
  if (outside.length > 0 && disposalsIn(outside, ctx).some((d) => !within(d.call, fn) && specific(d))) return true;
  // The reset: the call first removes every listener of the event from the target (`release/resets.ts`).
  if (resetsFirst(reg, fn, ctx)) return true;
  const h = reg.handler ? unwrapExpression(reg.handler) : null;
  if (!h || isFunction(h) || h.type === AST_NODE_TYPES.CallExpression) return false;
  // The swap: `old.off('*', handler)` and then `emitter.on('*', handler)` with the same handler.
  return disposalsIn([fn], ctx).some((d) =>
    d.call.range[0] < reg.call.range[0] && d.method !== null && spec.removers.includes(d.method) && sameEventArg(d.call.arguments[0], reg, ctx.scopeOf) &&
    d.call.arguments[1] !== undefined && sameValue(d.call.arguments[1], h, ctx.scopeOf));
}
