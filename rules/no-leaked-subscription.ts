import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { oneLine } from '../src/analysis/syntax/ast';
import { innermostFunction } from '../src/analysis/syntax/nodes';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';
import { registrationsFrom } from '../src/analysis/vocabulary/schema';
import { withShared } from '../src/analysis/engine/listeners';
import { perConfiguration } from '../src/analysis/engine/per-run';
import { FAMILIES, SUBSCRIPTION_OPTIONS_SCHEMA, SUBSCRIPTION_TEXT, type SubscriptionOptions } from '../src/analysis/vocabulary/subscriptions';
import { type Owner, forwardsCallersHandler, wiresCallersHandler } from '../src/analysis/lifetime/owners';
import { type Registration, isInlineHandler } from '../src/analysis/lifetime/registrations';
import { subscriptionFacts } from '../src/analysis/lifetime/subscription-facts';
import { addsSameListener, awaitsEndOf, classRetainerLifetime, madeByOwner, perCallTargetLifetime, runsOncePerState, startsItsTarget } from '../src/analysis/lifetime/targets';
import { handleLeavesOwner, handleOf, handlerReturned } from '../src/analysis/fate/handles';
import { disposalsIn, disposedBeside, everyPathDisposes, handleHome, handedToSink, handlerBody, returnsDisposer, unabortedController, undoes } from '../src/analysis/release/disposals';
import { codeText } from '../src/analysis/engine/code-text';

type MessageIds = 'notDisposed' | 'noTeardown' | 'perCall' | 'inlineHandler' | 'removesNothing' | 'signalNeverAborted';

const fresh = (how: 'inline' | 'bind', what: string): string => (how === 'bind' ? 'a fresh `.bind()` result' : what);

