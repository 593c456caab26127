import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { rootOf, shortText } from '../src/analysis/syntax/ast';
import { withShared } from '../src/analysis/engine/listeners';
import { perConfiguration } from '../src/analysis/engine/per-run';
import { FunctionIndex } from '../src/analysis/syntax/functions';
import { perRequestCodeFor } from '../src/analysis/frequency/handlers';
import { innermostFunction } from '../src/analysis/syntax/nodes';
import { fileMatches } from '../src/analysis/engine/test-files';
import { ImportBindings, resolveReference, unwrapExpression } from '../src/analysis/scope/references';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { sharedResourcesFrom } from '../src/analysis/vocabulary/schema';
import { sharedOrClosed, sharingQuestions } from '../src/analysis/fate/sharing';
import {
  type ExtraResource, INSTANCE_METHODS, freshEveryCall, RESOURCE_MAKERS, RESOURCE_TEXT, builtByInstance, fixFor, isResourceSource, lingers, madeByMaker, matchResource, perRequestCacheOptions, resourceGlobals,
} from '../src/analysis/vocabulary/resources';
import { memberName } from '../src/analysis/scope/references';
import { namesFor } from '../src/analysis/vocabulary/registry';
import { codeText } from '../src/analysis/engine/code-text';

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

const INSTANCE_METHOD_NAMES: ReadonlySet<string> = new Set(INSTANCE_METHODS.map((m) => m.method));

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
        '`{{what}}` builds {{a}} {{kind}} in {{where}}, so every {{per}} gets a fresh one{{linger}}; {{fix}}.',
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
    const { extra, extraSources } = perConfiguration(options, settings, 'resources', () => {
      const all = [...(options.resources ?? []), ...sharedResourcesFrom(settings.vocabulary)];
      return { extra: all, extraSources: new Set(all.flatMap((r) => (r.source === undefined ? [] : [r.source]))) };
    });
    // Fast path: a file that names no known resource, source or extra resource builds none.
    const code = codeText(sourceCode);
    if (!RESOURCE_TEXT.test(code) && !extra.some((r) => code.includes(r.name) || (r.source !== undefined && code.includes(r.source)))) return {};
    // `handlers.callees` are `settings.leaks.callbacks` entries that run per event; the others extend registry lists.
    const { callees, decorators: decoratorNames, exports } = options.handlers ?? {};
    const globals = resourceGlobals(extra);
    // Only callees rooted at a name bound to a resource source (or a distinctive global) are resolved.
    const bindings = new ImportBindings((source) => isResourceSource(source) || extraSources.has(source));
    const maybe: { node: Made; root: string | null }[] = [];
    const fresh = namesFor(settings, 'freshValueCalls');
    const mayMake = RESOURCE_MAKERS.some((m) => code.includes(m.name));
    const newsOfNames: TSESTree.NewExpression[] = [];
    const { index, listeners: indexListeners } = FunctionIndex.of(sourceCode);

    function gather(node: Made): void {
      const root = rootOf(node.callee);
      const callee = unwrapExpression(node.callee);
      // `this.ajv.compile(schema)`: a method of a long-lived instance, whatever the receiver's root.
      if (node.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression && INSTANCE_METHOD_NAMES.has(memberName(callee) ?? '')) maybe.push({ node, root: null });
      if (root?.type !== AST_NODE_TYPES.Identifier) return;
      maybe.push({ node, root: root.name });
      if (node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier) newsOfNames.push(node);
    }

    /** What `node` builds, if it is a heavy resource. */
    function built(node: Made, root: string | null): { what: string; kind: string; renderOnly?: boolean; returnShares?: boolean } | null {
      const how = node.type === AST_NODE_TYPES.NewExpression ? 'new' : 'call';
      const callee = unwrapExpression(node.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return null;
      // The message's words, made only for what is built: most calls of a file build nothing.
      const what = (): string => `${how === 'new' ? 'new ' : ''}${shortText(sourceCode, callee)}()`;
      if (root === null) {
        const m = node.type === AST_NODE_TYPES.CallExpression ? builtByInstance(node, sourceCode) : null;
        return m && { what: what(), kind: m.kind, returnShares: false };
      }
      const known = globals.has(root) || bindings.names.has(root);
      const hit = known ? matchResource(resolveReference(callee, sourceCode.getScope(node)), how, extra) : null;
      // A keyed container builds only on a new key: it counts when the key is new every call, and keeps what it builds.
      if (hit?.freshKey === true) return node.type === AST_NODE_TYPES.CallExpression && freshEveryCall(node.arguments[0], sourceCode, fresh) ? { what: what(), kind: hit.kind, returnShares: false } : null;
      if (hit) return { what: what(), kind: hit.kind, ...(hit.renderOnly === true ? { renderOnly: true } : {}) };
      const made = !known && mayMake && node.type === AST_NODE_TYPES.NewExpression ? madeByMaker(node, sourceCode) : null;
      return made && { what: what(), kind: made.kind };
    }

    return withShared({
      ...bindings.listeners,
      NewExpression: gather,
      CallExpression: gather,
      'Program:exit'() {
        // Bindings are all known now, whether declared before or after the call.
        const creations = maybe.flatMap(({ node, root }) => {
          const hit = built(node, root);
          return hit ? [{ node, ...hit }] : [];
        });
        if (creations.length === 0) return;
        const code = perRequestCodeFor(context, index, newsOfNames, { callees, decoratorNames, exports });
        const runsMany = (n: TSESTree.Node): boolean => (code.contextOf(n) ?? code.everyCallContext(n)) !== null;
        const questions = sharingQuestions(sourceCode, settings, (fn) => code.isPerRequest(fn), { sitesOf: (fn) => index.callSitesOf(fn), runsMany });
        for (const c of creations) {
          const at = code.contextOf(c.node) ?? code.everyCallContext(c.node);
          // A per-user cache (`new QueryClient()`) is a leak only where a render rebuilds it.
          if (!at || (c.renderOnly === true && at.ctx.render !== true)) continue;
          if (sharedOrClosed(c.node, innermostFunction(c.node), at.perInstance, c.returnShares === false || at.ctx.render === true ? { ...questions, returnShares: false } : questions)) continue;
          context.report({
            node: c.node.callee,
            messageId: 'perRequest',
            data: { what: c.what, a: /^(?:[aeiou]|HTTP|SDK)/i.test(c.kind) ? 'an' : 'a', kind: c.kind, where: at.ctx.label, per: at.ctx.per, linger: lingers(c.kind), fix: fixFor(c.kind, { render: at.ctx.render, perInstance: at.perInstance }) },
          });
        }
      },
    }, indexListeners);
  },
});
