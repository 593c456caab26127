import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { fateOf } from '../src/analysis/fate/fate';
import { withShared } from '../src/analysis/engine/listeners';
import { FunctionIndex, functionName } from '../src/analysis/syntax/functions';
import { type FunctionNode, innermostFunction } from '../src/analysis/syntax/nodes';
import { walkOwn } from '../src/analysis/syntax/ast';
import { RecursionAnalysis } from '../src/analysis/recursion/progress';
import { memberName, unwrapExpression } from '../src/analysis/scope/references';
import { isSkippedTestFile } from '../src/analysis/engine/settings';

type Options = [{ checkAsyncOutsideTry?: boolean; maxRetryBound?: number; schedulers?: string[] }];
type MessageIds = 'recursionInTry' | 'asyncRecursion' | 'rewriteAsLoop';

const PROMISE_CHAIN = new Set(['then', 'catch', 'finally']);
const DEFAULT_SCHEDULERS = ['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick', 'requestAnimationFrame', 'requestIdleCallback'];

interface Site {
  call: TSESTree.CallExpression;
  /** The function that loops: the caller, for direct and chained recursion. */
  fn: FunctionNode;
  /** For mutual recursion, the other function. */
  via: FunctionNode | null;
  /** For `.then(() => self())`, the chain call whose promise carries the recursion. */
  chain: TSESTree.CallExpression | null;
}

/** The `try` part (`try`, `catch`, `finally`) that `node` sits in within `fn`, if any. */
function tryPart(node: TSESTree.Node, fn: FunctionNode): { part: 'try' | 'catch' | 'finally'; stmt: TSESTree.TryStatement } | null {
  let child: TSESTree.Node = node;
  let p: TSESTree.Node | undefined = node.parent;
  while (p && p !== fn) {
    if (p.type === AST_NODE_TYPES.TryStatement) {
      if (child === p.block) return { part: 'try', stmt: p };
      if (child === p.handler) return { part: 'catch', stmt: p };
      if (child === p.finalizer) return { part: 'finally', stmt: p };
    }
    child = p;
    p = p.parent;
  }
  return null;
}


