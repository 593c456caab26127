import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { staticKeyName, walkAll, walkOwn, within } from '../syntax/ast';
import { functionName } from '../syntax/functions';
import { type FunctionNode, innermostFunction, isFunction } from '../syntax/nodes';
import { type ScopeOf, sameValue } from '../scope/identity';
import { fateOf } from '../fate/fate';
import { callbackFrequency, runsAsOftenAsItsCaller } from '../frequency/callbacks';
import { type FrequencyContext, type Home, calledFromOutside, classHome, moduleHome, runsOncePer, usedAsValue } from '../frequency/runs';
import { type Creation, TIMER_RELEASE } from '../vocabulary/timer-calls';
import type { ReleaseCalls } from './releases';

/**
 * Question 4 for a timer handle kept across calls: `this.t = setTimeout(…)` in code that runs
 * again while the previous timer is pending overwrites its handle uncleared; and a
 * `setTimeout` that re-arms itself from its own callback, which nothing can stop.
 */
export interface RearmContext extends FrequencyContext {
  scopeOf: ScopeOf;
  clears: ReleaseCalls;
  /** The `setTimeout`/`setInterval` calls of the file (their callbacks are timer callbacks). */
  timerCalls: ReadonlySet<TSESTree.Node>;
  /** Registry `internalMethodPrefixes`: methods taken as a class's internal steps when nothing in the file calls them. */
  internalPrefixes: ReadonlySet<string>;
}

const mentions = (test: TSESTree.Node, handle: TSESTree.Node, scopeOf: ScopeOf): boolean => {
  let found = false;
  walkAll(test, (n) => {
    if (!found && n.type === handle.type && sameValue(n, handle, scopeOf)) found = true;
  });
  return found;
};

/** The test of a branching node, when `child` is one of its branches. */
function branchTest(p: TSESTree.Node, child: TSESTree.Node): TSESTree.Node | null | undefined {
  switch (p.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return p.test === child ? undefined : p.test;
    case AST_NODE_TYPES.LogicalExpression:
      return p.right === child ? p.left : undefined;
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return p.test ?? null;
    case AST_NODE_TYPES.SwitchCase:
    case AST_NODE_TYPES.CatchClause:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return null;
    default:
      return undefined;
  }
}

/** The conditions `node` runs under inside `fn` (null: a branch with no test, a loop body, a `catch`). */
function conditionsOf(node: TSESTree.Node, fn: TSESTree.Node): (TSESTree.Node | null)[] {
  const out: (TSESTree.Node | null)[] = [];
  for (let child: TSESTree.Node = node, p: TSESTree.Node | undefined = node.parent; p && child !== fn; child = p, p = p.parent) {
    const t = branchTest(p, child);
    if (t !== undefined) out.push(t);
  }
  return out;
}

/** Does `fn`, before `point`, test `handle` or clear it on the way to `point`? */
function guardedIn(fn: FunctionNode, point: TSESTree.Node, handle: TSESTree.Node, ctx: RearmContext): boolean {
  const tested: TSESTree.Node[] = [];
  walkOwn(fn, (n) => {
    if (tested.length > 0 || n.range[0] >= point.range[0]) return;
    const test = n.type === AST_NODE_TYPES.IfStatement || n.type === AST_NODE_TYPES.ConditionalExpression ? n.test : n.type === AST_NODE_TYPES.LogicalExpression ? n.left : null;
    if (test && mentions(test, handle, ctx.scopeOf)) tested.push(test);
  });
  if (tested.length > 0 || singleFlight(fn, point, ctx.scopeOf)) return true;
  const clears = ctx.clears.of([handle], fn, TIMER_RELEASE, ctx.scopeOf).filter((c) => innermostFunction(c) === fn);
  // A clear before it on its path (every branch around the clear holds `point` too), or in the
  // other branch of an `if` around it: that test is the code's own "is one pending?".
  if (clears.some((c) => c.range[1] <= point.range[0] && branchesHold(c, fn, point))) return true;
  for (let child: TSESTree.Node = point, p: TSESTree.Node | undefined = point.parent; p && child !== fn; child = p, p = p.parent) {
    if (p.type !== AST_NODE_TYPES.IfStatement || p.test === child) continue;
    const other = p.consequent === child ? p.alternate : p.consequent;
    if (other && clears.some((c) => within(c, other))) return true;
  }
  return false;
}

