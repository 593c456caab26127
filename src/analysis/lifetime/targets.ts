import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { nameWords, rootOf, walkAll, within } from '../syntax/ast';
import { functionName } from '../syntax/functions';
import { type FunctionNode, innermostFunction, isCallArgument, isFunction } from '../syntax/nodes';
import { callbackFrequency } from '../frequency/callbacks';
import { isModuleLevel, isParameterDef, memberName, resolveReference, unwrapExpression } from '../scope/references';
import { type ScopeOf, sameValue } from '../scope/identity';
import { type NameListKey } from '../vocabulary/registry';
import { ADOPTING_CALLS, CONSUMERS, DOM_LOOKUPS, EVENT_WAITERS, MAYBE_NEVER_EVENTS, TERMINAL_EVENTS } from '../vocabulary/subscriptions';
import { type Registration } from './registrations';

/**
 * Question 2 for listener targets: how long does the receiver of a registration live
 * relative to its owner? `long` (a global, a module-level singleton, an import, a dependency
 * handed in), `self` (made by the owner, or adopted by it: it dies with the owner), or
 * `unknown`. Decided by where the receiver comes from — its definition, who assigned the
 * member, what the function does with a parameter, and what its call sites pass.
 */
export type TargetLifetime = 'long' | 'self' | 'unknown';

