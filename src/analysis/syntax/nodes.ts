import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from './node-types';

export type LoopNode =
  | TSESTree.ForStatement
  | TSESTree.ForInStatement
  | TSESTree.ForOfStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

export type FunctionNode =
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression
  | TSESTree.ArrowFunctionExpression;


export function isFunction(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

export function isLoop(node: TSESTree.Node): node is LoopNode {
  return (
    node.type === AST_NODE_TYPES.ForStatement ||
    node.type === AST_NODE_TYPES.ForInStatement ||
    node.type === AST_NODE_TYPES.ForOfStatement ||
    node.type === AST_NODE_TYPES.WhileStatement ||
    node.type === AST_NODE_TYPES.DoWhileStatement
  );
}
/** The nearest function around `node`, whatever kind; null at top level. */
export function innermostFunction(node: TSESTree.Node): FunctionNode | null {
  for (let p = node.parent; p; p = p.parent) if (isFunction(p)) return p;
  return null;
}

/** A function passed as an argument to a call (a callback), not one called in place or stored. */
export function isCallArgument(fn: FunctionNode): boolean {
  const p = fn.parent;
  return p.type === AST_NODE_TYPES.CallExpression && (p.arguments as TSESTree.Node[]).includes(fn);
}
