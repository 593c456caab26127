import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { RangeIndex, namesIn, shortText, walkOwn, within } from '../src/analysis/syntax/ast';
import { sameValue } from '../src/analysis/scope/identity';
import { type CodePathSegment, PathTracker, findUnreleasedExit } from '../src/analysis/release/code-path';
import { withShared } from '../src/analysis/engine/listeners';
import { fateOf } from '../src/analysis/fate/fate';
import { type FunctionNode, isFunction, innermostFunction } from '../src/analysis/syntax/nodes';
import { memberName, resolveReference, unwrapExpression } from '../src/analysis/scope/references';
import { ACQUISITIONS, ACQUISITION_NAMES, ACQUISITION_TEXT, type AcquisitionSpec, OWNERSHIP_TAKERS } from '../src/analysis/vocabulary/acquisitions';
import { isSkippedTestFile } from '../src/analysis/engine/settings';

type Options = [{ pairs?: { acquire: string; release: string; source?: string }[] }];
type MessageIds = 'notReleased' | 'discarded' | 'releaseInFinally';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

interface Acquisition {
  call: Call;
  spec: AcquisitionSpec;
  /** `pool.connect()` or `fs.open()`: how the acquisition reads in messages. */
  label: string;
  fn: FunctionNode;
}

const JUMPS: Partial<Record<AST_NODE_TYPES, string>> = {
  [AST_NODE_TYPES.ReturnStatement]: 'early `return`',
  [AST_NODE_TYPES.ThrowStatement]: '`throw`',
  [AST_NODE_TYPES.BreakStatement]: '`break`',
  [AST_NODE_TYPES.ContinueStatement]: '`continue`',
};