export default createRule<Options, MessageIds>({
  name: 'no-recursion-in-try',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: 'Disallow loops written as self-recursion inside `try`/`catch` or through awaited promises',
      recommended: 'recommended',
    },
    messages: {
      recursionInTry:
        '{{name}} calls itself inside `{{part}}` ({{why}}), keeping every turn\'s frame{{promise}} alive; use a `for (;;)` loop or `setImmediate` the next round.',
      asyncRecursion:
        '{{name}} {{how}} a call to itself ({{why}}), so the whole promise chain stays in memory; use a loop, or start the next round without awaiting it.',
      rewriteAsLoop: 'Rewrite {{name}} as a `for (;;)` loop around the `try`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkAsyncOutsideTry: {
            type: 'boolean',
            description: 'Also report awaited or returned loop-like self-calls of async functions outside `try`.',
          },
          maxRetryBound: {
            type: 'number',
            minimum: 0,
            description: 'A retry counter compared with a literal larger than this counts as unbounded.',
          },
          schedulers: {
            type: 'array',
            items: { type: 'string' },
            description: 'Extra functions that schedule a callback (like `setImmediate`): a self-call inside their callback never counts.',
          },
        },
      },
    ],
    defaultOptions: [{ checkAsyncOutsideTry: true, maxRetryBound: 1000, schedulers: [] }],
  },
  create(context, [options]) {
    if (isSkippedTestFile(context)) return {};
    const sourceCode = context.sourceCode;
    const schedulers = new Set([...DEFAULT_SCHEDULERS, ...(options.schedulers ?? [])]);
    const analysis = new RecursionAnalysis(sourceCode, { maxRetryBound: options.maxRetryBound ?? 1000 });
    const { index, listeners: indexListeners } = FunctionIndex.of(context.sourceCode);

    function isAsyncLike(fn: FunctionNode): boolean {
      return fn.async;
    }

    /** `p.then(() => self())`: the chain call, when `fn` is a direct callback of `.then/.catch/.finally`. */
    function chainOf(fn: FunctionNode): TSESTree.CallExpression | null {
      const call = fn.parent;
      if (call.type !== AST_NODE_TYPES.CallExpression || !(call.arguments as TSESTree.Node[]).includes(fn)) return null;
      const callee = unwrapExpression(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || !PROMISE_CHAIN.has(memberName(callee) ?? '')) return null;
      return call;
    }

    function underScheduler(node: TSESTree.Node, stop: FunctionNode): boolean {
      let p: TSESTree.Node | undefined = node.parent;
      while (p && p !== stop) {
        if (p.type === AST_NODE_TYPES.CallExpression) {
          const callee = unwrapExpression(p.callee);
          const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : null;
          if (name !== null && schedulers.has(name)) return true;
        }
        p = p.parent;
      }
      return false;
    }

    /** "`pump()`", "`a()` (through `b()`)", "This function": the subject of a message. */
    function label(fn: FunctionNode, via: FunctionNode | null): string {
      const name = functionName(fn);
      const self = name === null ? 'This function' : `\`${name}()\``;
      if (!via) return self;
      const callee = functionName(via);
      return `${self} (through ${callee === null ? 'its callee' : `\`${callee}()\``})`;
    }

    function check(site: Site): void {
      const { call, fn, via, chain } = site;
      if (fn.generator) return;
      const scope = sourceCode.getScope(call);
      const verdict = analysis.verdict(call, fn, scope, via !== null);
      if (!verdict.loopLike) return;
      const name = label(fn, via);
      // The expression whose fate decides whether the caller keeps waiting on the callee.
      const carrier = chain ?? call;
      const where = tryPart(carrier, fn);
      const fate = fateOf(carrier);
      const chained = fate.kind === 'awaited' || fate.kind === 'returned';
      if (chain) {
        if (chained && options.checkAsyncOutsideTry !== false) {
          context.report({ node: call.callee, messageId: 'asyncRecursion', data: { name, how: 'chains', why: verdict.why } });
        }
        return;
      }
      if (isAsyncLike(fn)) {
        if (!chained) return; // fire-and-forget: the caller's frame and promise are released
        if (where) {
          const fix = rewriteAsLoop(fn, where.stmt);
          context.report({
            node: call.callee, messageId: 'recursionInTry',
            data: { name, part: where.part, why: verdict.why, promise: ' and its promise' },
            ...(fix ? { suggest: [fix] } : {}),
          });
        } else if (options.checkAsyncOutsideTry !== false) {
          context.report({ node: call.callee, messageId: 'asyncRecursion', data: { name, how: fate.kind === 'awaited' ? 'awaits' : 'returns', why: verdict.why } });
        }
        return;
      }
      if (where) {
        const fix = rewriteAsLoop(fn, where.stmt);
        context.report({
          node: call.callee, messageId: 'recursionInTry', data: { name, part: where.part, why: verdict.why, promise: '' },
          ...(fix ? { suggest: [fix] } : {}),
        });
      }
    }

    /**
     * The one shape that is provably a loop: the body is a single `try` (no `finally`) whose
     * last statement re-calls the function with its own parameters, whose `catch` is empty
     * or only that same call, with no other `return`, no other self-call and no parameter
     * reassigned. A `catch` that could throw would behave differently, so it is not offered.
     */
    function rewriteAsLoop(fn: FunctionNode, stmt: TSESTree.TryStatement): TSESLint.SuggestionReportDescriptor<MessageIds> | null {
      if (fn.body.type !== AST_NODE_TYPES.BlockStatement || fn.body.body.length !== 1 || fn.body.body[0] !== stmt) return null;
      if (stmt.finalizer || !stmt.handler) return null;
      if (!fn.params.every((p) => p.type === AST_NODE_TYPES.Identifier)) return null;
      const params = fn.params.map((p) => (p).name);
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
        if (n.type === AST_NODE_TYPES.BreakStatement || n.type === AST_NODE_TYPES.ContinueStatement || n.type === AST_NODE_TYPES.YieldExpression) {
          state.blocked = true;
        }
      };
      for (const st of stmt.block.body.slice(0, -1)) walkOwn({ body: st }, visit);
      if (state.blocked) return null;
      const indent = ' '.repeat(stmt.loc.start.column);
      const reindent = (text: string): string => text.replace(/\n/g, '\n  ');
      const bodyText = block.slice(0, -1).map((s) => `${indent}    ${reindent(sourceCode.getText(s))}`).join('\n');
      const param = stmt.handler.param ? ` (${sourceCode.getText(stmt.handler.param)})` : '';
      const catchBody = handlerRecurses ? '' : `\n${indent}    break;`;
      const text = `for (;;) {\n${indent}  try {\n${bodyText}${bodyText ? '\n' : ''}${indent}  } catch${param} {${catchBody}\n${indent}  }\n${indent}}`;
      const fnName = functionName(fn);
      return {
        messageId: 'rewriteAsLoop',
        data: { name: fnName === null ? 'the function' : `\`${fnName}\`` },
        fix: (fixer) => fixer.replaceText(stmt, text),
      };
    }

    /** Calls that could be reported: inside a `try` of their function, or in async code. */
    const candidates: TSESTree.CallExpression[] = [];
    /** Per function (innermost last): how many `try` statements enclose the current node. */
    const tryDepth: number[] = [0];
    const asyncLike: boolean[] = [false];
    return withShared({
      ':function'(node: FunctionNode) {
        tryDepth.push(0);
        asyncLike.push(node.async || chainOf(node) !== null);
      },
      ':function:exit'() {
        tryDepth.pop();
        asyncLike.pop();
      },
      TryStatement() {
        tryDepth[tryDepth.length - 1] = (tryDepth.at(-1) ?? 0) + 1;
      },
      'TryStatement:exit'() {
        tryDepth[tryDepth.length - 1] = (tryDepth.at(-1) ?? 1) - 1;
      },
      CallExpression(node) {
        if ((tryDepth.at(-1) ?? 0) > 0 || asyncLike.at(-1) === true) candidates.push(node);
      },
      'Program:exit'() {
        for (const { call, target } of index.resolve(candidates)) {
          const home = innermostFunction(call);
          if (!home) continue;
          if (target === home) {
            if (!underScheduler(call, home)) check({ call, fn: home, via: null, chain: null });
            continue;
          }
          // `.then(() => self())` inside self: the chain carries the recursion.
          const chain = chainOf(home);
          if (chain && innermostFunction(chain) === target) {
            const body = home.body;
            const returnsCall =
              body === call ||
              (body.type === AST_NODE_TYPES.BlockStatement && body.body.some((s) => s.type === AST_NODE_TYPES.ReturnStatement && s.argument && unwrapExpression(s.argument) === call));
            if (returnsCall) check({ call, fn: target, via: null, chain });
            continue;
          }
          // Mutual recursion: home → target → home, both named functions of this file.
          if (functionName(home) && functionName(target) && !underScheduler(call, home) && index.callSitesOf(home).some((c) => innermostFunction(c) === target)) {
            check({ call, fn: home, via: target, chain: null });
          }
        }
      },
    }, indexListeners);
  },
});
