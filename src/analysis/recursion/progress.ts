import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import type { FunctionNode } from '../syntax/nodes';
import { namesIn, walkOwn } from '../syntax/ast';
import { memberName, nameOf, unwrapExpression } from '../scope/references';
import { DefinitionType } from '../scope/scope-types';
import { sameValue } from '../scope/identity';
import { bindArguments, guardedBy, stopsAfter, unreachableUnder } from './guards';
import { consumedElsewhere, convertsArgument, unwrapsTestedPromise } from './conditions';

const COMPARISONS = new Set(['<', '<=', '>', '>=', '===', '!==', '==', '!=']);

/**
 * Is a recursive call "loop-like" — a loop written as recursion — or bounded recursion on
 * smaller data? A call is bounded when one of its arguments makes progress: a part of a
 * parameter (`node.left`, `rest`, `list.slice(1)`), a value derived from one
 * (`const child = node.children[i]`), or a counter (`n - 1`, `attempt + 1`) that the
 * function tests against a finite bound. Everything else — no arguments, the same
 * arguments, fresh values read from I/O, an unbounded counter — repeats like a loop.
 */
export interface RecursionVerdict {
  loopLike: boolean;
  /** Why it is loop-like, for messages. */
  why: string;
}

export interface RecursionOptions {
  /** Counters bounded by a constant larger than this count as unbounded (`attempt < 1e9`). */
  maxRetryBound: number;
  /** Methods that take the next item off a queue or iterator (registry: `advancingMethods`). */
  advancing: ReadonlySet<string>;
  /** Methods that put a queue or iterator back to its start (registry: `rewindingMethods`). */
  rewinding: ReadonlySet<string>;
  /** Functions that test a value's kind (registry: `typePredicates`). */
  typePredicates: ReadonlySet<string>;
}

type Scope = TSESLint.Scope.Scope;

function paramNames(fn: FunctionNode): { names: string[]; defaults: Map<string, TSESTree.Node> } {
  const names: string[] = [];
  const defaults = new Map<string, TSESTree.Node>();
  const add = (p: TSESTree.Node): void => {
    switch (p.type) {
      case AST_NODE_TYPES.Identifier:
        names.push(p.name);
        break;
      case AST_NODE_TYPES.AssignmentPattern:
        if (p.left.type === AST_NODE_TYPES.Identifier) {
          names.push(p.left.name);
          defaults.set(p.left.name, p.right);
        } else add(p.left);
        break;
      case AST_NODE_TYPES.RestElement:
        add(p.argument);
        break;
      case AST_NODE_TYPES.TSParameterProperty:
        add(p.parameter);
        break;
      case AST_NODE_TYPES.ObjectPattern:
        for (const prop of p.properties) add(prop.type === AST_NODE_TYPES.Property ? prop.value : prop);
        break;
      case AST_NODE_TYPES.ArrayPattern:
        for (const el of p.elements) if (el) add(el);
        break;
      default:
        break;
    }
  };
  fn.params.forEach(add);
  return { names, defaults };
}

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | null {
  let n = unwrapExpression(node);
  for (;;) {
    if (n.type === AST_NODE_TYPES.Identifier) return n;
    if (n.type === AST_NODE_TYPES.MemberExpression) n = unwrapExpression(n.object);
    else if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression) n = unwrapExpression(n.callee.object);
    else return null;
  }
}


/** `(i + 1) % n`: an increment taken modulo a length comes back to its start (Euclid's `a % b` does not count). */
function wrapsAround(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  if (n.type !== AST_NODE_TYPES.BinaryExpression || n.operator !== '%') return false;
  const left = unwrapExpression(n.left);
  return left.type === AST_NODE_TYPES.BinaryExpression && left.operator === '+';
}

