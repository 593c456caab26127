import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { staticString } from '../syntax/ast';
import { isFunction } from '../syntax/nodes';
import { memberName, unwrapExpression } from './references';

/**
 * Question 7 of the lifetime engine: are these two expressions the same thing? Decided by
 * scope-aware identity, never by source text: `a` and `a` are the same only if they resolve to
 * the same variable (a shadowing parameter is another thing), `this.x` and `this.x` only if
 * their `this` is the same instance (the same class), `o.k` and `o['k']` are the same member.
 * Unknown shapes (calls, `new`, literals that make objects) are never the same: each makes a
 * fresh value.
 */
export type ScopeOf = (node: TSESTree.Node) => TSESLint.Scope.Scope;

export function sameValue(a: TSESTree.Node, b: TSESTree.Node, scopeOf: ScopeOf): boolean {
  const x = unwrapExpression(a);
  const y = unwrapExpression(b);
  if (x.type === AST_NODE_TYPES.Identifier && y.type === AST_NODE_TYPES.Identifier) {
    if (x.name !== y.name) return false;
    const vx = ASTUtils.findVariable(scopeOf(x), x);
    const vy = ASTUtils.findVariable(scopeOf(y), y);
    // Both unresolved: the same global.
    return vx === vy;
  }
  if (x.type === AST_NODE_TYPES.ThisExpression && y.type === AST_NODE_TYPES.ThisExpression) return thisOwner(x) === thisOwner(y);
  if (x.type === AST_NODE_TYPES.MemberExpression && y.type === AST_NODE_TYPES.MemberExpression) {
    const mx = memberName(x);
    const my = memberName(y);
    if (mx !== null || my !== null) {
      if (mx !== my) return false;
    } else if (!sameValue(x.property, y.property, scopeOf)) return false;
    return sameValue(x.object, y.object, scopeOf);
  }
  const sx = staticString(x);
  const sy = staticString(y);
  if (sx !== null || sy !== null) return sx === sy;
  if (x.type === AST_NODE_TYPES.Literal && y.type === AST_NODE_TYPES.Literal) return typeof x.value !== 'object' && x.value === y.value;
  return false;
}

/**
 * What `this` is bound to: the nearest class (its methods, fields and accessors share the
 * instance), else the nearest non-arrow function, else the module.
 */
function thisOwner(node: TSESTree.ThisExpression): TSESTree.Node | null {
  for (let p: TSESTree.Node | undefined = node.parent; p; p = p.parent) {
    if (p.type === AST_NODE_TYPES.ClassBody) return p;
    if (isFunction(p) && p.type !== AST_NODE_TYPES.ArrowFunctionExpression) {
      const owner = p.parent;
      // A class method's `this` is the instance, an object-literal method's the object; a
      // plain function has a `this` of its own.
      if (owner.type === AST_NODE_TYPES.MethodDefinition) continue;
      if (owner.type === AST_NODE_TYPES.Property && owner.value === p) return optionsObjectOf(owner.parent);
      return p;
    }
  }
  return null;
}

/** Vue's `methods: { … }` are merged into the component: their `this` is the options object's. */
function optionsObjectOf(obj: TSESTree.ObjectExpression | TSESTree.ObjectPattern): TSESTree.Node {
  const p = obj.parent;
  if (p.type === AST_NODE_TYPES.Property && p.value === obj && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'methods' && p.parent.type === AST_NODE_TYPES.ObjectExpression) return p.parent;
  return obj;
}

/**
 * The class whose instance (or, in a static member, the class itself) `this` is: the same
 * binding `sameValue` uses, for "is `this.x` a field of that class?". Null when `this`
 * belongs to a plain function or an object literal.
 */
export function thisClassOf(node: TSESTree.ThisExpression): { cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression; isStatic: boolean } | null {
  let isStatic = false;
  for (let p: TSESTree.Node | undefined = node.parent; p; p = p.parent) {
    if ((p.type === AST_NODE_TYPES.MethodDefinition || p.type === AST_NODE_TYPES.PropertyDefinition) && p.static) isStatic = true;
    if (p.type === AST_NODE_TYPES.StaticBlock) isStatic = true;
    if (p.type === AST_NODE_TYPES.ClassBody) return { cls: p.parent, isStatic };
    if (isFunction(p) && p.type !== AST_NODE_TYPES.ArrowFunctionExpression && p.parent.type !== AST_NODE_TYPES.MethodDefinition) return null;
  }
  return null;
}

/**
 * The string an expression always has: a literal, a template without expressions, or a
 * `const` bound to one (`const EVENT = 'change'`, `Events.CHANGE` of a const object).
 */
export function constantString(node: TSESTree.Node | undefined, scopeOf: ScopeOf): string | null {
  if (!node) return null;
  const s = staticString(node);
  if (s !== null) return s;
  const n = unwrapExpression(node);
  if (n.type !== AST_NODE_TYPES.Identifier && n.type !== AST_NODE_TYPES.MemberExpression) return null;
  const value = ASTUtils.getStaticValue(n, scopeOf(n))?.value;
  return typeof value === 'string' ? value : null;
}

/**
 * Could `arg` name the event `event`? Constants are compared by value; an event that cannot be
 * told statically may be any, so it could be the same.
 */
export function sameEvent(arg: TSESTree.Node | undefined, event: string, scopeOf: ScopeOf): boolean {
  const e = constantString(arg, scopeOf);
  return e === null || e === event;
}
