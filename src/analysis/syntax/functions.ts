import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { DefinitionType } from '../scope/scope-types';
import { AST_NODE_TYPES } from './node-types';
import { type FunctionNode, isFunction } from './nodes';
import { memberName, resolveReference, unwrapExpression } from '../scope/references';
import { firstStartingAt, walkAll, walkOwn } from './ast';
import { sharedPerRun } from '../engine/per-run';


/** The function a declaration binds: `function f`, `const f = () =>`, `const f = function`. */
export function functionOfDeclarator(def: TSESTree.Node): FunctionNode | null {
  if (def.type === AST_NODE_TYPES.FunctionDeclaration) return def;
  if (def.type === AST_NODE_TYPES.VariableDeclarator && def.init) {
    const init = unwrapExpression(def.init);
    if (init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression) return init;
  }
  return null;
}

export type ClassMember = TSESTree.MethodDefinition | TSESTree.PropertyDefinition;

/** A method (or arrow-function field) of the class around `from`, by name and staticness. */
export function classMethod(from: TSESTree.Node, name: string, isStatic: boolean | null): { fn: FunctionNode; member: ClassMember } | null {
  let p: TSESTree.Node | undefined = from.parent;
  while (p && p.type !== AST_NODE_TYPES.ClassBody) p = p.parent;
  if (!p) return null;
  for (const member of p.body) {
    if (
      (member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) &&
      !member.computed &&
      ((member.key.type === AST_NODE_TYPES.Identifier && member.key.name === name) ||
        (member.key.type === AST_NODE_TYPES.PrivateIdentifier && `#${member.key.name}` === name)) &&
      (isStatic === null || member.static === isStatic) &&
      member.value &&
      isFunction(member.value)
    ) {
      return { fn: member.value, member };
    }
  }
  return null;
}

/** The class declaration name around `from`, if any. */
function enclosingClassName(from: TSESTree.Node): string | null {
  let p: TSESTree.Node | undefined = from.parent;
  while (p) {
    if ((p.type === AST_NODE_TYPES.ClassDeclaration || p.type === AST_NODE_TYPES.ClassExpression) && p.id) return p.id.name;
    p = p.parent;
  }
  return null;
}

/**
 * The same-file function a call reaches: a local binding (`f()`), a method through `this`
 * (`this.m()`), or a static method through its class (`Cls.m()`). Null when the callee is
 * imported, global, dynamic, or not a function literal.
 */
export function calledFunction(call: TSESTree.CallExpression, scope: TSESLint.Scope.Scope): FunctionNode | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const resolved = resolveReference(callee, scope);
    if (resolved?.kind !== 'local') return null;
    const def = resolved.variable.defs[0];
    if (!def) return null;
    if (def.type === DefinitionType.FunctionName && isFunction(def.node)) return def.node;
    if (def.type === DefinitionType.Variable) return functionOfDeclarator(def.node);
    return null;
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(callee);
    return name === null ? null : calledMethod(callee, name);
  }
  return null;
}

/** `this.m()` / `Cls.m()` inside class `Cls`: the method (or arrow-function field) named `name`. */
function calledMethod(callee: TSESTree.MemberExpression, name: string): FunctionNode | null {
  if (callee.object.type === AST_NODE_TYPES.ThisExpression) return classMethod(callee, name, null)?.fn ?? null;
  if (callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === enclosingClassName(callee)) {
    return classMethod(callee, name, true)?.fn ?? null;
  }
  return null;
}

/** What a function returns: its expression body, or the arguments of its own `return`s (not nested functions'). */
export function returnedValues(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const out: TSESTree.Node[] = [];
  walkOwn(fn, (n) => {
    if (n.type === AST_NODE_TYPES.ReturnStatement && n.argument) out.push(n.argument);
  });
  return out;
}

