import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { type FunctionNode, isFunction, isLoop } from '../syntax/nodes';
import { memberName, unwrapExpression } from '../scope/references';
import { type ScopeOf, sameValue } from '../scope/identity';
import { firstAtLeast, walkAll } from '../syntax/ast';

/**
 * Question 6, the flag case: a self-call that passes a constant for a parameter the function
 * tests — `retry(req, true)` under `if (!retried)`, `check('wait')` under `if (state ===
 * 'waiting')`, `connect({ ...o, proxy: undefined })` under `if (o.proxy != null)`,
 * `flushSync()` under `if (fn)` — makes the next round skip the branch that recursed. The
 * guards on the path to the call are evaluated with the callee's parameters bound to the
 * call's constants; when one of them is decided against the path, the call cannot recur
 * from itself. Parameters the function reassigns are never bound.
 */
type Value = { value: unknown };
interface Env {
  vars: Map<TSESLint.Scope.Variable, Value>;
  members: Map<TSESLint.Scope.Variable, Map<string, Value>>;
}

/** A fresh object: truthy, never equal to a primitive, its fields unknown unless bound. */
const OBJECT = Object.freeze({});

function constant(node: TSESTree.Node, scopeOf: ScopeOf): Value | null {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.ObjectExpression || n.type === AST_NODE_TYPES.ArrayExpression) return { value: OBJECT };
  const v = ASTUtils.getStaticValue(n, scopeOf(n));
  if (!v) return null;
  return v.value === null || (typeof v.value !== 'object' && typeof v.value !== 'function') ? { value: v.value } : null;
}

/** `o.k` fields an object argument sets to a constant, unless a later spread may override them. */
function fieldsOf(arg: TSESTree.Node, scopeOf: ScopeOf): Map<string, Value> {
  const out = new Map<string, Value>();
  const a = unwrapExpression(arg);
  if (a.type !== AST_NODE_TYPES.ObjectExpression) return out;
  for (const p of a.properties) {
    if (p.type === AST_NODE_TYPES.SpreadElement) {
      out.clear();
      continue;
    }
    const key = p.computed ? null : p.key.type === AST_NODE_TYPES.Identifier ? p.key.name : String(p.key.value);
    if (key === null || p.kind !== 'init') continue;
    const v = constant(p.value, scopeOf);
    if (v) out.set(key, v);
    else out.delete(key);
  }
  return out;
}

/** Is the variable (or, with `key`, its field) written anywhere but its declaration? */
function reassigned(variable: TSESLint.Scope.Variable, key: string | null): boolean {
  return variable.references.some((ref) => {
    if (ref.isWrite() && !ref.init) return true;
    if (key === null) return false;
    const m = ref.identifier.parent;
    if (m.type !== AST_NODE_TYPES.MemberExpression || m.object !== ref.identifier || memberName(m) !== key) return false;
    const up = m.parent;
    return (
      (up.type === AST_NODE_TYPES.AssignmentExpression && up.left === m) ||
      up.type === AST_NODE_TYPES.UpdateExpression ||
      (up.type === AST_NODE_TYPES.UnaryExpression && up.operator === 'delete')
    );
  });
}

/** The callee's parameters bound to the constants `call` passes (a missing one is `undefined`). */
export function bindArguments(call: TSESTree.CallExpression, callee: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): Env {
  const scopeOf: ScopeOf = (n) => sourceCode.getScope(n);
  const env: Env = { vars: new Map(), members: new Map() };
  if (call.arguments.some((a) => a.type === AST_NODE_TYPES.SpreadElement)) return env;
  const declared = sourceCode.getDeclaredVariables(callee);
  callee.params.forEach((param, i) => {
    const id = param.type === AST_NODE_TYPES.Identifier ? param : param.type === AST_NODE_TYPES.AssignmentPattern && param.left.type === AST_NODE_TYPES.Identifier ? param.left : null;
    const variable = id ? declared.find((v) => v.name === id.name) : undefined;
    if (!variable || reassigned(variable, null)) return;
    const arg = call.arguments[i];
    let v = arg ? constant(arg, scopeOf) : { value: undefined };
    // A default replaces `undefined`: bound only when it is a constant too.
    if (v?.value === undefined && param.type === AST_NODE_TYPES.AssignmentPattern) v = constant(param.right, scopeOf);
    if (v) env.vars.set(variable, v);
    if (arg) {
      const fields = new Map([...fieldsOf(arg, scopeOf)].filter(([k]) => !reassigned(variable, k)));
      if (fields.size > 0) env.members.set(variable, fields);
    }
  });
  return env;
}