export default createRule<Options, MessageIds>({
  name: 'no-leaked-resource',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: 'Require handles acquired in a function to be released on every path out of it',
      recommended: 'recommended',
    },
    messages: {
      notReleased:
        '`{{handle}}` ({{what}} from `{{acquire}}`) is not released {{path}}, so it stays held for good; put `{{release}}` in a `finally` or hold it with `await using`.',
      discarded:
        'The {{what}} from `{{acquire}}` is thrown away as soon as it is acquired, so nothing can ever release it; keep it and release it in a `finally`.',
      releaseInFinally: 'Move the release into a `finally` around the rest of the block.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          pairs: {
            type: 'array',
            description: 'Extra acquire/release pairs: `{ acquire: "checkout", release: "checkin" }` (methods), with an optional import source.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['acquire', 'release'],
              properties: {
                acquire: { type: 'string', description: 'Method or function that acquires.' },
                release: { type: 'string', description: 'Method on the handle (or function taking it) that releases.' },
                source: { type: 'string', description: 'Import source of the acquiring function, when it is one.' },
              },
            },
          },
        },
      },
    ],
    defaultOptions: [{ pairs: [] }],
  },
  create(context, [options]) {
    if (isSkippedTestFile(context)) return {};
    const sourceCode = context.sourceCode;
    const extra: AcquisitionSpec[] = (options.pairs ?? []).map((p) => ({
      what: 'resource', names: [p.acquire], release: [p.release], releaseCalls: [p.release], suggest: false, ...(p.source ? { sources: [p.source] } : {}),
    }));
    const specs = [...ACQUISITIONS, ...extra];
    if (!ACQUISITION_TEXT.test(sourceCode.text) && !extra.some((e) => e.names.some((n) => sourceCode.text.includes(n)))) return {};
    const names = new Set([...ACQUISITION_NAMES, ...extra.flatMap((e) => e.names)]);
    const text = (n: TSESTree.Node): string => sourceCode.getText(n);
    const scopeOf = (n: TSESTree.Node) => sourceCode.getScope(n);
    const { tracker, listeners: pathListeners } = PathTracker.of(context.sourceCode);
    const acquisitions: Acquisition[] = [];
    /**
     * Calls that could release something: a release method or function by name, or — once a
     * lock whose handle is the release function has been taken — any plain call. Only these
     * are kept (with their code-path segments); a release always follows its acquisition.
     */
    const releaseCalls: TSESTree.CallExpression[] = [];
    const releaseNames = new Set(specs.flatMap((s) => [...s.release, ...(s.releaseCalls ?? [])]));
    let handleMayRelease = false;
    /** Built at `Program:exit`, once every call is known. */
    let callIndex: RangeIndex<TSESTree.CallExpression> | null = null;


    function match(node: Call): { spec: AcquisitionSpec; label: string } | null {
      const callee = unwrapExpression(node.callee);
      if (node.type === AST_NODE_TYPES.NewExpression) {
        if (callee.type !== AST_NODE_TYPES.Identifier) return null;
        const spec = specs.find((s) => s.constructors?.includes(callee.name));
        if (!spec) return null;
        const r = resolveReference(callee, sourceCode.getScope(node));
        return r && (r.kind === 'global' || (r.kind === 'import' && /worker_threads$/.test(r.source))) ? { spec, label: `new ${callee.name}()` } : null;
      }
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : null;
      if (name === null || !names.has(name)) return null;
      for (const spec of specs) {
        if (!spec.names.includes(name)) continue;
        if (spec.sources || spec.globals) {
          const r = resolveReference(callee, sourceCode.getScope(node));
          if (spec.globals && r?.kind === 'global' && spec.globals.some((g) => r.name === `${g}.${name}`)) return { spec, label: `${shortText(sourceCode, callee)}()` };
          if (spec.sources && r?.kind === 'import' && spec.sources.some((s) => r.source === s || r.source === `${s}/promises`) && r.name === name) return { spec, label: `${shortText(sourceCode, callee)}()` };
          if (spec.sources && r?.kind === 'import' && r.source === 'fs' && r.name === name) return { spec, label: `${shortText(sourceCode, callee)}()` };
          continue;
        }
        if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
        if (spec.receiver && !spec.receiver.test(text(callee.object))) continue;
        return { spec, label: `${shortText(sourceCode, callee)}()` };
      }
      return null;
    }

    function onCall(node: Call): void {
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrapExpression(node.callee);
        const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : null;
        if (name !== null && (releaseNames.has(name) || (handleMayRelease && callee.type === AST_NODE_TYPES.Identifier))) {
          releaseCalls.push(node);
          tracker.record(node);
        }
      }
      const hit = match(node);
      if (!hit) return;
      const fn = innermostFunction(node);
      if (!fn) return; // module initialisation: process lifetime
      acquisitions.push({ call: node, spec: hit.spec, label: hit.label, fn });
      if (hit.spec.handleIsRelease) handleMayRelease = true;
      tracker.record(node);
    }

    /** Calls that release `handle` per the spec. */
    function releasesOf(a: Acquisition, handle: TSESTree.Identifier): TSESTree.CallExpression[] {
      callIndex ??= new RangeIndex(releaseCalls);
      return callIndex.within(a.fn).filter((c) => {
        if (c.range[0] < a.call.range[0]) return false;
        const callee = unwrapExpression(c.callee);
        if (a.spec.handleIsRelease && sameValue(callee, handle, scopeOf)) return true;
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const m = memberName(callee);
          if (m !== null && a.spec.release.includes(m) && sameValue(callee.object, handle, scopeOf)) return true;
          if (m !== null && a.spec.releaseCalls?.includes(m) && c.arguments.some((x) => sameValue(x, handle, scopeOf))) return true;
        }
        if (callee.type === AST_NODE_TYPES.Identifier && a.spec.releaseCalls?.includes(callee.name) && c.arguments.some((x) => sameValue(x, handle, scopeOf))) return true;
        return false;
      });
    }

    /** Returned, stored outside, handed to `pipeline()`/`finished()`, or released by a callback later. */
    function ownershipLeaves(a: Acquisition, handle: TSESTree.Identifier): boolean {
      const r = resolveReference(handle, sourceCode.getScope(handle));
      if (r?.kind !== 'local') return true;
      for (const ref of r.variable.references) {
        const id = ref.identifier as TSESTree.Node;
        if (id === handle) continue;
        const f = fateOf(id);
        if (f.kind === 'returned') return true;
        // Kept on `this` or in an outer variable: the owner releases it. `img.src = url` is a use.
        if (f.kind === 'stored' && f.target !== handle && id.parent?.type !== AST_NODE_TYPES.VariableDeclarator) {
          const t = unwrapExpression(f.target);
          let root: TSESTree.Node = t;
          while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrapExpression(root.object);
          if (root.type === AST_NODE_TYPES.ThisExpression) return true;
          if (t.type === AST_NODE_TYPES.Identifier) {
            const rr = resolveReference(t, sourceCode.getScope(t));
            if (rr?.kind !== 'local' || !within(rr.variable.defs[0]?.node ?? t, a.fn)) return true;
          }
        }
        if (f.kind === 'argument') {
          const callee = unwrapExpression(f.call.callee);
          const n = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : null;
          if (n !== null && OWNERSHIP_TAKERS.has(n)) return true;
        }
        if (f.kind === 'option') return true;
        // `rl.on('close', …)` handled elsewhere; a release inside a callback runs later.
        const home = innermostFunction(id);
        if (home !== a.fn && releasesOf(a, handle).some((c) => innermostFunction(c) !== a.fn)) return true;
        // stream.pipe(dest): the pipe ends it.
        if (id.parent?.type === AST_NODE_TYPES.MemberExpression && memberName(id.parent) === 'pipe') return true;
      }
      return false;
    }

    function jumpOf(seg: CodePathSegment): TSESTree.Node | null {
      let n = tracker.startOf(seg);
      if (n?.type === AST_NODE_TYPES.BlockStatement && n.body.length > 0) n = n.body.at(-1);
      if (n?.type === AST_NODE_TYPES.IfStatement) n = n.consequent;
      if (n?.type === AST_NODE_TYPES.BlockStatement && n.body.length > 0) n = n.body.at(-1);
      return n && JUMPS[n.type] ? n : null;
    }

    /** "on the `continue` on line 4": the jump that leaves without releasing, from the segment or the ones before it. */
    function describe(seg: CodePathSegment, a: Acquisition): string {
      for (const s of [seg, ...seg.prevSegments]) {
        const n = jumpOf(s);
        if (n && n.range[0] > a.call.range[1] && within(n, a.fn)) return `on the ${JUMPS[n.type] ?? 'jump'} on line ${n.loc.start.line}`;
      }
      return 'on every path';
    }

    /** The first `await` between the acquisition and the release that a throw would skip past. */
    function throwingAwait(a: Acquisition, rels: TSESTree.CallExpression[]): TSESTree.AwaitExpression | null {
      const firstRelease = Math.min(...rels.map((r) => r.range[0]));
      let found: TSESTree.AwaitExpression | null = null;
      walkOwn(a.fn, (n) => {
        if (n.type !== AST_NODE_TYPES.AwaitExpression || n.range[0] <= a.call.range[1] || n.range[0] >= firstRelease) return;
        if (coveredByTry(n, rels) || rels.some((r) => within(r, n))) return;
        if (!found || n.range[0] < found.range[0]) found = n;
      });
      return found;
    }

    /** If-statements that test the handle and release it in their consequent. */
    function guardedReleases(handle: TSESTree.Identifier, rels: TSESTree.CallExpression[]): TSESTree.IfStatement[] {
      const out: TSESTree.IfStatement[] = [];
      for (const r of rels) {
        for (let p: TSESTree.Node | undefined = r.parent; p !== undefined && !isFunction(p); p = p.parent) {
          if (p.type === AST_NODE_TYPES.IfStatement && within(r, p.consequent) && namesIn(p.test).has(handle.name)) out.push(p);
        }
      }
      return out;
    }

    /** Inside a `try` whose `catch` or `finally` releases too. */
    function coveredByTry(n: TSESTree.Node, rels: TSESTree.CallExpression[]): boolean {
      let child: TSESTree.Node = n;
      for (let p = n.parent; p && !isFunction(p); child = p, p = p.parent) {
        if (p.type === AST_NODE_TYPES.TryStatement && child === p.block) {
          const guard = [p.handler, p.finalizer].filter((x): x is NonNullable<typeof x> => x !== null);
          if (rels.some((r) => guard.some((g) => within(r, g)))) return true;
        }
      }
      return false;
    }

    function evaluate(a: Acquisition): void {
      // `lock.run(async () => …)`, `pool.connect((err, client, done) => …)`: the API holds and releases it.
      if (a.call.arguments.some((arg) => isFunction(arg))) return;
      let value: TSESTree.Node = a.call;
      if (value.parent.type === AST_NODE_TYPES.AwaitExpression) value = value.parent;
      const decl = value.parent;
      if (decl.type === AST_NODE_TYPES.VariableDeclarator && (decl.parent.kind === 'using' || decl.parent.kind === 'await using')) return;
      const fate = fateOf(value);
      if (fate.kind === 'discarded') {
        context.report({ node: a.call, messageId: 'discarded', data: { what: a.spec.what, acquire: a.label } });
        return;
      }
      if (fate.kind !== 'stored' || fate.target.type !== AST_NODE_TYPES.Identifier) return; // returned, stored on an object, passed on
      const handle = fate.target;
      if (decl.type !== AST_NODE_TYPES.VariableDeclarator) {
        // `h = await pool.connect()` into an outer variable: someone else owns it.
        const r = resolveReference(handle, sourceCode.getScope(handle));
        if (r?.kind !== 'local' || !within(r.variable.defs[0]?.node ?? handle, a.fn)) return;
      }
      if (ownershipLeaves(a, handle)) return;
      const rels = releasesOf(a, handle);
      const release = a.spec.hint
        ? a.spec.hint.replace('{h}', handle.name)
        : a.spec.handleIsRelease
          ? `${handle.name}()`
          : a.spec.release[0]
            ? `${handle.name}.${a.spec.release[0]}()`
            : `${a.spec.releaseCalls?.[0] ?? 'release'}(${handle.name})`;
      const report = (path: string, withFix: boolean): void => {
        const fix = withFix && a.spec.suggest ? finallyFix(handle, rels, release) : null;
        context.report({
          node: handle, messageId: 'notReleased',
          data: { handle: handle.name, what: a.spec.what, acquire: a.label, path, release },
          ...(fix ? { suggest: [fix] } : {}),
        });
      };
      if (rels.length === 0) {
        report('at all', true);
        return;
      }
      const acquireSegs = tracker.segmentsOf(a.call) ?? [];
      const releasing = new Set<CodePathSegment>();
      for (const r of rels) for (const s of tracker.segmentsOf(r) ?? []) releasing.add(s);
      // `if (fd !== undefined) fs.closeSync(fd)`: when the test fails there is nothing to release.
      const guards = guardedReleases(handle, rels);
      for (const g of guards) for (const seg of tracker.segmentsStartingWithin(a.fn, g)) releasing.add(seg);
      const exit = findUnreleasedExit({
        from: acquireSegs,
        loopEdges: tracker.loopEdges,
        releases: (seg, isStart) => (isStart ? rels.some((r) => r.range[0] > a.call.range[0] && (tracker.segmentsOf(r) ?? []).includes(seg)) : releasing.has(seg)),
        // Coming round to the acquisition again loses the old handle.
        leaves: (seg) => acquireSegs.includes(seg),
      });
      if (exit) {
        report(describe(exit, a), true);
        return;
      }
      const risky = throwingAwait(a, rels);
      if (risky) {
        const arg = unwrapExpression(risky.argument);
        const what = arg.type === AST_NODE_TYPES.CallExpression ? `${shortText(sourceCode, arg.callee)}()` : 'the awaited call';
        report(`if \`${what}\` throws (line ${risky.loc.start.line})`, true);
      }
    }

    /**
     * `const h = await acquire(); a; b; h.release();` as statements of one block: wrap what
     * follows in `try { … } finally { release }` and drop the now-redundant release
     * statements at the block's own level. Other shapes get no suggestion.
     */
    function finallyFix(handle: TSESTree.Identifier, rels: TSESTree.CallExpression[], release: string): TSESLint.SuggestionReportDescriptor<MessageIds> | null {
      const declarator = handle.parent;
      const statement = declarator.parent;
      if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || statement?.type !== AST_NODE_TYPES.VariableDeclaration) return null;
      const block = statement.parent;
      if (block.type !== AST_NODE_TYPES.BlockStatement) return null;
      const rest = block.body.slice(block.body.indexOf(statement) + 1);
      if (rest.length === 0) return null;
      const topLevelReleases = rest.filter((s) => s.type === AST_NODE_TYPES.ExpressionStatement && rels.some((r) => unwrapExpression(s.expression) === r || (s.expression.type === AST_NODE_TYPES.AwaitExpression && unwrapExpression(s.expression.argument) === r)));
      if (rels.some((r) => !topLevelReleases.some((s) => within(r, s)))) return null;
      const kept = rest.filter((s) => !topLevelReleases.includes(s));
      if (kept.some((s) => s.type === AST_NODE_TYPES.FunctionDeclaration || s.type === AST_NODE_TYPES.ClassDeclaration)) return null;
      const first = rest[0];
      const last = rest.at(-1);
      if (!first || !last) return null;
      const indent = ' '.repeat(statement.loc.start.column);
      const body = kept.map((s) => `${indent}  ${text(s).replace(/\n/g, '\n  ')}`).join('\n');
      return {
        messageId: 'releaseInFinally',
        fix: (fixer) => fixer.replaceTextRange([first.range[0], last.range[1]], `try {\n${body}\n${indent}} finally {\n${indent}  ${release};\n${indent}}`),
      };
    }

    return withShared({
      CallExpression: onCall,
      NewExpression: onCall,
      'Program:exit'() {
        for (const a of acquisitions) evaluate(a);
      },
    }, pathListeners);
  },
});
