import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { findNode, firstStartingAt, staticKeyName, staticString } from '../syntax/ast';
import { calledFunction, returnedValues } from '../syntax/functions';
import { type FunctionNode, isCallArgument, isFunction } from '../syntax/nodes';
import { type ScopeOf, sameValue } from '../scope/identity';
import { GLOBAL_OBJECTS, memberName, resolveReference, unwrapExpression } from '../scope/references';
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
 * - `commandLineBranch(node, home)`: the node sits in a branch of `home`'s own code, or past an
 *   early return, whose condition is decided by the process's own command line (`process.argv`,
 *   a local made from it, a field of what a same-file function returns from it, or a test for a
 *   flag literal such as `'--watch'`): which mode of the program runs is chosen once per process.
 *   A read of the standard input under a test for the argument that names it (`if (cmd == '-')`)
 *   is the program's piped-input mode, chosen the same way.
 */
export interface StartupContext {
  scopeOf: ScopeOf;
  /** Calls that end the process, as global names (`process.exit`): the registry's `processExits`. */
  exits: ReadonlySet<string>;
  /** Globals that hold the process's own command line (`process.argv`): the registry's `commandLineSources`. */
  commandLine?: ReadonlySet<string>;
  /** Prefixes that, followed by a lower-case letter, spell a command-line option (`'--watch'`): the registry's `commandLineFlagPrefixes`. */
  flagPrefixes?: ReadonlySet<string>;
  /** Strings that, as a command-line argument, name the standard input (`'-'`): the registry's `standardInputArguments`. */
  stdinArguments?: ReadonlySet<string>;
  /** The file's root (`sourceCode.ast`): read from the context, a function's walk up to it is saved (each step a likely cache miss on a large file). */
  root?: TSESTree.Node;
  /** Every value a local is given (`scope/values.ts`), to follow `const args = process.argv.slice(2)`. */
  valuesOf?: (node: TSESTree.Node) => readonly TSESTree.Node[];
}

/** How deep `bus.close(() => db.end(() => process.exit()))` is followed. */
const MAX_DEPTH = 3;

const lastSegments = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

/** `exit` for `process.exit`: the last part of each exit's name, once per list. */
function lastSegmentsOf(exits: ReadonlySet<string>): ReadonlySet<string> {
  let last = lastSegments.get(exits);
  if (!last) lastSegments.set(exits, (last = new Set([...exits].map((e) => e.slice(e.lastIndexOf('.') + 1)))));
  return last;
}

/** `process.exit(1)`, `await process.exit()`: a call of a global that ends the process. */
export function isProcessExit(node: TSESTree.Node, ctx: StartupContext): boolean {
  let n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.AwaitExpression) n = unwrapExpression(n.argument);
  if (n.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(n.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression && callee.type !== AST_NODE_TYPES.Identifier) return false;
  // A global resolves to a name ending in the callee's own (`process.exit`, `globalThis.process.exit`):
  // any other call is no exit, and is not resolved through its scopes.
  const own = callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee);
  if (own === null || !lastSegmentsOf(ctx.exits).has(own)) return false;
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

// Per exit list and file (its root node): the references of the globals an exit is reached through, in order.
const mentions = new WeakMap<ReadonlySet<string>, WeakMap<TSESTree.Node, readonly TSESTree.Identifier[]>>();

/** The globals a call of an exit starts from: `process` for `process.exit`, and the global objects (`globalThis.process.exit`). */
const exitRoots = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

function rootsOf(exits: ReadonlySet<string>): ReadonlySet<string> {
  let roots = exitRoots.get(exits);
  if (!roots) exitRoots.set(exits, (roots = new Set([...GLOBAL_OBJECTS, ...[...exits].map((e) => (e.includes('.') ? e.slice(0, e.indexOf('.')) : e))])));
  return roots;
}

