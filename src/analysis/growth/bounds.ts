import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { nameWords, walkAll, within } from '../syntax/ast';
import { innermostFunction } from '../syntax/nodes';
import { memberName } from '../scope/references';
import { type ScopeOf, sameValue } from '../scope/identity';
import { type Site } from './sites';

/**
 * Question 5, the bounds: a size check around growth, a `pop` that balances a stack, a memo
 * store. Decided by structure: a comparison involving the collection's own `length`/`size`,
 * or a bound named by whole words (`MAX_SAMPLES`, `opts.limit`), never a substring of text.
 */
export interface BoundNames {
  /** Whole words that make a name a bound (the registry's `collectionBoundWords`). */
  words: ReadonlySet<string>;
  /** Whole names that do (the rule's `maxSizeHints`). */
  names: ReadonlySet<string>;
}

const COMPARISONS = new Set(['<', '<=', '>', '>=', '===', '!==', '==', '!=']);

function testOf(p: TSESTree.Node): TSESTree.Node | null {
  if (p.type === AST_NODE_TYPES.IfStatement || p.type === AST_NODE_TYPES.ConditionalExpression || p.type === AST_NODE_TYPES.WhileStatement) return p.test;
  if (p.type === AST_NODE_TYPES.LogicalExpression) return p.left;
  return null;
}

/** Does `test` compare the collection's size, or a named bound? */
export function isSizeTest(test: TSESTree.Node, isCollection: (n: TSESTree.Node) => boolean, bounds: BoundNames): boolean {
  let found = false;
  walkAll(test, (n) => {
    if (found) return;
    if (n.type === AST_NODE_TYPES.Identifier && bounds.names.has(n.name)) found = true;
    if (n.type === AST_NODE_TYPES.BinaryExpression && COMPARISONS.has(n.operator)) {
      for (const side of [n.left, n.right]) {
        if (side.type === AST_NODE_TYPES.MemberExpression) {
          const m = memberName(side);
          if ((m === 'length' || m === 'size') && isCollection(side.object)) found = true;
        }
        const name = side.type === AST_NODE_TYPES.Identifier ? side.name : side.type === AST_NODE_TYPES.MemberExpression ? memberName(side) : null;
        if (name !== null && nameWords(name).some((w) => bounds.words.has(w))) found = true;
      }
    }
  });
  return found;
}

/** Growth under a size test (`if (log.length < MAX) log.push(x)`), or after a guard that leaves (`if (q.length >= MAX) return;`). */
export function capped(site: Site, isCollection: (n: TSESTree.Node) => boolean, bounds: BoundNames): boolean {
  const fn = innermostFunction(site.node);
  let child: TSESTree.Node = site.node;
  for (let p: TSESTree.Node | undefined = site.node.parent; p && p !== fn; child = p, p = p.parent) {
    const test = testOf(p);
    if (test && test !== child && isSizeTest(test, isCollection, bounds)) return true;
    if (p.type === AST_NODE_TYPES.BlockStatement) {
      for (const s of p.body) {
        if (s === child) break;
        if (s.type === AST_NODE_TYPES.IfStatement && leaves(s.consequent) && isSizeTest(s.test, isCollection, bounds)) return true;
      }
    }
  }
  return false;
}

function leaves(s: TSESTree.Statement): boolean {
  if (s.type === AST_NODE_TYPES.BlockStatement) return s.body.length > 0 && leaves(s.body[s.body.length - 1] as TSESTree.Statement);
  return s.type === AST_NODE_TYPES.ReturnStatement || s.type === AST_NODE_TYPES.ThrowStatement || s.type === AST_NODE_TYPES.ContinueStatement || s.type === AST_NODE_TYPES.BreakStatement;
}

/** A `pop()` bounds a stack when it balances the pushes: same function as one, unconditional, or under a test of the stack. */
export function popBounds(pop: Site, grows: readonly Site[], isCollection: (n: TSESTree.Node) => boolean): boolean {
  const fn = innermostFunction(pop.node);
  if (grows.some((g) => innermostFunction(g.node) === fn)) return true;
  for (let p: TSESTree.Node | undefined = pop.node.parent; p && p !== fn; p = p.parent) {
    const test = testOf(p);
    if (!test) continue;
    let mentions = false;
    walkAll(test, (n) => {
      if (!mentions && isCollection(n)) mentions = true;
    });
    return mentions;
  }
  return true;
}

/**
 * `let v = cache.get(k); if (v === undefined) { v = compute(k); cache.set(k, v); }`: a memo
 * store, bounded by its key domain. The same key is looked up in the same collection first.
 */
export function isMemoStore(site: Site, scopeOf: ScopeOf): boolean {
  const key = site.key;
  const fn = innermostFunction(site.node);
  if (!key || !fn || (site.op !== 'set' && site.op !== 'add' && site.op !== '[key] =')) return false;
  const receiver = site.use;
  let found = false;
  walkAll(fn.body, (n) => {
    if (found || n.range[0] >= site.node.range[0] || within(n, site.node)) return;
    if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression) {
      const m = memberName(n.callee);
      if ((m === 'get' || m === 'has') && n.arguments[0] !== undefined && sameValue(n.callee.object, receiver, scopeOf) && sameValue(n.arguments[0], key, scopeOf)) found = true;
    } else if (n.type === AST_NODE_TYPES.MemberExpression && n.computed) {
      if (n.parent.type !== AST_NODE_TYPES.AssignmentExpression && sameValue(n.object, receiver, scopeOf) && sameValue(n.property, key, scopeOf)) found = true;
    } else if (n.type === AST_NODE_TYPES.BinaryExpression && n.operator === 'in' && sameValue(n.right, receiver, scopeOf)) found = true;
  });
  return found;
}
