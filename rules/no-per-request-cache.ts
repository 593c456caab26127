import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { shortText, within } from '../src/analysis/syntax/ast';
import { fateOf } from '../src/analysis/fate/fate';
import { withShared } from '../src/analysis/engine/listeners';
import { FunctionIndex } from '../src/analysis/syntax/functions';
import { type PerRequest, perRequestContext } from '../src/analysis/frequency/handlers';
import { type FunctionNode, innermostFunction } from '../src/analysis/syntax/nodes';
import { fileMatches } from '../src/analysis/engine/test-files';
import { ImportBindings, isModuleLevel, memberName, resolveReference, unwrapExpression } from '../src/analysis/scope/references';
import { rootOf } from '../src/analysis/syntax/ast';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { callbackTableFor } from '../src/analysis/frequency/callbacks';
import { type ExtraResource, RESOURCE_TEXT, isResourceSource, matchResource, resourceGlobals } from '../src/analysis/vocabulary/resources';

type Options = [
  {
    resources?: ExtraResource[];
    handlers?: { callees?: string[]; decorators?: string[]; exports?: string[] };
    ignore?: string[];
    checkTestFiles?: boolean;
  },
];
type MessageIds = 'perRequest';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** Calls that end a resource: built and closed within the call, nothing lingers. */
const CLOSERS = new Set(['end', 'close', 'quit', 'disconnect', '$disconnect', 'destroy', 'terminate', 'release']);
/** Stores that make a per-key registry: `tenants.set(id, new LRUCache())`. */
const REGISTRY_METHODS = new Set(['set', 'push', 'add', 'unshift']);

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
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          resources: {
            type: 'array',
            description: 'Extra heavy resources: constructor or factory names, optionally with their import source.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: {
                name: { type: 'string', description: 'Constructor or factory name (`TenantCache`).' },
                source: { type: 'string', description: 'Import source; when set, only bindings from it match.' },
                kind: { type: 'string', description: 'What it is, for the message (`cache`, `client`).' },
              },
            },
          },
          handlers: {
            type: 'object',
            additionalProperties: false,
            description: 'Extra per-request function shapes.',
            properties: {
              callees: { type: 'array', items: { type: 'string' }, description: 'Functions or methods whose function argument runs per request (`route`).' },
              decorators: { type: 'array', items: { type: 'string' }, description: 'Method decorators that mark per-request methods (`Action`).' },
              exports: { type: 'array', items: { type: 'string' }, description: 'Exported function names that are per-request handlers (`main`).' },
            },
          },
          ignore: { type: 'array', items: { type: 'string' }, description: 'Globs of files to skip, on top of test files.' },
          checkTestFiles: { type: 'boolean', description: 'Also check test files and fixtures (skipped by default); an alias of `settings.leaks.checkTestFiles` for this rule.' },
        },
      },
    ],
    defaultOptions: [{ resources: [], handlers: { callees: [], decorators: [], exports: [] }, ignore: [], checkTestFiles: false }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const filename = context.filename;
    const settings = getSettings(context);
    if (isSkippedTestFile(context, options.checkTestFiles)) return {};
    if (fileMatches(filename, options.ignore ?? [], context.cwd)) return {};
    const extra = options.resources ?? [];
    const extraSources = new Set(extra.flatMap((r) => (r.source === undefined ? [] : [r.source])));
    if (!RESOURCE_TEXT.test(sourceCode.text) && !extra.some((r) => sourceCode.text.includes(r.name) || (r.source !== undefined && sourceCode.text.includes(r.source)))) return {};
    // Only callees rooted at one of these names can build a known resource, so only those are resolved.
    const acceptSource = (source: string): boolean => isResourceSource(source) || extraSources.has(source);
    const globals = resourceGlobals(extra);
    const bindings = new ImportBindings(acceptSource);
    const maybeCreations: { node: Call; root: string }[] = [];
    const newsOfNames: TSESTree.NewExpression[] = [];
    const classNames = new Set<string>();
    const { callees = [], decorators = [], exports = [] } = options.handlers ?? {};
    const handlerOptions = {
      filename,
      callees: new Set(callees),
      decoratorNames: new Set(decorators),
      exports: new Set(exports),
      callbacks: callbackTableFor(settings),
    };
    const text = (n: TSESTree.Node): string => sourceCode.getText(n);
    const { index, listeners: indexListeners } = FunctionIndex.of(context.sourceCode);
    const creations: { node: Call; what: string; kind: string }[] = [];
    const classNews: TSESTree.NewExpression[] = [];

    function gather(node: Call): void {
      const root = rootOf(node.callee);
      if (root?.type !== AST_NODE_TYPES.Identifier) return;
      maybeCreations.push({ node, root: root.name });
      if (node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier) newsOfNames.push(node);
    }

    function onCreate(node: Call): void {
      const how = node.type === AST_NODE_TYPES.NewExpression ? 'new' : 'call';
      const callee = unwrapExpression(node.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const resolved = resolveReference(callee, sourceCode.getScope(node));
      const hit = matchResource(resolved, how, extra);
      if (hit) creations.push({ node, what: `${how === 'new' ? 'new ' : ''}${shortText(sourceCode, callee)}()`, kind: hit.kind });
    }

    /** The created value outlives the call on purpose: a lazy singleton, a per-key registry, or closed right here. */
    function sharedOrClosed(node: Call, fn: FunctionNode | null, thisPerRequest: boolean): boolean {
      perRequestThis = thisPerRequest;
      let value: TSESTree.Node = node;
      // Parenthesised, awaited, or behind `x ?? new X()` / `x || new X()`.
      for (;;) {
        const p: TSESTree.Node = value.parent;
        if (p.type === AST_NODE_TYPES.AwaitExpression || p.type === AST_NODE_TYPES.TSAsExpression || p.type === AST_NODE_TYPES.TSNonNullExpression) {
          value = p;
          continue;
        }
        if (p.type === AST_NODE_TYPES.LogicalExpression && p.right === value && (p.operator === '??' || p.operator === '||')) {
          if (outlives(p.left, fn)) return true;
          value = p;
          continue;
        }
        break;
      }
      const fate = fateOf(value);
      if (fate.kind === 'stored') {
        if (outlives(fate.target, fn)) return true;
        if (fate.target.type === AST_NODE_TYPES.Identifier) return localShared(fate.target, fn);
        return false;
      }
      if (fate.kind === 'argument') {
        const callee = unwrapExpression(fate.call.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && REGISTRY_METHODS.has(memberName(callee) ?? '')) return true;
      }
      if (fate.kind === 'returned' && fn && !perRequestContextOf(fn)) return true;
      return false;
    }

    function perRequestContextOf(fn: FunctionNode): boolean {
      return perRequestContext(fn.body, handlerOptions, callSites, text) !== null;
    }

    /** A module-level variable, a member of `globalThis`/`global`, or `this.x`: lives past the call. */
    function outlives(target: TSESTree.Node, fn: FunctionNode | null): boolean {
      const t = unwrapExpression(target);
      if (t.type === AST_NODE_TYPES.MemberExpression) {
        let root: TSESTree.Node = t;
        while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrapExpression(root.object);
        // `this.cache = …` shares it across calls, unless the instance itself is built per request.
        if (root.type === AST_NODE_TYPES.ThisExpression) return !perRequestThis;
        if (root.type === AST_NODE_TYPES.Identifier) {
          if (/^(?:globalThis|global|window|globalFor\w*)$/.test(root.name)) return true;
          const r = resolveReference(root, sourceCode.getScope(root));
          return r?.kind === 'local' ? isModuleLevel(r.variable) || (fn !== null && !within(r.variable.defs[0]?.node ?? t, fn)) : true;
        }
        return false;
      }
      if (t.type === AST_NODE_TYPES.Identifier) {
        const r = resolveReference(t, sourceCode.getScope(t));
        if (r?.kind !== 'local') return r !== null;
        const def = r.variable.defs[0]?.node;
        return isModuleLevel(r.variable) || (fn !== null && def !== undefined && !within(def, fn));
      }
      return false;
    }

    /** `const c = new LRUCache(); tenants.set(id, c)`, or `const pool = new Pool(); …; await pool.end()`. */
    function localShared(id: TSESTree.Identifier, fn: FunctionNode | null): boolean {
      const r = resolveReference(id, sourceCode.getScope(id));
      if (r?.kind !== 'local') return false;
      for (const ref of r.variable.references) {
        const use = ref.identifier as TSESTree.Node;
        if (use === id) continue;
        const parent = use.parent;
        if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === use) {
          const m = memberName(parent);
          if (m !== null && CLOSERS.has(m) && parent.parent.type === AST_NODE_TYPES.CallExpression) return true;
        }
        const fate = fateOf(use);
        if (fate.kind === 'argument') {
          const callee = unwrapExpression(fate.call.callee);
          if (callee.type === AST_NODE_TYPES.MemberExpression && REGISTRY_METHODS.has(memberName(callee) ?? '')) return true;
        }
        if (fate.kind === 'stored' && fate.target !== id && outlives(fate.target, fn)) return true;
        if (fate.kind === 'returned' && fn && !perRequestContextOf(fn)) return true;
      }
      return false;
    }

    let callSites: (fn: FunctionNode) => readonly TSESTree.CallExpression[] = () => [];
    let perRequestThis = false;

    /** Classes this file instantiates per request: their constructors and methods run per request too. */
    function perRequestClasses(): Map<TSESTree.Node, PerRequest & { line: number }> {
      const out = new Map<TSESTree.Node, PerRequest & { line: number }>();
      for (const n of classNews) {
        const r = resolveReference(n.callee, sourceCode.getScope(n));
        const def = r?.kind === 'local' ? r.variable.defs[0]?.node : undefined;
        if (def?.type !== AST_NODE_TYPES.ClassDeclaration) continue;
        const ctx = perRequestContext(n, handlerOptions, callSites, text);
        if (ctx && !out.has(def)) out.set(def, { ...ctx, line: n.loc.start.line });
      }
      return out;
    }

    function staticField(node: TSESTree.Node): boolean {
      for (let p = node.parent; p; p = p.parent) {
        if (p.type === AST_NODE_TYPES.PropertyDefinition || p.type === AST_NODE_TYPES.StaticBlock) return p.type === AST_NODE_TYPES.StaticBlock || p.static;
      }
      return true;
    }


    return withShared({
      ...bindings.listeners,
      NewExpression: gather,
      CallExpression: gather,
      ClassDeclaration(node) {
        if (node.id) classNames.add(node.id.name);
      },
      'Program:exit'() {
        for (const { node, root } of maybeCreations) if (globals.has(root) || bindings.names.has(root)) onCreate(node);
        if (creations.length === 0) return;
        for (const node of newsOfNames) {
          if (node.callee.type === AST_NODE_TYPES.Identifier && classNames.has(node.callee.name)) classNews.push(node);
        }
        callSites = (fn) => index.callSitesOf(fn);
        const classes = perRequestClasses();
        for (const c of creations) {
          const fn = innermostFunction(c.node);
          let ctx: PerRequest | null = perRequestContext(c.node, handlerOptions, callSites, text);
          let viaClass = false;
          if (!ctx) {
            for (let p: TSESTree.Node | undefined = c.node.parent; p; p = p.parent) {
              const cls = classes.get(p);
              // Constructors, instance methods and instance field initialisers run per instance.
              const inStatic = fn ? fn.parent.type === AST_NODE_TYPES.MethodDefinition && fn.parent.static : staticField(c.node);
              if (cls && !inStatic) {
                ctx = { per: cls.per, label: `class \`${(p as TSESTree.ClassDeclaration).id?.name ?? 'this class'}\`, which ${cls.label} instantiates (line ${cls.line})` };
                viaClass = true;
                break;
              }
            }
          }
          if (!ctx) continue;
          if (sharedOrClosed(c.node, fn, viaClass)) continue;
          const linger = c.kind === 'cache' || c.kind === 'memoizer' ? ' that starts empty' : c.kind === 'worker thread' ? '' : ' whose sockets linger after it';
          context.report({
            node: c.node.callee,
            messageId: 'perRequest',
            data: { what: c.what, kind: c.kind, where: ctx.label, per: ctx.per, linger },
          });
        }
      },
    }, indexListeners);
  },
});