export interface TargetContext {
  scopeOf: ScopeOf;
  names: (key: NameListKey) => ReadonlySet<string>;
  /** `longLivedTargets` with the rule option's additions. */
  longLived: ReadonlySet<string>;
  registrationsIn: (region: TSESTree.Node) => readonly Registration[];
  callsIn: (region: TSESTree.Node) => readonly TSESTree.CallExpression[];
  /** Assignments to members (`this.x = …`) inside a region. */
  assignmentsIn: (region: TSESTree.Node) => readonly TSESTree.AssignmentExpression[];
  /** Assignments to the same member as `member` (by `sameValue`), anywhere in the file. */
  assignmentsTo: (member: TSESTree.MemberExpression) => readonly TSESTree.AssignmentExpression[];
  callSites: (fn: FunctionNode) => readonly TSESTree.CallExpression[];
  /** A call site in code that runs once for its holder (module start-up, a constructor of a class without teardown): what it adds is added once. */
  runsOnce?: (site: TSESTree.CallExpression) => boolean;
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** `createServer()`, `openConnection()`, `spawn()`, `io(url)`: a call that makes a fresh object. */
export function isFactoryCall(node: TSESTree.Node, ctx: TargetContext): boolean {
  const n = unwrapExpression(node);
  if (n.type !== AST_NODE_TYPES.CallExpression) return false;
  const c = unwrapExpression(n.callee);
  const name = c.type === AST_NODE_TYPES.MemberExpression ? memberName(c) : c.type === AST_NODE_TYPES.Identifier ? c.name : null;
  const words = ctx.names('factoryWords');
  return name !== null && (words.has(name) || words.has(nameWords(name)[0] ?? ''));
}

function initOf(id: TSESTree.Identifier, ctx: TargetContext): TSESTree.Node | null {
  const resolved = resolveReference(id, ctx.scopeOf(id));
  const def = resolved?.kind === 'local' ? resolved.variable.defs[0]?.node : undefined;
  return def?.type === AST_NODE_TYPES.VariableDeclarator && def.init ? unwrapExpression(def.init) : null;
}

/**
 * `src.pipe(new Transform())` returns the stream it pipes into: a registration chained on it
 * (`.pipe(new X()).on('error', h)`) is on that fresh stream, not on `src`.
 */
function pipedInto(target: TSESTree.Node): TSESTree.Node {
  const t = unwrapExpression(target);
  if (t.type !== AST_NODE_TYPES.CallExpression || t.arguments.length !== 1) return t;
  const callee = unwrapExpression(t.callee);
  const dest = unwrapExpression(t.arguments[0] as TSESTree.Node);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'pipe' && dest.type === AST_NODE_TYPES.NewExpression ? dest : t;
}

/** Made by its owner (`this`, `new X()`, a local made by `new` or a factory): dies with it. */
export function madeByOwner(target: TSESTree.Node, ctx: TargetContext): boolean {
  const t = pipedInto(target);
  if (t.type === AST_NODE_TYPES.ThisExpression || t.type === AST_NODE_TYPES.NewExpression) return true;
  if (t.type !== AST_NODE_TYPES.Identifier) return false;
  const init = initOf(t, ctx);
  return init !== null && (init.type === AST_NODE_TYPES.NewExpression || isFactoryCall(init, ctx));
}

/** A member chain with a call in it (`innerFrom(x).subscribe`) names a fresh object, unless it is a DOM lookup. */
function chainHasCall(node: TSESTree.Node): boolean {
  let n = unwrapExpression(node);
  for (;;) {
    if (n.type === AST_NODE_TYPES.MemberExpression) n = unwrapExpression(n.object);
    else if (n.type === AST_NODE_TYPES.CallExpression) {
      const c = unwrapExpression(n.callee);
      const m = c.type === AST_NODE_TYPES.MemberExpression ? memberName(c) : null;
      if (m === null || !DOM_LOOKUPS.has(m)) return true;
      n = unwrapExpression((c as TSESTree.MemberExpression).object);
    } else return false;
  }
}

/** A receiver rooted at a global, an import or a module-level variable: its lifetime; at a local: the variable, to look further. */
function rootLifetime(root: TSESTree.Identifier, ctx: TargetContext): TargetLifetime | TSESLint.Scope.Variable {
  const resolved = resolveReference(root, ctx.scopeOf(root));
  if (!resolved) return 'unknown';
  if (resolved.kind === 'global') return ctx.longLived.has(resolved.name.split('.')[0] ?? '') || ctx.longLived.has(root.name) ? 'long' : 'unknown';
  if (resolved.kind === 'import' || isModuleLevel(resolved.variable)) return 'long';
  return resolved.variable;
}

/** How long the target lives, seen from an owner that is one call of `owner.fn`. */
export function perCallTargetLifetime(reg: Registration, owner: { fn: FunctionNode; inlineCallback: boolean }, ctx: TargetContext): TargetLifetime {
  if (!reg.target) return reg.family === 'interval' || reg.family === 'watcher' ? 'long' : 'unknown';
  return lifetimeOf(reg, reg.target, owner, ctx, 0);
}

function lifetimeOf(reg: Registration, target: TSESTree.Node, owner: { fn: FunctionNode | null; inlineCallback: boolean }, ctx: TargetContext, depth: number): TargetLifetime {
  const t = pipedInto(target);
  if (t.type === AST_NODE_TYPES.NewExpression) return 'self';
  // A method's `this` is the instance it is called on again and again: it outlives the call
  // and keeps each handler added to it (`this.subscribe()` with none keeps no closure).
  if (t.type === AST_NODE_TYPES.ThisExpression) return owner.fn && reg.handler !== null && isPerCallMethod(owner.fn) ? 'long' : 'self';
  if (chainHasCall(t)) return 'unknown';
  const root = rootOf(t);
  if (!root) return 'unknown';
  if (root.type === AST_NODE_TYPES.ThisExpression) return owner.fn && madeEarlierIn(t, owner.fn, ctx) ? 'self' : 'long';
  const variable = rootLifetime(root, ctx);
  if (variable === 'long' && owner.fn && moduleVariableMadeEarlierIn(root, t, owner.fn, ctx)) return 'self';
  if (typeof variable === 'string') return variable;
  const def = variable.defs[0];
  if (!def) return 'unknown';
  if (isParameterDef(def)) {
    if (def.node === owner.fn && owner.inlineCallback) return 'self';
    // Observables handed in are usually cold and fresh: `subscribe` needs stronger evidence.
    if (reg.family === 'subscribe') return 'unknown';
    const fnOfParam = isFunction(def.node) ? def.node : owner.fn;
    if (!fnOfParam) return 'unknown';
    if (fnOfParam.parent.type === AST_NODE_TYPES.CallExpression && (fnOfParam.parent.arguments as TSESTree.Node[]).includes(fnOfParam)) return 'unknown';
    return paramOutlivesCall(reg, root, fnOfParam, ctx, depth) ? 'long' : 'self';
  }
  if (def.node.type !== AST_NODE_TYPES.VariableDeclarator) return 'unknown';
  if (!def.node.init) return madeOnEveryWrite(variable, ctx) ? 'self' : 'unknown';
  const init = unwrapExpression(def.node.init);
  if (init.type === AST_NODE_TYPES.NewExpression || init.type === AST_NODE_TYPES.ObjectExpression || init.type === AST_NODE_TYPES.ArrayExpression) return 'self';
  if (init.type === AST_NODE_TYPES.CallExpression) {
    if (isFactoryCall(init, ctx)) return 'self';
    // `const el = document.querySelector(…)`: an existing node of the page.
    const r = rootOf(init);
    if (r?.type === AST_NODE_TYPES.Identifier) {
      const from = resolveReference(r, ctx.scopeOf(r));
      if (from?.kind === 'global' && ctx.longLived.has(from.name)) return 'long';
    }
    return 'unknown';
  }
  if (depth < 3 && (init.type === AST_NODE_TYPES.Identifier || init.type === AST_NODE_TYPES.MemberExpression)) return lifetimeOf(reg, init, owner, ctx, depth + 1);
  return 'unknown';
}

/** Made fresh: `new X()`, a call's result, a literal object or array. */
function isMade(r: TSESTree.Node): boolean {
  return r.type === AST_NODE_TYPES.NewExpression || r.type === AST_NODE_TYPES.CallExpression || r.type === AST_NODE_TYPES.ObjectExpression || r.type === AST_NODE_TYPES.ArrayExpression;
}

/** The `this.x` a receiver such as `this.x.y` hangs from. */
function thisMember(t: TSESTree.Node): TSESTree.MemberExpression | null {
  let n = unwrapExpression(t);
  while (n.type === AST_NODE_TYPES.MemberExpression) {
    const o = unwrapExpression(n.object);
    if (o.type === AST_NODE_TYPES.ThisExpression) return n;
    n = o;
  }
  return null;
}

/**
 * `this.list = blessed.list({…}); … this.list.on('select', h)`: the call itself made the member
 * it listens on, earlier in its own body, so each call listens on a new object and drops the old.
 */
function madeEarlierIn(t: TSESTree.Node, fn: FunctionNode, ctx: TargetContext): boolean {
  const member = thisMember(t);
  return member !== null && madeOnEveryPathBefore(ctx.assignmentsTo(member), t, fn);
}

/**
 * `child = fork(…)` / `if (a) child = fork(…); else child = spawn(…);` before `child.on(…)`:
 * every assignment of the call before the registration makes a fresh object, and one runs on
 * every path (unconditionally, or in both branches of an `if`).
 */
function madeOnEveryPathBefore(assignments: readonly TSESTree.AssignmentExpression[], t: TSESTree.Node, fn: FunctionNode): boolean {
  const before = assignments.filter((a) => within(a, fn) && innermostFunction(a) === fn && a.range[1] < t.range[0]);
  if (before.length === 0 || !before.every((a) => a.operator === '=' && isMade(unwrapExpression(a.right)))) return false;
  const covers = (n: TSESTree.Node): boolean => before.some((a) => within(a, n));
  const straight = new Set<string>([AST_NODE_TYPES.ExpressionStatement, AST_NODE_TYPES.BlockStatement, AST_NODE_TYPES.SequenceExpression, AST_NODE_TYPES.AssignmentExpression]);
  return before.some((a) => {
    // Out from the assignment to the block it shares with the registration, through straight code only.
    for (let p: TSESTree.Node | undefined = a.parent; p; p = p.parent) {
      if (within(t, p)) return true;
      if (p.type === AST_NODE_TYPES.IfStatement) {
        // `if (…) x = f(); else x = g();`: both branches make it, then look further out.
        if (!p.alternate || !covers(p.consequent) || !covers(p.alternate)) return false;
      } else if (!straight.has(p.type)) return false;
    }
    return false;
  });
}

/** A module-level variable the call assigns a fresh object on every path before listening on it. */
function moduleVariableMadeEarlierIn(root: TSESTree.Identifier, t: TSESTree.Node, fn: FunctionNode, ctx: TargetContext): boolean {
  const resolved = resolveReference(root, ctx.scopeOf(root));
  if (resolved?.kind !== 'local' || !isModuleLevel(resolved.variable)) return false;
  const assignments = resolved.variable.references
    .map((r) => r.identifier.parent)
    .filter((a): a is TSESTree.AssignmentExpression => a.type === AST_NODE_TYPES.AssignmentExpression && a.left.type === AST_NODE_TYPES.Identifier && a.left.name === root.name);
  return madeOnEveryPathBefore(assignments, t, fn);
}

/**
 * A method of a class or prototype other than its constructor: called on the same instance
 * again and again, so what it adds to `this` stays with the instance, one more per call.
 */
function isPerCallMethod(fn: FunctionNode): boolean {
  const p = fn.parent;
  if (p.type === AST_NODE_TYPES.MethodDefinition) return p.kind === 'method' && !p.static;
  if (p.type === AST_NODE_TYPES.PropertyDefinition) return !p.static && p.value === fn;
  // `Cls.prototype.m = function () {…}`
  if (p.type === AST_NODE_TYPES.AssignmentExpression && p.right === fn && p.left.type === AST_NODE_TYPES.MemberExpression) {
    const o = unwrapExpression(p.left.object);
    return o.type === AST_NODE_TYPES.MemberExpression && memberName(o) === 'prototype';
  }
  return false;
}

/** `let server; if (tls) server = createSecureServer(…); else server = createServer(…);`: every write makes it. */
function madeOnEveryWrite(variable: TSESLint.Scope.Variable, ctx: TargetContext): boolean {
  const writes = variable.references.filter((r) => r.isWrite());
  return writes.length > 0 && writes.every((r) => {
    const w = r.writeExpr ? unwrapExpression(r.writeExpr) : null;
    const assign = r.identifier.parent;
    const plain = assign.type !== AST_NODE_TYPES.AssignmentExpression || assign.operator === '=';
    return plain && w !== null && (w.type === AST_NODE_TYPES.NewExpression || isFactoryCall(w, ctx));
  });
}

/** The parameter's position, for reading what call sites pass. */
function paramIndex(param: TSESTree.Identifier, fn: FunctionNode, ctx: TargetContext): number {
  return fn.params.findIndex((p) => {
    const id = p.type === AST_NODE_TYPES.AssignmentPattern ? p.left : p;
    return id.type === AST_NODE_TYPES.Identifier && sameValue(id, param, ctx.scopeOf);
  });
}

/**
 * A call site adds nothing that piles up on one target when it runs once for its holder (a
 * constructor's set-up call: once per instance, as the same registration written there), or
 * when what it passes is no long-lived object there: made in the caller's run (`new`, a
 * factory, a local made so), one event's own object (a per-event callback's parameter), or
 * a call's result reached from the caller's own argument (`this.setup(target.session())`:
 * the object this run was handed, not one the holder keeps). A call's result reached from
 * `this` or a module variable (`this.setup(this.session())`) may be the same each time.
 */
function freshArgument(arg: TSESTree.Node | undefined, site: TSESTree.CallExpression, reg: Registration, ctx: TargetContext, depth: number): boolean {
  if (!arg || arg.type === AST_NODE_TYPES.SpreadElement || depth >= 3) return false;
  if (ctx.runsOnce?.(site) === true) return true;
  const a = unwrapExpression(arg);
  if (a.type === AST_NODE_TYPES.ObjectExpression || isFactoryCall(a, ctx)) return true;
  const caller = innermostFunction(site);
  if (caller !== null && chainHasCall(a) && rootedAtParameterOf(a, caller, ctx)) return true;
  const inlineCallback = caller !== null && callbackFrequency(caller).run === 'per event';
  return lifetimeOf(reg, a, { fn: caller, inlineCallback }, ctx, depth + 1) === 'self';
}

/**
 * `target.session()`, `event.source.port()`: a chain that starts with a member of one of `fn`'s
 * own parameters. Not a parameter called itself (`getBus()`), which may hand out one shared object.
 */
function rootedAtParameterOf(node: TSESTree.Node, fn: FunctionNode, ctx: TargetContext): boolean {
  const root = rootOf(node);
  if (root?.type !== AST_NODE_TYPES.Identifier || root.parent.type !== AST_NODE_TYPES.MemberExpression || root.parent.object !== root) return false;
  const resolved = resolveReference(root, ctx.scopeOf(root));
  const def = resolved?.kind === 'local' ? resolved.variable.defs[0] : undefined;
  return def !== undefined && isParameterDef(def) && def.node === fn;
}

/** Kept by something longer-lived than the call: a field (`this.socket = socket`) or a collection (`tasks.set(id, task)`). */
function adopts(fn: FunctionNode, same: (n: TSESTree.Node | null) => boolean, ctx: TargetContext): boolean {
  if (ctx.assignmentsIn(fn).some((a) => same(a.right))) return true;
  return ctx.callsIn(fn).some((c) => {
    const callee = unwrapExpression(c.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && ADOPTING_CALLS.has(memberName(callee) ?? '') && c.arguments.some((x) => same(x));
  });
}

/**
 * An event that ends its target (`'close'`, `'end'`); not one that may never come: an
 * `AbortSignal` many calls share may never abort, so listening for `'abort'` is no evidence
 * that it dies with the call.
 */
function endsWith(event: string | null): boolean {
  return event !== null && TERMINAL_EVENTS.has(event) && !MAYBE_NEVER_EVENTS.has(event);
}

/**
 * A parameter outlives the call unless the function treats it as finite: it waits for its
 * end (`'close'`, `'end'`, `'error'`), consumes it (`pipe`, `end`, `destroy`), adopts it
 * (`this.socket = socket`), or no same-file caller hands it a long-lived object more than
 * once per holder (`freshArgument`). With no callers in the file, a server's own set-up event
 * (`opts.wss.on('connection', …)`: the registry's `serverSetupEvents`) or an adopting name
 * (`attachSocket`) is the last evidence.
 */
export function paramOutlivesCall(reg: Registration, param: TSESTree.Identifier, fn: FunctionNode, ctx: TargetContext, depth = 0): boolean {
  const same = (n: TSESTree.Node | null): boolean => n !== null && sameValue(n, param, ctx.scopeOf);
  if (waitsForEnd(fn, same, ctx)) return false;
  for (const c of ctx.callsIn(fn)) {
    const callee = unwrapExpression(c.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && CONSUMERS.has(memberName(callee) ?? '') && same(callee.object)) return false;
  }
  if (adopts(fn, same, ctx)) return false;
  const sites = ctx.callSites(fn);
  const at = paramIndex(param, fn, ctx);
  if (sites.length > 0 && at >= 0) return !sites.every((s) => !s.arguments.slice(0, at).some((x) => x.type === AST_NODE_TYPES.SpreadElement) && freshArgument(s.arguments[at], s, reg, ctx, depth));
  // A server's connection listener, added by a function nothing in its file calls (in its own body,
  // not in a callback it hands on, which may run per request), is that server's set-up.
  if (sites.length === 0 && innermostFunction(reg.call) === fn && reg.event !== null && ctx.names('serverSetupEvents').has(reg.event)) return false;
  // An adopting name (`add(item)`) adopts its item, not an option destructured beside it (`{ signal }`).
  const name = functionName(fn);
  return name === null || at < 0 || !ctx.names('adoptingFunctionWords').has(nameWords(name)[0] ?? '');
}

/**
 * For a class with a teardown, only targets known to outlive an instance count: globals,
 * module-level singletons and imports, and members injected from outside. Children the
 * class creates itself die with it; a method's arguments are unknown.
 */
export function classTargetLifetime(target: TSESTree.Node, cls: ClassNode, ctx: TargetContext, depth = 0): TargetLifetime {
  const t = pipedInto(target);
  if (t.type === AST_NODE_TYPES.NewExpression) return 'self';
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
    const member = outer;
    const regFn = innermostFunction(target);
    const toMember = ctx.assignmentsTo(member).filter((a) => within(a, cls));
    const local = toMember.filter((a) => regFn !== null && within(a, regFn) && a.range[0] < target.range[0]).at(-1);
    const assigned = local ? [unwrapExpression(local.right)] : [...fieldInitializers(member, cls), ...toMember.map((a) => unwrapExpression(a.right))];
    if (isParameterProperty(member, cls)) return 'long';
    // Never assigned here: set by the framework or DI (`@Inject`, `inject()`), from outside.
    if (assigned.length === 0) return 'long';
    if (assigned.some((r) => r.type === AST_NODE_TYPES.Identifier && isParamOf(r, cls, ctx))) return 'long';
    if (assigned.some((r) => r.type === AST_NODE_TYPES.CallExpression && r.callee.type === AST_NODE_TYPES.Identifier && r.callee.name === 'inject')) return 'long';
    const made = (r: TSESTree.Node): boolean =>
      r.type === AST_NODE_TYPES.NewExpression || r.type === AST_NODE_TYPES.CallExpression || r.type === AST_NODE_TYPES.ObjectExpression || r.type === AST_NODE_TYPES.ArrayExpression;
    return assigned.every(made) ? 'self' : 'unknown';
  }
  const variable = rootLifetime(root, ctx);
  if (typeof variable === 'string') return variable;
  // A constructor's parameters are dependencies handed in: they outlive the instance.
  const def = variable.defs[0];
  if (def && isParameterDef(def) && isFunction(def.node) && def.node.parent.type === AST_NODE_TYPES.MethodDefinition && def.node.parent.kind === 'constructor') return 'long';
  // `const target = window.visualViewport ?? window`: a local that only names what it is given.
  if (depth < 3 && t === root && def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init && variable.references.every((r) => !r.isWrite() || r.init === true)) {
    const alternatives = branchesOf(unwrapExpression(def.node.init));
    const lives = alternatives.map((a) => (a.type === AST_NODE_TYPES.Identifier || a.type === AST_NODE_TYPES.MemberExpression ? classTargetLifetime(a, cls, ctx, depth + 1) : 'unknown'));
    if (lives.every((l) => l === 'long')) return 'long';
  }
  return 'unknown';
}

/** The values an expression may take: both sides of `a ?? b`, `a || b`, `c ? a : b`. */
function branchesOf(e: TSESTree.Node): TSESTree.Node[] {
  if (e.type === AST_NODE_TYPES.LogicalExpression && e.operator !== '&&') return [...branchesOf(unwrapExpression(e.left)), ...branchesOf(unwrapExpression(e.right))];
  if (e.type === AST_NODE_TYPES.ConditionalExpression) return [...branchesOf(unwrapExpression(e.consequent)), ...branchesOf(unwrapExpression(e.alternate))];
  return [e];
}

/**
 * An observer is kept alive by the node it observes: `this.mo.observe(document.body)` in a class
 * outlives the instance though the observer is its own child. `long` when the observed node
 * outlives the class (a global such as `document.body`, an injected member), else what
 * `classTargetLifetime` says of the receiver.
 */
export function classRetainerLifetime(reg: Registration, cls: ClassNode, ctx: TargetContext): TargetLifetime {
  const own = reg.target ? classTargetLifetime(reg.target, cls, ctx) : 'unknown';
  const observed = reg.family === 'observer' ? reg.call.arguments[0] : undefined;
  if (own === 'long' || !observed || observed.type === AST_NODE_TYPES.SpreadElement) return own;
  const node = classTargetLifetime(observed, cls, ctx);
  // Kept in a field, the observer lives as long as the node it observes, not as the field:
  // unless the class made that node itself, the node (and the document's observer list) may outlive it.
  const inField = reg.target?.type === AST_NODE_TYPES.MemberExpression && unwrapExpression(reg.target.object).type === AST_NODE_TYPES.ThisExpression;
  return node === 'long' || (inField && node !== 'self') ? 'long' : own;
}

/** `emitter = new EventEmitter()`, `accessor x = …`, `#x = …`: the instance field's own initialiser. */
function fieldInitializers(member: TSESTree.MemberExpression, cls: ClassNode): TSESTree.Node[] {
  const prop = member.property;
  if (member.computed) return [];
  const out: TSESTree.Node[] = [];
  for (const m of cls.body.body) {
    if ((m.type !== AST_NODE_TYPES.PropertyDefinition && m.type !== AST_NODE_TYPES.AccessorProperty) || m.static || m.computed || !m.value) continue;
    const k = m.key;
    const same = (k.type === AST_NODE_TYPES.PrivateIdentifier) === (prop.type === AST_NODE_TYPES.PrivateIdentifier)
      && (k.type === AST_NODE_TYPES.Identifier || k.type === AST_NODE_TYPES.PrivateIdentifier) && (prop.type === AST_NODE_TYPES.Identifier || prop.type === AST_NODE_TYPES.PrivateIdentifier) && k.name === prop.name;
    const v = unwrapExpression(m.value);
    // Only a made child counts; `bus = window` says nothing beyond "never assigned here".
    if (same && (v.type === AST_NODE_TYPES.NewExpression || v.type === AST_NODE_TYPES.CallExpression || v.type === AST_NODE_TYPES.ObjectExpression)) out.push(v);
  }
  return out;
}

function isParamOf(id: TSESTree.Identifier, cls: ClassNode, ctx: TargetContext): boolean {
  const resolved = resolveReference(id, ctx.scopeOf(id));
  const def = resolved?.kind === 'local' ? resolved.variable.defs[0] : undefined;
  return def !== undefined && isParameterDef(def) && within(def.node, cls);
}

function isParameterProperty(member: TSESTree.MemberExpression, cls: ClassNode): boolean {
  const name = memberName(member);
  const ctor = cls.body.body.find((m): m is TSESTree.MethodDefinition => m.type === AST_NODE_TYPES.MethodDefinition && m.kind === 'constructor');
  return ctor?.value.params.some((p) => p.type === AST_NODE_TYPES.TSParameterProperty && p.parameter.type === AST_NODE_TYPES.Identifier && p.parameter.name === name) ?? false;
}

/** The function waits for a local target's end (`'close'`, `'finish'`…): it treats the target as finite. */
export function awaitsEndOf(target: TSESTree.Node, fn: FunctionNode, ctx: TargetContext): boolean {
  const root = rootOf(target);
  if (root?.type === AST_NODE_TYPES.Identifier) {
    // Waiting for a shared object's end does not make it end with the call.
    const resolved = resolveReference(root, ctx.scopeOf(root));
    if (resolved?.kind !== 'local' || isModuleLevel(resolved.variable)) return false;
  }
  return waitsForEnd(fn, (n) => n !== null && sameValue(n, target, ctx.scopeOf), ctx);
}

/**
 * Does `fn` wait for the end of a target `same` accepts: a listener for an ending event on it
 * (`stream.on('end', …)`), or a call of an `EVENT_WAITERS` function on it (`await once(stream, 'end')`)?
 */
function waitsForEnd(fn: FunctionNode, same: (n: TSESTree.Node | null) => boolean, ctx: TargetContext): boolean {
  if (ctx.registrationsIn(fn).some((r) => same(r.target) && endsWith(r.event))) return true;
  return ctx.callsIn(fn).some((c) => {
    const [emitter, event] = c.arguments;
    if (!emitter || event?.type !== AST_NODE_TYPES.Literal || typeof event.value !== 'string' || !endsWith(event.value) || !same(emitter)) return false;
    const r = resolveReference(c.callee, ctx.scopeOf(c));
    return r?.kind === 'import' && EVENT_WAITERS.some((w) => w.source === r.source && w.name === r.name);
  });
}

/** Every identifier and member read in `node`: what a guard tests. */
function readsIn(node: TSESTree.Node): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  walkAll(node, (n) => {
    if (n.type === AST_NODE_TYPES.Identifier || n.type === AST_NODE_TYPES.MemberExpression) out.push(n);
  });
  return out;
}

