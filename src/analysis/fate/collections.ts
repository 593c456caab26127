import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { innermostFunction } from '../syntax/nodes';
import { memberName, resolveReference, unwrapExpression } from '../scope/references';
import { fateOf } from './fate';

/**
 * Question 3 for a collection: does it leave the code that grows it — exported, returned,
 * stored in an object, handed to another module's function? Built on `fateOf`. Exposure is
 * a fact, not a bound: the rule decides what it proves (by default, that the consumer may
 * trim it; a same-file helper it is passed to is looked into instead, see growth/sites.ts).
 */
export interface Exposure {
  kind: 'exported' | 'returned' | 'stored' | 'passed';
  node: TSESTree.Node;
}

export interface ExposureContext {
  sourceCode: Readonly<TSESLint.SourceCode>;
  /** Global callees that only read what they are given (the registry's `readOnlyCallees`). */
  readOnlyCallees: ReadonlySet<string>;
  /** Does the call reach a function of this file (its effect on the argument is seen there)? */
  sameFile: (call: TSESTree.CallExpression) => boolean;
}

/** `exports.x`, `module.exports`, `module.exports.x`: a CommonJS module's export. */
export function isExportsTarget(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.Identifier) return n.name === 'exports';
  if (n.type !== AST_NODE_TYPES.MemberExpression) return false;
  const obj = unwrapExpression(n.object);
  if (obj.type === AST_NODE_TYPES.Identifier && obj.name === 'module' && memberName(n) === 'exports') return true;
  return isExportsTarget(obj);
}

function readOnly(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: ExposureContext): boolean {
  const r = resolveReference(call.callee, ctx.sourceCode.getScope(call));
  if (r?.kind !== 'global') return false;
  return ctx.readOnlyCallees.has(r.name) || ctx.readOnlyCallees.has(r.name.split('.')[0] ?? '');
}

/** Where the use `use` of a collection takes it, if out of the module's sight; `holdsAtModule` for a module-level collection. */
export function exposureOf(use: TSESTree.Node, ctx: ExposureContext, holdsAtModule: boolean): Exposure | null {
  const p = use.parent;
  if (p?.type === AST_NODE_TYPES.ExportSpecifier || p?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return { kind: 'exported', node: use };
  // `{ items }`, `{ list: items }`: the object carries it wherever it goes.
  if (p?.type === AST_NODE_TYPES.Property && p.value === use) return { kind: 'stored', node: use };
  const fate = fateOf(use);
  switch (fate.kind) {
    case 'returned': {
      // A getter that returns the field is an accessor, another name for it, not an exit.
      const fn = innermostFunction(use);
      return fn?.parent.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'get' ? null : { kind: 'returned', node: use };
    }
    case 'stored': {
      if (fate.target.type === AST_NODE_TYPES.Identifier && p?.type === AST_NODE_TYPES.VariableDeclarator) return null; // an alias
      if (isExportsTarget(fate.target)) return { kind: 'exported', node: use };
      // A module's collection kept by an instance (`this.items = items`) stays in sight.
      const target = unwrapExpression(fate.target);
      if (holdsAtModule && target.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.ThisExpression) return null;
      return { kind: 'stored', node: use };
    }
    case 'argument':
    case 'option':
      if (readOnly(fate.call, ctx)) return null;
      if (fate.kind === 'argument' && fate.call.type === AST_NODE_TYPES.CallExpression && ctx.sameFile(fate.call)) return null;
      return { kind: 'passed', node: use };
    default:
      return null;
  }
}
