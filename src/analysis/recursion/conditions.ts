import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { type FunctionNode, innermostFunction } from '../syntax/nodes';
import { walkAll } from '../syntax/ast';
import { classMethod } from '../syntax/functions';
import { memberName, nameOf, unwrapExpression } from '../scope/references';
import { type ScopeOf, sameValue } from '../scope/identity';
import { fateOf } from '../fate/fate';
import { guardedBy, pathGuards } from './guards';

/**
 * Question 6, conditions consumed on the way to the self-call: the next round cannot pass the
 * test that led to this call again, because
 * - the call passes another value for a parameter whose *kind* the path tests (`if
 *   (!isNaN(n)) return f(await fetchList(n))`): it converts its input and dispatches again;
 * - the call passes the settled value of the promise the path tested (`if (isPromise(body))
 *   return body.then((v) => f({ ...r, data: v }))`): `.then` and `await` unwrap thenables;
 * - before the call, state the path tests is changed elsewhere: a method of the same class
 *   that writes the tested field (`if (!this.raw) return this.connect().then(() => this.send())`
 *   where `connect()` sets `this.raw`), or an effect on the tested object of another class
 *   (`if (cache.hasToken) { …; cache.removeToken(); return this.run(); }`).
 */

/** `typeof x`, `x instanceof C`, `Array.isArray(x)`, `isPromise(x)`: the value whose kind `leaf` tests. */
function typeTested(leaf: TSESTree.Node, predicates: ReadonlySet<string>): TSESTree.Node | null {
  const n = unwrapExpression(leaf);
  if (n.type === AST_NODE_TYPES.UnaryExpression && n.operator === 'typeof') return n.argument;
  if (n.type === AST_NODE_TYPES.BinaryExpression) {
    if (n.operator === 'instanceof') return n.left;
    for (const side of [n.left, n.right]) {
      const s = unwrapExpression(side);
      if (s.type === AST_NODE_TYPES.UnaryExpression && s.operator === 'typeof') return s.argument;
    }
    return null;
  }
  if (n.type !== AST_NODE_TYPES.CallExpression || n.arguments.length !== 1) return null;
  const callee = unwrapExpression(n.callee);
  const name = nameOf(callee);
  const arg = n.arguments[0];
  return name !== null && predicates.has(name) && arg && arg.type !== AST_NODE_TYPES.SpreadElement ? arg : null;
}

/** A parameter whose kind the path tests gets another value: the next round takes another branch. */
export function convertsArgument(call: TSESTree.CallExpression, fn: FunctionNode, predicates: ReadonlySet<string>, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const declared = sourceCode.getDeclaredVariables(fn);
  return fn.params.some((param, i) => {
    const id = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    const arg = call.arguments[i];
    if (id.type !== AST_NODE_TYPES.Identifier || !arg || arg.type === AST_NODE_TYPES.SpreadElement) return false;
    const a = unwrapExpression(arg);
    if (a.type === AST_NODE_TYPES.Identifier && a.name === id.name) return false;
    const variable = declared.find((v) => v.name === id.name);
    if (!variable) return false;
    return guardedBy(call, fn, (leaf) => {
      const t = typeTested(leaf, predicates);
      const u = t && unwrapExpression(t);
      return u?.type === AST_NODE_TYPES.Identifier && ASTUtils.findVariable(sourceCode.getScope(u), u) === variable;
    }, sourceCode);
  });
}

/** The call passes what `p.then((v) => …)` or `const v = await p` settled to, where the path tested `p`'s kind. */
export function unwrapsTestedPromise(call: TSESTree.CallExpression, fn: FunctionNode, predicates: ReadonlySet<string>, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const scopeOf: ScopeOf = (n) => sourceCode.getScope(n);
  const promises: TSESTree.Node[] = [];
  // `p.then((v) => self(v))` on the way out from the call to `fn`.
  for (let h = innermostFunction(call); h && h !== fn; h = innermostFunction(h)) {
    const up = h.parent;
    const v = h.params[0];
    if (up.type !== AST_NODE_TYPES.CallExpression || up.arguments[0] !== h || v?.type !== AST_NODE_TYPES.Identifier) continue;
    const callee = unwrapExpression(up.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'then') continue;
    if (passes(call, (id) => id.name === v.name && ASTUtils.findVariable(scopeOf(id), id)?.defs[0]?.node === h)) promises.push(callee.object);
  }
  // `const v = await p; … self(v)`.
  passes(call, (id) => {
    const def = ASTUtils.findVariable(scopeOf(id), id)?.defs[0];
    const init = def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init ? unwrapExpression(def.node.init) : null;
    if (init?.type === AST_NODE_TYPES.AwaitExpression) promises.push(init.argument);
    return false;
  });
  if (promises.length === 0) return false;
  return guardedBy(call, fn, (leaf) => {
    const t = typeTested(leaf, predicates);
    if (!t) return false;
    const u = unwrapExpression(t);
    // `typeof p.then === 'function'` tests `p`.
    const tested = u.type === AST_NODE_TYPES.MemberExpression && memberName(u) === 'then' ? u.object : u;
    return promises.some((p) => sameValue(p, tested, scopeOf));
  }, sourceCode);
}

