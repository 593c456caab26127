import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { FunctionIndex } from '../syntax/functions';
import { BUILT_IN_CALLBACKS } from '../frequency/callbacks';
import { type Creation, NEVER } from '../vocabulary/timer-calls';
import { type RearmContext, rearmFinding } from './rearm';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { createDebugRule } from '../engine/debug';
import { withShared } from '../engine/listeners';
import { enclosingTurn } from '../frequency/loops';
import { innermostFunction } from '../syntax/nodes';
import { fateOf } from '../fate/fate';
import { PathTracker } from './code-path';
import { getSettings } from '../engine/settings';
import { namesFor } from '../vocabulary/registry';
import { unreleasedExit } from './every-exit';
import { releaseInFinally } from './finally-fix';
import { ReleaseCalls, type ReleaseShape, aliasesOf, releases } from './releases';
import { TransactionStatements, transactionStatement } from './transactions';

/** The test vocabulary: `acquire()` makes a handle, `release(h)`, `h.close()` or `pool.release()` (after `pool.acquire()`) releases it. */
const SHAPE: ReleaseShape = { methods: ['close'], functions: ['release'], receiverMethods: ['release'] };

/**
 * Question 4: for each `const h = acquire()` / `pool.acquire()`, is it released on every
 * exit of its function (or, in a loop body, of its turn)? Reports `released`, `never`, the
 * jump that leaves (`exit return 3`), or the `await` that throws past the release, with the
 * shared "release in finally" suggestion.
 */
export const debugRelease = releaseRule(false);

/** The same, offering the shared "release in `finally`" suggestion (`release(h)`) where it applies. */
export const debugReleaseInFinally = releaseRule(true);

function releaseRule(suggest: boolean): ReturnType<typeof createDebugRule<[], "verdict" | "fix">> {
  return createDebugRule({
    meta: {
      type: 'suggestion', hasSuggestions: suggest, schema: [], defaultOptions: [],
      messages: { verdict: '{{verdict}}', fix: 'release in finally' },
    },
    create(context) {
      const sourceCode = context.sourceCode;
      const scopeOf = (n: TSESTree.Node) => sourceCode.getScope(n);
      const { tracker, listeners } = PathTracker.of(sourceCode);
      const calls: TSESTree.CallExpression[] = [];
      const acquisitions: TSESTree.CallExpression[] = [];
      const onCall = (node: TSESTree.CallExpression): void => {
        tracker.record(node);
        calls.push(node);
        const callee = node.callee;
        const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : null;
        if (name === 'acquire') acquisitions.push(node);
      };
      const verdictOf = (call: TSESTree.CallExpression): { text: string; handle: TSESTree.Identifier | null; rels: TSESTree.CallExpression[] } | null => {
        const fn = innermostFunction(call);
        if (!fn) return null;
        const value = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent : call;
        const fate = fateOf(value);
        const handle = fate.kind === 'stored' && fate.target.type === AST_NODE_TYPES.Identifier ? fate.target : null;
        const receiver = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : null;
        const handles = handle ? aliasesOf(handle, scopeOf) : [];
        const rels = calls.filter((c) => releases(c, handles, SHAPE, scopeOf, receiver));
        const turn = enclosingTurn(call, { longLivedConditions: [], scopeOf }, (n) => sourceCode.getText(n));
        const v = unreleasedExit({ tracker, acquired: call, releases: rels, fn, ...(turn ? { turn } : {}), ...(handle ? { handle } : {}), scopeOf, awaitsThrow: !turn });
        const text = !v ? 'released' : v.kind === 'never' ? 'never' : v.kind === 'throws' ? `throws ${v.at.loc.start.line}` : v.kind === 'yield' ? `yield ${v.at.loc.start.line}` : v.kind === 'settles' ? `settles ${v.at.loc.start.line}` : v.kind === 'rejects' ? `rejects ${v.at.loc.start.line}` : `exit ${v.jump ? `${v.jump.type.replace('Statement', '').toLowerCase()} ${v.jump.loc.start.line}` : 'path'}`;
        return { text, handle, rels };
      };
      return withShared({
        CallExpression: onCall,
        'Program:exit'() {
          for (const call of acquisitions) {
            const v = verdictOf(call);
            if (!v) continue;
            const fix = suggest && v.text !== 'released' && v.handle ? releaseInFinally(sourceCode, { handle: v.handle, releases: v.rels, release: `release(${v.handle.name})`, idempotent: false }) : null;
            context.report({ node: call, messageId: 'verdict', data: { verdict: v.text }, ...(fix ? { suggest: [{ messageId: 'fix', fix }] } : {}) });
          }
        },
      }, listeners);
    },
  });
}

