import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { findNode, nameWords, walkAll, within } from '../syntax/ast';
import { innermostFunction } from '../syntax/nodes';
import { memberName, nameOf, unwrapExpression } from '../scope/references';
import { type ScopeOf, sameValue } from '../scope/identity';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { type Site } from './sites';
import { type FunctionIndex } from '../syntax/functions';
import { DefinitionType } from '../scope/scope-types';
import { outermost } from './uses';

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

/**
 * The condition under which `child` runs inside `p`, if `p` tests one: a branch's, a loop's
 * (`while`, `do … while`, and `for (; test;)` for its body and update, not its init), the
 * left side of `&&`/`||`.
 */
export function testOf(p: TSESTree.Node, child: TSESTree.Node): TSESTree.Node | null {
  if (p.type === AST_NODE_TYPES.IfStatement || p.type === AST_NODE_TYPES.ConditionalExpression || p.type === AST_NODE_TYPES.WhileStatement || p.type === AST_NODE_TYPES.DoWhileStatement) return p.test;
  if (p.type === AST_NODE_TYPES.ForStatement) return child === p.init ? null : p.test;
  if (p.type === AST_NODE_TYPES.LogicalExpression) return p.left;
  return null;
}

/** Does `test` compare the collection's size, or a named bound? */
export function isSizeTest(test: TSESTree.Node, isCollection: (n: TSESTree.Node) => boolean, bounds: BoundNames): boolean {
  const sizeOrBound = (side: TSESTree.Node): boolean => {
    if (side.type === AST_NODE_TYPES.MemberExpression) {
      const m = memberName(side);
      if ((m === 'length' || m === 'size') && isCollection(side.object)) return true;
    }
    const name = nameOf(side);
    return name !== null && nameWords(name).some((w) => bounds.words.has(w));
  };
  return findNode(test, (n) => {
    if (n.type === AST_NODE_TYPES.Identifier && bounds.names.has(n.name)) return true;
    return n.type === AST_NODE_TYPES.BinaryExpression && COMPARISONS.has(n.operator) && (sizeOrBound(n.left) || sizeOrBound(n.right));
  }) !== null;
}