/** A readable name for a function: `pump`, `Client.connect`, or null for anonymous ones. */
export function functionName(fn: FunctionNode): string | null {
  if (fn.id) return fn.id.name;
  const p = fn.parent;
  if (p.type === AST_NODE_TYPES.VariableDeclarator && p.id.type === AST_NODE_TYPES.Identifier) return p.id.name;
  if ((p.type === AST_NODE_TYPES.MethodDefinition || p.type === AST_NODE_TYPES.PropertyDefinition) && p.key.type === AST_NODE_TYPES.Identifier) {
    return p.key.name;
  }
  return null;
}

/**
 * The name a class goes by in its file, for messages: its own (`class A`), or the binding an
 * anonymous class expression is given (`const A = class extends B {}`, `exports.A = class {}`).
 */
export function className(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): string | null {
  if (cls.id) return cls.id.name;
  const p = cls.parent;
  if (p.type === AST_NODE_TYPES.VariableDeclarator && p.init === cls && p.id.type === AST_NODE_TYPES.Identifier) return p.id.name;
  if (p.type === AST_NODE_TYPES.AssignmentExpression && p.right === cls) return p.left.type === AST_NODE_TYPES.Identifier ? p.left.name : p.left.type === AST_NODE_TYPES.MemberExpression ? memberName(p.left) : null;
  return null;
}

/**
 * The names `calledFunction` can reach `fn` by: its own name, the variable it initialises
 * (through TypeScript wrappers), and the class member it is the value of (`#m` for a private
 * one). A call whose `calleeBindingName` is none of them does not reach `fn`: a filter before
 * the scope lookups.
 */
export function reachingNames(fn: FunctionNode): string[] {
  const out: string[] = [];
  if (fn.id) out.push(fn.id.name);
  let child: TSESTree.Node = fn;
  let p: TSESTree.Node = fn.parent;
  while (unwrapExpression(p) !== p) {
    child = p;
    p = p.parent as TSESTree.Node;
  }
  if (p.type === AST_NODE_TYPES.VariableDeclarator && p.init === child && p.id.type === AST_NODE_TYPES.Identifier) out.push(p.id.name);
  else if ((p.type === AST_NODE_TYPES.MethodDefinition || p.type === AST_NODE_TYPES.PropertyDefinition) && p.value === child) {
    if (p.key.type === AST_NODE_TYPES.Identifier) out.push(p.key.name);
    else if (p.key.type === AST_NODE_TYPES.PrivateIdentifier) out.push(`#${p.key.name}`);
  }
  return out;
}

/** The name a call uses for its callee: `f()` → `f`, `this.m()` / `Cls.m()` → `m`. */
export function calleeBindingName(call: TSESTree.CallExpression): string | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression && (callee.object.type === AST_NODE_TYPES.ThisExpression || callee.object.type === AST_NODE_TYPES.Identifier)) {
    return memberName(callee);
  }
  return null;
}

type Resolved = { call: TSESTree.CallExpression; target: FunctionNode };