/** What `region` assigns: members (`this.bound = true`) and variables declared outside `fn` (`alreadySetup = true`). */
function assignedIn(region: TSESTree.Node, fn: FunctionNode, ctx: TargetContext): TSESTree.AssignmentExpression[] {
  const out = [...ctx.assignmentsIn(region)];
  // Only state that outlives the call: a variable declared outside the function. Its writes inside
  // the function are among the references the function's scope passes on to the scopes around it
  // (nested functions included): read from there, not by a walk of the region.
  for (const ref of ctx.scopeOf(fn).through) {
    const id = ref.identifier;
    const n = id.parent;
    if (!ref.isWrite() || n.type !== AST_NODE_TYPES.AssignmentExpression || n.left !== id || !within(n, region)) continue;
    const resolved = resolveReference(id, ctx.scopeOf(id));
    const decl = resolved?.kind === 'local' ? resolved.variable.defs[0]?.name : undefined;
    if (decl && !within(decl, fn)) out.push(n);
  }
  return out;
}

const bodyCache = new WeakMap<TargetContext, WeakMap<FunctionNode, readonly TSESTree.AssignmentExpression[]>>();

/** `assignedIn` of a function's whole body, kept per file's context: every registration in it asks. */
function bodyAssignments(fn: FunctionNode, ctx: TargetContext): readonly TSESTree.AssignmentExpression[] {
  let byFn = bodyCache.get(ctx);
  if (!byFn) bodyCache.set(ctx, (byFn = new WeakMap()));
  let known = byFn.get(fn);
  if (!known) byFn.set(fn, (known = assignedIn(fn.body, fn, ctx)));
  return known;
}

