import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { shortText, within } from '../src/analysis/syntax/ast';
import { PathTracker } from '../src/analysis/release/code-path';
import { type Unreleased, describeExit, throwsBeforeHandOff, unreleasedExit, unreleasedOnRejection, unreleasedSettle } from '../src/analysis/release/every-exit';
import { ReleaseCalls, aliasesOf, helperReleases } from '../src/analysis/release/releases';
import { releaseInFinally } from '../src/analysis/release/finally-fix';
import { TransactionStatements } from '../src/analysis/release/transactions';
import { withShared } from '../src/analysis/engine/listeners';
import { fateOf } from '../src/analysis/fate/fate';
import { chainedAway, ownershipOf } from '../src/analysis/fate/ownership';
import { isFunction, innermostFunction } from '../src/analysis/syntax/nodes';
import { nameOf, resolveReference, unwrapExpression } from '../src/analysis/scope/references';
import { ACQUISITION_TEXT, type Acquisition, PAIRS_OPTIONS_SCHEMA, type Pair, acquisitionVocabulary, handedHandle, helperAcquisitions, madeFromHandle, matchAcquisition, mayCallHelper, releaseHint, symbolMethod } from '../src/analysis/vocabulary/acquisitions';
import { type NameListKey, namesFor } from '../src/analysis/vocabulary/registry';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { codeText } from '../src/analysis/engine/code-text';

type Options = [{ pairs?: Pair[] }];
type MessageIds = 'notReleased' | 'notReleasedOnSettle' | 'discarded' | 'releaseInFinally' | 'openTransaction' | 'openTransactionOnSettle';