export default createRule<[SubscriptionOptions], MessageIds>({
  name: 'no-leaked-subscription',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow listeners, subscriptions, intervals, observers and watchers that outlive the code that registered them',
      recommended: 'recommended',
    },
    messages: {
      notDisposed:
        '{{what}} in {{owner}} is never removed in {{teardown}}, so {{target}} keeps the {{thing}} and its closure alive; {{fix}}.',
      noTeardown:
        '{{what}} in {{owner}} is never removed ({{teardown}}), so {{target}} keeps the {{thing}} alive; {{fix}}.',
      perCall:
        'Each call of {{owner}} adds {{what}} to {{target}} and does not always remove it, leaving one more {{thing}} behind; {{fix}}.',
      inlineHandler:
        '{{what}} on long-lived {{target}} gets {{how}}, so nothing can ever remove it; keep the handler in a variable and remove it when done, or register it `once`.',
      removesNothing:
        'This `{{method}}()` passes {{how}} that was never added, so it removes nothing and the listener stays; pass the same function reference that was added.',
      signalNeverAborted:
        'The listener on {{target}} is tied to `{{controller}}.signal`, but {{owner}} never calls `{{controller}}.abort()`{{where}}, so it stays; abort the controller there.',
    },
    schema: [SUBSCRIPTION_OPTIONS_SCHEMA],
    defaultOptions: [{ registrations: [], teardowns: [], effectHooks: [], longLivedTargets: [], checkOnce: false }],
  },
  create(context, [ruleOptions]) {
    if (isSkippedTestFile(context)) return {};
    const { sourceCode } = context;
    // `registrations` is the older shape of `settings.leaks.vocabulary` registration entries.
    const settings = getSettings(context);
    const options = perConfiguration(ruleOptions, settings, 'registrations', () => ({ ...ruleOptions, registrations: [...(ruleOptions.registrations ?? []), ...registrationsFrom(settings.vocabulary)] }));
    const custom = options.registrations;
    const code = codeText(sourceCode);
    if (!SUBSCRIPTION_TEXT.test(code) && !custom.some((c) => code.includes(c.register))) return {};
    const { listeners, facts, tracker, registrations, removals, homeOwnerOf, onceByBranch, madeRegistrations } = subscriptionFacts(context, options);
    const { scopeOf } = facts;
    // An observer is retained by what it observes, not by the variable that holds it.
    const observed = (reg: Registration): string | null => (reg.family === 'observer' && reg.method === 'observe' && reg.call.arguments[0] ? `the observed \`${oneLine(sourceCode.getText(reg.call.arguments[0]))}\`` : null);
    const targetOf = (reg: Registration, longLived = false): string => observed(reg) ?? (reg.target ? `${longLived ? 'long-lived ' : ''}\`${oneLine(reg.targetText)}\`` : reg.targetText);
    const fixOf = (reg: Registration, where: string): string =>
      FAMILIES[reg.family].fix.replace('{where}', where).replace('{target}', oneLine(reg.targetText)).replace('{dispose}', reg.customDispose?.method ?? 'dispose');
    const undone = (regions: readonly TSESTree.Node[], reg: Registration, handle: TSESTree.Node | null) =>
      disposalsIn(regions, facts).filter((d) => d.call !== reg.call && undoes(d, reg, handle, facts));

    // A handler that removes itself (`function h() { t.off('x', h) }`) is released whoever owns it.
    // A walk of the handler's body: asked after the cheaper exits (a target that dies with its owner).
    const removesItself = (reg: Registration, handle: TSESTree.Node | null): boolean => {
      const ownBody = handlerBody(reg, facts);
      return ownBody !== null && undone([ownBody], reg, handle).length > 0;
    };

    function reportSignal(reg: Registration, owner: Owner, region: readonly TSESTree.Node[], inTeardown: boolean): void {
      const ctl = unabortedController(reg, region, facts);
      if (!ctl || !reg.signal) return;
      const where = inTeardown ? ` in ${owner.kind === 'effect' || owner.kind === 'class' ? owner.teardownLabel : 'its teardown'}` : '';
      report(reg, owner, { node: reg.signal, messageId: 'signalNeverAborted', data: { controller: oneLine(context.sourceCode.getText(ctl)), owner: owner.label, where, target: targetOf(reg) } });
    }

    // The branch that makes it run once per process is asked last, of a registration about to be reported.
    function report(reg: Registration, owner: Owner, descriptor: Parameters<typeof context.report>[0]): void {
      if (!onceByBranch(reg, owner)) context.report(descriptor);
    }

    function evaluate(reg: Registration): void {
      if (reg.opaqueOptions || (reg.once && options.checkOnce !== true) || (reg.family === 'subscribe' && reg.completes)) return;
      const owner = homeOwnerOf(reg);
      if (owner.kind === 'process') return;
      const handle = handleOf(reg, owner);
      if (handle.kind === 'escaped') return;
      const handleNode = handle.kind === 'stored' ? handle.target : null;
      const thing = FAMILIES[reg.family].thing;
      const inline = isInlineHandler(reg.handler);

      if (owner.kind === 'effect' || owner.kind === 'class') {
        if (reg.target && reg.family !== 'observer' && madeByOwner(reg.target, facts)) return;
        if (owner.kind === 'class' && reg.target && (classRetainerLifetime(reg, owner.cls, facts) !== 'long' || wiresCallersHandler(reg, owner, facts))) return;
        if (removesItself(reg, handleNode)) return;
        if (reg.signal) {
          if (owner.teardowns.length > 0) reportSignal(reg, owner, owner.teardowns, true);
          return;
        }
        const returnsCleanup = owner.kind === 'effect' && owner.returnIsCleanup;
        if (owner.teardowns.length === 0) {
          const teardown = returnsCleanup ? 'it returns no cleanup' : `it has no ${owner.teardownLabel.replace(/^an? /, '')}`;
          const fix = fixOf(reg, returnsCleanup ? 'in a returned cleanup' : `in ${owner.teardownLabel}`);
          report(reg, owner, { node: reg.at, messageId: 'noTeardown', data: { what: reg.what, owner: owner.label, target: targetOf(reg), thing, teardown, fix } });
          return;
        }
        if (undone(owner.teardowns, reg, handleNode).length > 0) return;
        // A local handle the code disposes itself (`unsubscribe()` once the value arrives).
        if (handleNode?.type === AST_NODE_TYPES.Identifier && undone([handleHome(handleNode, scopeOf) ?? innermostFunction(reg.call) ?? reg.call], reg, handleNode).length > 0) return;
        // The handle may be handed to a disposing sink anywhere in the owner (`this.subs.add(sub)`).
        if (handleNode && handedToSink(handleNode, owner.kind === 'effect' ? owner.fn : owner.cls, facts)) return;
        if (handleNode && reg.family !== 'dom' && reg.family !== 'emitter' && handleLeavesOwner(handleNode, false, scopeOf)) return;
        const fix = inline && !handleNode ? 'keep its inline handler in a variable so it can be removed there' : fixOf(reg, 'there');
        report(reg, owner, { node: reg.at, messageId: 'notDisposed', data: { what: reg.what, owner: owner.label, teardown: owner.teardownLabel, target: targetOf(reg), thing, fix } });
        return;
      }

      // Per call: only a long-lived target is a leak; self-owned targets die with the call.
      if (perCallTargetLifetime(reg, owner, facts) !== 'long' || runsOncePerState(owner.fn, facts, reg.call) || startsItsTarget(reg, owner.fn, facts)) return;
      if (reg.target && awaitsEndOf(reg.target, owner.fn, facts)) return;
      if (addsSameListener(reg, facts)) return;
      if (removesItself(reg, handleNode)) return;
      if (reg.signal) {
        reportSignal(reg, owner, [owner.fn], false);
        return;
      }
      if (returnsDisposer(owner.fn, reg, facts) || handlerReturned(reg, owner.fn, scopeOf) || forwardsCallersHandler(reg.call.arguments[0], reg.handler, owner, scopeOf)) return;
      // A handle kept on an object is disposed by its owner; a local one may be handed on.
      if (handleNode && (handleNode.type === AST_NODE_TYPES.MemberExpression || handedToSink(handleNode, owner.fn, facts) || handleLeavesOwner(handleNode, true, scopeOf))) return;
      const inFn = undone([owner.fn], reg, handleNode);
      if ((inFn.length > 0 && everyPathDisposes(reg, inFn, owner.fn, tracker)) || disposedBeside(reg, owner.fn, handleNode, facts)) return;
      if (inline && inFn.length === 0 && (reg.family === 'dom' || reg.family === 'emitter')) {
        report(reg, owner, { node: reg.at, messageId: 'inlineHandler', data: { what: reg.what, target: targetOf(reg), how: fresh(inline, 'an inline function') } });
        return;
      }
      const fix = fixOf(reg, owner.render ? 'in a `useEffect` cleanup' : 'before the function returns');
      report(reg, owner, { node: reg.at, messageId: 'perCall', data: { what: reg.what, target: targetOf(reg, true), owner: owner.label, thing, fix } });
    }

    return withShared({
      'Program:exit'() {
        for (const { call, method } of removals) {
          const how = isInlineHandler(call.arguments[1] ?? null);
          if (how) context.report({ node: call.arguments[1] as TSESTree.Node, messageId: 'removesNothing', data: { method, how: fresh(how, 'a new inline function') } });
        }
        for (const reg of [...registrations, ...madeRegistrations()]) evaluate(reg);
      },
    }, listeners);
  },
});
