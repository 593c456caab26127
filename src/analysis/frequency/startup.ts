import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { findNode } from '../syntax/ast';
import { type FunctionNode, isFunction } from '../syntax/nodes';
import { type ScopeOf, sameValue } from '../scope/identity';
import { memberName, resolveReference, unwrapExpression } from '../scope/references';
import { FAMILIES } from '../vocabulary/subscriptions';

/**
 * Question 1, from the code's own evidence that it runs once per process: code that decides
 * how the process ends is the program's own start-up (or shut-down) code, not a library call
 * made per use. Two shapes, both read from what the function itself does, never from what a
 * registration listens on:
 * - `startupEvidence(fn)`: the function ends the process on every path, or, in a statement of
 *   its own main path (not in a branch), hands over a callback that does (`process.on('uncaughtException', async (e) => { await report(e); process.exit(); })`,
 *   `process.on('SIGINT', () => bus.close(() => process.exit(0)))`). A handler that ends the
 *   process only on some inputs (`if (key === 'q') process.exit()`) is no such evidence.
 * - `programOnlyBranch(node)`: the node sits in a branch whose condition, elsewhere in the same
 *   function, guards a branch that ends the process (`if (!config.required) { …; process.exit() }`
 *   beside `if (!config.required) { process.on('SIGUSR2', restart) }`): the condition says "this
 *   process is the command line program", and that branch runs once, as the program's own.
 */
export interface StartupContext {
  scopeOf: ScopeOf;
  /** Calls that end the process, as global names (`process.exit`): the registry's `processExits`. */
  exits: ReadonlySet<string>;
}

/** How deep `bus.close(() => db.end(() => process.exit()))` is followed. */
const MAX_DEPTH = 3;

/** `process.exit(1)`, `await process.exit()`: a call of a global that ends the process. */
export function isProcessExit(node: TSESTree.Node, ctx: StartupContext): boolean {
  let n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.AwaitExpression) n = unwrapExpression(n.argument);
  if (n.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(n.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression && callee.type !== AST_NODE_TYPES.Identifier) return false;
  const resolved = resolveReference(callee, ctx.scopeOf(callee));
  return resolved?.kind === 'global' && ctx.exits.has(resolved.name);
}

function hasOwnReturn(st: TSESTree.Node): boolean {
  return findNode(st, (n) => n.type === AST_NODE_TYPES.ReturnStatement, false) !== null;
}

/**
 * A statement list that ends the process on every path it completes: a statement of its own
 * (not in a branch) is a process exit, or a call handing on a callback that ends it, and no
 * `return` comes before it.
 */
function statementsEnd(statements: readonly TSESTree.Node[], ctx: StartupContext, depth: number): boolean {
  // The ending statement first: most lists have none, and then no statement need be walked for a `return`.
  const end = statements.findIndex((st) => st.type === AST_NODE_TYPES.ExpressionStatement && expressionEnds(st.expression, ctx, depth));
  if (end < 0) return false;
  for (let i = 0; i < end; i++) if (hasOwnReturn(statements[i] as TSESTree.Node)) return false;
  return true;
}

function expressionEnds(expr: TSESTree.Node, ctx: StartupContext, depth: number): boolean {
  if (isProcessExit(expr, ctx)) return true;
  let e = unwrapExpression(expr);
  if (e.type === AST_NODE_TYPES.AwaitExpression) e = unwrapExpression(e.argument);
  if (e.type !== AST_NODE_TYPES.CallExpression || depth >= MAX_DEPTH || isRegistration(e)) return false;
  return e.arguments.some((a) => isFunction(a) && endsTheProcess(a, ctx, depth + 1));
}

const LISTENER_METHODS: ReadonlySet<string> = new Set([...FAMILIES.emitter.methods, ...FAMILIES.dom.methods]);

/**
 * `s.on('error', () => process.exit(1))`: a listener runs only if its event comes, so the code
 * that adds it does not end the process by that; a continuation (`bus.close(cb)`, `.then(cb)`,
 * `setTimeout(cb)`) does.
 */
function isRegistration(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : null;
  return name !== null && LISTENER_METHODS.has(name);
}

/** Every completed run of `fn` ends the process, itself or in the callback it hands on. */
export function endsTheProcess(fn: FunctionNode, ctx: StartupContext, depth = 0): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return expressionEnds(fn.body, ctx, depth);
  return statementsEnd(fn.body.body, ctx, depth);
}

