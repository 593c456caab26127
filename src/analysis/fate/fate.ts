import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { memberName, unwrapExpression } from '../scope/references';

/**
 * What happens to the value of an expression where it is created: the question every
 * "is this released?" rule starts with.
 */
export type Fate =
  | { kind: 'awaited' }
  | { kind: 'raced'; race: TSESTree.CallExpression | TSESTree.NewExpression }
  | { kind: 'discarded' }
  | { kind: 'stored'; target: TSESTree.Identifier | TSESTree.MemberExpression }
  | { kind: 'returned' }
  | { kind: 'iterated' }
  | { kind: 'option'; key: string; call: TSESTree.CallExpression | TSESTree.NewExpression }
  | { kind: 'argument'; call: TSESTree.CallExpression | TSESTree.NewExpression }
  | { kind: 'other' };

const TRANSPARENT = new Set<string>([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSTypeAssertion,
  AST_NODE_TYPES.ChainExpression,
]);

const PROMISE_CHAIN = new Set(['then', 'catch', 'finally']);

function isPromiseStatic(call: TSESTree.CallExpression, names: readonly string[]): boolean {
  const callee = unwrapExpression(call.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Promise' &&
    names.includes(memberName(callee) ?? '')
  );
}

export function fateOf(expr: TSESTree.Node): Fate {
  let node: TSESTree.Node = expr;
  for (;;) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (!parent) return { kind: 'other' };
    if (TRANSPARENT.has(parent.type)) {
      node = parent;
      continue;
    }
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
        return { kind: 'awaited' };
      case AST_NODE_TYPES.YieldExpression:
        return { kind: 'awaited' };
      case AST_NODE_TYPES.ExpressionStatement:
        return { kind: 'discarded' };
      case AST_NODE_TYPES.UnaryExpression:
        return parent.operator === 'void' ? { kind: 'discarded' } : { kind: 'other' };
      case AST_NODE_TYPES.ReturnStatement:
        return { kind: 'returned' };
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === node ? { kind: 'returned' } : { kind: 'other' };
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === node) return { kind: 'other' };
        node = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression:
        node = parent;
        continue;
      case AST_NODE_TYPES.SequenceExpression:
        if (parent.expressions.at(-1) !== node) return { kind: 'discarded' };
        node = parent;
        continue;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) {
          return { kind: 'stored', target: parent.id };
        }
        return { kind: 'other' };
      case AST_NODE_TYPES.AssignmentExpression: {
        if (parent.right !== node) return { kind: 'other' };
        const left = unwrapExpression(parent.left);
        if (left.type === AST_NODE_TYPES.Identifier || left.type === AST_NODE_TYPES.MemberExpression) {
          return { kind: 'stored', target: left };
        }
        return { kind: 'other' };
      }
      case AST_NODE_TYPES.ForOfStatement:
        return parent.right === node ? { kind: 'iterated' } : { kind: 'other' };
      case AST_NODE_TYPES.MemberExpression: {
        // p.then(…) / p.catch(…) chains keep the fate of the chain's end.
        const call = parent.parent;
        if (
          parent.object === node &&
          PROMISE_CHAIN.has(memberName(parent) ?? '') &&
          call.type === AST_NODE_TYPES.CallExpression &&
          call.callee === parent
        ) {
          node = call;
          continue;
        }
        return { kind: 'other' };
      }
      case AST_NODE_TYPES.ArrayExpression: {
        const call = parent.parent;
        if (call.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === parent) {
          if (isPromiseStatic(call, ['race', 'any'])) return { kind: 'raced', race: call };
          if (isPromiseStatic(call, ['all', 'allSettled'])) {
            node = call;
            continue;
          }
        }
        return { kind: 'other' };
      }
      case AST_NODE_TYPES.Property: {
        const obj = parent.parent;
        const call = obj.parent;
        if (
          parent.value === node &&
          obj.type === AST_NODE_TYPES.ObjectExpression &&
          (call.type === AST_NODE_TYPES.CallExpression || call.type === AST_NODE_TYPES.NewExpression) &&
          call.arguments.includes(obj)
        ) {
          const key = parent.key.type === AST_NODE_TYPES.Identifier ? parent.key.name : '';
          return { kind: 'option', key, call };
        }
        return { kind: 'other' };
      }
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        if (parent.arguments.includes(node as TSESTree.CallExpressionArgument)) return { kind: 'argument', call: parent };
        return { kind: 'other' };
      default:
        return { kind: 'other' };
    }
  }
}

/**
 * Where the object or array literal that holds `node` as a field or an element goes (`{ timer }`,
 * `[out, err]`, through nested literals): the first fate other than `other` on the way out, or
 * `other` when `node` is held by no literal or the literals go nowhere further.
 */
export function holderFate(node: TSESTree.Node): Fate {
  let holder: TSESTree.Node = node;
  for (let depth = 0; depth < 3; depth++) {
    const p: TSESTree.Node | undefined = holder.parent;
    if (p?.type === AST_NODE_TYPES.Property && p.value === holder && p.parent.type === AST_NODE_TYPES.ObjectExpression) holder = p.parent;
    else if (p?.type === AST_NODE_TYPES.ArrayExpression) holder = p;
    else break;
    const f = fateOf(holder);
    if (f.kind !== 'other') return f;
  }
  return { kind: 'other' };
}
