import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { staticString } from '../syntax/ast';
import { type FunctionIndex } from '../syntax/functions';
import { memberName, resolveReference, unwrapExpression } from '../scope/references';
import { sameValue, thisClassOf } from '../scope/identity';
import { BOUNDING_REASSIGN_METHODS } from '../vocabulary/collections';
import { outermost } from './uses';
import { isFunction, isLoop } from '../syntax/nodes';
import { DefinitionType } from '../scope/scope-types';

/**
 * Question 5, the sites: where a collection grows, where it shrinks, each found from the
 * use's place in the syntax tree (`x.push(…)`, `x[k] = v`, `delete x[k]`, `x = []`), and
 * through same-file helpers it is handed to (`removeItem(list, x)` shrinks `list` when the
 * helper's parameter is seen to shrink).
 */
export interface Site {
  node: TSESTree.Node;
  /** The expression that is the collection at this site. */
  use: TSESTree.Node;
  op: string;
  effect: 'grow' | 'shrink' | 'pop';
  /** The key or entry that grows it: `set(k, v)`'s `k`, `x[k] = v`'s `k`; null for `push`. */
  key: TSESTree.Node | null;
}

export interface SiteVocabulary {
  growth: ReadonlySet<string>;
  shrink: ReadonlySet<string>;
}

export interface SiteContext {
  sourceCode: Readonly<TSESLint.SourceCode>;
  index: FunctionIndex;
  vocabulary: SiteVocabulary;
  /** Platform callbacks whose first argument is a name the class declares (the registry's `declaredKeyCallbacks`). */
  declaredKeyCallbacks: ReadonlySet<string>;
}

const ADDING_ASSIGNMENTS = new Set(['=', '??=', '||=']);

const isNullish = (n: TSESTree.Node): boolean => (n.type === AST_NODE_TYPES.Literal && n.value === null) || (n.type === AST_NODE_TYPES.Identifier && n.name === 'undefined');

/** What the use `u` does to the collection where it stands; null for a read. */
export function siteAt(u: TSESTree.Node, ctx: SiteContext): Site | null {
  const scopeOf = (n: TSESTree.Node) => ctx.sourceCode.getScope(n);
  const use = outermost(u);
  const p = use.parent;
  if (!p) return null;
  const site = (node: TSESTree.Node, op: string, effect: Site['effect'], key: TSESTree.Node | null = null): Site => ({ node, use: u, op, effect, key });
  if (p.type === AST_NODE_TYPES.MemberExpression && p.object === use) {
    const gp = p.parent;
    const method = memberName(p);
    if (gp.type === AST_NODE_TYPES.CallExpression && gp.callee === p && method !== null) {
      if (method === 'splice') {
        const del = gp.arguments[1] ? unwrapExpression(gp.arguments[1]) : null;
        const insertsOnly = gp.arguments.length > 2 && del?.type === AST_NODE_TYPES.Literal && del.value === 0;
        return site(gp, 'splice', insertsOnly ? 'grow' : 'shrink');
      }
      if (method === 'pop') return site(gp, 'pop', 'pop');
      if (ctx.vocabulary.growth.has(method)) return site(gp, method, 'grow', method === 'set' || method === 'add' ? (gp.arguments[0] ?? null) : null);
      if (ctx.vocabulary.shrink.has(method)) return site(gp, method, 'shrink');
      return null;
    }
    if (gp.type === AST_NODE_TYPES.AssignmentExpression && gp.left === p) {
      if (!p.computed && method === 'length') return site(gp, 'length =', 'shrink');
      // `counts[k] += 1`, `refs[k] -= 1` update an entry; they add no key (`??=`, `||=` may).
      if (!p.computed || !ADDING_ASSIGNMENTS.has(gp.operator)) return null;
      const key = unwrapExpression(p.property);
      if (isNullish(unwrapExpression(gp.right))) return site(gp, '[key] = null', 'shrink');
      // arr[arr.length] = x appends; a literal key writes a record's field.
      if (key.type === AST_NODE_TYPES.MemberExpression && memberName(key) === 'length' && sameValue(key.object, use, scopeOf)) return site(gp, '[length] =', 'grow');
      if (key.type === AST_NODE_TYPES.Literal) return null;
      return site(gp, '[key] =', 'grow', key);
    }
    if (gp.type === AST_NODE_TYPES.UnaryExpression && gp.operator === 'delete') return site(gp, 'delete', 'shrink');
    return null;
  }
  if (p.type === AST_NODE_TYPES.AssignmentExpression && p.left === use) {
    const right = unwrapExpression(p.right);
    // arr = [...arr, x] / arr = arr.concat(x) grow; arr = [] / arr.slice(-n) / arr.filter(…) / anything else resets.
    if (right.type === AST_NODE_TYPES.ArrayExpression && right.elements.some((e) => e?.type === AST_NODE_TYPES.SpreadElement && sameValue(e.argument, use, scopeOf))) return site(p, '= [...]', 'grow');
    if (right.type === AST_NODE_TYPES.CallExpression && right.callee.type === AST_NODE_TYPES.MemberExpression && sameValue(right.callee.object, use, scopeOf)) {
      const m = memberName(right.callee);
      if (m === 'concat') return site(p, '= concat', 'grow');
      return m !== null && BOUNDING_REASSIGN_METHODS.has(m) ? site(p, 'reassign', 'shrink') : null;
    }
    return p.operator === '=' ? site(p, 'reassign', 'shrink') : null;
  }
  if (p.type === AST_NODE_TYPES.CallExpression && p.arguments[0] === use) {
    const callee = resolveReference(p.callee, ctx.sourceCode.getScope(p));
    if (callee?.kind === 'global' && callee.name === 'Reflect.deleteProperty') return site(p, 'delete', 'shrink');
  }
  return null;
}

