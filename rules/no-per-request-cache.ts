import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { rootOf, shortText } from '../src/analysis/syntax/ast';
import { withShared } from '../src/analysis/engine/listeners';
import { FunctionIndex } from '../src/analysis/syntax/functions';
import { perRequestCodeFor } from '../src/analysis/frequency/handlers';
import { innermostFunction } from '../src/analysis/syntax/nodes';
import { fileMatches } from '../src/analysis/engine/test-files';
import { ImportBindings, resolveReference, unwrapExpression } from '../src/analysis/scope/references';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { sharedResourcesFrom } from '../src/analysis/vocabulary/schema';
import { sharedOrClosed, sharingQuestions } from '../src/analysis/fate/sharing';
import { type ExtraResource, RESOURCE_TEXT, isResourceSource, lingers, matchResource, perRequestCacheOptions, resourceGlobals } from '../src/analysis/vocabulary/resources';

type Options = [
  {
    resources?: ExtraResource[];
    handlers?: { callees?: string[]; decorators?: string[]; exports?: string[] };
    ignore?: string[];
    checkTestFiles?: boolean;
  },
];
type MessageIds = 'perRequest';
type Made = TSESTree.CallExpression | TSESTree.NewExpression;

export default createRule<Options, MessageIds>({
  name: 'no-per-request-cache',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow caches, pools and clients built per request, message or loop turn instead of once',
      recommended: 'recommended',
    },
    messages: {
      perRequest:
        '`{{what}}` builds a {{kind}} in {{where}}, so every {{per}} gets a fresh one{{linger}}; build it once at module scope and share it.',
    },
    schema: [perRequestCacheOptions],
    defaultOptions: [{ resources: [], handlers: { callees: [], decorators: [], exports: [] }, ignore: [], checkTestFiles: false }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // `checkTestFiles` is an alias of `settings.leaks.checkTestFiles` for this rule.
    if (isSkippedTestFile(context, options.checkTestFiles)) return {};
    if (fileMatches(context.filename, options.ignore ?? [], context.cwd)) return {};
    const settings = getSettings(context);
    // `resources` is the older shape of `settings.leaks.vocabulary` entries of the `shared` family.
    const extra = [...(options.resources ?? []), ...sharedResourcesFrom(settings.vocabulary)];
    const extraSources = new Set(extra.flatMap((r) => (r.source === undefined ? [] : [r.source])));
    // Fast path: a file that names no known resource, source or extra resource builds none.
    if (!RESOURCE_TEXT.test(sourceCode.text) && !extra.some((r) => sourceCode.text.includes(r.name) || (r.source !== undefined && sourceCode.text.includes(r.source)))) return {};
    // `handlers.callees` are `settings.leaks.callbacks` entries that run per event; the others extend registry lists.
    const { callees, decorators: decoratorNames, exports } = options.handlers ?? {};
    const globals = resourceGlobals(extra);
    // Only callees rooted at a name bound to a resource source (or a distinctive global) are resolved.
    const bindings = new ImportBindings((source) => isResourceSource(source) || extraSources.has(source));
    const maybe: { node: Made; root: string }[] = [];
    const newsOfNames: TSESTree.NewExpression[] = [];
    const { index, listeners: indexListeners } = FunctionIndex.of(sourceCode);

    function gather(node: Made): void {
      const root = rootOf(node.callee);
      if (root?.type !== AST_NODE_TYPES.Identifier) return;
      maybe.push({ node, root: root.name });
      if (node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier) newsOfNames.push(node);
    }

    /** What `node` builds, if it is a heavy resource. */
    function built(node: Made): { what: string; kind: string } | null {
      const how = node.type === AST_NODE_TYPES.NewExpression ? 'new' : 'call';
      const callee = unwrapExpression(node.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return null;
      const hit = matchResource(resolveReference(callee, sourceCode.getScope(node)), how, extra);
      return hit && { what: `${how === 'new' ? 'new ' : ''}${shortText(sourceCode, callee)}()`, kind: hit.kind };
    }

    return withShared({
      ...bindings.listeners,
      NewExpression: gather,
      CallExpression: gather,
      'Program:exit'() {
        // Bindings are all known now, whether declared before or after the call.
        const creations = maybe.flatMap(({ node, root }) => {
          const hit = globals.has(root) || bindings.names.has(root) ? built(node) : null;
          return hit ? [{ node, ...hit }] : [];
        });
        if (creations.length === 0) return;
        const code = perRequestCodeFor(context, index, newsOfNames, { callees, decoratorNames, exports });
        const questions = sharingQuestions(sourceCode, settings, (fn) => code.isPerRequest(fn));
        for (const c of creations) {
          const at = code.contextOf(c.node) ?? code.everyCallContext(c.node);
          if (!at || sharedOrClosed(c.node, innermostFunction(c.node), at.perInstance, questions)) continue;
          context.report({
            node: c.node.callee,
            messageId: 'perRequest',
            data: { what: c.what, kind: c.kind, where: at.ctx.label, per: at.ctx.per, linger: lingers(c.kind) },
          });
        }
      },
    }, indexListeners);
  },
});