export class RecursionAnalysis {
  private readonly tests = new Map<FunctionNode, { names: ReadonlySet<string>; node: TSESTree.Node }[]>();
  private readonly awaits = new Map<FunctionNode, number[]>();
  /** The self-call being judged: bounds count only on the paths that reach it. */
  private site: TSESTree.CallExpression | null = null;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly options: RecursionOptions,
  ) {}

  /** Conditions the function tests (if/while/?:/&&/||/comparisons): where bounds live. */
  private testsOf(fn: FunctionNode): { names: ReadonlySet<string>; node: TSESTree.Node }[] {
    let out = this.tests.get(fn);
    if (out) return out;
    out = [];
    const list = out;
    const awaits: number[] = [];
    walkOwn(fn, (n) => {
      if (n.type === AST_NODE_TYPES.AwaitExpression) awaits.push(n.range[0]);
      if (
        (n.type === AST_NODE_TYPES.BinaryExpression && ['<', '<=', '>', '>=', '===', '!==', '==', '!='].includes(n.operator)) ||
        n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!'
      ) {
        list.push({ names: namesIn(n), node: n });
      }
      if ((n.type === AST_NODE_TYPES.IfStatement || n.type === AST_NODE_TYPES.ConditionalExpression || n.type === AST_NODE_TYPES.WhileStatement)) {
        list.push({ names: namesIn(n.test), node: n.test });
      }
      if (n.type === AST_NODE_TYPES.LogicalExpression) list.push({ names: namesIn(n.left), node: n.left });
    });
    this.tests.set(fn, out);
    this.awaits.set(fn, awaits);
    return out;
  }

  /** Is there an `await` before `pos` in `fn`'s own body? */
  awaitsBefore(fn: FunctionNode, pos: number): boolean {
    this.testsOf(fn);
    return (this.awaits.get(fn) ?? []).some((a) => a < pos);
  }

  /** A bound no retry reaches: `Infinity`, `Number.MAX_SAFE_INTEGER`, a constant above `maxRetryBound`. */
  private unbounded(node: TSESTree.Node): boolean {
    const v = ASTUtils.getStaticValue(node, this.sourceCode.getScope(node));
    return typeof v?.value === 'number' && v.value > this.options.maxRetryBound;
  }

  /** `key`, `this.key`, `o.key`, `key + 1`: the counter side of a comparison. */
  private counterSide(node: TSESTree.Node, key: string, depth = 0): boolean {
    const n = unwrapExpression(node);
    if (n.type === AST_NODE_TYPES.Identifier) return n.name === key;
    if (n.type === AST_NODE_TYPES.MemberExpression) return memberName(n) === key;
    if (n.type === AST_NODE_TYPES.BinaryExpression && (n.operator === '+' || n.operator === '-') && depth < 2) {
      return this.counterSide(n.left, key, depth + 1) || this.counterSide(n.right, key, depth + 1);
    }
    return false;
  }

  /** A bound that is no bound: a huge constant, or a name whose default is one (`max = Infinity`, `{ retries = Infinity } = opts`). */
  private endless(node: TSESTree.Node, defaults: Map<string, TSESTree.Node>): boolean {
    const n = unwrapExpression(node);
    if (this.unbounded(n)) return true;
    if (n.type !== AST_NODE_TYPES.Identifier) return false;
    const own = defaults.get(n.name);
    if (own && this.unbounded(own)) return true;
    const def = ASTUtils.findVariable(this.sourceCode.getScope(n), n)?.defs[0];
    const up = def?.name.parent;
    return up?.type === AST_NODE_TYPES.AssignmentPattern && up.left === def?.name && this.unbounded(up.right);
  }

  /**
   * Is the call reached only through a comparison of `key` with a finite bound? The comparison
   * must decide the path (a condition around the call, or an early exit before it): a test
   * that only picks a log line, or a bound that a sentinel bypasses, bounds nothing.
   */
  private boundedCounter(fn: FunctionNode, key: string, defaults: Map<string, TSESTree.Node>): boolean {
    const def = defaults.get(key);
    if (def && this.unbounded(def)) return false;
    const site = this.site;
    if (!site) return false;
    return guardedBy(site, fn, (n) => {
      if (n.type !== AST_NODE_TYPES.BinaryExpression || !COMPARISONS.has(n.operator) || n.left.type === AST_NODE_TYPES.PrivateIdentifier) return false;
      const other = this.counterSide(n.left, key) ? n.right : this.counterSide(n.right, key) ? n.left : null;
      return other !== null && !namesIn(other).has(key) && !this.endless(other, defaults);
    }, this.sourceCode);
  }

  /** Does this argument move through finite data or a bounded counter? */
  private progresses(
    arg: TSESTree.Node,
    index: number,
    fn: FunctionNode,
    params: { names: string[]; defaults: Map<string, TSESTree.Node> },
    scope: Scope,
    passThroughIsStill: boolean,
    depth = 0,
  ): 'progress' | 'still' | 'unboundedCounter' {
    const a = unwrapExpression(arg);
    const derived = (node: TSESTree.Node): boolean => {
      const root = rootIdentifier(node);
      if (!root) return false;
      if (this.isParameter(root, fn, params)) return true;
      return depth < 2 && this.localDerived(root, fn, params, scope, depth + 1);
    };
    switch (a.type) {
      case AST_NODE_TYPES.SpreadElement:
        return derived(a.argument) ? 'progress' : 'still';
      case AST_NODE_TYPES.Identifier: {
        if (this.isParameter(a, fn, params)) return params.names[index] === a.name || passThroughIsStill ? 'still' : 'progress';
        return depth < 2 && this.localDerived(a, fn, params, scope, depth + 1) ? 'progress' : 'still';
      }
      case AST_NODE_TYPES.MemberExpression:
        if (a.object.type === AST_NODE_TYPES.ThisExpression) return 'still';
        return derived(a) ? 'progress' : 'still';
      case AST_NODE_TYPES.BinaryExpression: {
        if (a.left.type === AST_NODE_TYPES.PrivateIdentifier) return 'still';
        // `(i + 1) % urls.length`: a cursor that wraps around never reaches a stop.
        if (wrapsAround(a)) return 'unboundedCounter';
        const counter = a.operator === '+' || a.operator === '-';
        const sides = [a.left, a.right].map((s) => unwrapExpression(s));
        const base = sides.find((s) => (s.type === AST_NODE_TYPES.Identifier && params.names.includes(s.name)) || (s.type === AST_NODE_TYPES.MemberExpression && derived(s)));
        if (!base) return sides.some((s) => derived(s)) ? 'progress' : 'still';
        if (!counter) return 'progress';
        const key = nameOf(base);
        if (key === null) return 'progress';
        return this.boundedCounter(fn, key, params.defaults) ? 'progress' : 'unboundedCounter';
      }
      case AST_NODE_TYPES.CallExpression:
        if (a.callee.type === AST_NODE_TYPES.MemberExpression && derived(a.callee.object)) return 'progress';
        return a.arguments.some((x) => derived(x)) ? 'progress' : 'still';
      case AST_NODE_TYPES.ConditionalExpression: {
        const results = [a.consequent, a.alternate].map((x) => this.progresses(x, index, fn, params, scope, passThroughIsStill, depth));
        return results.includes('progress') ? 'progress' : results.includes('unboundedCounter') ? 'unboundedCounter' : 'still';
      }
      case AST_NODE_TYPES.ObjectExpression: {
        let result: 'progress' | 'still' | 'unboundedCounter' = 'still';
        for (const p of a.properties) {
          if (p.type !== AST_NODE_TYPES.Property) continue;
          const r = this.progresses(p.value, -1, fn, params, scope, true, depth);
          if (r === 'progress') return 'progress';
          if (r === 'unboundedCounter') result = r;
        }
        return result;
      }
      case AST_NODE_TYPES.ArrayExpression:
        return a.elements.some((e) => e && this.progresses(e, -1, fn, params, scope, true, depth) === 'progress') ? 'progress' : 'still';
      default:
        return 'still';
    }
  }

  /**
   * `id` is one of `fn`'s own parameters, by scope: a local of the same name declared inside
   * `fn` (`let args = read(file)` in a block) shadows it and is judged as a local.
   */
  private isParameter(id: TSESTree.Identifier, fn: FunctionNode, params: { names: string[] }): boolean {
    if (!params.names.includes(id.name)) return false;
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(id), id);
    return variable?.defs.some((d) => d.type === DefinitionType.Parameter && d.node === fn) === true;
  }

  /** `hasMany(keys)` in `has(keys)`: every argument of `call` is one of `fn`'s own parameters. */
  private handsOnOwnParameters(call: TSESTree.CallExpression, fn: FunctionNode, params: { names: string[] }): boolean {
    return call.arguments.length > 0 && call.arguments.every((arg) => {
      const a = unwrapExpression(arg);
      return a.type === AST_NODE_TYPES.Identifier && this.isParameter(a, fn, params);
    });
  }

  /** `filename = path.join(filename, index[0]); return self(filename)`: the variable is given a new value before the call. */
  private writtenBefore(id: TSESTree.Identifier, call: TSESTree.CallExpression): boolean {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(id), id);
    return variable?.references.some((r) => r.isWrite() && !r.init && r.identifier.range[0] < call.range[0]) === true;
  }

  /** `const child = node.children[i]`, `for (const c of node.children)`: a local made from a parameter. */
  private localDerived(
    id: TSESTree.Identifier,
    fn: FunctionNode,
    params: { names: string[]; defaults: Map<string, TSESTree.Node> },
    scope: Scope,
    depth: number,
  ): boolean {
    let s: Scope | null = scope;
    let variable: TSESLint.Scope.Variable | undefined;
    while (s && !variable) {
      variable = s.set.get(id.name);
      s = s.upper;
    }
    const def = variable?.defs[0];
    if (!def || def.node.range[0] < fn.range[0] || def.node.range[1] > fn.range[1]) return false;
    if (def.node.type === AST_NODE_TYPES.VariableDeclarator) {
      const decl = def.node;
      const loop = decl.parent.parent;
      if ((loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) && loop.left === decl.parent) {
        return this.progresses(loop.right, -1, fn, params, scope, false, depth) === 'progress';
      }
      if (!decl.init) return false;
      const init = unwrapExpression(decl.init);
      if (init.type === AST_NODE_TYPES.AwaitExpression) return false;
      return this.progresses(init, -1, fn, params, scope, false, depth) === 'progress';
    }
    return false;
  }

  /**
   * Progress through state rather than arguments: the function advances something outside
   * its parameters (`nextIndex++`, `queue.shift()`, `it.next()`, `this.pending = null`) and
   * tests it (or what it yielded) — a walk over a closure's data, not a loop. Rewinding the
   * same state (`it.reset()`, `i = 0`) makes it cycle, so that does not count.
   */
  private advancesState(fn: FunctionNode, params: { names: string[] }): boolean {
    const site = this.site;
    if (!site) return false;
    const advanced = new Set<string>();
    const rewound = new Set<string>();
    /** `const item = queue.shift()`: item → queue, so rewinding the queue cancels both. */
    const source = new Map<string, string>();
    const nameOf = (node: TSESTree.Node): string | null => {
      const n = unwrapExpression(node);
      if (n.type === AST_NODE_TYPES.Identifier) return params.names.includes(n.name) ? null : n.name;
      if (n.type === AST_NODE_TYPES.MemberExpression) return memberName(n);
      return null;
    };
    /** A rewind counts only where the next round follows it: not after the call, not on a path that stops. */
    const rewind = (name: string, at: TSESTree.Node): void => {
      if (at.range[0] < site.range[0] && !stopsAfter(at, fn, site, this.sourceCode)) rewound.add(name);
    };
    walkOwn(fn, (n) => {
      if (n.type === AST_NODE_TYPES.UpdateExpression) {
        const name = nameOf(n.argument);
        if (name) advanced.add(name);
      } else if (n.type === AST_NODE_TYPES.AssignmentExpression) {
        const name = nameOf(n.left);
        if (!name) return;
        const right = unwrapExpression(n.right);
        if (n.operator !== '=') advanced.add(name);
        else if (right.type === AST_NODE_TYPES.Literal && (right.value === null || right.value === false)) advanced.add(name);
        else if (right.type === AST_NODE_TYPES.Identifier && right.name === 'undefined') advanced.add(name);
        // `t = t.next`: a step along a chain, the same binding read through one of its own members.
        else if (right.type === AST_NODE_TYPES.MemberExpression && n.left.type === AST_NODE_TYPES.Identifier && sameValue(unwrapExpression(right.object), n.left, (x) => this.sourceCode.getScope(x))) advanced.add(name);
        else if (right.type === AST_NODE_TYPES.Literal || right.type === AST_NODE_TYPES.ArrayExpression || wrapsAround(right)) rewind(name, n);
      } else if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = memberName(n.callee);
        const name = nameOf(n.callee.object);
        if (!name || method === null) return;
        if (this.options.advancing.has(method)) {
          advanced.add(name);
          // `const step = await it.next()`: an async iterator's step, awaited, is the step all the same.
          const decl = n.parent.type === AST_NODE_TYPES.AwaitExpression ? n.parent.parent : n.parent;
          if (decl.type === AST_NODE_TYPES.VariableDeclarator && decl.id.type === AST_NODE_TYPES.Identifier) {
            advanced.add(decl.id.name);
            source.set(decl.id.name, name);
          }
        } else if (this.options.rewinding.has(method)) rewind(name, n);
      }
    });
    const live = [...advanced].filter((n) => !rewound.has(n) && !rewound.has(source.get(n) ?? ''));
    if (live.length === 0) return false;
    // The advanced state must decide the path to the call: `if (!job) return` does, a test that only picks a branch that recurses anyway does not.
    return guardedBy(site, fn, (t) => {
      const names = namesIn(t);
      return live.some((k) => names.has(k));
    }, this.sourceCode);
  }

  /**
   * A constant argument turns the recursing branch off: in the next round the call is not
   * reached. For mutual recursion, a cycle ends when either of its two calls does.
   */
  private flagStops(call: TSESTree.CallExpression, fn: FunctionNode, via: FunctionNode | null, backs: readonly TSESTree.CallExpression[]): boolean {
    if (!via) return unreachableUnder(call, fn, bindArguments(call, fn, this.sourceCode), this.sourceCode);
    if (backs.length === 0) return false;
    const forward = bindArguments(call, via, this.sourceCode);
    return backs.every((back) => unreachableUnder(back, via, forward, this.sourceCode) || unreachableUnder(call, fn, bindArguments(back, fn, this.sourceCode), this.sourceCode));
  }

  /**
   * `call` in `fn` recurses into `fn`, or through `via` (whose calls back into `fn` are
   * `backs`). Loop-like unless something moves toward a stop on the way.
   */
  verdict(call: TSESTree.CallExpression, fn: FunctionNode, scope: Scope, via: FunctionNode | null = null, backs: readonly TSESTree.CallExpression[] = []): RecursionVerdict {
    this.site = call;
    const mutual = via !== null;
    const params = paramNames(fn);
    if (this.advancesState(fn, params)) return { loopLike: false, why: 'advances state it tests' };
    const viaParams = via && backs.length > 0 ? paramNames(via) : null;
    // In a cycle of two, the other function may be the one that advances it, before each call back
    // (`settle() { q.shift(); if (q.length) resume(…) }`).
    if (via && viaParams) {
      const advances = backs.every((back) => {
        this.site = back;
        return this.advancesState(via, viaParams);
      });
      this.site = call;
      if (advances) return { loopLike: false, why: 'advances state it tests' };
    }
    let sawCounter = false;
    for (const [i, arg] of call.arguments.entries()) {
      const r = this.progresses(arg, i, fn, params, scope, mutual);
      if (r === 'progress') return { loopLike: false, why: 'an argument moves toward a bound' };
      if (r === 'unboundedCounter') sawCounter = true;
    }
    // A cycle ends as surely when the call hands on what it was given and the call back passes a
    // part of that (`has(keys)` → `hasMany(keys)` → `for (const k of keys) has(k)`): a walk down, as a
    // direct one. Not when the call starts from something new (a config read from a file): its parts
    // are no part of the first round's.
    if (via && viaParams && this.handsOnOwnParameters(call, fn, params) && backs.every((back) => back.arguments.some((arg, i) => this.progresses(arg, i, via, viaParams, this.sourceCode.getScope(back), true) === 'progress'))) {
      return { loopLike: false, why: 'its call back passes a part of what it was given' };
    }
    if (this.flagStops(call, fn, via, backs)) return { loopLike: false, why: 'a constant argument switches its branch off' };
    if (!mutual && convertsArgument(call, fn, this.options.typePredicates, this.sourceCode)) return { loopLike: false, why: 'the argument changes kind, so the next round takes another branch' };
    if (unwrapsTestedPromise(call, fn, this.options.typePredicates, this.sourceCode)) return { loopLike: false, why: 'it passes the settled value of the promise it tested' };
    if (consumedElsewhere(call, fn, this.sourceCode)) return { loopLike: false, why: 'the condition that led to the call is changed before it' };
    if (sawCounter) return { loopLike: true, why: 'a retry counter with no finite bound' };
    if (call.arguments.length === 0) return { loopLike: true, why: 'called with no arguments' };
    const same = call.arguments.every((arg, i) => {
      const a = unwrapExpression(arg);
      return a.type === AST_NODE_TYPES.Identifier && this.isParameter(a, fn, params) && !this.writtenBefore(a, call) && (params.names[i] === a.name || mutual);
    });
    if (same) return { loopLike: true, why: 'called again with the same arguments' };
    if (this.awaitsBefore(fn, call.range[0])) return { loopLike: true, why: 'called after awaiting I/O, with no base case on a shrinking argument' };
    return { loopLike: true, why: 'no base case on a shrinking argument' };
  }
}
