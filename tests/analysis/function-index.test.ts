import { createDebugRule } from '../../src/analysis/engine/debug';
import { withShared } from '../../src/analysis/engine/listeners';
import type { TSESTree } from '@typescript-eslint/utils';
import { FunctionIndex, calledFunction, calleeBindingName, reachingNames } from '../../src/analysis/syntax/functions';
import { jsRuleTester, ruleTester } from '../rule-tester';

/**
 * `FunctionIndex.callsToNames()`: the calls of the file, in source order, that use the name of
 * one of its functions (`f()`, `this.m()`, `Cls.m()`, `o.m()`): the only calls `targetOf` can
 * resolve, so the only self-call candidates. Reported at the end of the file, one per call.
 */
const debugIndex = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { named: '{{call}}' } },
  create(context) {
    const { index, listeners } = FunctionIndex.of(context.sourceCode);
    return withShared({
      'Program:exit'() {
        for (const call of index.callsToNames()) context.report({ node: call, messageId: 'named', data: { call: context.sourceCode.getText(call) } });
      },
    }, listeners);
  },
});

const named = (call: string) => ({ messageId: 'named' as const, data: { call } });

const cases = {
  valid: [
    // no function of the file is named: nothing to resolve
    'g(); o.x(); (() => 1)();',
    // a call through an expression names nothing
    'function f() {} (0, f)(); [f][0]();',
  ],
  invalid: [
    {
      code: 'function f() {}\nf(); g();\nconst h = () => 1;\nh(); obj.h(); other.x();',
      errors: [named('f()'), named('h()'), named('obj.h()')],
    },
    {
      code: 'class C { m() { this.m(); C.m(); this.n(); } #p() { this.#p(); } }',
      errors: [named('this.m()'), named('C.m()'), named('this.#p()')],
    },
    // in source order, nested calls included
    { code: 'function a() { return b(a()); }\nfunction b(x) { return x; }', errors: [named('b(a())'), named('a()')] },
    // a function expression with a name of its own is reached by both names (`reachingNames`)
    { code: 'const g = function f() { f(); };\ng();', errors: [named('f()'), named('g()')] },
  ],
};

ruleTester.run('function index: calls to names (TS parser)', debugIndex, {
  ...cases,
  // a wrapped initialiser still binds the name
  invalid: [...cases.invalid, { code: 'const w = (() => 1) as () => number;\nw();', errors: [named('w()')] }],
});
jsRuleTester.run('function index: calls to names (espree)', debugIndex, cases);

/**
 * `reachingNames(fn)`: the names a call can reach `fn` by. Every call `calledFunction` resolves is
 * spelled with one of them (so a name filter before the scope lookups loses no call); reported
 * per resolved call with the target's names.
 */
const debugReach = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { reached: '{{call}} → {{names}} ({{spelled}})' } },
  create(context) {
    const calls: TSESTree.CallExpression[] = [];
    return {
      CallExpression(call) {
        calls.push(call);
      },
      'Program:exit'() {
        for (const call of calls) {
          const target = calledFunction(call, context.sourceCode.getScope(call));
          if (!target) continue;
          const names = reachingNames(target);
          const name = calleeBindingName(call);
          context.report({ node: call, messageId: 'reached', data: { call: context.sourceCode.getText(call), names: names.join(','), spelled: name !== null && names.includes(name) ? 'spelled' : 'NOT spelled' } });
        }
      },
    };
  },
});

const reached = (call: string, names: string) => ({ messageId: 'reached' as const, data: { call, names, spelled: 'spelled' } });

const reachCases = {
  valid: ['g(); o.m(); (function () {})();', 'const o = { m() {} }; o.m();'],
  invalid: [
    { code: 'function f() {}\nf();', errors: [reached('f()', 'f')] },
    { code: 'const g = function h() { h(); };\ng();', errors: [reached('h()', 'h,g'), reached('g()', 'h,g')] },
    { code: 'const k = () => 1;\nk();', errors: [reached('k()', 'k')] },
    { code: 'class C { m() { this.m(); } static s() { C.s(); } #p() { this.#p(); } q = () => this.q(); }', errors: [reached('this.m()', 'm'), reached('C.s()', 's'), reached('this.#p()', '#p'), reached('this.q()', 'q')] },
  ],
};

ruleTester.run('function index: the names a call reaches a function by (TS parser)', debugReach, {
  ...reachCases,
  invalid: [...reachCases.invalid, { code: 'const w = (() => 1) as () => number;\nw();', errors: [reached('w()', 'w')] }],
});
jsRuleTester.run('function index: the names a call reaches a function by (espree)', debugReach, reachCases);