/**
 * `removeItem(list, x)` with `function removeItem(xs, x) { xs.splice(…) }` in the file: the
 * helper's parameter is the collection there. Its uses, for the caller to classify.
 */
export function helperUses(u: TSESTree.Node, ctx: SiteContext): TSESTree.Node[] {
  const use = outermost(u);
  const call = use.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return [];
  const index = (call.arguments as TSESTree.Node[]).indexOf(use);
  const target = index === -1 ? null : ctx.index.targetOf(call);
  const param = target?.params[index];
  if (!target || !param || param.type !== AST_NODE_TYPES.Identifier) return [];
  const variable = ctx.sourceCode.getDeclaredVariables(target).find((v) => v.identifiers.includes(param));
  return variable?.references.map((r) => r.identifier) ?? [];
}

/**
 * Is the key of a growth site from a finite domain: a literal, a constant, an enum member, an
 * element of a literal list — or, for a holder's record, a key of the holder's own other state
 * (`for (const k in this.defs) this.values[k] = …`, `attribute.name` of `this.attributes`): the
 * record mirrors what the instance already holds, which is judged on its own. A same-file
 * function of such keys (`this.propOf(attr)`) maps a finite domain to a finite one, and a
 * platform callback's declared-name argument (`attributeChangedCallback(name)`, the registry's
 * `declaredKeyCallbacks`) takes only the names the class lists.
 */
export function boundedKey(key: TSESTree.Node, ctx: SiteContext, seen: Set<TSESLint.Scope.Variable> = new Set()): boolean {
  const k = unwrapExpression(key);
  if (staticString(k) !== null || k.type === AST_NODE_TYPES.Literal) return true;
  if (seen.size > 4) return false;
  if (k.type === AST_NODE_TYPES.CallExpression) {
    return k.arguments.length > 0 && ctx.index.targetOf(k) !== null && k.arguments.every((a) => a.type !== AST_NODE_TYPES.SpreadElement && boundedKey(a, ctx, seen));
  }
  if (k.type === AST_NODE_TYPES.MemberExpression && !k.computed) {
    const obj = unwrapExpression(k.object);
    if (obj.type !== AST_NODE_TYPES.Identifier) return false;
    const r = resolveReference(obj, ctx.sourceCode.getScope(obj));
    if (r?.kind !== 'local') return false;
    if (r.variable.defs.some((d) => d.node.type === AST_NODE_TYPES.TSEnumDeclaration)) return true;
    // `attribute.name` of `for (const attribute of this.attributes)`
    const d = r.variable.defs[0]?.node;
    return d?.type === AST_NODE_TYPES.VariableDeclarator && ownEnumeration(d) !== null;
  }
  if (k.type !== AST_NODE_TYPES.Identifier) return false;
  const r = resolveReference(k, ctx.sourceCode.getScope(k));
  if (r?.kind !== 'local') return false;
  const variable = r.variable;
  // Met again through its own reassignment (`attr = this.propOf(attr)`): its other writes decide.
  if (seen.has(variable)) return true;
  seen.add(variable);
  const def = variable.defs[0];
  if (def?.type === DefinitionType.Parameter) return declaredKeyParameter(def.node, def.name, ctx) && rewritesBounded(variable, def.name, ctx, seen);
  if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator) return false;
  const decl = def.node;
  const init = decl.init ? unwrapExpression(decl.init) : null;
  if (decl.parent.kind === 'const' && init && (init.type === AST_NODE_TYPES.Literal || staticString(init) !== null)) return true;
  // `const name = this.propOf(attribute.name)`: a same-file function of a bounded key
  if (decl.parent.kind === 'const' && init?.type === AST_NODE_TYPES.CallExpression) return boundedKey(init, ctx, seen);
  if (ownEnumeration(decl) !== null) return true;
  // for (const k of ['a', 'b']) / for (const k of KEYS), KEYS a constant list of literals
  const loop = decl.parent.parent;
  if (loop.type !== AST_NODE_TYPES.ForOfStatement || loop.left !== decl.parent) return false;
  let list = unwrapExpression(loop.right);
  if (list.type === AST_NODE_TYPES.Identifier) {
    const lr = resolveReference(list, ctx.sourceCode.getScope(list));
    const ld = lr?.kind === 'local' ? lr.variable.defs[0]?.node : undefined;
    list = ld?.type === AST_NODE_TYPES.VariableDeclarator && ld.parent.kind === 'const' && ld.init ? unwrapExpression(ld.init) : list;
  }
  return list.type === AST_NODE_TYPES.ArrayExpression && list.elements.every((e) => e !== null && (e.type === AST_NODE_TYPES.Literal || staticString(e) !== null));
}