/** Does some identifier in the call's arguments satisfy `test`? */
function passes(call: TSESTree.CallExpression, test: (id: TSESTree.Identifier) => boolean): boolean {
  let found = false;
  for (const arg of call.arguments) {
    walkAll(arg, (n) => {
      if (!found && n.type === AST_NODE_TYPES.Identifier && test(n)) found = true;
    });
  }
  return found;
}

/** Does `method` (or a method of its class it calls through `this`) write `this.<field>`? */
function writesField(method: FunctionNode, field: string, depth: number): boolean {
  let found = false;
  walkAll(method.body, (n) => {
    if (found) return;
    const target =
      n.type === AST_NODE_TYPES.AssignmentExpression ? n.left : n.type === AST_NODE_TYPES.UpdateExpression ? n.argument : n.type === AST_NODE_TYPES.UnaryExpression && n.operator === 'delete' ? n.argument : null;
    if (target) {
      const t = unwrapExpression(target);
      // A number written back (`this.attempts = 0`) is a reset, not a consumed condition.
      const value = n.type === AST_NODE_TYPES.AssignmentExpression ? unwrapExpression(n.right) : null;
      if (t.type === AST_NODE_TYPES.MemberExpression && t.object.type === AST_NODE_TYPES.ThisExpression && memberName(t) === field && !(value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'number')) found = true;
      return;
    }
    if (depth < 3 && n.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrapExpression(n.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.ThisExpression) return;
      const name = memberName(callee);
      const next = name === null ? null : classMethod(n, name, null);
      if (next && next.fn !== method && writesField(next.fn, field, depth + 1)) found = true;
    }
  });
  return found;
}

/** Members the path to the call tests: `this.raw` in `if (!this.raw)`, `cache.hasToken`. */
function testedMembers(call: TSESTree.CallExpression, fn: FunctionNode): { member: TSESTree.MemberExpression; after: number }[] {
  const out: { member: TSESTree.MemberExpression; after: number }[] = [];
  for (const g of pathGuards(call, fn)) {
    const test = 'test' in g ? g.test : g.on;
    walkAll(test, (n) => {
      if (n.type === AST_NODE_TYPES.MemberExpression && n.parent.type !== AST_NODE_TYPES.MemberExpression) out.push({ member: n, after: test.range[1] });
    });
  }
  return out;
}

/**
 * Before the call, after the test, something changes what the path tested: a same-class method
 * that writes the tested field, or an effect (a call whose result is dropped or awaited) on the
 * tested object when that object is not `this` (its class lives elsewhere).
 */
export function consumedElsewhere(call: TSESTree.CallExpression, fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const scopeOf: ScopeOf = (n) => sourceCode.getScope(n);
  const tested = testedMembers(call, fn);
  if (tested.length === 0) return false;
  let found = false;
  walkAll(fn.body, (n) => {
    if (found || n.type !== AST_NODE_TYPES.CallExpression || n === call || n.range[1] > call.range[0]) return;
    const callee = unwrapExpression(n.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
    const name = memberName(callee);
    if (name === null) return;
    const receiver = unwrapExpression(callee.object);
    const fate = fateOf(n).kind;
    const effect = fate === 'discarded' || fate === 'awaited' || (n.parent.type === AST_NODE_TYPES.MemberExpression && n.parent.object === n);
    for (const { member, after } of tested) {
      if (n.range[0] < after) continue;
      const object = unwrapExpression(member.object);
      const field = memberName(member);
      if (receiver.type === AST_NODE_TYPES.ThisExpression) {
        if (object.type !== AST_NODE_TYPES.ThisExpression || field === null) continue;
        const method = classMethod(n, name, null);
        if (method && method.fn !== fn && writesField(method.fn, field, 0)) found = true;
      } else if (effect && object.type !== AST_NODE_TYPES.ThisExpression && sameValue(receiver, object, scopeOf)) {
        found = true;
      }
      if (found) return;
    }
  });
  return found;
}