/** `C.prototype.m = function () {}`: the constructor's name and the method's. */
export function prototypeMethodOf(fn: FunctionNode): { ctor: TSESTree.Identifier; name: string } | null {
  const p = fn.parent;
  if (p.type !== AST_NODE_TYPES.AssignmentExpression || p.operator !== '=' || p.right !== fn || p.left.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = memberName(p.left);
  const proto = p.left.object;
  if (name === null || proto.type !== AST_NODE_TYPES.MemberExpression || memberName(proto) !== 'prototype' || proto.object.type !== AST_NODE_TYPES.Identifier) return null;
  return { ctor: proto.object, name };
}

/** `const X = { m: function () {} }` (or `m() {}`): the object literal bound once to `X`, and the method's name. */
export function objectMethodOf(fn: FunctionNode): { object: TSESTree.ObjectExpression; binding: TSESTree.VariableDeclarator; name: string } | null {
  const prop = fn.parent;
  if (prop.type !== AST_NODE_TYPES.Property || prop.value !== fn || prop.kind !== 'init' || prop.computed || prop.key.type !== AST_NODE_TYPES.Identifier) return null;
  const object = prop.parent;
  if (object.type !== AST_NODE_TYPES.ObjectExpression || object.parent.type !== AST_NODE_TYPES.VariableDeclarator || object.parent.init !== object || object.parent.id.type !== AST_NODE_TYPES.Identifier) return null;
  return { object, binding: object.parent, name: prop.key.name };
}

/** The function `this` means at `node`: the nearest enclosing non-arrow function. */
function thisFunction(node: TSESTree.Node): FunctionNode | null {
  let f: TSESTree.Node | undefined = node.parent;
  while (f && (!isFunction(f) || f.type === AST_NODE_TYPES.ArrowFunctionExpression)) f = f.parent;
  return f && isFunction(f) ? f : null;
}

/** `X.m()` or `this.m()` in a sibling method of the object literal bound once to `X`. */
function reachesObjectMethod(recv: TSESTree.Node, object: TSESTree.ObjectExpression, v: TSESLint.Scope.Variable, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const r = unwrapExpression(recv);
  if (r.type === AST_NODE_TYPES.ThisExpression) {
    const f = thisFunction(r);
    return f !== null && f.parent.type === AST_NODE_TYPES.Property && f.parent.parent === object;
  }
  return r.type === AST_NODE_TYPES.Identifier && ASTUtils.findVariable(sourceCode.getScope(r), r.name) === v;
}

/**
 * Whether `recv` is an instance of the constructor bound by `ctor`: `this` in the constructor
 * or one of its `C.prototype.*` functions, an alias of that `this` (`var that = this`), or a
 * variable initialised once with `new C()`.
 */
function isInstanceOf(recv: TSESTree.Node, ctor: TSESLint.Scope.Variable, sourceCode: Readonly<TSESLint.SourceCode>, depth = 0): boolean {
  const r = unwrapExpression(recv);
  if (r.type === AST_NODE_TYPES.ThisExpression) {
    const f = thisFunction(r);
    if (!f) return false;
    const proto = prototypeMethodOf(f);
    if (proto) return ASTUtils.findVariable(sourceCode.getScope(proto.ctor), proto.ctor.name) === ctor;
    return ctor.defs.some((d) => functionOfDeclarator(d.node) === f || d.node === f);
  }
  if (r.type !== AST_NODE_TYPES.Identifier || depth > 0) return false;
  const v = ASTUtils.findVariable(sourceCode.getScope(r), r.name);
  const def = v?.defs[0];
  if (!v || v.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return false;
  if (v.references.filter((ref) => ref.isWrite()).length > 1) return false;
  const init = unwrapExpression(def.node.init);
  if (init.type === AST_NODE_TYPES.ThisExpression) return isInstanceOf(init, ctor, sourceCode, depth + 1);
  if (init.type === AST_NODE_TYPES.NewExpression && init.callee.type === AST_NODE_TYPES.Identifier) return ASTUtils.findVariable(sourceCode.getScope(init), init.callee.name) === ctor;
  return false;
}

/**
 * The same-file functions and the calls that reach them, shared by every rule of a file.
 * Questions are answered on demand — "what does this call reach?", "which calls lie in
 * this function?", "who calls this function?" (from the binding's references, which the
 * scope manager has already resolved). Resolving every call up front, once per rule, was
 * the largest cost of the rules on big files.
 */
export class FunctionIndex {
  /** Names of the functions this file declares (declarations, `const f = () =>`, methods). */
  readonly names = new Set<string>();
  private readonly callsIn = new Map<TSESTree.Node, TSESTree.CallExpression[]>();
  private readonly targets = new Map<TSESTree.CallExpression, FunctionNode | null>();
  private readonly sites = new Map<FunctionNode, readonly TSESTree.CallExpression[]>();
  private readonly memberCalls = new Map<TSESTree.Node, Map<string, TSESTree.CallExpression[]>>();
  /** Every call of the file in source order, met in the one pass; complete once the pass has ended. */
  private readonly allCalls: TSESTree.CallExpression[] = [];
  private complete = false;
  private ordered = false;

  private constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  /**
   * The file's index for this lint run and the listeners the caller must register (with
   * `withShared`) — present only for the first rule that asks, so each node is indexed once.
   */
  static of(sourceCode: Readonly<TSESLint.SourceCode>): { index: FunctionIndex; listeners: TSESLint.RuleListener } {
    const { value, listeners } = sharedPerRun(sourceCode, FunctionIndex, () => {
      const index = new FunctionIndex(sourceCode);
      const own: TSESLint.RuleListener = {
        // Every name `calledFunction` can reach the function by (`#stop` for `this.#stop()`).
        ':function': (fn: FunctionNode) => {
          for (const name of reachingNames(fn)) index.names.add(name);
        },
        CallExpression: (call: TSESTree.CallExpression) => {
          index.allCalls.push(call);
        },
        'Program:exit': () => {
          index.inSourceOrder();
          index.complete = true;
        },
      };
      return { value: index, listeners: own };
    });
    return { index: value, listeners: listeners as TSESLint.RuleListener };
  }

  private inSourceOrder(): readonly TSESTree.CallExpression[] {
    // Pre-order meets calls in source order; a parser whose child keys are not in source order would not.
    // Asked only once the pass has met every call (from a `Program:exit`), so checked once.
    const calls = this.allCalls;
    if (this.ordered) return calls;
    this.ordered = true;
    for (let i = 1; i < calls.length; i++) {
      if ((calls[i] as TSESTree.CallExpression).range[0] < (calls[i - 1] as TSESTree.CallExpression).range[0]) {
        calls.sort((x, y) => x.range[0] - y.range[0]);
        break;
      }
    }
    return calls;
  }

  /**
   * The file's calls that name one of its functions (`f()`, `this.m()`, `Cls.m()`), in source
   * order: the only calls `targetOf` can resolve. Asked once the pass has met every call (from
   * a `Program:exit`, whichever rule's comes first).
   */
  callsToNames(): TSESTree.CallExpression[] {
    if (this.names.size === 0) return [];
    return this.inSourceOrder().filter((call) => {
      const name = calleeBindingName(call);
      return name !== null && this.names.has(name);
    });
  }

  /** Identifiers naming `fn` through its binding (`function f`, `const f = () =>`). */
  private bindingReferences(fn: FunctionNode, visit: (id: TSESTree.Identifier) => void): void {
    const from = (binding: TSESTree.Node, type: typeof DefinitionType.FunctionName | typeof DefinitionType.Variable): void => {
      for (const v of this.sourceCode.getDeclaredVariables(binding)) {
        // As `calledFunction`: the first definition decides what the name is.
        const def = v.defs[0];
        if (def?.node !== binding || def.type !== type) continue;
        for (const ref of v.references) visit(ref.identifier as TSESTree.Identifier);
      }
    };
    if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.id) from(fn, DefinitionType.FunctionName);
    const p = fn.parent;
    if (p.type === AST_NODE_TYPES.VariableDeclarator && p.init && unwrapExpression(p.init) === fn) from(p, DefinitionType.Variable);
  }

  /** The same-file function `call` reaches, or null. */
  targetOf(call: TSESTree.CallExpression): FunctionNode | null {
    const name = calleeBindingName(call);
    if (name === null || !this.names.has(name)) return null;
    // Every rule asks about the calls it meets; the index is shared, so each call is resolved once.
    let target = this.targets.get(call);
    if (target === undefined) {
      target = calledFunction(call, this.sourceCode.getScope(call));
      this.targets.set(call, target);
    }
    return target;
  }

  /** Those of `calls` that reach a same-file function, with the function. */
  resolve(calls: readonly TSESTree.CallExpression[]): Resolved[] {
    const out: Resolved[] = [];
    if (this.names.size === 0) return out;
    for (const call of calls) {
      const target = this.targetOf(call);
      if (target) out.push({ call, target });
    }
    return out;
  }

  /**
   * Calls inside `region` (nested functions included), in source order. Walked when asked —
   * a few regions per file are — instead of gathering every call of every file.
   */
  callsWithin(region: TSESTree.Node): TSESTree.CallExpression[] {
    let calls = this.callsIn.get(region);
    if (!calls) {
      if (this.complete) calls = this.slice(region);
      else {
        // Asked before the pass has met every call: walk the region.
        const found: TSESTree.CallExpression[] = [];
        walkAll(region, (n) => {
          if (n.type === AST_NODE_TYPES.CallExpression) found.push(n);
        });
        calls = found.sort((x, y) => x.range[0] - y.range[0]);
      }
      this.callsIn.set(region, calls);
    }
    return calls;
  }

  /** The calls of the pass inside `region`: those starting within its range, found by binary search. */
  private slice(region: TSESTree.Node): TSESTree.CallExpression[] {
    const all = this.allCalls;
    const to = region.range[1];
    const lo = firstStartingAt(all, region.range[0]);
    let end = lo;
    while (end < all.length && (all[end] as TSESTree.CallExpression).range[0] < to) end++;
    return all.slice(lo, end);
  }

  /**
   * The member calls inside a class by member name (`this.x()`, `other.x()`), so that asking
   * for the call sites of each of a class's methods reads the class's calls once, not once per method.
   */
  private memberCallsIn(cls: TSESTree.Node): ReadonlyMap<string, TSESTree.CallExpression[]> {
    let byName = this.memberCalls.get(cls);
    if (!byName) {
      byName = new Map();
      for (const call of this.callsWithin(cls)) {
        const callee = unwrapExpression(call.callee);
        const name = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : null;
        if (name === null) continue;
        const list = byName.get(name);
        if (list) list.push(call);
        else byName.set(name, [call]);
      }
      this.memberCalls.set(cls, byName);
    }
    return byName;
  }

  /** The calls of this file that reach `fn`, in source order. */
  callSitesOf(fn: FunctionNode): readonly TSESTree.CallExpression[] {
    const known = this.sites.get(fn);
    if (known) return known;
    const out: TSESTree.CallExpression[] = [];
    this.bindingReferences(fn, (id) => {
      let child: TSESTree.Node = id;
      let p: TSESTree.Node | undefined = id.parent;
      while (p && unwrapExpression(p) !== p && unwrapExpression(p) === id) {
        child = p;
        p = p.parent;
      }
      if (p?.type === AST_NODE_TYPES.CallExpression && p.callee === child) out.push(p);
    });
    const member = fn.parent;
    if ((member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) && member.value === fn) {
      const name = functionName(fn);
      const cls = member.parent.parent;
      if (name !== null) {
        for (const call of this.memberCallsIn(cls).get(name) ?? []) {
          if (calledMethod(unwrapExpression(call.callee) as TSESTree.MemberExpression, name) === fn) out.push(call);
        }
      }
    }
    // `C.prototype.m = function`: reached as `this.m()` in C's own functions, `that.m()`, `c.m()` on a `new C()`.
    const proto = prototypeMethodOf(fn);
    const ctor = proto ? ASTUtils.findVariable(this.sourceCode.getScope(proto.ctor), proto.ctor.name) : null;
    if (proto && ctor) {
      for (const call of this.memberCallsIn(this.sourceCode.ast).get(proto.name) ?? []) {
        if (isInstanceOf((unwrapExpression(call.callee) as TSESTree.MemberExpression).object, ctor, this.sourceCode)) out.push(call);
      }
    }
    const om = objectMethodOf(fn);
    const holder = om ? this.sourceCode.getDeclaredVariables(om.binding)[0] : undefined;
    if (om && holder && holder.defs.length === 1 && holder.references.filter((ref) => ref.isWrite()).length <= 1) {
      for (const call of this.memberCallsIn(this.sourceCode.ast).get(om.name) ?? []) {
        if (reachesObjectMethod((unwrapExpression(call.callee) as TSESTree.MemberExpression).object, om.object, holder, this.sourceCode)) out.push(call);
      }
    }
    out.sort((x, y) => x.range[0] - y.range[0]);
    this.sites.set(fn, out);
    return out;
  }
}