function evaluate(node: TSESTree.Node, env: Env, scopeOf: ScopeOf): Value | null {
  const n = unwrapExpression(node);
  switch (n.type) {
    case AST_NODE_TYPES.Identifier: {
      const v = ASTUtils.findVariable(scopeOf(n), n);
      if (v && env.vars.has(v)) return env.vars.get(v) ?? null;
      return constant(n, scopeOf);
    }
    case AST_NODE_TYPES.MemberExpression: {
      const o = unwrapExpression(n.object);
      const key = memberName(n);
      if (o.type !== AST_NODE_TYPES.Identifier || key === null) return null;
      const v = ASTUtils.findVariable(scopeOf(o), o);
      return (v && env.members.get(v)?.get(key)) ?? null;
    }
    case AST_NODE_TYPES.Literal:
      return constant(n, scopeOf);
    case AST_NODE_TYPES.UnaryExpression: {
      if (n.operator === 'void') return { value: undefined };
      const t = n.operator === '!' ? truth(n.argument, env, scopeOf) : null;
      if (t !== null) return { value: !t };
      const a = evaluate(n.argument, env, scopeOf);
      if (!a) return null;
      if (n.operator === 'typeof') return { value: a.value === OBJECT ? 'object' : typeof a.value };
      if (typeof a.value !== 'number') return null;
      return n.operator === '-' ? { value: -a.value } : n.operator === '+' ? { value: a.value } : null;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (n.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
      const l = evaluate(n.left, env, scopeOf);
      const r = evaluate(n.right, env, scopeOf);
      if (!l || !r || (l.value === OBJECT && r.value === OBJECT)) return null;
      return compare(n.operator, l.value, r.value);
    }
    case AST_NODE_TYPES.LogicalExpression: {
      const t = truth(n, env, scopeOf);
      return t === null ? null : { value: t };
    }
    default:
      return null;
  }
}

function compare(operator: string, l: unknown, r: unknown): Value | null {
  switch (operator) {
    case '===': return { value: l === r };
    case '!==': return { value: l !== r };
    case '==': return { value: l == r };
    case '!=': return { value: l != r };
    default: break;
  }
  if (typeof l !== 'number' || typeof r !== 'number') return null;
  switch (operator) {
    case '<': return { value: l < r };
    case '<=': return { value: l <= r };
    case '>': return { value: l > r };
    case '>=': return { value: l >= r };
    default: return null;
  }
}

/** Is the test truthy, falsy, or unknown (null) under `env`? `x && false` is falsy whatever `x` is. */
function truth(node: TSESTree.Node, env: Env, scopeOf: ScopeOf): boolean | null {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.LogicalExpression) {
    const l = truth(n.left, env, scopeOf);
    const r = truth(n.right, env, scopeOf);
    if (n.operator === '&&') return l === false || r === false ? false : l === true && r === true ? true : null;
    if (n.operator === '||') return l === true || r === true ? true : l === false && r === false ? false : null;
    const left = evaluate(n.left, env, scopeOf);
    if (!left) return null;
    return left.value === null || left.value === undefined ? r : Boolean(left.value);
  }
  const v = evaluate(n, env, scopeOf);
  return v ? Boolean(v.value) : null;
}