export default createRule<Options, MessageIds>({
  name: 'no-leaked-resource',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: { description: 'Require handles acquired in a function to be released on every path out of it', recommended: 'recommended' },
    messages: {
      notReleased:
        '`{{handle}}` ({{what}} from `{{acquire}}`) is not released {{path}}, so it stays held for good; put `{{release}}` in a `finally`{{using}}.',
      notReleasedOnSettle:
        '`{{handle}}` ({{what}} from `{{acquire}}`) is not released {{path}}, and once the promise is settled nothing else will; call `{{release}}` before settling there, or hand it over.',
      discarded:
        'The {{what}} from `{{acquire}}` is thrown away as soon as it is acquired, so nothing can ever release it; keep it and release it in a `finally`.',
      releaseInFinally: 'Move the release into a `finally` around the rest of the block.',
      openTransaction: '`{{handle}}` goes back to its pool through `{{release}}` on line {{line}} while the transaction its {{begin}} opened is still open, so the next user of that pooled client inherits it; run `ROLLBACK` on `{{handle}}` before handing it back there.',
      openTransactionOnSettle: '`{{handle}}` is left inside the transaction its {{begin}} opened on the path that settles through `{{release}}` on line {{line}}: nothing ends it once the caller is told, and the client stays out of its pool holding it; run `ROLLBACK` on `{{handle}}` and release it before settling there.',
    },
    schema: [PAIRS_OPTIONS_SCHEMA],
    defaultOptions: [{ pairs: [] }],
  },
  create(context, [options]) {
    if (isSkippedTestFile(context)) return {};
    const sourceCode = context.sourceCode;
    const settings = getSettings(context);
    const { extra, specs, names, releaseNames: releaseNameSet } = acquisitionVocabulary(options, settings);
    const code = codeText(sourceCode);
    if (!ACQUISITION_TEXT.test(code) && !extra.some((e) => e.names.some((n) => code.includes(n)))) return {};
    const scopeOf = (n: TSESTree.Node) => sourceCode.getScope(n);
    const words = (key: NameListKey) => namesFor(settings, key);
    const { tracker, listeners: pathListeners } = PathTracker.of(sourceCode);
    const acquisitions: Acquisition[] = [];
    // Only calls that could release are kept, with their code-path segments: a release by name (any call once a lock whose
    // handle is its release is taken), a possible same-file helper (may release or hand back), a transaction statement.
    const releaseCalls = new ReleaseCalls();
    let handleMayRelease = false;
    const helperCalls: TSESTree.CallExpression[] = [];
    const transactions = new TransactionStatements(words);
    const made = new Set<TSESTree.Node>();
    const adopters = new Set([...namesFor(settings, 'ownershipAdopters'), ...namesFor(settings, 'streamSinks')]);
    function onCall(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const callee = unwrapExpression(node.callee);
      const name = nameOf(callee);
      const call = node.type === AST_NODE_TYPES.CallExpression ? node : null;
      const helper = call !== null && mayCallHelper(call);
      const release = call !== null && name !== null && (releaseNameSet.has(name) || (handleMayRelease && callee.type === AST_NODE_TYPES.Identifier));
      if (helper) helperCalls.push(call);
      if (release) releaseCalls.add(call);
      if ((call !== null && transactions.see(call)) || helper || release) tracker.record(node);
      if (node.type === AST_NODE_TYPES.CallExpression && (name === null ? symbolMethod(callee) === null : !names.has(name))) return;
      const hit = matchAcquisition(node, specs, scopeOf, words);
      const fn = hit ? innermostFunction(node) : null;
      if (!hit || !fn) return; // no acquisition, or module initialisation: process lifetime
      acquisitions.push({ ...hit, call: node, label: node.type === AST_NODE_TYPES.NewExpression ? `new ${shortText(sourceCode, callee)}()` : `${shortText(sourceCode, callee)}()`, fn });
      if (hit.spec.handleIsRelease) handleMayRelease = true;
      tracker.record(node);
    }

    const releasesOf = (a: Acquisition, handles: readonly TSESTree.Identifier[], receiver?: TSESTree.Node) =>
      [...releaseCalls.of(handles, a.fn, a.spec, scopeOf, receiver), ...helperReleases(handles, a.spec, scopeOf).filter((c) => within(c, a.fn))];

    function evaluate(a: Acquisition): void {
      if (madeFromHandle(a.receiver, made, scopeOf)) return;
      const held = handedHandle(a.call, a.spec);
      // The handle goes to a callback (inline, where it is followed, or a named one from a callback API).
      if (held || a.call.arguments.some((arg) => isFunction(arg)) || a.viaCallback === true) {
        const rels = held ? releasesOf({ ...a, fn: held.via === 'then' ? a.fn : held.fn }, aliasesOf(held.handle, scopeOf)) : [];
        const lost = held && rels.length > 0 ? (held.via === 'then' ? unreleasedOnRejection(held.fn, rels) : unreleasedSettle({ tracker, ...held, releases: rels, calls: helperCalls, scopeOf })) : null;
        if (held && lost) report(a, { name: held.handle.name, node: held.handle, rels, release: releaseHint(a.spec, held.handle.name) }, lost);
        return;
      }
      const value = a.call.parent.type === AST_NODE_TYPES.AwaitExpression ? a.call.parent : a.call;
      const decl = value.parent;
      const fate = fateOf(value);
      if (fate.kind === 'discarded') {
        // `await lock.acquire(); try { … } finally { lock.release(); }`: released through the receiver.
        const rels = a.receiver && a.spec.receiverMethods ? releasesOf(a, [], a.receiver) : [];
        const holder = a.receiver && shortText(sourceCode, a.receiver);
        if (holder && rels.length > 0) check(a, { name: holder, node: a.call, rels, release: `${holder}.${a.spec.receiverMethods?.[0] ?? 'release'}()` });
        else if (!a.needsRelease && !(a.receiver && releaseCalls.pairedOn(a.receiver, a.spec, scopeOf))) context.report({ node: a.call, messageId: 'discarded', data: { what: a.spec.what, acquire: a.label } });
        return;
      }
      if (fate.kind !== 'stored' || fate.target.type !== AST_NODE_TYPES.Identifier || chainedAway(value)) return; // returned, stored on an object, passed on
      const handle = fate.target;
      // `h = await pool.connect()` into an outer variable: someone else owns it.
      const r = resolveReference(handle, scopeOf(handle));
      if (decl.type !== AST_NODE_TYPES.VariableDeclarator && (r?.kind !== 'local' || !within(r.variable.defs[0]?.node ?? handle, a.fn))) return;
      const own = ownershipOf(handle, { fn: a.fn, shape: a.spec, handOff: 'adopters', adopters, scopeOf });
      const rels = releasesOf(a, aliasesOf(handle, scopeOf));
      if (own.kind === 'leaves') {
        // `return page` after awaits that can reject: handed over only on the paths that reach it.
        // Released in a callback: each callback that settles the promise must release it or hand it over.
        const lost = own.how === 'returned' && !a.needsRelease && innermostFunction(own.at) === a.fn ? throwsBeforeHandOff(a.fn, a.call, own.at, rels)
          : own.how === 'captured' ? unreleasedSettle({ tracker, fn: a.fn, handle, releases: rels, calls: helperCalls, scopeOf }) : null;
        if (lost) report(a, { name: handle.name, node: handle, rels, release: releaseHint(a.spec, handle.name) }, lost);
        return;
      }
      if (a.needsRelease && rels.length === 0) return; // an unproven receiver (`item.transaction()`): only if released somewhere
      check(a, { name: handle.name, node: handle, handle, rels, release: releaseHint(a.spec, handle.name) });
    }

    type Held = { name: string; node: TSESTree.Node; handle?: TSESTree.Identifier; rels: TSESTree.CallExpression[]; release: string };
    function check(a: Acquisition, h: Held): void {
      const verdict = unreleasedExit({ tracker, acquired: a.call, releases: h.rels, fn: a.fn, ...(h.handle ? { handle: h.handle } : {}), scopeOf, awaitsThrow: true });
      if (verdict) report(a, h, verdict);
    }
    function report(a: Acquisition, h: Held, verdict: Unreleased): void {
      const path = describeExit(verdict, (n) => shortText(sourceCode, n));
      const fix = a.spec.suggest && h.handle ? releaseInFinally(sourceCode, { handle: h.handle, releases: h.rels, release: h.release, idempotent: false }) : null;
      context.report({
        node: h.node, messageId: verdict.kind === 'settles' ? 'notReleasedOnSettle' : 'notReleased',
        data: { handle: h.name, what: a.spec.what, acquire: a.label, path, release: h.release, using: a.spec.disposable === true ? ' or hold it with `await using`' : '' },
        ...(fix ? { suggest: [{ messageId: 'releaseInFinally', fix }] } : {}),
      });
    }

    return withShared({
      CallExpression: onCall,
      NewExpression: onCall,
      'Program:exit'() {
        for (const a of acquisitions) made.add(a.call);
        // `return spawn(…)` in a same-file helper: its callers hold the acquisition.
        for (const { call, of } of helperAcquisitions(helperCalls, acquisitions, scopeOf)) {
          const fn = innermostFunction(call);
          if (fn) acquisitions.push({ ...of, receiver: null, call, label: `${shortText(sourceCode, call.callee)}()`, fn });
        }
        for (const a of acquisitions) evaluate(a);
        for (const t of transactions.open({ tracker, releases: [...releaseCalls.all, ...helperCalls], calls: helperCalls, scopeOf })) context.report({ node: t.statement, messageId: t.settles ? 'openTransactionOnSettle' : 'openTransaction', data: { handle: t.client.name, begin: shortText(sourceCode, t.statement), release: `${shortText(sourceCode, t.handBack.callee)}()`, line: t.handBack.loc.start.line } });
      },
    }, pathListeners);
  },
});
