import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { withShared } from '../src/analysis/engine/listeners';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { FunctionIndex, functionName } from '../src/analysis/syntax/functions';
import { callbackTableFor } from '../src/analysis/frequency/callbacks';
import { namesFor } from '../src/analysis/vocabulary/registry';
import { COLLECTION_OPTIONS_SCHEMA, COLLECTION_TEXT, GROWTH_METHODS, SHRINK_METHODS } from '../src/analysis/vocabulary/collections';
import { type Candidate, candidateCollector } from '../src/analysis/growth/candidates';
import { type GrowthContext, analyseCollection } from '../src/analysis/growth/collections';
import { UseIndex } from '../src/analysis/growth/uses';

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
type MessageIds = 'unbounded';

function lifetimeOf(c: Candidate): string {
  if (c.owner.type === 'module') return 'module-level, alive for the process';
  if (c.owner.type === 'class') {
    const id = c.owner.cls.id?.name;
    const name = id === undefined ? 'its class' : `\`${id}\``;
    return c.owner.isStatic ? `a static field of ${name}, alive for the process` : `a field of each ${id === undefined ? 'instance' : name}`;
  }
  const fnName = functionName(c.owner.fn);
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
    },
    schema: COLLECTION_OPTIONS_SCHEMA,
    defaultOptions: [{ checkClassFields: true, checkExported: false, checkMemoCaches: false, growthMethods: [], shrinkMethods: [], maxSizeHints: [] }],
  },
  create(context, [options]) {
    if (isSkippedTestFile(context)) return {};
    const sourceCode = context.sourceCode;
    if (!COLLECTION_TEXT.test(sourceCode.text)) return {};
    const settings = getSettings(context);
    const { index, listeners: indexListeners } = FunctionIndex.of(sourceCode);
    const { candidates, listeners } = candidateCollector(sourceCode);
    return withShared({
      ...listeners,
      'Program:exit'() {
        if (candidates.length === 0) return;
        // The options are documented aliases that extend the vocabulary and the registry.
        const ctx: GrowthContext = {
          sourceCode,
          index,
          callbacks: callbackTableFor(settings),
          uses: new UseIndex(sourceCode),
          vocabulary: { growth: new Set([...GROWTH_METHODS, ...(options.growthMethods ?? [])]), shrink: new Set([...SHRINK_METHODS, ...(options.shrinkMethods ?? [])]) },
          bounds: { words: namesFor(settings, 'collectionBoundWords'), names: new Set(options.maxSizeHints ?? []) },
          readOnlyCallees: namesFor(settings, 'readOnlyCallees'),
          registrarWords: namesFor(settings, 'registrarWords'),
          registrarNames: namesFor(settings, 'registrarNames'),
    cancels: namesFor(settings, 'cancelCallees'),
          sameFile: (call) => index.targetOf(call) !== null,
          teardowns: namesFor(settings, 'teardownMethods'),
          notices: namesFor(settings, 'onceNoticeCallees'),
          singletonDecorators: namesFor(settings, 'singletonDecorators'),
        };
        for (const c of candidates) {
          if (c.owner.type === 'class' && options.checkClassFields === false) continue;
          const answer = analyseCollection(c, ctx);
          if (answer?.verdict !== 'unbounded') continue;
          if (answer.exposure && options.checkExported !== true) continue;
          if (answer.memo && options.checkMemoCaches !== true) continue;
          const grows = answer.growth.filter((g) => g.bounded === null).sort((x, y) => x.node.range[0] - y.node.range[0]);
          const sites = grows.slice(0, 3).map((g) => `\`${g.op}\` on line ${g.node.loc.start.line}`).join(', ') + (grows.length > 3 ? `, and ${grows.length - 3} more` : '');
          const where = c.owner.type === 'module' ? ' in this module' : c.owner.type === 'class' ? ' in the class' : '';
          context.report({ node: c.at, messageId: 'unbounded', data: { name: c.name, lifetime: lifetimeOf(c), sites, where } });
        }
      },
    }, indexListeners);
  },
});
