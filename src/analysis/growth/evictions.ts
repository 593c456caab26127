import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { within } from '../syntax/ast';
import { type FunctionNode, innermostFunction } from '../syntax/nodes';
import { memberName, nameOf, unwrapExpression } from '../scope/references';
import { type ScopeOf } from '../scope/identity';
import { type Site } from './sites';

/**
 * Question 5, the evictions that do not evict, by path:
 *
 * - a `delete` by a value read from the same collection (`const task = m.get(p); m.delete(task)`)
 *   removes no entry of a map keyed by `p`;
 * - an eviction inside a scheduled callback (`setTimeout(() => m.delete(id))`,
 *   `task = fastdom.measure(() => m.delete(p))`) whose handle is cancelled elsewhere
 *   (`clearTimeout(timer)`, `fastdom.clear(task)`): on the path that cancels it, the entry
 *   stays. It counts only if the code that cancels it evicts too.
 */
export interface EvictionContext {
  sourceCode: Readonly<TSESLint.SourceCode>;
  /** Calls that cancel a scheduled callback given its handle (the registry's `cancelCallees`). */
  cancels: ReadonlySet<string>;
}

/** `m.delete(v)` where `v` is written once, from `m.get(…)`: deletes by value. */
export function deletesByValue(site: Site, isCollection: (n: TSESTree.Node) => boolean, scopeOf: ScopeOf): boolean {
  const call = site.node;
  if (site.op !== 'delete' || call.type !== AST_NODE_TYPES.CallExpression) return false;
  const arg = call.arguments[0] ? unwrapExpression(call.arguments[0]) : null;
  if (arg?.type !== AST_NODE_TYPES.Identifier) return false;
  const v = ASTUtils.findVariable(scopeOf(arg), arg);
  const def = v?.defs[0]?.node;
  if (!v || def?.type !== AST_NODE_TYPES.VariableDeclarator || !def.init || v.references.some((r) => r.isWrite() && !r.init)) return false;
  const init = unwrapExpression(def.init);
  return init.type === AST_NODE_TYPES.CallExpression && init.callee.type === AST_NODE_TYPES.MemberExpression && memberName(init.callee) === 'get' && isCollection(unwrapExpression(init.callee.object));
}

/** The variable a scheduled callback's handle is kept in: `const t = setTimeout(cb)`, `task = sched(cb)`. */
function handleOf(cb: FunctionNode, scopeOf: ScopeOf): TSESLint.Scope.Variable | null {
  const call = cb.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(cb as TSESTree.CallExpressionArgument)) return null;
  const p = call.parent;
  const id = p.type === AST_NODE_TYPES.VariableDeclarator && p.init === call ? p.id : p.type === AST_NODE_TYPES.AssignmentExpression && p.right === call ? p.left : null;
  if (id?.type !== AST_NODE_TYPES.Identifier) return null;
  return ASTUtils.findVariable(scopeOf(id), id) ?? null;
}

/**
 * The functions that cancel the scheduled callback an eviction stands in (`clearTimeout(timer)`
 * in the reply handler), or null if it is not scheduled with a kept handle or never cancelled.
 */
export function cancellersOf(evict: Site, uses: readonly TSESTree.Node[], ctx: EvictionContext): FunctionNode[] | null {
  const scopeOf = (n: TSESTree.Node) => ctx.sourceCode.getScope(n);
  const cb = innermostFunction(evict.node);
  const handle = cb ? handleOf(cb, scopeOf) : null;
  if (!handle) return null;
  const out: FunctionNode[] = [];
  const cancelledIn = (arg: TSESTree.Node): void => {
    const call = arg.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== arg) return;
    const callee = unwrapExpression(call.callee);
    const name = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : nameOf(callee);
    const fn = innermostFunction(call);
    if (name !== null && ctx.cancels.has(name) && fn) out.push(fn);
  };
  for (const r of handle.references) cancelledIn(r.identifier);
  // The handle kept as the entry's value: `const task = m.get(p); fastdom.clear(task)`.
  for (const u of uses) {
    const get = u.parent;
    if (get?.type !== AST_NODE_TYPES.MemberExpression || get.object !== u || memberName(get) !== 'get' || get.parent.type !== AST_NODE_TYPES.CallExpression) continue;
    const call = get.parent;
    cancelledIn(call);
    const decl = call.parent;
    if (decl.type !== AST_NODE_TYPES.VariableDeclarator || decl.init !== call) continue;
    for (const v of ctx.sourceCode.getDeclaredVariables(decl)) for (const r of v.references) if (!r.init) cancelledIn(r.identifier);
  }
  return out.length > 0 ? out : null;
}

/** Does `fn`, or a function nested in it, hold one of `sites`? */
export function evictsIn(fn: FunctionNode, sites: readonly Site[]): boolean {
  // By where the sites lie, not by walking the body: nodes nest, so a site inside the body's range is in the body.
  return sites.some((s) => within(s.node, fn.body));
}