/** A statement after which control never reaches the next one. */
export function exits(s: TSESTree.Statement | null | undefined): boolean {
  if (!s) return false;
  if (s.type === AST_NODE_TYPES.ReturnStatement || s.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (s.type === AST_NODE_TYPES.BlockStatement) return s.body.some(exits);
  if (s.type === AST_NODE_TYPES.IfStatement) return exits(s.consequent) && exits(s.alternate);
  return false;
}

/** The tests a path to `site` inside `fn` must pass, each with the truth it needs. */
export function* pathGuards(site: TSESTree.Node, fn: FunctionNode): Generator<{ test: TSESTree.Node; want: boolean } | { cases: TSESTree.Node[]; on: TSESTree.Node }> {
  let child: TSESTree.Node = site;
  for (let p: TSESTree.Node | undefined = site.parent; p && p !== fn; child = p, p = p.parent) {
    switch (p.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child === p.consequent) yield { test: p.test, want: true };
        else if (child === p.alternate) yield { test: p.test, want: false };
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === p.right && p.operator !== '??') yield { test: p.left, want: p.operator === '&&' };
        break;
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.ForStatement:
        if (child === p.body && p.test) yield { test: p.test, want: true };
        break;
      case AST_NODE_TYPES.SwitchCase: {
        const sw = p.parent;
        const at = sw.cases.indexOf(p);
        // The case and those that fall into it: its path needs the discriminant to match one.
        const cases: TSESTree.Node[] = [];
        for (let i = at; i >= 0; i--) {
          const c = sw.cases[i];
          if (!c) break;
          // An earlier case that ends in `break`, `return` or `throw` does not fall into this one.
          if (i < at && c.consequent.some((s) => exits(s) || s.type === AST_NODE_TYPES.BreakStatement)) break;
          if (!c.test) {
            cases.length = 0;
            break;
          }
          cases.push(c.test);
        }
        if (cases.length > 0) yield { cases, on: sw.discriminant };
        break;
      }
      default:
        break;
    }
    const list = p.type === AST_NODE_TYPES.BlockStatement || p.type === AST_NODE_TYPES.Program ? p.body : p.type === AST_NODE_TYPES.SwitchCase ? p.consequent : null;
    if (!list) continue;
    // `if (done) return;` before the call: the path needs it not taken.
    for (const s of list as TSESTree.Node[]) {
      if (s === child) break;
      if (s.type !== AST_NODE_TYPES.IfStatement) continue;
      if (exits(s.consequent) && !exits(s.alternate)) yield { test: s.test, want: false };
      else if (exits(s.alternate) && !exits(s.consequent)) yield { test: s.test, want: true };
    }
  }
}

/** Is `site` (inside `fn`) unreachable when `fn`'s parameters are bound as in `env`? */
export function unreachableUnder(site: TSESTree.Node, fn: FunctionNode, env: Env, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (env.vars.size === 0 && env.members.size === 0) return false;
  const scopeOf: ScopeOf = (n) => sourceCode.getScope(n);
  for (const g of pathGuards(site, fn)) {
    if ('test' in g) {
      if (truth(g.test, env, scopeOf) === !g.want) return true;
      continue;
    }
    const on = evaluate(g.on, env, scopeOf);
    if (!on || on.value === OBJECT) continue;
    const never = g.cases.every((c) => {
      const v = evaluate(c, env, scopeOf);
      return v !== null && v.value !== OBJECT && v.value !== on.value;
    });
    if (never) return true;
  }
  return false;
}

/**
 * Does passing `test` with truth `want` require some leaf condition that `leaf` accepts? `!a`
 * flips the truth; `a && b` needs one side when true and both when false, `a || b` the other
 * way round; a local `const ok = …` is read through its initializer. `ok = max === INFINITE ||
 * n < max` wanted true does not require `n < max`: the sentinel passes without it.
 */
