import { type TSESLint } from '@typescript-eslint/utils';
import { createDebugRule } from '../engine/debug';
import { withShared } from '../engine/listeners';
import { handleOf } from '../fate/handles';
import { disposalsIn, disposedBeside, undoes } from '../release/disposals';
import { type Owner } from './owners';
import { type Registration } from './registrations';
import { type SubscriptionFacts, subscriptionFacts } from './subscription-facts';
import { classTargetLifetime, madeByOwner, perCallTargetLifetime, startsItsTarget } from './targets';

/**
 * Debug rules for the registration questions: each reports, at every registration it
 * recognises, one answer — its owner (question 2, lifetime of the code), its target's
 * lifetime (question 2, retainer), its handle's fate (question 3) and what undoes it
 * (question 4). Registered by tests only, in no config.
 */
function registrationDebugRule<M extends string>(
  messages: Record<M, string>,
  answer: (reg: Registration, owner: Owner, s: SubscriptionFacts) => { messageId: M; data: Record<string, string> },
) {
  return createDebugRule({
    meta: { type: 'suggestion', schema: [], defaultOptions: [], messages },
    create(context: Readonly<TSESLint.RuleContext<M, []>>) {
      const s = subscriptionFacts(context, {});
      return withShared({
        'Program:exit'() {
          for (const reg of s.registrations) context.report({ node: reg.at, ...answer(reg, s.ownerOf(reg), s) });
        },
      }, s.listeners);
    },
  });
}

/** The owner of each registration: `process`, `effect`, `class` or `perCall`, with where its teardown is. */
export const debugOwner = registrationDebugRule({ owner: '{{kind}}: {{label}} ({{teardown}})' }, (_reg, owner) => ({
  messageId: 'owner',
  data: { kind: owner.kind, label: owner.label, teardown: owner.kind === 'effect' || owner.kind === 'class' ? owner.teardownLabel : '-' },
}));

/** How long each registration's target lives relative to its owner: `long`, `self` or `unknown` (`long, started here` when the call starts that target first: once per target). */
export const debugTargetLifetime = registrationDebugRule({ lifetime: '{{lifetime}}' }, (reg, owner, s) => {
  let lifetime = 'unknown';
  if (owner.kind === 'process') lifetime = 'process';
  else if (owner.kind === 'perCall') {
    lifetime = perCallTargetLifetime(reg, owner, s.facts);
    if (lifetime === 'long' && startsItsTarget(reg, owner.fn, s.facts)) lifetime = 'long, started here';
  }
  else if (reg.target && madeByOwner(reg.target, s.facts)) lifetime = 'self';
  else if (owner.kind === 'class' && reg.target) lifetime = classTargetLifetime(reg.target, owner.cls, s.facts);
  return { messageId: 'lifetime', data: { lifetime } };
});

/** Where each registration's handle goes: `escaped`, `stored` or `none`. */
export const debugHandleFate = registrationDebugRule({ fate: '{{fate}}' }, (reg, owner) => ({ messageId: 'fate', data: { fate: handleOf(reg, owner).kind } }));

/** What undoes each registration in its owner's teardowns (or its own function): the calls' methods, `beside the call` (a sibling, an outer handle, a swap), or `nothing`. */
export const debugDisposal = registrationDebugRule({ undone: '{{by}}' }, (reg, owner, s) => {
  const handle = handleOf(reg, owner);
  const regions = owner.kind === 'effect' || owner.kind === 'class' ? owner.teardowns : owner.kind === 'perCall' ? [owner.fn] : [];
  const by = disposalsIn(regions, s.facts)
    .filter((d) => d.call !== reg.call && undoes(d, reg, handle.kind === 'stored' ? handle.target : null, s.facts))
    .map((d) => d.method ?? '?');
  const beside = by.length === 0 && owner.kind === 'perCall' && disposedBeside(reg, owner.fn, handle.kind === 'stored' ? handle.target : null, s.facts);
  return { messageId: 'undone', data: { by: by.length > 0 ? by.join(', ') : beside ? 'beside the call' : 'nothing' } };
});
