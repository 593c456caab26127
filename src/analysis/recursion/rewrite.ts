import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { walkOwn } from '../syntax/ast';
import type { FunctionIndex } from '../syntax/functions';
import { type FunctionNode, innermostFunction } from '../syntax/nodes';
import { unwrapExpression } from '../scope/references';

/**
 * The text of `stmt` rewritten as a `for (;;)` loop, for the one shape that is provably a
 * loop: the body is a single `try` (no `finally`) whose last statement re-calls the function
 * with its own parameters, whose `catch` is empty or only that same call, with no other
 * `return`, no other self-call and no parameter reassigned. A `catch` that could throw would
 * behave differently, so it is not offered. Null when the shape does not hold.
 */
export function loopRewrite(fn: FunctionNode, stmt: TSESTree.TryStatement, index: FunctionIndex, sourceCode: Readonly<TSESLint.SourceCode>): string | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement || fn.body.body.length !== 1 || fn.body.body[0] !== stmt) return null;
  if (stmt.finalizer || !stmt.handler) return null;
  if (!fn.params.every((p) => p.type === AST_NODE_TYPES.Identifier)) return null;
  const params = fn.params.map((p) => p.name);
  const isSelfCall = (s: TSESTree.Statement | undefined): boolean => {
    if (!s) return false;
    const expr = s.type === AST_NODE_TYPES.ExpressionStatement ? s.expression : s.type === AST_NODE_TYPES.ReturnStatement ? s.argument : null;
    if (!expr) return false;
    let e = unwrapExpression(expr);
    if (e.type === AST_NODE_TYPES.AwaitExpression) e = unwrapExpression(e.argument);
    if (e.type !== AST_NODE_TYPES.CallExpression || index.targetOf(e) !== fn) return false;
    return e.arguments.length === params.length && e.arguments.every((a, i) => a.type === AST_NODE_TYPES.Identifier && a.name === params[i]);
  };
  const block = stmt.block.body;
  const handler = stmt.handler.body.body;
  if (!isSelfCall(block.at(-1))) return null;
  const handlerRecurses = handler.length === 1 && isSelfCall(handler[0]);
  if (handler.length > 0 && !handlerRecurses) return null;
  const own = index.callSitesOf(fn).filter((c) => innermostFunction(c) === fn);
  const allowed = [block.at(-1), handler[0]].filter((s): s is TSESTree.Statement => s !== undefined);
  if (own.some((c) => !allowed.some((s) => c.range[0] >= s.range[0] && c.range[1] <= s.range[1]))) return null;
  const state = { blocked: false };
  const visit = (n: TSESTree.Node): void => {
    if (n.type === AST_NODE_TYPES.ReturnStatement && !allowed.includes(n)) state.blocked = true;
    if (n.type === AST_NODE_TYPES.AssignmentExpression || n.type === AST_NODE_TYPES.UpdateExpression) {
      const target = unwrapExpression(n.type === AST_NODE_TYPES.AssignmentExpression ? n.left : n.argument);
      if (target.type === AST_NODE_TYPES.Identifier && params.includes(target.name)) state.blocked = true;
    }
    if (n.type === AST_NODE_TYPES.BreakStatement || n.type === AST_NODE_TYPES.ContinueStatement || n.type === AST_NODE_TYPES.YieldExpression) state.blocked = true;
  };
  for (const st of block.slice(0, -1)) walkOwn({ body: st }, visit);
  if (state.blocked) return null;
  const indent = ' '.repeat(stmt.loc.start.column);
  const reindent = (text: string): string => text.replace(/\n/g, '\n  ');
  const bodyText = block.slice(0, -1).map((s) => `${indent}    ${reindent(sourceCode.getText(s))}`).join('\n');
  const param = stmt.handler.param ? ` (${sourceCode.getText(stmt.handler.param)})` : '';
  const catchBody = handlerRecurses ? '' : `\n${indent}    break;`;
  return `for (;;) {\n${indent}  try {\n${bodyText}${bodyText ? '\n' : ''}${indent}  } catch${param} {${catchBody}\n${indent}  }\n${indent}}`;
}