/** Growth under a size test (`if (log.length < MAX) log.push(x)`), or after a guard that leaves (`if (q.length >= MAX) return;`). */
export function capped(site: Site, isCollection: (n: TSESTree.Node) => boolean, bounds: BoundNames): boolean {
  const fn = innermostFunction(site.node);
  let child: TSESTree.Node = site.node;
  for (let p: TSESTree.Node | undefined = site.node.parent; p && p !== fn; child = p, p = p.parent) {
    const test = testOf(p, child);
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
  let child: TSESTree.Node = pop.node;
  for (let p: TSESTree.Node | undefined = pop.node.parent; p && p !== fn; child = p, p = p.parent) {
    // `do { top = stack.pop(); } while (top !== mark)`: the body runs at least once, whatever its test.
    const test = p.type === AST_NODE_TYPES.DoWhileStatement && child === p.body ? null : testOf(p, child);
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
export function isMemoStore(site: Site, scopeOf: ScopeOf, notices: ReadonlySet<string>): boolean {
  const key = site.key;
  const fn = innermostFunction(site.node);
  if (!key || !fn || (site.op !== 'set' && site.op !== 'add' && site.op !== '[key] =')) return false;
  // A Set stores no computed value: `if (seen.has(id)) return; seen.add(id)` de-duplicates and
  // remembers every key it is shown, unless it gates a notice given once per message.
  if (site.op === 'add' && !givesNotice(fn, notices)) return false;
  const receiver = site.use;
  if (accumulates(site, receiver, key, scopeOf)) return false;
  return findNode(fn.body, (n) => {
    if (n.range[0] >= site.node.range[0] || within(n, site.node)) return false;
    if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression) {
      const m = memberName(n.callee);
      return (m === 'get' || m === 'has') && n.arguments[0] !== undefined && sameValue(n.callee.object, receiver, scopeOf) && sameValue(n.arguments[0], key, scopeOf);
    }
    // A read (`cached = cache[k]` too), not a store (`cache[k] = v`).
    if (n.type === AST_NODE_TYPES.MemberExpression && n.computed) return !(n.parent.type === AST_NODE_TYPES.AssignmentExpression && n.parent.left === n) && sameValue(n.object, receiver, scopeOf) && sameValue(n.property, key, scopeOf);
    return n.type === AST_NODE_TYPES.BinaryExpression && n.operator === 'in' && sameValue(n.right, receiver, scopeOf);
  }) !== null;
}

/** Does `n` read the entry at `key` of `receiver` (`m.get(key)`, `o[key]`)? */
function readsEntry(n: TSESTree.Node, receiver: TSESTree.Node, key: TSESTree.Node, scopeOf: ScopeOf): boolean {
  let found = false;
  walkAll(n, (x) => {
    if (found) return;
    if (x.type === AST_NODE_TYPES.CallExpression && x.callee.type === AST_NODE_TYPES.MemberExpression && memberName(x.callee) === 'get') {
      if (x.arguments[0] !== undefined && sameValue(x.callee.object, receiver, scopeOf) && sameValue(x.arguments[0], key, scopeOf)) found = true;
    } else if (x.type === AST_NODE_TYPES.MemberExpression && x.computed && sameValue(x.object, receiver, scopeOf) && sameValue(x.property, key, scopeOf)) found = true;
  });
  return found;
}

/**
 * The value stored is made from the entry it replaces (`m.set(k, [...(m.get(k) ?? []), t])`, or
 * from a variable written once from `m.get(k)`, `counts[k] = n + 1`): per-key state updated on
 * every call, not a value computed once on a miss. It remembers every key it is shown.
 */
function accumulates(site: Site, receiver: TSESTree.Node, key: TSESTree.Node, scopeOf: ScopeOf): boolean {
  const node = site.node;
  const value =
    node.type === AST_NODE_TYPES.CallExpression ? node.arguments[1] : node.type === AST_NODE_TYPES.AssignmentExpression ? node.right : undefined;
  if (!value || value.type === AST_NODE_TYPES.SpreadElement) return false;
  if (readsEntry(value, receiver, key, scopeOf)) return true;
  const found: TSESLint.Scope.Variable[] = [];
  walkAll(value, (n) => {
    if (found.length > 0 || n.type !== AST_NODE_TYPES.Identifier) return;
    const variable = ASTUtils.findVariable(scopeOf(n), n);
    const decl = variable?.defs[0]?.node;
    // Only a variable written once, where it is declared: `let v = m.get(k); if (!v) { v = make(); m.set(k, v); }` is a memo.
    if (!variable || decl?.type !== AST_NODE_TYPES.VariableDeclarator || !decl.init) return;
    if (variable.references.some((r) => r.isWrite() && r.identifier !== decl.id)) return;
    if (readsEntry(decl.init, receiver, key, scopeOf)) found.push(variable);
  });
  // `const cur = m.get(k); if (cur) m.set(k, cur.concat(xs))`: under a test of the old entry it
  // updates a key that is there and adds none.
  return found.length > 0 && !underTestOf(site.node, found[0] as TSESLint.Scope.Variable);
}

function underTestOf(node: TSESTree.Node, variable: TSESLint.Scope.Variable): boolean {
  const fn = innermostFunction(node);
  const refs = new Set<TSESTree.Node>(variable.references.map((r) => r.identifier));
  let child: TSESTree.Node = node;
  for (let p: TSESTree.Node | undefined = node.parent; p && p !== fn; child = p, p = p.parent) {
    const test = testOf(p, child);
    if (!test || test === child) continue;
    const mentions: TSESTree.Node[] = [];
    walkAll(test, (n) => {
      if (refs.has(n)) mentions.push(n);
    });
    if (mentions.length > 0) return true;
  }
  return false;
}

/** Does `fn` call a notice (`process.emitWarning(m)`, `console.warn(m)`, `performance.mark(f)`)? */
function givesNotice(fn: TSESTree.Node, notices: ReadonlySet<string>): boolean {
  return findNode(fn, (n) => {
    if (n.type !== AST_NODE_TYPES.CallExpression) return false;
    const name = nameOf(unwrapExpression(n.callee));
    return name !== null && notices.has(name);
  }) !== null;
}

/**
 * Growth under a test that a parameter is a `RegExp` (`if (name instanceof RegExp) …`): the call
 * registers a pattern, code of the program (a route, a namespace matcher), one entry per
 * pattern written, not per event.
 */
export function underPatternTest(site: Site, scopeOf: ScopeOf): boolean {
  const fn = innermostFunction(site.node);
  if (!fn) return false;
  let child: TSESTree.Node = site.node;
  for (let p: TSESTree.Node | undefined = site.node.parent; p && p !== fn; child = p, p = p.parent) {
    const test = testOf(p, child);
    if (!test || test === child) continue;
    const found: TSESTree.Node[] = [];
    walkAll(test, (n) => {
      if (n.type !== AST_NODE_TYPES.BinaryExpression || n.operator !== 'instanceof' || n.right.type !== AST_NODE_TYPES.Identifier || n.right.name !== 'RegExp') return;
      const left = unwrapExpression(n.left);
      if (left.type !== AST_NODE_TYPES.Identifier) return;
      const v = ASTUtils.findVariable(scopeOf(left), left);
      if (v?.defs.some((d) => d.type === DefinitionType.Parameter && d.node === fn) === true) found.push(n);
    });
    if (found.length > 0) return true;
  }
  return false;
}

/**
 * A memo split into accessors: `function setParsed(text, v) { cache[text] = v; }`, called only
 * after `getParsed(text)` (a same-file function that reads `cache[param]`) with the same
 * argument, in the same function. Each call site is then a lookup and a store on a miss.
 */
export function memoThroughAccessors(site: Site, isCollection: (n: TSESTree.Node) => boolean, index: FunctionIndex, scopeOf: ScopeOf): boolean {
  const fn = innermostFunction(site.node);
  const key = site.key ? unwrapExpression(site.key) : null;
  if (!fn || key?.type !== AST_NODE_TYPES.Identifier) return false;
  const keyVar = ASTUtils.findVariable(scopeOf(key), key);
  const at = fn.params.findIndex((p) => keyVar?.identifiers.includes(p as TSESTree.Identifier) === true);
  const calls = index.callSitesOf(fn);
  if (at === -1 || calls.length === 0 || fn.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return false;
  return calls.every((call) => {
    const arg = call.arguments[at];
    const caller = innermostFunction(call);
    if (!arg || !caller) return false;
    const looked: TSESTree.Node[] = [];
    walkAll(caller.body, (n) => {
      if (looked.length > 0 || n.type !== AST_NODE_TYPES.CallExpression || n.range[0] >= call.range[0]) return;
      const g = index.targetOf(n);
      const j = n.arguments.findIndex((a) => sameValue(a, arg, scopeOf));
      const param = g && j !== -1 ? g.params[j] : undefined;
      if (g && param?.type === AST_NODE_TYPES.Identifier && readsAt(g, param, isCollection, scopeOf)) looked.push(n);
    });
    return looked.length > 0;
  });
}

/** Does `g` read the collection at its parameter (`cache[p]`, `cache.get(p)`, `cache.has(p)`)? */
function readsAt(g: TSESTree.Node, param: TSESTree.Identifier, isCollection: (n: TSESTree.Node) => boolean, scopeOf: ScopeOf): boolean {
  const found: TSESTree.Node[] = [];
  const isParam = (a: TSESTree.Node | undefined): boolean => a?.type === AST_NODE_TYPES.Identifier && ASTUtils.findVariable(scopeOf(a), a)?.identifiers.includes(param) === true;
  walkAll(g, (n) => {
    if (n.type === AST_NODE_TYPES.MemberExpression && n.computed && isCollection(n.object) && isParam(n.property)) found.push(n);
    if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression && isCollection(n.callee.object)) {
      const m = memberName(n.callee);
      const a = n.arguments[0];
      if ((m === 'get' || m === 'has') && isParam(a)) found.push(n);
    }
  });
  return found.length > 0;
}

/**
 * A map read back by a class (`meta.get(obj.constructor)`, `links.has(this.constructor)`): its
 * keys are classes, one entry per class, code of the program like a registered pattern —
 * decorator metadata, per-class registries. A map read by data (`m.get(req.id)`) is not.
 */
export function keyedByClasses(uses: readonly TSESTree.Node[]): boolean {
  return uses.some((u) => {
    const use = outermost(u);
    const p = use.parent;
    if (p?.type !== AST_NODE_TYPES.MemberExpression || p.object !== use || p.parent.type !== AST_NODE_TYPES.CallExpression || p.parent.callee !== p) return false;
    const m = memberName(p);
    const key = p.parent.arguments[0];
    if ((m !== 'get' && m !== 'has') || !key) return false;
    let found = false;
    walkAll(key, (n) => {
      if (!found && n.type === AST_NODE_TYPES.MemberExpression && !n.computed && memberName(n) === 'constructor') found = true;
    });
    return found;
  });
}
