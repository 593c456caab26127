import { createDebugRule } from '../../src/analysis/engine/debug';
import { withShared } from '../../src/analysis/engine/listeners';
import { FunctionIndex } from '../../src/analysis/syntax/functions';
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
  ],
};

ruleTester.run('function index: calls to names (TS parser)', debugIndex, cases);
jsRuleTester.run('function index: calls to names (espree)', debugIndex, cases);
