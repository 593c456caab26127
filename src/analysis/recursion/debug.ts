import { type TSESTree } from '@typescript-eslint/utils';
import { createDebugRule } from '../engine/debug';
import { withShared } from '../engine/listeners';
import { getSettings } from '../engine/settings';
import { namesFor } from '../vocabulary/registry';
import { type KeptAlive, keptAlive, schedulerTable, selfCallCollector } from './chains';
import { RecursionAnalysis } from './progress';

function aliveText(alive: KeptAlive, scheduled: boolean): string {
  if (!alive) return scheduled ? 'not kept alive (scheduled)' : 'not kept alive';
  return alive.by === 'try' ? `kept alive by \`${alive.part}\`${alive.promise ? ' and its promise' : ''}` : `kept alive: ${alive.how}`;
}

/**
 * Question 6: for every self-call of the file (direct, chained, mutual or scheduled), what
 * keeps its caller alive and whether the recursion makes progress toward a stop.
 */
export const debugRecursion = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { selfCall: '{{alive}}; {{progress}}: {{why}}' } },
  create(context) {
    const sourceCode = context.sourceCode;
    const settings = getSettings(context);
    const analysis = new RecursionAnalysis(sourceCode, {
      maxRetryBound: 1000,
      advancing: namesFor(settings, 'advancingMethods'),
      rewinding: namesFor(settings, 'rewindingMethods'),
      typePredicates: namesFor(settings, 'typePredicates'),
    });
    const collector = selfCallCollector(sourceCode, schedulerTable(settings, []), true);
    return withShared({
      'Program:exit'() {
        for (const site of collector.sites()) {
          const verdict = analysis.verdict(site.call, site.fn, sourceCode.getScope(site.call), site.via, site.backs);
          context.report({
            node: site.call.callee as TSESTree.Node,
            messageId: 'selfCall',
            data: { alive: aliveText(keptAlive(site), site.scheduled), progress: verdict.loopLike ? 'loop-like' : 'makes progress', why: verdict.why },
          });
        }
      },
    }, collector.listeners);
  },
});