/** `if (this.busy) return; this.busy = true; … arm`: a flag the code tests and sets before arming keeps one timer at a time. */
function singleFlight(fn: FunctionNode, point: TSESTree.Node, scopeOf: ScopeOf): boolean {
  const tests: TSESTree.Node[] = [];
  const sets: TSESTree.AssignmentExpression[] = [];
  walkOwn(fn, (n) => {
    if (n.range[1] > point.range[0]) return;
    if (n.type === AST_NODE_TYPES.IfStatement && exits(n.consequent)) tests.push(n.test);
    if (n.type === AST_NODE_TYPES.AssignmentExpression && n.left.type === AST_NODE_TYPES.MemberExpression) sets.push(n);
  });
  return tests.some((t) => sets.some((a) => a.range[0] > t.range[1] && mentions(t, a.left, scopeOf)));
}

function exits(n: TSESTree.Node): boolean {
  if (n.type === AST_NODE_TYPES.ReturnStatement || n.type === AST_NODE_TYPES.ThrowStatement) return true;
  return n.type === AST_NODE_TYPES.BlockStatement && n.body.some(exits);
}

function branchesHold(node: TSESTree.Node, fn: TSESTree.Node, point: TSESTree.Node): boolean {
  for (let child: TSESTree.Node = node, p: TSESTree.Node | undefined = node.parent; p && child !== fn; child = p, p = p.parent) {
    if (branchTest(p, child) !== undefined && !within(point, child)) return false;
  }
  return true;
}

const storedIn = (call: TSESTree.Node, handle: TSESTree.Node, ctx: RearmContext): boolean => {
  const fate = fateOf(call);
  return fate.kind === 'stored' && sameValue(fate.target, handle, ctx.scopeOf);
};

/** `arg` names the function `fn` (its declaration or the variable it initialises). */
function isReferenceTo(arg: TSESTree.Node | undefined, fn: FunctionNode, ctx: RearmContext): boolean {
  if (arg?.type !== AST_NODE_TYPES.Identifier) return false;
  const def = ctx.scopeOf(arg).references.find((r) => r.identifier === arg)?.resolved?.defs[0]?.node;
  return def === fn || (def?.type === AST_NODE_TYPES.VariableDeclarator && def.init === fn);
}

/** A timer callback whose own timer was stored in `handle`: when it runs, that timer has fired. */
function ownTimerCallback(fn: FunctionNode, handle: TSESTree.Node, ctx: RearmContext): boolean {
  return ctx.timerCalls.has(fn.parent) && storedIn(fn.parent, handle, ctx);
}

const bound = (fn: FunctionNode): boolean => {
  const p = fn.parent;
  return fn.type === AST_NODE_TYPES.FunctionDeclaration || p.type === AST_NODE_TYPES.MethodDefinition || p.type === AST_NODE_TYPES.PropertyDefinition || (p.type === AST_NODE_TYPES.VariableDeclarator && p.init === fn);
};

