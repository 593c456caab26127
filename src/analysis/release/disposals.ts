import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { nameWords, within } from '../syntax/ast';
import { type FunctionIndex } from '../syntax/functions';
import { type FunctionNode, innermostFunction, isFunction } from '../syntax/nodes';
import { isModuleLevel, memberName, nameOf, resolveReference, unwrapExpression } from '../scope/references';
import { fateOf } from '../fate/fate';
import { returnedFunctions } from '../lifetime/owners';
import { type ScopeOf, sameEvent, sameValue } from '../scope/identity';
import { type NameListKey } from '../vocabulary/registry';
import { DISPOSE_VERBS, DISPOSING_METHODS, FAMILIES, TARGET_ENDERS } from '../vocabulary/subscriptions';
import { type Registration, optionsOf } from '../lifetime/registrations';
import { type CodePathSegment, type PathTracker, findUnreleasedExit } from './code-path';

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

export function disposalOf(call: TSESTree.CallExpression): Disposal {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) return { call, method: memberName(callee), receiver: unwrapExpression(callee.object) };
  return { call, method: callee.type === AST_NODE_TYPES.Identifier ? callee.name : null, receiver: null };
}

/** Calls in `region` that can dispose: any named call (a verb, or a handle called or passed). */
function disposalCallsIn(region: TSESTree.Node, ctx: DisposalContext): Disposal[] {
  return ctx.index.callsWithin(region).map(disposalOf).filter((d) => d.method !== null);
}

/** Disposal calls inside `regions`, two hops into the local functions and `this.methods()` they call. */
export function disposalsIn(regions: readonly TSESTree.Node[], ctx: DisposalContext): Disposal[] {
  const expanded: TSESTree.Node[] = [];
  const seen = new Set<TSESTree.Node>();
  const add = (n: TSESTree.Node, hop: number): void => {
    if (seen.has(n)) return;
    seen.add(n);
    expanded.push(n);
    if (hop >= 2) return;
    for (const c of ctx.index.resolve(ctx.index.callsWithin(n))) add(c.target, hop + 1);
    // A returned identifier: `return off` / `return cleanup`.
    const e = unwrapExpression(n);
    if (e.type === AST_NODE_TYPES.Identifier) {
      const resolved = resolveReference(e, ctx.scopeOf(e));
      const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
      if (def) add(def, hop + 1);
    }
  };
  for (const r of regions) add(r, 0);
  const found = new Map<TSESTree.CallExpression, Disposal>();
  for (const r of expanded) for (const d of disposalCallsIn(r, ctx)) found.set(d.call, d);
  return [...found.values()].sort((a, b) => a.call.range[0] - b.call.range[0]);
}

/**
 * Does `x` name the target? The target itself, or an alias: `bus` and `this.bus` after
 * `this.bus = bus`, `q` and `this.queue` after `const q = this.queue`, a constructor
 * parameter and the field it becomes.
 */
export function sameTarget(x: TSESTree.Node, target: TSESTree.Node, scopeOf: ScopeOf): boolean {
  const t = unwrapExpression(target);
  if (sameValue(x, t, scopeOf)) return true;
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

/** Does `d` undo `reg`? By receiver, event and handler for pairs; by handle for handle-returning APIs. */
export function undoes(d: Disposal, reg: Registration, handle: TSESTree.Node | null, scopeOf: ScopeOf): boolean {
  const spec = FAMILIES[reg.family];
  if (handle) {
    // off() / this.sub.unsubscribe() / clearInterval(id) / disposables.push(sub)
    if (sameValue(d.call.callee, handle, scopeOf)) return true;
    if (d.receiver && d.method !== null && (spec.handleDisposers.includes(d.method) || DISPOSE_VERBS.has(d.method)) && sameValue(d.receiver, handle, scopeOf)) return true;
    if (d.call.arguments.some((a) => sameValue(a, handle, scopeOf))) return true;
  }
  if (!reg.target || !d.receiver || d.method === null || !sameTarget(d.receiver, reg.target, scopeOf)) return false;
  const event = (arg: TSESTree.Node | undefined): boolean => reg.event === null || sameEvent(arg, reg.event, scopeOf);
  const handler = (arg: TSESTree.Node | undefined): boolean => reg.handler === null || (arg !== undefined && sameValue(arg, reg.handler, scopeOf));
  if (spec.removeAll.includes(d.method)) return d.call.arguments.length === 0 || event(d.call.arguments[0]);
  // The target itself is ended: every listener on it goes with it.
  if (TARGET_ENDERS.has(d.method)) return true;
  if (reg.family === 'custom') return reg.customDispose?.kind === 'pair' && d.method === reg.customDispose.method;
  if (!spec.removers.includes(d.method)) return false;
  if (reg.family === 'observer') return true;
  if (!event(d.call.arguments[0]) || !handler(d.call.arguments[1])) return false;
  return reg.family !== 'dom' || optionsOf(d.call.arguments[2]).capture === reg.capture;
}

/**
 * The handler's own body, when it can be found: a handler that removes itself
 * (`const onAck = () => { bus.off('ack', onAck); … }`) is disposed whoever owns it.
 */
export function handlerBody(reg: Registration, ctx: DisposalContext): TSESTree.Node | null {
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

/** Disposals at the function's own level must cover every path; ones in callbacks run later. */
export function everyPathDisposes(reg: Registration, found: readonly Disposal[], fn: FunctionNode, tracker: PathTracker): boolean {
  const own = found.filter((d) => innermostFunction(d.call) === fn);
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