/**
 * Where an exit can stand. `isProcessExit` accepts only a callee that resolves to a global, so the
 * call's first identifier is a reference the scope manager leaves to the global scope (unresolved,
 * or a global with no declaration) named as an exit's first part or a global object: those of the
 * file, read from the global scope once per file, in source order.
 */
function exitReferences(node: TSESTree.Node, ctx: StartupContext): readonly TSESTree.Identifier[] {
  let root: TSESTree.Node = ctx.root ?? node;
  while (root.parent) root = root.parent;
  let byRoot = mentions.get(ctx.exits);
  if (!byRoot) mentions.set(ctx.exits, (byRoot = new WeakMap()));
  let all = byRoot.get(root);
  if (!all) {
    all = globalMentions(root, ctx);
    byRoot.set(root, all);
  }
  return all;
}

/** Could `fn` call an exit at all? Only if one of the globals an exit is reached through is referenced inside it. */
function mayExit(fn: FunctionNode, ctx: StartupContext): boolean {
  const all = exitReferences(fn, ctx);
  const first = all[firstStartingAt(all, fn.range[0])];
  return first !== undefined && first.range[0] < fn.range[1];
}

function globalMentions(root: TSESTree.Node, ctx: StartupContext): TSESTree.Identifier[] {
  let scope = ctx.scopeOf(root);
  while (scope.upper) scope = scope.upper;
  const roots = rootsOf(ctx.exits);
  const found: TSESTree.Identifier[] = [];
  for (const ref of scope.through) if (roots.has(ref.identifier.name)) found.push(ref.identifier as TSESTree.Identifier);
  for (const name of roots) {
    const v = scope.set.get(name);
    if (v && v.defs.length === 0) for (const ref of v.references) found.push(ref.identifier as TSESTree.Identifier);
  }
  return found.sort((a, b) => a.range[0] - b.range[0]);
}

