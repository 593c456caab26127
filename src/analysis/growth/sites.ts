import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { staticString } from '../syntax/ast';
import { type FunctionIndex } from '../syntax/functions';
import { memberName, resolveReference, unwrapExpression } from '../scope/references';
import { sameValue } from '../scope/identity';
import { BOUNDING_REASSIGN_METHODS } from '../vocabulary/collections';
import { outermost } from './uses';

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

/** Is the key of a growth site from a finite domain: a literal, a constant, an enum member, an element of a literal list? */
export function boundedKey(key: TSESTree.Node, ctx: SiteContext): boolean {
  const k = unwrapExpression(key);
  if (staticString(k) !== null || k.type === AST_NODE_TYPES.Literal) return true;
  if (k.type === AST_NODE_TYPES.MemberExpression && !k.computed) {
    const obj = unwrapExpression(k.object);
    if (obj.type !== AST_NODE_TYPES.Identifier) return false;
    const r = resolveReference(obj, ctx.sourceCode.getScope(obj));
    return r?.kind === 'local' && r.variable.defs.some((d) => d.node.type === AST_NODE_TYPES.TSEnumDeclaration);
  }
  if (k.type !== AST_NODE_TYPES.Identifier) return false;
  const r = resolveReference(k, ctx.sourceCode.getScope(k));
  if (r?.kind !== 'local') return false;
  const def = r.variable.defs[0];
  if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator) return false;
  const decl = def.node;
  const init = decl.init ? unwrapExpression(decl.init) : null;
  if (decl.parent.kind === 'const' && init && (init.type === AST_NODE_TYPES.Literal || staticString(init) !== null)) return true;
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
