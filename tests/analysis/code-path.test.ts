import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../../src/analysis/syntax/node-types';
import { createDebugRule } from '../../src/analysis/engine/debug';
import { withShared } from '../../src/analysis/engine/listeners';
import { type CodePathSegment, PathTracker } from '../../src/analysis/release/code-path';
import { jsRuleTester, ruleTester } from '../rule-tester';

/**
 * `PathTracker`: the segments each recorded node ran in, asked during the traversal (of the
 * nodes recorded so far, as a rule may) and at its end. Every call of the file is recorded; at
 * each call the one before it is asked about, and at the end every call is: its segments, named
 * by the first call recorded in each (`a`, `b`, …), or `none` if the tracker does not know it.
 */
const debugSegments = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { during: 'during {{name}}: {{segments}}', after: '{{name}}: {{segments}}' } },
  create(context) {
    const { tracker, listeners } = PathTracker.of(context.sourceCode);
    const calls: TSESTree.CallExpression[] = [];
    const firstIn = new Map<CodePathSegment, string>();
    const nameOf = (call: TSESTree.CallExpression): string => (call.callee.type === AST_NODE_TYPES.Identifier ? call.callee.name : '?');
    const describe = (call: TSESTree.CallExpression): string => {
      const segments = tracker.segmentsOf(call);
      if (!segments) return 'none';
      return segments.map((s) => firstIn.get(s) ?? '?').join(' ') || 'unreachable';
    };
    return withShared({
      CallExpression(node) {
        tracker.record(node);
        for (const s of tracker.segmentsOf(node) ?? []) if (!firstIn.has(s)) firstIn.set(s, nameOf(node));
        const previous = calls.at(-1);
        if (previous) context.report({ node, messageId: 'during', data: { name: nameOf(previous), segments: describe(previous) } });
        calls.push(node);
      },
      'Program:exit'() {
        for (const call of calls) context.report({ node: call, messageId: 'after', data: { name: nameOf(call), segments: describe(call) } });
      },
    }, listeners);
  },
});

const during = (name: string, segments: string) => ({ messageId: 'during' as const, data: { name, segments } });
const after = (name: string, segments: string) => ({ messageId: 'after' as const, data: { name, segments } });

const cases = {
  valid: ['const x = 1;'],
  invalid: [
    {
      // `b` runs in the branch's own segment, `c` after the branches join; each answer is the
      // same whether it is asked before later calls are recorded or after all of them are.
      code: 'function f(x) { a(); if (x) { b(); } c(); }',
      errors: [after('a', 'a'), during('a', 'a'), after('b', 'b'), during('b', 'b'), after('c', 'c')],
    },
    {
      // A call outside any function is recorded in the module's code path; one in a nested function in that function's.
      code: 'a();\nfunction g() { b(); }\nc();',
      errors: [after('a', 'a'), during('a', 'a'), after('b', 'b'), during('b', 'b'), after('c', 'a')],
    },
  ],
};

ruleTester.run('code-path tracker: segments asked during and after the traversal (TS parser)', debugSegments, cases);
jsRuleTester.run('code-path tracker: segments asked during and after the traversal (espree)', debugSegments, cases);