function computeEvidence(fn: FunctionNode, ctx: StartupContext): string | null {
  if (!mayExit(fn, ctx)) return null;
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

/**
 * Some branch of `home`'s own code taken under `cond` ends the process. A branch that ends it holds
 * an exit's call, so only the `if`s of `home`'s own code around a reference an exit can start from
 * are asked (`exitReferences`), walking up from each: not every `if` of `home`, for each
 * registration under a condition.
 */
function exitsUnder(home: TSESTree.Node, cond: Condition, ctx: StartupContext): boolean {
  const taken = (branch: TSESTree.Node | null, test: TSESTree.Node, holds: boolean): boolean => {
    if (!branch) return false;
    const c = conditionOf(test, holds);
    return c.holds === cond.holds && sameTest(c.test, cond.test, ctx.scopeOf) && branchEnds(branch, ctx);
  };
  const asked = new Set<TSESTree.Node>();
  const all = exitReferences(home, ctx);
  for (let i = firstStartingAt(all, home.range[0]); i < all.length && (all[i] as TSESTree.Identifier).range[0] < home.range[1]; i++) {
    const id = all[i] as TSESTree.Identifier;
    // The `if`s between the reference and `home`, those inside a function nested in `home` left out.
    const around: { st: TSESTree.IfStatement; branch: TSESTree.Node; holds: boolean }[] = [];
    let child: TSESTree.Node = id;
    for (let p: TSESTree.Node | undefined = id.parent; p && p !== home; child = p, p = p.parent) {
      if (isFunction(p)) around.length = 0;
      else if (p.type === AST_NODE_TYPES.IfStatement && (child === p.consequent || child === p.alternate)) around.push({ st: p, branch: child, holds: child === p.consequent });
    }
    for (const { branch, st, holds } of around) {
      if (asked.has(branch)) continue;
      asked.add(branch);
      if (taken(branch, st.test, holds)) return true;
    }
  }
  return false;
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

// ---------------------------------------------------------------- the command line

/** How many variables and same-file functions a command-line read is followed through. */
const MAX_HOPS = 4;

/** `'--watch'`: a string that spells a command-line option (a prefix, then a lower-case letter). */
function isFlagLiteral(node: TSESTree.Node, ctx: StartupContext): boolean {
  const s = staticString(node);
  if (s === null || !ctx.flagPrefixes) return false;
  for (const prefix of ctx.flagPrefixes) {
    const c = s.charCodeAt(prefix.length);
    if (s.startsWith(prefix) && c >= 97 && c <= 122) return true;
  }
  return false;
}

/** The object literals `node` always is (`{ … }`, a local only given them, a same-file function returning them), or null. */
function objectLiterals(node: TSESTree.Node, ctx: StartupContext, hops: number): TSESTree.ObjectExpression[] | null {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.ObjectExpression) return [n];
  if (hops >= MAX_HOPS) return null;
  let from: readonly TSESTree.Node[] = [];
  if (n.type === AST_NODE_TYPES.Identifier) from = ctx.valuesOf?.(n) ?? [];
  else if (n.type === AST_NODE_TYPES.CallExpression) {
    const fn = calledFunction(n, ctx.scopeOf(n));
    from = fn ? returnedValues(fn) : [];
  }
  if (from.length === 0) return null;
  const out: TSESTree.ObjectExpression[] = [];
  for (const v of from) {
    const objects = objectLiterals(v, ctx, hops + 1);
    if (!objects) return null;
    out.push(...objects);
  }
  return out;
}

/** The values of field `name` in every object literal `object` can be (`parseEnv().complete`), or null. */
function fieldValues(object: TSESTree.Node, name: string, ctx: StartupContext, hops: number): TSESTree.Node[] | null {
  const objects = objectLiterals(object, ctx, hops);
  if (!objects) return null;
  const out: TSESTree.Node[] = [];
  for (const o of objects) {
    const p = o.properties.find((x): x is TSESTree.Property => x.type === AST_NODE_TYPES.Property && staticKeyName(x) === name);
    if (!p) return null;
    out.push(p.value);
  }
  return out;
}

/**
 * `expr` is computed from the process's own command line: it reads a `commandLineSources`
 * global (resolved as the global, not by its text), a local every value of which does, a field
 * of object literals whose value does, or tests a flag literal (`args.includes('--verbose')`).
 * `process.env` is configuration, read per call: no command line.
 */
export function readsCommandLine(expr: TSESTree.Node, ctx: StartupContext, hops = 0): boolean {
  const n = unwrapExpression(expr);
  const on = (x: TSESTree.Node, h = hops): boolean => readsCommandLine(x, ctx, h);
  switch (n.type) {
    case AST_NODE_TYPES.Identifier: {
      const values = hops < MAX_HOPS ? (ctx.valuesOf?.(n) ?? []) : [];
      return values.length > 0 && values.every((v) => on(v, hops + 1));
    }
    case AST_NODE_TYPES.MemberExpression: {
      const resolved = resolveReference(n, ctx.scopeOf(n));
      if (resolved?.kind === 'global' && ctx.commandLine?.has(resolved.name)) return true;
      const name = memberName(n);
      const fields = name === null ? null : fieldValues(n.object, name, ctx, hops);
      if (fields) return fields.every((v) => on(v, hops + 1));
      return on(n.object) || (n.computed && on(n.property));
    }
    case AST_NODE_TYPES.CallExpression:
      return n.arguments.some((a) => isFlagLiteral(a, ctx) || on(a)) || on(n.callee);
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return (n.left.type !== AST_NODE_TYPES.PrivateIdentifier && on(n.left)) || on(n.right);
    case AST_NODE_TYPES.UnaryExpression:
      return on(n.argument);
    case AST_NODE_TYPES.ConditionalExpression:
      return on(n.test) || on(n.consequent) || on(n.alternate);
    default:
      return false;
  }
}

/**
 * Which way `test` goes (`holds`) is decided by the command line: for `a && b` to hold both
 * must, so one read of the command line decides it; for `a || b` to hold, either may, so both
 * must be read from it (and the converse when the test fails); `a ?? b` needs both.
 */
function commandLineDecides(test: TSESTree.Node, holds: boolean, ctx: StartupContext, onStdin: boolean): boolean {
  const c = conditionOf(test, holds);
  const t = c.test;
  if (t.type === AST_NODE_TYPES.LogicalExpression) {
    // `a ?? b` is `b` only when `a` is nullish: either may decide, both ways.
    const both = t.operator === '??' || (t.operator === '&&') !== c.holds;
    const left = commandLineDecides(t.left, c.holds, ctx, onStdin);
    if (left !== both) return left;
    return commandLineDecides(t.right, c.holds, ctx, onStdin);
  }
  return readsCommandLine(t, ctx) || (onStdin && namesStandardInput(t, c.holds, ctx));
}

/**
 * `file == '-'` holds: the value is the argument by which a command line asks for the standard
 * input. Only a read of the standard input under it counts (the caller's `onStdin`): that branch
 * is the program's piped-input mode, which its command line picks once per process.
 */
function namesStandardInput(t: TSESTree.Node, holds: boolean, ctx: StartupContext): boolean {
  if (t.type !== AST_NODE_TYPES.BinaryExpression || !ctx.stdinArguments) return false;
  const equal = t.operator === '==' || t.operator === '===';
  if (!equal && t.operator !== '!=' && t.operator !== '!==') return false;
  if (equal !== holds) return false;
  const args = ctx.stdinArguments;
  const sentinel = (n: TSESTree.Node): boolean => {
    const s = staticString(n);
    return s !== null && args.has(s);
  };
  return sentinel(t.left) || sentinel(t.right);
}

/** `return …`, `throw …`, or a block ending in one. */
function leaves(st: TSESTree.Node): boolean {
  const last = st.type === AST_NODE_TYPES.BlockStatement ? st.body.at(-1) : st;
  return last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement;
}

function statementList(p: TSESTree.Node): readonly TSESTree.Node[] | null {
  if (p.type === AST_NODE_TYPES.BlockStatement || p.type === AST_NODE_TYPES.Program || p.type === AST_NODE_TYPES.StaticBlock) return p.body;
  if (p.type === AST_NODE_TYPES.SwitchCase) return p.consequent;
  return null;
}

/** A function handed to a call, or called in place: the code of the function around it. */
function handedOn(fn: FunctionNode): boolean {
  return isCallArgument(fn) || (fn.parent.type === AST_NODE_TYPES.CallExpression && fn.parent.callee === fn);
}

/**
 * The test that the process's own command line decides and `node` runs under, in `home`'s own
 * code: an `if` branch around it, or an early return before it (`if (!env.complete) return cb();`),
 * up to `home` (the owner's function) — or, with no `home`, up to the first function not handed
 * to a call. The caller vouches that the callbacks crossed run in place or once, not per event.
 * With `onStdin` (`node` reads the standard input) a test for the argument that names it
 * (`if (cmd == '-')`) decides too. Null when there is none.
 */
export function commandLineBranch(node: TSESTree.Node, home: FunctionNode | null, ctx: StartupContext, onStdin = false): TSESTree.Node | null {
  if (!ctx.commandLine && !ctx.flagPrefixes && !(onStdin && ctx.stdinArguments)) return null;
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === AST_NODE_TYPES.IfStatement && (child === p.consequent || child === p.alternate) && commandLineDecides(p.test, child === p.consequent, ctx, onStdin)) return p.test;
    const list = statementList(p);
    if (list) {
      for (const st of list) {
        if (st === child) break;
        if (st.type === AST_NODE_TYPES.IfStatement && !st.alternate && leaves(st.consequent) && commandLineDecides(st.test, false, ctx, onStdin)) return st.test;
      }
    }
    if (isFunction(p) && (p === home || (!home && !handedOn(p)))) break;
  }
  return null;
}
