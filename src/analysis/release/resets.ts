import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { within } from '../syntax/ast';
import { type FunctionNode, isFunction } from '../syntax/nodes';
import { memberName, unwrapExpression } from '../scope/references';
import { constantString, sameValue } from '../scope/identity';
import { FAMILIES } from '../vocabulary/subscriptions';
import { type Registration } from '../lifetime/registrations';
import { type DisposalContext, disposalOf, sameTarget } from './disposals';

/**
 * Question 4 for a per-call registration undone by the next call: the function first resets
 * its target — it removes every listener (of that event) from it — and only then adds
 * (`function start() { bus.removeAllListeners(); bus.on('x', h); }`). Each call replaces the
 * last call's listener, so they do not pile up. The reset may go through same-file code: a
 * function it calls (`reset()`, `obj.reset()` given `obj.reset = function…`, `this.reset()`)
 * or the same-file listeners of an event it emits on an emitter (`bus.emit('reset')` with
 * `bus.on('reset', () => obj.removeAllListeners())`). Only a reset that runs on every path,
 * a statement of the function's own body before the one that registers, counts.
 */
export interface ResetContext extends DisposalContext {
  /** The file's registrations within a region: the listeners an emit reaches. */
  registrationsIn?: (region: TSESTree.Node) => readonly Registration[];
}

/** The statement of `fn`'s own body that holds `node`, or null. */
function bodyStatementOf(node: TSESTree.Node, fn: FunctionNode): TSESTree.Statement | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return null;
  return fn.body.body.find((st) => within(node, st)) ?? null;
}

/** `await reset()` / `reset()` as a statement: the call, else null. */
function statementCall(st: TSESTree.Statement): TSESTree.CallExpression | null {
  if (st.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  let e = unwrapExpression(st.expression);
  if (e.type === AST_NODE_TYPES.AwaitExpression) e = unwrapExpression(e.argument);
  return e.type === AST_NODE_TYPES.CallExpression ? e : null;
}

/** `obj.m = function…` (also `obj.a = obj.m = function…`): the functions a same-file `obj.m()` reaches. */
function assignedMethods(call: TSESTree.CallExpression, ctx: ResetContext): FunctionNode[] {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || unwrapExpression(callee.object).type !== AST_NODE_TYPES.Identifier) return [];
  const out: FunctionNode[] = [];
  for (const a of ctx.assignmentsTo(callee)) {
    let v = unwrapExpression(a.right);
    while (v.type === AST_NODE_TYPES.AssignmentExpression && v.operator === '=') v = unwrapExpression(v.right);
    if (a.operator === '=' && isFunction(v)) out.push(v);
  }
  return out;
}

/** `bus.emit('reset')`: the inline handlers the file adds to the same emitter for that event. */
function emittedTo(call: TSESTree.CallExpression, ctx: ResetContext, program: TSESTree.Node): TSESTree.Node[] {
  const callee = unwrapExpression(call.callee);
  if (!ctx.registrationsIn || callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'emit') return [];
  const event = constantString(call.arguments[0], ctx.scopeOf);
  if (event === null) return [];
  const emitter = unwrapExpression(callee.object);
  return ctx.registrationsIn(program)
    .filter((r) => r.family === 'emitter' && r.event === event && r.target !== null && sameValue(r.target, emitter, ctx.scopeOf) && r.handler !== null && isFunction(unwrapExpression(r.handler)))
    .map((r) => unwrapExpression(r.handler as TSESTree.Node));
}

/** Does `call`, or same-file code it reaches (three hops at most), remove every listener of `reg`'s event from its target? */
function resets(call: TSESTree.CallExpression, reg: Registration, ctx: ResetContext, program: TSESTree.Node): boolean {
  const removeAll = FAMILIES[reg.family].removeAll;
  if (removeAll.length === 0 || !reg.target) return false;
  const target = reg.target;
  const seen = new Set<TSESTree.Node>();
  let frontier: TSESTree.Node[] = [call];
  for (let hop = 0; hop <= 3 && frontier.length > 0; hop++) {
    const next: TSESTree.Node[] = [];
    for (const region of frontier) {
      if (seen.has(region) || within(reg.call, region)) continue;
      seen.add(region);
      const calls = region.type === AST_NODE_TYPES.CallExpression ? [region, ...ctx.index.callsWithin(region).filter((c) => c !== region)] : ctx.index.callsWithin(region);
      for (const c of calls) {
        const d = disposalOf(c);
        const clears = d.method !== null && removeAll.includes(d.method) && d.receiver !== null && sameTarget(d.receiver, target, ctx.scopeOf, d.entries);
        if (clears && (c.arguments.length === 0 || (reg.event !== null && constantString(c.arguments[0], ctx.scopeOf) === reg.event))) return true;
        next.push(...ctx.index.resolve([c]).map((r) => r.target), ...assignedMethods(c, ctx), ...emittedTo(c, ctx, program));
      }
    }
    frontier = next;
  }
  return false;
}

/** The function resets the registration's target before it registers, on every path (see the module comment). */
export function resetsFirst(reg: Registration, fn: FunctionNode, ctx: ResetContext): boolean {
  const at = bodyStatementOf(reg.call, fn);
  if (!at || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  let program: TSESTree.Node = fn;
  while (program.parent) program = program.parent;
  for (const st of fn.body.body) {
    if (st === at) return false;
    const call = statementCall(st);
    if (call && resets(call, reg, ctx, program)) return true;
  }
  return false;
}
