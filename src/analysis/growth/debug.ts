import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { createDebugRule } from '../engine/debug';
import { withShared } from '../engine/listeners';
import { getSettings } from '../engine/settings';
import { FunctionIndex } from '../syntax/functions';
import { callbackTableFor } from '../frequency/callbacks';
import { namesFor } from '../vocabulary/registry';
import { GROWTH_METHODS, SHRINK_METHODS } from '../vocabulary/collections';
import { type ClassNode, instanceLifetime } from '../lifetime/instances';
import { candidateCollector } from './candidates';
import { type GrowthContext, analyseCollection } from './collections';
import { UseIndex } from './uses';

function growthContext(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, index: FunctionIndex, thisNodes: readonly TSESTree.ThisExpression[]): GrowthContext {
  const settings = getSettings(context);
  const sourceCode = context.sourceCode;
  return {
    sourceCode,
    index,
    callbacks: callbackTableFor(settings),
    processExits: namesFor(settings, 'processExits'),
    longLivedConditions: settings.longLivedConditions,
    uses: new UseIndex(sourceCode, thisNodes),
    vocabulary: { growth: new Set(GROWTH_METHODS), shrink: new Set(SHRINK_METHODS) },
    bounds: { words: namesFor(settings, 'collectionBoundWords'), names: new Set() },
    readOnlyCallees: namesFor(settings, 'readOnlyCallees'),
    registrarWords: namesFor(settings, 'registrarWords'),
    registrarNames: namesFor(settings, 'registrarNames'),
    cancels: namesFor(settings, 'cancelCallees'),
    sameFile: (call) => index.targetOf(call) !== null,
    teardowns: namesFor(settings, 'teardownMethods'),
    notices: namesFor(settings, 'onceNoticeCallees'),
    declaredKeyCallbacks: namesFor(settings, 'declaredKeyCallbacks'),
    singletonDecorators: namesFor(settings, 'singletonDecorators'),
  };
}

/**
 * Question 5: every growth and eviction site of every collection candidate, with how often
 * it runs relative to the holder and why growth does not count; then the verdict, at the
 * declaration.
 */
export const debugGrowth = createDebugRule<[{ verdictOnly?: boolean }], 'site' | 'verdict'>({
  meta: {
    type: 'suggestion',
    // `verdictOnly`: ask as the rule does, which stops once the verdict cannot be unbounded.
    schema: [{ type: 'object', properties: { verdictOnly: { type: 'boolean' } }, additionalProperties: false }],
    defaultOptions: [{ verdictOnly: false }],
    messages: {
      site: '{{effect}} `{{op}}` of `{{name}}`: {{run}} ({{why}}){{bounded}}',
      verdict: '`{{name}}`: {{verdict}}{{holder}}{{exposure}}',
    },
  },
  create(context, [{ verdictOnly }]) {
    const { index, listeners: indexListeners } = FunctionIndex.of(context.sourceCode);
    const { candidates, thisNodes, listeners } = candidateCollector(context.sourceCode);
    return withShared({
      ...listeners,
      'Program:exit'() {
        const ctx = growthContext(context, index, thisNodes);
        for (const c of candidates) {
          const a = analyseCollection(c, ctx, verdictOnly === true);
          if (!a) continue;
          const sites = [...a.growth, ...a.evictions.map((e) => ({ ...e, bounded: null }))].sort((x, y) => x.node.range[0] - y.node.range[0]);
          for (const s of sites) {
            const bounded = s.bounded === null ? '' : `, not counted: ${s.bounded}`;
            context.report({ node: s.node, messageId: 'site', data: { effect: s.effect, op: s.op, name: c.name, run: s.frequency.run, why: s.frequency.why, bounded } });
          }
          const holder = a.holder ? `; holder ${a.holder.long ? 'lives long' : 'is short-lived'}: ${a.holder.why}` : '';
          const exposure = a.exposure ? `; exposed: ${a.exposure.kind}` : '';
          context.report({ node: c.at, messageId: 'verdict', data: { name: c.name, verdict: a.memo ? `${a.verdict} (memo)` : a.verdict, holder, exposure } });
        }
      },
    }, indexListeners);
  },
});

/** Question 2 for classes: how long an instance lives, from the `new` sites of the file. */
export const debugInstanceLifetime = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { life: '{{kind}}: {{why}}' } },
  create(context) {
    const { index, listeners } = FunctionIndex.of(context.sourceCode);
    const classes: ClassNode[] = [];
    const thisNodes: TSESTree.ThisExpression[] = [];
    return withShared({
      ClassDeclaration: (n) => void classes.push(n),
      ClassExpression: (n) => void classes.push(n),
      ThisExpression: (n) => void thisNodes.push(n),
      'Program:exit'() {
        const ctx = growthContext(context, index, thisNodes);
        for (const cls of classes) {
          const life = instanceLifetime(cls, ctx);
          context.report({ node: cls.type === AST_NODE_TYPES.ClassDeclaration && cls.id ? cls.id : cls, messageId: 'life', data: life });
        }
      },
    }, listeners);
  },
});