/**
 * Question 4 for timer handles kept across calls (`rearm.ts`): each `setTimeout`/`setInterval`
 * reports `overwrittenTimer` or `endlessChain` with its why; silent when neither holds.
 */
export const debugRearm = createDebugRule({
  meta: { type: 'problem', schema: [], defaultOptions: [], messages: { overwrittenTimer: 'overwritten: {{why}}', endlessChain: 'chain: {{why}}' } },
  create(context) {
    const sourceCode = context.sourceCode;
    const scopeOf = (n: TSESTree.Node) => sourceCode.getScope(n);
    const { index, listeners } = FunctionIndex.of(sourceCode);
    const clears = new ReleaseCalls();
    const timers: TSESTree.CallExpression[] = [];
    const own: TSESLint.RuleListener = {
      CallExpression(node) {
        const name = node.callee.type === AST_NODE_TYPES.Identifier ? node.callee.name : null;
        if (name === 'clearTimeout' || name === 'clearInterval') clears.add(node);
        if (name === 'setTimeout' || name === 'setInterval') timers.push(node);
      },
      'Program:exit'() {
        const ctx: RearmContext = { sourceCode, index, callbacks: BUILT_IN_CALLBACKS, processExits: namesFor(getSettings(context), 'processExits'), longLivedConditions: getSettings(context).longLivedConditions, scopeOf, clears, timerCalls: new Set(timers), internalPrefixes: namesFor(getSettings(context), 'internalMethodPrefixes') };
        for (const t of timers) {
          const kind = t.callee.type === AST_NODE_TYPES.Identifier && t.callee.name === 'setInterval' ? 'repeating' : 'oneShot';
          const c: Creation = { value: t, at: t.callee, handleCall: t, name: 'setTimeout', kind, returns: 'handle', cancellable: false, racingHelper: false, internalRace: NEVER, byName: false };
          const f = rearmFinding(c, ctx, (n) => sourceCode.getText(n));
          if (f) context.report({ node: t.callee, messageId: f.messageId, data: { why: f.data.why ?? '' } });
        }
      },
    };
    return withShared(own, listeners);
  },
});

/**
 * Question 4 for transactions opened by SQL (`transactions.ts`): each transaction statement
 * reports `begin` or `end`; a `BEGIN` whose client goes back to its pool on a path before an
 * end reports `open <line of the hand-back>` too. Every call is kept as a possible release or helper.
 */
export const debugTransaction = createDebugRule({
  meta: { type: 'problem', schema: [], defaultOptions: [], messages: { verdict: '{{verdict}}' } },
  create(context) {
    const sourceCode = context.sourceCode;
    const scopeOf = (n: TSESTree.Node) => sourceCode.getScope(n);
    const { tracker, listeners } = PathTracker.of(sourceCode);
    const settings = getSettings(context);
    const transactions = new TransactionStatements((key) => namesFor(settings, key));
    const calls: TSESTree.CallExpression[] = [];
    const own: TSESLint.RuleListener = {
      CallExpression(node) {
        tracker.record(node);
        calls.push(node);
        if (transactions.see(node)) context.report({ node, messageId: 'verdict', data: { verdict: transactionStatement(node, (key) => namesFor(settings, key)) ?? '' } });
      },
      'Program:exit'() {
        for (const t of transactions.open({ tracker, releases: calls, calls, scopeOf })) context.report({ node: t.statement, messageId: 'verdict', data: { verdict: `${t.settles ? 'settles' : 'open'} ${t.handBack.loc.start.line}` } });
      },
    };
    return withShared(own, listeners);
  },
});
