import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { within } from '../syntax/ast';
import { type FunctionNode, innermostFunction } from '../syntax/nodes';
import { sameValue } from '../scope/identity';
import { isModuleLevel, isParameterDef, memberName, resolveReference, unwrapExpression } from '../scope/references';
import { GROWTH_METHODS } from '../vocabulary/collections';
import { fateOf } from './fate';
import type { LeaksSettings } from '../engine/settings';
import { namesFor } from '../vocabulary/registry';

/**
 * Questions 2 and 3 for a value made per call: does it outlive the call on purpose — kept
 * in a module variable, a global, `this` of a long-lived instance, a per-key registry
 * (`tenants.set(id, new LRUCache())`), handed back by a factory — or is it closed within
 * the call (`await pool.end()`)? Either way it is not "a shared resource rebuilt per call".
 */
export interface SharingQuestions {
  sourceCode: Readonly<TSESLint.SourceCode>;
  /** Does `fn` run per request? A factory that does not hands its value to a caller who keeps it. */
  isPerRequest: (fn: FunctionNode) => boolean;
  /** Methods that close a resource (registry `closeMethods`). */
  closers: ReadonlySet<string>;
  /**
   * A factory's same-file call sites, and whether one runs many times: a factory that does
   * not run per request hands its value to callers who keep it — unless a caller that runs
   * many times drops it. Without them every caller is taken to keep it.
   */
  /**
   * `false` when handing the value back shares nothing: the maker keeps what it builds (Ajv
   * caches each compiled validator), or the caller is a render too (a hook's return).
   */
  returnShares?: boolean;
  callers?: { sitesOf: (fn: FunctionNode) => readonly TSESTree.CallExpression[]; runsMany: (site: TSESTree.Node) => boolean };
}

const asking = new WeakSet<FunctionNode>();

/** Does every caller of the factory `fn` keep what it returns (or run once)? */
function keptByCallers(fn: FunctionNode, q: SharingQuestions): boolean {
  if (q.returnShares === false || q.isPerRequest(fn)) return false;
  if (!q.callers || asking.has(fn)) return true;
  const sites = q.callers.sitesOf(fn);
  asking.add(fn);
  try {
    return sites.every((site) => !q.callers?.runsMany(site) || sharedOrClosed(site, innermostFunction(site), false, q));
  } finally {
    asking.delete(fn);
  }
}

/** `cache.get(k) ?? cache.compile(s)`: a lookup on the same receiver first, so it builds once per key. */
function lookedUpFirst(left: TSESTree.Node, made: TSESTree.Node, q: SharingQuestions): boolean {
  const l = unwrapExpression(left);
  if (l.type !== AST_NODE_TYPES.CallExpression || made.type !== AST_NODE_TYPES.CallExpression) return false;
  const a = unwrapExpression(l.callee);
  const b = unwrapExpression(made.callee);
  return a.type === AST_NODE_TYPES.MemberExpression && b.type === AST_NODE_TYPES.MemberExpression && sameValue(a.object, b.object, (n) => q.sourceCode.getScope(n));
}

/** The root of `a.b.c`, through member reads. */
function memberRoot(node: TSESTree.MemberExpression): TSESTree.Node {
  let root: TSESTree.Node = node;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrapExpression(root.object);
  return root;
}

/** Made in `fn`? A variable declared outside it (or at module level) outlives the call. */
function declaredOutside(variable: TSESLint.Scope.Variable, fn: FunctionNode | null): boolean {
  if (isModuleLevel(variable)) return true;
  const def = variable.defs[0]?.node;
  return fn !== null && def !== undefined && !within(def, fn);
}

/** An alias of a global object (`const g = globalThis as …`): its members live for the process. */
function aliasesGlobal(variable: TSESLint.Scope.Variable, q: SharingQuestions): boolean {
  const def = variable.defs[0]?.node;
  if (def?.type !== AST_NODE_TYPES.VariableDeclarator || !def.init) return false;
  const init = unwrapExpression(def.init);
  return init.type === AST_NODE_TYPES.Identifier && resolveReference(init, q.sourceCode.getScope(init))?.kind === 'global';
}

/**
 * Does storing into `target` keep the value past the call: a module-level or outer variable,
 * a member of a global, or `this.x` (unless the instance itself is made per request)?
 */
export function outlives(target: TSESTree.Node, fn: FunctionNode | null, perInstance: boolean, q: SharingQuestions): boolean {
  const t = unwrapExpression(target);
  if (t.type === AST_NODE_TYPES.MemberExpression) {
    const root = memberRoot(t);
    if (root.type === AST_NODE_TYPES.ThisExpression) return !perInstance;
    if (root.type !== AST_NODE_TYPES.Identifier) return false;
    const r = resolveReference(root, q.sourceCode.getScope(root));
    if (r?.kind !== 'local') return true;
    // `opts.stream = pino.destination(f)`: into an object the caller passed, so handed back like a return.
    if (fn !== null && isParameterDef(r.variable.defs[0]) && within(r.variable.defs[0]?.node ?? fn, fn)) return keptByCallers(fn, q);
    return declaredOutside(r.variable, fn) || aliasesGlobal(r.variable, q);
  }
  if (t.type === AST_NODE_TYPES.Identifier) {
    const r = resolveReference(t, q.sourceCode.getScope(t));
    if (r?.kind !== 'local') return r !== null;
    return declaredOutside(r.variable, fn);
  }
  return false;
}