export function requires(test: TSESTree.Node, want: boolean, leaf: (n: TSESTree.Node) => boolean, scopeOf: ScopeOf, depth = 0): boolean {
  const n = unwrapExpression(test);
  if (n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!') return requires(n.argument, !want, leaf, scopeOf, depth);
  if (n.type === AST_NODE_TYPES.LogicalExpression && n.operator !== '??') {
    const l = requires(n.left, want, leaf, scopeOf, depth);
    const r = requires(n.right, want, leaf, scopeOf, depth);
    return (n.operator === '&&') === want ? l || r : l && r;
  }
  if (n.type === AST_NODE_TYPES.Identifier && depth < 3) {
    const v = ASTUtils.findVariable(scopeOf(n), n);
    const def = v?.defs[0];
    if (v && def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init && def.node.id === def.name && !reassigned(v, null)) {
      return requires(def.node.init, want, leaf, scopeOf, depth + 1);
    }
  }
  return leaf(n);
}

/** The conditions on the way to `site` that bound it: `requires(test, want, leaf)` for one of them. */
export function guardedBy(site: TSESTree.Node, fn: FunctionNode, leaf: (n: TSESTree.Node) => boolean, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const scopeOf: ScopeOf = (n) => sourceCode.getScope(n);
  for (const g of pathGuards(site, fn)) {
    if ('test' in g ? requires(g.test, g.want, leaf, scopeOf) : leaf(g.on)) return true;
  }
  return false;
}

// Asked for every reset before a self-call, each asking of the statements after it: the calls of
// `fn` to the same callee are found once per call and function, not by a walk per statement.
const againByCall = new WeakMap<TSESTree.CallExpression, WeakMap<FunctionNode, readonly number[]>>();

/** Where `fn` (nested functions included) calls `call`'s callee again (scope-aware), in order. */
function callsAgain(fn: FunctionNode, call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): readonly number[] {
  let byFn = againByCall.get(call);
  if (!byFn) againByCall.set(call, (byFn = new WeakMap()));
  let at = byFn.get(fn);
  if (!at) {
    const scopeOf: ScopeOf = (n) => sourceCode.getScope(n);
    const found: number[] = [];
    walkAll(fn, (n) => {
      if (n.type === AST_NODE_TYPES.CallExpression && sameValue(n.callee, call.callee, scopeOf)) found.push(n.range[0]);
    });
    at = found.sort((a, b) => a - b);
    byFn.set(fn, at);
  }
  return at;
}

/**
 * Does every way on from `node` stop before the next round: a later statement of its block (or
 * of an enclosing one) returns or throws without calling itself again, or the branch it sits in
 * leaves the one that holds `call` and falls off the end of `fn`? A reset there (`attempts = 0;
 * throw e`, `try { await open(); attempts = 0; } catch { … retry … }`) happens where recursion
 * ends, not where it goes on. Inside a loop, nothing stops.
 */
export function stopsAfter(node: TSESTree.Node, fn: FunctionNode, call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const again = callsAgain(fn, call, sourceCode);
  const recurses = (s: TSESTree.Node): boolean => {
    const at = again[firstAtLeast(again, s.range[0])];
    return at !== undefined && at < s.range[1];
  };
  const holds = (n: TSESTree.Node): boolean => n.range[0] <= call.range[0] && call.range[1] <= n.range[1];
  /** Can anything after `node` in `block` throw (and so reach a `catch` that recurses)? */
  const mayThrowAfter = (block: TSESTree.Node): boolean => {
    let found = false;
    walkAll(block, (n) => {
      if (n.range[0] > node.range[1] && (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.AwaitExpression || n.type === AST_NODE_TYPES.NewExpression || n.type === AST_NODE_TYPES.ThrowStatement)) found = true;
    });
    return found;
  };
  let child: TSESTree.Node = node;
  for (let p: TSESTree.Node | undefined = node.parent; p && p !== fn; child = p, p = p.parent) {
    if (isLoop(p) || isFunction(p)) return false;
    const list = p.type === AST_NODE_TYPES.BlockStatement ? p.body : p.type === AST_NODE_TYPES.SwitchCase ? p.consequent : null;
    if (list) {
      // Once past the alternative that holds the call, only what follows it.
      for (const s of list.slice(list.indexOf(child as TSESTree.Statement) + (holds(child) ? 1 : 0))) {
        if (recurses(s)) return false;
        if (exits(s)) return true;
      }
    }
    if (!holds(p) || holds(child)) continue;
    // The reset's branch and the call's are alternatives: go on past them.
    if (p.type === AST_NODE_TYPES.TryStatement) {
      if (child !== p.block || mayThrowAfter(p.block)) return false;
    } else if (p.type !== AST_NODE_TYPES.IfStatement && p.type !== AST_NODE_TYPES.ConditionalExpression && p.type !== AST_NODE_TYPES.SwitchStatement) {
      return false;
    }
  }
  return true;
}