/**
 * `if (this.bound) return; this.bound = true; …`: a guard on what the function sets makes it
 * run its body once per state, like a lazy initialiser, not once per call. So does a guarded
 * block around the registration that sets what it tests (`if (!listening) { listening = true;
 * document.addEventListener(…) }`). A flag tested and never set guards nothing.
 */
export function runsOncePerState(fn: FunctionNode, ctx: TargetContext, at?: TSESTree.Node): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const setsTested = (test: TSESTree.Node, assignments: readonly TSESTree.AssignmentExpression[]): boolean => {
    const tested = readsIn(test);
    return assignments.some((a) => tested.some((n) => sameValue(n, a.left, ctx.scopeOf) || sameValue(n, a.right, ctx.scopeOf)));
  };
  // Walks the whole body: only for a function with an `if` to test, once per function.
  let assignments: readonly TSESTree.AssignmentExpression[] | null = null;
  const own = (): readonly TSESTree.AssignmentExpression[] => (assignments ??= bodyAssignments(fn, ctx));
  for (const st of fn.body.body) {
    if (st.type !== AST_NODE_TYPES.IfStatement) continue;
    const exits = st.consequent.type === AST_NODE_TYPES.ReturnStatement || (st.consequent.type === AST_NODE_TYPES.BlockStatement && st.consequent.body.at(-1)?.type === AST_NODE_TYPES.ReturnStatement);
    if (exits) {
      // `if (this.bound) return; this.bound = true`, or `let x = this[k]; if (x) return …; this[k] = x`
      if (setsTested(st.test, own())) return true;
    } else if (at && within(at, st.consequent) && setsTested(st.test, assignedIn(st.consequent, fn, ctx))) return true;
  }
  return false;
}