/**
 * The loop a declaration heads when it enumerates the instance's own state: `for (const k in
 * this.defs)`, `for (const a of this.attributes)`, `for (const k of Object.keys(this.props))`.
 */
function ownEnumeration(decl: TSESTree.VariableDeclarator): TSESTree.ForInStatement | TSESTree.ForOfStatement | null {
  const loop = decl.parent.parent;
  if ((loop.type !== AST_NODE_TYPES.ForInStatement && loop.type !== AST_NODE_TYPES.ForOfStatement) || loop.left !== decl.parent) return null;
  return ownState(loop.right) ? loop : null;
}

/** `this.x`, `this.x.y`, or a call made only of them (`Object.keys(this.x)`, `this.x.keys()`). */
function ownState(n: TSESTree.Node, depth = 0): boolean {
  const e = unwrapExpression(n);
  if (depth > 4) return false;
  // `this` of a class's instance (not of a nested `function`, whose `this` is its caller's).
  if (e.type === AST_NODE_TYPES.MemberExpression && !e.computed) return e.object.type === AST_NODE_TYPES.ThisExpression ? thisClassOf(e.object) !== null : ownState(e.object, depth + 1);
  if (e.type !== AST_NODE_TYPES.CallExpression) return false;
  if (e.arguments.length > 0) return e.arguments.every((a) => a.type !== AST_NODE_TYPES.SpreadElement && ownState(a, depth + 1));
  const m = e.callee.type === AST_NODE_TYPES.MemberExpression ? memberName(e.callee) : null;
  return (m === 'keys' || m === 'values' || m === 'entries') && ownState((e.callee as TSESTree.MemberExpression).object, depth + 1);
}

/** The first parameter of a method the registry's `declaredKeyCallbacks` names. */
function declaredKeyParameter(fn: TSESTree.Node, name: TSESTree.Node, ctx: SiteContext): boolean {
  if (!isFunction(fn) || fn.params[0] !== name) return false;
  const member = fn.parent;
  return member.type === AST_NODE_TYPES.MethodDefinition && !member.computed && member.key.type === AST_NODE_TYPES.Identifier && ctx.declaredKeyCallbacks.has(member.key.name);
}

/** Every later write of the parameter (`attr = this.propOf(attr)`) is bounded too, and none is in a loop. */
function rewritesBounded(variable: TSESLint.Scope.Variable, param: TSESTree.Node, ctx: SiteContext, seen: Set<TSESLint.Scope.Variable>): boolean {
  return variable.references.every((ref) => {
    if (!ref.isWrite() || ref.identifier === param) return true;
    const w = ref.writeExpr;
    if (!w || inLoop(ref.identifier)) return false;
    return boundedKey(w, ctx, seen);
  });
}

function inLoop(n: TSESTree.Node): boolean {
  for (let p: TSESTree.Node | undefined = n.parent; p && !isFunction(p); p = p.parent) if (isLoop(p)) return true;
  return false;
}

/**
 * `for (const s of ['SIGINT', 'SIGTERM']) list.push({ name: s, listener })`: an entry made for
 * each element of a literal list, one per element each time its code runs.
 */
export function entryPerListElement(site: Site, ctx: SiteContext): boolean {
  const n = site.node;
  if (site.key || n.type !== AST_NODE_TYPES.CallExpression || n.arguments.length !== 1) return false;
  const arg = unwrapExpression(n.arguments[0] as TSESTree.Node);
  const parts = arg.type === AST_NODE_TYPES.ObjectExpression ? arg.properties.map((p) => (p.type === AST_NODE_TYPES.Property ? p.value : null)) : [arg];
  return parts.some((p) => p !== null && unwrapExpression(p).type === AST_NODE_TYPES.Identifier && staticString(unwrapExpression(p)) === null && boundedKey(p, ctx));
}