// Several questions ask about the same function; the answer depends on the AST and the exit names only.
const evidence = new WeakMap<ReadonlySet<string>, WeakMap<FunctionNode, string | null>>();

/** Why `fn` is the process's start-up code by its own evidence, or null. */
export function startupEvidence(fn: FunctionNode, ctx: StartupContext): string | null {
  let byFn = evidence.get(ctx.exits);
  if (!byFn) evidence.set(ctx.exits, (byFn = new WeakMap()));
  const known = byFn.get(fn);
  if (known !== undefined) return known;
  const answer = computeEvidence(fn, ctx);
  byFn.set(fn, answer);
  return answer;
}

function computeEvidence(fn: FunctionNode, ctx: StartupContext): string | null {
  // Only on the function's own main path: an exit handed over in an option's branch
  // (`if (opts.version) version().then(() => process.exit(0))`) is that option's, not the function's.
  const statements = fn.body.type === AST_NODE_TYPES.BlockStatement ? fn.body.body : [];
  for (const st of statements) {
    const e = st.type === AST_NODE_TYPES.ExpressionStatement ? unwrapExpression(st.expression) : null;
    const call = e?.type === AST_NODE_TYPES.AwaitExpression ? unwrapExpression(e.argument) : e;
    if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments.some((a) => isFunction(a) && endsTheProcess(a, ctx))) {
      return `start-up code: it hands over the process's exit on line ${call.loc.start.line}`;
    }
  }
  return endsTheProcess(fn, ctx) ? 'a function that ends the process' : null;
}

interface Condition {
  test: TSESTree.Node;
  holds: boolean;
}

/** `!x` taken when `x` does not hold. */
function conditionOf(test: TSESTree.Node, holds: boolean): Condition {
  let t = unwrapExpression(test);
  let h = holds;
  while (t.type === AST_NODE_TYPES.UnaryExpression && t.operator === '!') {
    t = unwrapExpression(t.argument);
    h = !h;
  }
  return { test: t, holds: h };
}

function sameTest(a: TSESTree.Node, b: TSESTree.Node, scopeOf: ScopeOf): boolean {
  const x = unwrapExpression(a);
  const y = unwrapExpression(b);
  if ((x.type === AST_NODE_TYPES.BinaryExpression || x.type === AST_NODE_TYPES.LogicalExpression) && y.type === x.type) {
    return x.operator === y.operator && sameTest(x.left, y.left, scopeOf) && sameTest(x.right, y.right, scopeOf);
  }
  return sameValue(x, y, scopeOf);
}

function branchEnds(branch: TSESTree.Node, ctx: StartupContext): boolean {
  return statementsEnd(branch.type === AST_NODE_TYPES.BlockStatement ? branch.body : [branch], ctx, 0);
}

/** Some branch of `home`'s own code taken under `cond` ends the process. */
function exitsUnder(home: TSESTree.Node, cond: Condition, ctx: StartupContext): boolean {
  const taken = (branch: TSESTree.Node | null, test: TSESTree.Node, holds: boolean): boolean => {
    if (!branch) return false;
    const c = conditionOf(test, holds);
    return c.holds === cond.holds && sameTest(c.test, cond.test, ctx.scopeOf) && branchEnds(branch, ctx);
  };
  return findNode(home, (n) => n.type === AST_NODE_TYPES.IfStatement && (taken(n.consequent, n.test, true) || taken(n.alternate, n.test, false)), false) !== null;
}

/**
 * The test of an `if` around `node` (in the same function) under which that function also ends
 * the process elsewhere: the branch only the program itself takes. Null when there is none.
 */
export function programOnlyBranch(node: TSESTree.Node, ctx: StartupContext): TSESTree.Node | null {
  let child = node;
  const ifs: { st: TSESTree.IfStatement; holds: boolean }[] = [];
  let home: TSESTree.Node | null = null;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (isFunction(p)) {
      home = p.body;
      break;
    }
    if (p.type === AST_NODE_TYPES.Program) {
      home = p;
      break;
    }
    if (p.type === AST_NODE_TYPES.IfStatement && (child === p.consequent || child === p.alternate)) ifs.push({ st: p, holds: child === p.consequent });
  }
  if (!home) return null;
  for (const { st, holds } of ifs) if (exitsUnder(home, conditionOf(st.test, holds), ctx)) return st.test;
  return null;
}