/** `registry.set(id, value)`, `pools.push(value)`: kept per key in a collection, not rebuilt per call. */
function storedInCollection(fate: ReturnType<typeof fateOf>): boolean {
  if (fate.kind !== 'argument') return false;
  const callee = unwrapExpression(fate.call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && GROWTH_METHODS.includes(memberName(callee) ?? '');
}

/** Read inside a function that `fn` returns (`const t = template(f); return (req) => t(req)`): the closure keeps it. */
function capturedByReturned(use: TSESTree.Node, fn: FunctionNode | null): boolean {
  if (!fn) return false;
  for (let g: FunctionNode | null = innermostFunction(use); g && g !== fn; g = innermostFunction(g)) {
    const p: TSESTree.Node = g.parent;
    if ((p.type === AST_NODE_TYPES.ReturnStatement && innermostFunction(p) === fn) || p === fn) return true;
  }
  return false;
}

/** `const c = new LRUCache(); tenants.set(id, c)`, or `const pool = new Pool(); …; await pool.end()`. */
function localShared(id: TSESTree.Identifier, fn: FunctionNode | null, perInstance: boolean, q: SharingQuestions): boolean {
  const r = resolveReference(id, q.sourceCode.getScope(id));
  if (r?.kind !== 'local') return false;
  for (const ref of r.variable.references) {
    const use = ref.identifier as TSESTree.Node;
    if (use === id) continue;
    if (capturedByReturned(use, fn)) return true;
    const parent = use.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === use) {
      const m = memberName(parent);
      if (m !== null && q.closers.has(m) && parent.parent.type === AST_NODE_TYPES.CallExpression) return true;
    }
    const fate = fateOf(use);
    if (storedInCollection(fate)) return true;
    if (fate.kind === 'stored' && fate.target !== id && outlives(fate.target, fn, perInstance, q)) return true;
    if (fate.kind === 'returned' && fn && keptByCallers(fn, q)) return true;
  }
  return false;
}

/**
 * Does the value made at `node` (inside `fn`) outlive the call on purpose, or get closed in
 * it? `perInstance`: the code runs once per instance of a class made per request, so `this`
 * is no longer a long-lived home.
 */
export function sharedOrClosed(node: TSESTree.Node, fn: FunctionNode | null, perInstance: boolean, q: SharingQuestions): boolean {
  let value: TSESTree.Node = node;
  // Parenthesised, awaited, behind `x ?? new X()` / `x || new X()`, or the receiver of a
  // fluent call (`createConnection(u).asPromise()`) whose result goes on in its place.
  for (;;) {
    const p: TSESTree.Node | undefined = value.parent;
    if (!p) break;
    if (p.type === AST_NODE_TYPES.AwaitExpression || p.type === AST_NODE_TYPES.TSAsExpression || p.type === AST_NODE_TYPES.TSNonNullExpression) {
      value = p;
      continue;
    }
    if (p.type === AST_NODE_TYPES.MemberExpression && p.object === value && p.parent.type === AST_NODE_TYPES.CallExpression && p.parent.callee === p) {
      value = p.parent;
      continue;
    }
    if (p.type === AST_NODE_TYPES.LogicalExpression && p.right === value && (p.operator === '??' || p.operator === '||')) {
      if (outlives(p.left, fn, perInstance, q) || lookedUpFirst(p.left, node, q)) return true;
      value = p;
      continue;
    }
    break;
  }
  const fate = fateOf(value);
  if (fate.kind === 'stored') {
    if (outlives(fate.target, fn, perInstance, q)) return true;
    if (fate.target.type === AST_NODE_TYPES.Identifier && localShared(fate.target, fn, perInstance, q)) return true;
    // `this.worker = local = new Worker()`: the assignment's own value is stored on.
    const assigned = value.parent;
    return assigned?.type === AST_NODE_TYPES.AssignmentExpression && assigned.right === value && sharedOrClosed(assigned, fn, perInstance, q);
  }
  if (storedInCollection(fate)) return true;
  return fate.kind === 'returned' && fn !== null && keptByCallers(fn, q);
}

/** The sharing questions for a file: its per-request code and the registry's close methods. */
export function sharingQuestions(
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: LeaksSettings,
  isPerRequest: (fn: FunctionNode) => boolean,
  callers?: SharingQuestions['callers'],
): SharingQuestions {
  return { sourceCode, isPerRequest, closers: namesFor(settings, 'closeMethods'), ...(callers ? { callers } : {}) };
}
