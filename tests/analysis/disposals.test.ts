import type { TSESTree } from '@typescript-eslint/utils';
import { createDebugRule } from '../../src/analysis/engine/debug';
import { withShared } from '../../src/analysis/engine/listeners';
import { type DisposalContext, disposalsIn } from '../../src/analysis/release/disposals';
import { FunctionIndex } from '../../src/analysis/syntax/functions';
import { namesFor } from '../../src/analysis/vocabulary/registry';
import { getSettings } from '../../src/analysis/engine/settings';
import { jsRuleTester, ruleTester } from '../rule-tester';

/**
 * `disposalsIn(regions)`: every named call inside the regions and the same-file helpers they
 * reach (two hops), each once and in source order, however the regions nest — a helper often
 * lies inside the region that calls it. Asked again with a new list of the same regions, it
 * answers from the file's cache (the very same array). The regions asked are the function
 * declarations whose names start with `region`, in source order.
 */
const debugDisposals = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { calls: '{{calls}}', again: 'cached: {{same}}' } },
  create(context) {
    const { sourceCode } = context;
    const { index, listeners } = FunctionIndex.of(sourceCode);
    const regions: TSESTree.Node[] = [];
    const settings = getSettings(context);
    const ctx: DisposalContext = {
      scopeOf: (n) => sourceCode.getScope(n),
      index,
      names: (key) => namesFor(settings, key),
      assignmentsIn: () => [],
      assignmentsTo: () => [],
    };
    return withShared({
      FunctionDeclaration(fn) {
        if (fn.id?.name.startsWith('region')) regions.push(fn);
      },
      'Program:exit'(program) {
        const found = disposalsIn(regions, ctx);
        context.report({ node: program, messageId: 'calls', data: { calls: found.map((d) => sourceCode.getText(d.call.callee)).join(' ') } });
        context.report({ node: program, messageId: 'again', data: { same: String(disposalsIn([...regions], ctx) === found) } });
      },
    }, listeners);
  },
});

const answer = (calls: string) => [{ messageId: 'calls' as const, data: { calls } }, { messageId: 'again' as const, data: { same: 'true' } }];

const cases = {
  valid: [],
  invalid: [
    // the nested region's calls are the outer one's: each once, in source order
    {
      code: 'function regionOuter() { a.off(); function regionInner() { b.remove(); } c.stop(); }',
      errors: answer('a.off b.remove c.stop'),
    },
    // regions apart: the calls of each, in source order
    {
      code: 'function regionB() { b.off(); }\nfunction regionA() { a.off(); }',
      errors: answer('b.off a.off'),
    },
    // a helper inside the region it is reached from, and one outside (a hop): both, once each
    {
      code: 'function regionMain() { const inner = () => x.dispose(); inner(); outer(); }\nfunction outer() { y.close(); }',
      errors: answer('x.dispose inner outer y.close'),
    },
    // two hops and no further; an unnamed call is no disposal
    {
      code: 'function regionR() { one(); }\nfunction one() { p.off(); two(); }\nfunction two() { q.off(); three(); }\nfunction three() { r.off(); }\n(() => 0)();',
      errors: answer('one p.off two q.off three'),
    },
  ],
};

ruleTester.run('disposals in regions (TS parser)', debugDisposals, cases);
jsRuleTester.run('disposals in regions (espree)', debugDisposals, cases);
