import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, isFunction } from './lifetime';
import { memberName, resolveReference, unwrapExpression } from './references';

const { DefinitionType } = TSESLint.Scope;

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
      member.key.type === AST_NODE_TYPES.Identifier &&
      member.key.name === name &&
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
    if (name === null) return null;
    if (callee.object.type === AST_NODE_TYPES.ThisExpression) return classMethod(callee, name, null)?.fn ?? null;
    if (callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === enclosingClassName(callee)) {
      return classMethod(callee, name, true)?.fn ?? null;
    }
  }
  return null;
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

/** The name a call uses for its callee: `f()` → `f`, `this.m()` / `Cls.m()` → `m`. */
export function calleeBindingName(call: TSESTree.CallExpression): string | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression && (callee.object.type === AST_NODE_TYPES.ThisExpression || callee.object.type === AST_NODE_TYPES.Identifier)) {
    return memberName(callee);
  }
  return null;
}

/**
 * Names of the functions this file declares (declarations, `const f = () =>`, methods).
 * Rules gather calls cheaply during the traversal and resolve, at `Program:exit`, only
 * those whose callee name is here — scope lookups for every call are what made rules slow.
 */
export class FunctionIndex {
  readonly names = new Set<string>();

  readonly listeners = {
    ':function': (fn: FunctionNode): void => {
      const name = functionName(fn);
      if (name !== null) this.names.add(name);
    },
  };

  /** Calls that may reach a same-file function, resolved. */
  resolve(
    calls: readonly TSESTree.CallExpression[],
    scopeOf: (node: TSESTree.Node) => TSESLint.Scope.Scope,
  ): { call: TSESTree.CallExpression; target: FunctionNode }[] {
    const out: { call: TSESTree.CallExpression; target: FunctionNode }[] = [];
    for (const call of calls) {
      const name = calleeBindingName(call);
      if (name === null || !this.names.has(name)) continue;
      const target = calledFunction(call, scopeOf(call));
      if (target) out.push({ call, target });
    }
    return out;
  }
}