/** `con.connect(…)`, `await db.open()`: a statement that calls a start method on `target` on every path through it. */
function startsOnEveryPath(st: TSESTree.Node, target: TSESTree.Node, starts: ReadonlySet<string>, scopeOf: ScopeOf): boolean {
  if (st.type === AST_NODE_TYPES.BlockStatement) return st.body.some((x) => startsOnEveryPath(x, target, starts, scopeOf));
  if (st.type === AST_NODE_TYPES.IfStatement) return st.alternate !== null && startsOnEveryPath(st.consequent, target, starts, scopeOf) && startsOnEveryPath(st.alternate, target, starts, scopeOf);
  if (st.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  let e = unwrapExpression(st.expression);
  if (e.type === AST_NODE_TYPES.AwaitExpression) e = unwrapExpression(e.argument);
  if (e.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(e.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = memberName(callee);
  return name !== null && starts.has(name) && sameValue(callee.object, target, scopeOf);
}

/**
 * Once per target (question 2): `const con = this.connection; con.connect(port, host);
 * con.on('connect', send)` — before it registers, `fn`'s own path starts the very target it
 * listens on (by identity) with one of the registry's `targetStartMethods`, in a statement
 * every path through which starts it (both branches of an `if`). A target starts its
 * lifecycle once, so the function runs once per target and its listener does not pile up.
 * Not when a same-file call site runs `fn` again from a callback (a reconnect from `'close'`
 * or a timer), nor for a start call in another function or on another target.
 */
export function startsItsTarget(reg: Registration, fn: FunctionNode, ctx: TargetContext): boolean {
  const target = reg.target;
  if (!target) return false;
  const starts = ctx.names('targetStartMethods');
  let found = false;
  let child: TSESTree.Node = reg.call;
  for (let p: TSESTree.Node | undefined = reg.call.parent; p && !found; child = p, p = p.parent) {
    if (p.type === AST_NODE_TYPES.BlockStatement) {
      for (const st of p.body) {
        if (st === child) break;
        if (startsOnEveryPath(st, target, starts, ctx.scopeOf)) found = true;
      }
    }
    if (p === fn || (isFunction(p) && !isCallArgument(p))) break;
  }
  if (!found) return false;
  // Run again from a callback (`sock.on('close', () => this.reconnect())`): once per start, not per target.
  return !ctx.callSites(fn).some((site) => {
    for (let f = innermostFunction(site); f; f = innermostFunction(f)) if (isCallArgument(f)) return true;
    return false;
  });
}

/**
 * `window.addEventListener('resize', onResize)` in a function called again and again: an
 * `EventTarget` keeps one listener per type, function and capture, so adding the same function
 * once more adds nothing, and no call leaves one more behind. Only for the DOM family (Node's
 * `EventEmitter` adds duplicates), and only for a handler that is the same function on every call
 * and for the process: an import, or a module-level function or constant given its value only
 * where declared. (A member of `this` is one function per instance, and a closure's one per call
 * of its maker: what keeps each of those is its owner's question, not this one.)
 */
export function addsSameListener(reg: Registration, ctx: TargetContext): boolean {
  if (reg.family !== 'dom' || !reg.handler) return false;
  const h = unwrapExpression(reg.handler);
  if (h.type !== AST_NODE_TYPES.Identifier) return false;
  const r = resolveReference(h, ctx.scopeOf(h));
  if (r?.kind === 'import') return true;
  if (r?.kind !== 'local') return false;
  if (!isModuleLevel(r.variable)) return false;
  return r.variable.references.every((ref) => !ref.isWrite() || ref.init === true);
}