/** Exported from the module: `export function f`, `export const f = …`, `export default function`. */
const exported = (fn: FunctionNode): boolean => {
  const p = fn.parent;
  if (p.type === AST_NODE_TYPES.ExportNamedDeclaration || p.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  return p.type === AST_NODE_TYPES.VariableDeclarator && p.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration;
};

const internalStep = (fn: FunctionNode, prefixes: ReadonlySet<string>): boolean => {
  const key = fn.parent.type === AST_NODE_TYPES.MethodDefinition ? staticKeyName(fn.parent) : null;
  if (key === null) return false;
  for (const prefix of prefixes) if (key.length > prefix.length && key.startsWith(prefix)) return true;
  return false;
};

const named = (fn: FunctionNode) => `\`${functionName(fn) ?? 'this function'}()\``;

/**
 * Why the code that stores a new timer in `handle` at `point` can run again while the previous
 * timer is pending, with nothing testing or clearing the handle first; null when it cannot
 * (once per holder, a guard or a clear before it, the handle's own timer callback re-arming).
 */
export function overwritesPending(point: TSESTree.Node, handle: TSESTree.Node, home: Home, ctx: RearmContext, seen: Set<FunctionNode> = new Set()): string | null {
  for (let p: TSESTree.Node | undefined = point.parent; p; p = p.parent) {
    if (home(p) !== null || p.type === AST_NODE_TYPES.Program) return null;
    if (!isFunction(p)) continue;
    if (guardedIn(p, point, handle, ctx) || ownTimerCallback(p, handle, ctx)) return null;
    if (runsAsOftenAsItsCaller(p, ctx.callbacks)) continue;
    const f = callbackFrequency(p, ctx.callbacks);
    if (f.run === 'per event') return f.label;
    if (f.call !== null) continue;
    // Only a declared or bound function has callers to count: `x.onclose = () => …`, `function () {}.bind(this)` run as code not shown here says.
    if (!bound(p)) return null;
    const sites = ctx.index.callSitesOf(p);
    // `timer = setTimeout(flush, ms)` inside `flush`: passing it to its own handle's timer is no call from outside.
    // `setTimeout(onStart, ms)`: a function passed to a timer runs where that timer is armed.
    const timerUses = [...ctx.timerCalls].filter((t) => t.type === AST_NODE_TYPES.CallExpression && isReferenceTo(t.arguments[0], p, ctx));
    const armed = timerUses.filter((t) => !storedIn(t, handle, ctx));
    // A method its own class calls is taken at those calls (a helper of the class); one nothing here calls runs as its users say: many.
    // Nothing here calls it: an API entry point runs as often as its users call it; a `_`-prefixed
    // method (plain JS's private, a last resort) is its library's own lifecycle step, not shown to run twice.
    if (sites.length + timerUses.length === 0 && !exported(p) && !calledFromOutside(p)) return null;
    if (sites.length + timerUses.length === 0) return internalStep(p, ctx.internalPrefixes) ? null : `${named(p)}, called from outside this file`;
    // Handed to code this file does not show (`start(onCrash)`), or reached through a long chain of calls: not shown to run again.
    if ((usedAsValue(p, ctx, sites.length + timerUses.length) && !calledFromOutside(p)) || seen.has(p) || seen.size > 2) return null;
    seen.add(p);
    for (const site of [...sites, ...armed]) {
      const why = overwritesPending(site, handle, home, ctx, seen);
      if (why !== null) return `${named(p)}, called from line ${site.loc.start.line} (${why})`;
    }
    return null;
  }
  return null;
}

/** The once-per-holder code of the place `handle` lives: its class for `this.x`, its declaring function for a variable. */
export function homeOf(handle: TSESTree.Node, at: TSESTree.Node, scopeOf: ScopeOf): Home | null {
  if (handle.type === AST_NODE_TYPES.MemberExpression) {
    if (handle.object.type !== AST_NODE_TYPES.ThisExpression) return null;
    for (let p = at.parent; p; p = p.parent) {
      if (p.type === AST_NODE_TYPES.ClassBody) return classHome(p.parent);
      if (isFunction(p) && p.type !== AST_NODE_TYPES.ArrowFunctionExpression && p.parent.type !== AST_NODE_TYPES.MethodDefinition && p.parent.type !== AST_NODE_TYPES.PropertyDefinition) return null;
    }
    return null;
  }
  if (handle.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = scopeOf(handle).references.find((r) => r.identifier === handle)?.resolved;
  const block = variable?.scope.block;
  if (!block || block.type === AST_NODE_TYPES.Program) return block ? moduleHome : null;
  return (n) => (n === block ? 'the function that declares it' : null);
}

/**
 * A `setTimeout` in `fn` whose callback calls `fn` again, unconditionally, with no handle any
 * code clears and no test before it is armed: why it is started more than once, or null.
 */
export function endlessChain(timer: TSESTree.CallExpression, ctx: RearmContext): string | null {
  const fn = innermostFunction(timer);
  const cb = timer.arguments[0];
  if (!fn || !cb || !isFunction(cb) || isFunction(fn.parent) || conditionsOf(timer, fn).length > 0) return null;
  const fate = fateOf(timer);
  if (fate.kind === 'stored' && ctx.clears.of([fate.target], ctx.sourceCode.ast, TIMER_RELEASE, ctx.scopeOf).length > 0) return null;
  if (fate.kind !== 'stored' && fate.kind !== 'discarded') return null;
  const early: TSESTree.Node[] = [];
  walkOwn(fn, (n) => {
    if (n.range[0] < timer.range[0] && (n.type === AST_NODE_TYPES.ReturnStatement || n.type === AST_NODE_TYPES.ThrowStatement)) early.push(n);
  });
  if (early.length > 0) return null;
  const rearms = ctx.index.callsWithin(cb).filter((call) => ctx.index.targetOf(call) === fn && unconditionalIn(call, cb, ctx));
  if (rearms.length === 0) return null;
  const starts = ctx.index.callSitesOf(fn).filter((site) => !within(site, fn));
  if (starts.length === 0 || calledFromOutside(fn) || usedAsValue(fn, ctx, ctx.index.callSitesOf(fn).length)) return `${named(fn)}, called from outside this file`;
  const cls = fn.parent.type === AST_NODE_TYPES.MethodDefinition ? fn.parent.parent.parent : null;
  const home = cls ? classHome(cls) : moduleHome;
  for (const site of starts) {
    const run = runsOncePer(site, home, ctx);
    if (run.run === 'many') return `${named(fn)}, called from line ${site.loc.start.line} (${run.why})`;
  }
  return null;
}

/** `call` runs whenever `cb` does: no branch, no early exit before it (unless it sits in a `finally`), only in-place callbacks between. */
function unconditionalIn(call: TSESTree.CallExpression, cb: FunctionNode, ctx: RearmContext): boolean {
  let inFinally = false;
  for (let child: TSESTree.Node = call, p: TSESTree.Node | undefined = call.parent; p && child !== cb; child = p, p = p.parent) {
    if (branchTest(p, child) !== undefined) return false;
    if (p.type === AST_NODE_TYPES.TryStatement && p.finalizer === child) inFinally = true;
    if (isFunction(child) && !runsAsOftenAsItsCaller(child, ctx.callbacks)) return false;
  }
  if (inFinally) return true;
  let exits = false;
  walkOwn(cb, (n) => {
    if (n.range[0] < call.range[0] && (n.type === AST_NODE_TYPES.ReturnStatement || n.type === AST_NODE_TYPES.ThrowStatement)) exits = true;
  });
  return !exits;
}

export type RearmMessage = 'overwrittenTimer' | 'endlessChain';

/** The finding for a timer armed outside a loop turn: an uncleared overwrite of its kept handle, or an endless self-rescheduling chain. */
export function rearmFinding(c: Creation, ctx: RearmContext, text: (n: TSESTree.Node) => string): { messageId: RearmMessage; data: Record<string, string> } | null {
  const call = c.handleCall;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call !== c.value || c.byName || c.cancellable) return null;
  const fate = fateOf(call);
  const clearedSomewhere = fate.kind === 'stored' && ctx.clears.of([fate.target], ctx.sourceCode.ast, TIMER_RELEASE, ctx.scopeOf).length > 0;
  // Only a handle something clears: overwriting it is what lets the earlier timer escape that clear.
  const home = fate.kind === 'stored' && clearedSomewhere ? homeOf(fate.target, call, ctx.scopeOf) : null;
  // A chain re-armed from its own callback only while a flag says so stops with the flag.
  const fn = innermostFunction(call);
  const cb = call.arguments[0];
  const flagged = fn !== null && cb !== undefined && isFunction(cb) && conditionsOf(call, fn).length > 0 && ctx.index.callsWithin(cb).some((x) => ctx.index.targetOf(x) === fn);
  const why = fate.kind === 'stored' && home && !flagged ? overwritesPending(call, fate.target, home, ctx) : null;
  if (why !== null && fate.kind === 'stored') return { messageId: 'overwrittenTimer', data: { timer: c.name, handle: text(fate.target), why } };
  const chain = c.kind === 'oneShot' ? endlessChain(call, ctx) : null;
  if (chain === null) return null;
  return { messageId: 'endlessChain', data: { timer: c.name, why: chain, fix: fate.kind === 'stored' ? `clear \`${text(fate.target)}\` when the work ends` : 'keep its handle and clear it when the work ends' } };
}
