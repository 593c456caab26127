import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { withShared } from '../src/analysis/engine/listeners';
import { perConfiguration } from '../src/analysis/engine/per-run';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { FunctionIndex, className, functionName } from '../src/analysis/syntax/functions';
import { callbackTableFor } from '../src/analysis/frequency/callbacks';
import { namesFor } from '../src/analysis/vocabulary/registry';
import { COLLECTION_OPTIONS_SCHEMA, COLLECTION_TEXT, GROWTH_METHODS, SHRINK_METHODS } from '../src/analysis/vocabulary/collections';
import { type Candidate, candidateCollector } from '../src/analysis/growth/candidates';
import { type GrowthContext, analyseCollection } from '../src/analysis/growth/collections';
import { UseIndex } from '../src/analysis/growth/uses';
import { unboundedLabel } from '../src/analysis/growth/metrics';
import { LABELLED_METRICS } from '../src/analysis/vocabulary/collections';
import type { TSESTree } from '@typescript-eslint/utils';
import { codeText } from '../src/analysis/engine/code-text';

type Options = [
  {
    checkClassFields?: boolean;
    checkExported?: boolean;
    checkMemoCaches?: boolean;
    growthMethods?: string[];
    shrinkMethods?: string[];
    maxSizeHints?: string[];
  },
];
type MessageIds = 'unbounded' | 'labels';

function lifetimeOf(c: Candidate): string {
  if (c.owner.type === 'module') return 'module-level, alive for the process';
  if (c.owner.type === 'class') {
    const id = className(c.owner.cls);
    const name = id === null ? 'its class' : `\`${id}\``;
    return c.owner.isStatic ? `a static field of ${name}, alive for the process` : `a field of each ${id === null ? 'instance' : name}`;
  }
  const fnName = functionName(c.owner.fn);
  if (c.owner.record) return `a field of a record that ${fnName === null ? 'its function' : `\`${fnName}()\``} keeps`;
  return `held by a long-lived closure of ${fnName !== null && c.owner.fn.parent.type !== AST_NODE_TYPES.MethodDefinition ? `\`${fnName}()\`` : 'its function'}`;
}

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-collection',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow long-lived arrays, maps, sets and dictionaries that only ever grow',
      recommended: 'recommended',
    },
    messages: {
      unbounded:
        '`{{name}}` ({{lifetime}}) grows by {{sites}} but nothing removes entries{{where}}, so they all stay alive; cap it, evict entries, or use an LRU cache or `WeakMap`.',
      labels:
        '`{{name}}` keeps one series per distinct set of label values, for the process; its `{{label}}` label on line {{line}} is request data (`{{value}}`), so a new series is kept for every distinct value. Label with a finite value (the route template, a status class).',
    },
    schema: COLLECTION_OPTIONS_SCHEMA,
    defaultOptions: [{ checkClassFields: true, checkExported: false, checkMemoCaches: false, growthMethods: [], shrinkMethods: [], maxSizeHints: [] }],
  },
  create(context, [options]) {
    if (isSkippedTestFile(context)) return {};
    const sourceCode = context.sourceCode;
    const code = codeText(sourceCode);
    if (!COLLECTION_TEXT.test(code)) return {};
    const settings = getSettings(context);
    const { index, listeners: indexListeners } = FunctionIndex.of(sourceCode);
    const { candidates, thisNodes, listeners } = candidateCollector(sourceCode);
    const metrics: TSESTree.VariableDeclarator[] = [];
    return withShared({
      ...listeners,
      VariableDeclarator(n) {
        listeners.VariableDeclarator?.(n);
        if (n.init?.type === AST_NODE_TYPES.NewExpression) metrics.push(n);
      },
      'Program:exit'() {
        // A labelled metric keeps its series inside the library: growth is a label value.
        const metricCtx = { sourceCode, metrics: LABELLED_METRICS, requestFields: namesFor(settings, 'requestDataFields') };
        // A labelled metric is imported from its library by name: a file that never spells one resolves none of its `new X()`.
        if (metrics.length > 0 && LABELLED_METRICS.some((m) => code.includes(m.source))) for (const m of metrics) {
          const g = unboundedLabel(m, metricCtx);
          if (g) context.report({ node: g.at, messageId: 'labels', data: { name: g.at.name, label: g.label, line: g.value.loc.start.line, value: sourceCode.getText(g.value) } });
        }
        if (candidates.length === 0) return;
        // The options are documented aliases that extend the vocabulary and the registry.
        const ctx: GrowthContext = {
          sourceCode,
          index,
          callbacks: callbackTableFor(settings),
          processExits: namesFor(settings, 'processExits'),
          longLivedConditions: settings.longLivedConditions,
          uses: new UseIndex(sourceCode, thisNodes),
          vocabulary: perConfiguration(options, settings, 'growth vocabulary', () => ({ growth: new Set([...GROWTH_METHODS, ...(options.growthMethods ?? [])]), shrink: new Set([...SHRINK_METHODS, ...(options.shrinkMethods ?? [])]) })),
          bounds: { words: namesFor(settings, 'collectionBoundWords'), names: new Set(options.maxSizeHints ?? []) },
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
        for (const c of candidates) {
          if (c.owner.type === 'class' && options.checkClassFields === false) continue;
          const answer = analyseCollection(c, ctx, true);
          if (answer?.verdict !== 'unbounded') continue;
          if (answer.exposure && options.checkExported !== true) continue;
          if (answer.memo && options.checkMemoCaches !== true) continue;
          const grows = answer.growth.filter((g) => g.bounded === null).sort((x, y) => x.node.range[0] - y.node.range[0]);
          const sites = grows.slice(0, 3).map((g) => `\`${g.op}\` on line ${g.node.loc.start.line}`).join(', ') + (grows.length > 3 ? `, and ${grows.length - 3} more` : '');
          const where = (c.owner.type === 'module' ? ' in this module' : c.owner.type === 'class' ? ' in the class' : '') + (answer.missedEvictions ? ' on every path' : '');
          context.report({ node: c.at, messageId: 'unbounded', data: { name: c.name, lifetime: lifetimeOf(c), sites, where } });
        }
      },
    }, indexListeners);
  },
});
