import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { RangeIndex, within } from '../syntax/ast';
import { FunctionIndex, calledFunction, functionName } from '../syntax/functions';
import { type FunctionNode } from '../syntax/nodes';
import { callbackTableFor } from '../frequency/callbacks';
import { type StartupContext, commandLineBranch, programOnlyBranch, startupEvidence } from '../frequency/startup';
import { getSettings } from '../engine/settings';
import { withShared } from '../engine/listeners';
import { perConfiguration } from '../engine/per-run';
import { codeText } from '../engine/code-text';
import { memberName, resolveReference, unwrapExpression } from '../scope/references';
import { sameValue } from '../scope/identity';
import { assignedValues } from '../scope/values';
import { type NameListKey, namesFor } from '../vocabulary/registry';
import { HANDLER_REMOVERS, type SubscriptionOptions } from '../vocabulary/subscriptions';
import { PathTracker } from '../release/code-path';
import { type DisposalContext } from '../release/disposals';
import { type Owner, importsSetupFramework, ownerHome, ownerOf } from './owners';
import { type Registration, madeRegistration, mayRegister, observerMaker, recognise } from './registrations';
import { type TargetContext } from './targets';

/**
 * The per-file collector of registrations, in ESLint React's `{ listeners, api }` shape: one
 * pass gathers registrations, removals by handler and member assignments; the questions
 * (owner, target lifetime, handle fate, disposal) are asked at `Program:exit` with `facts`.
 */
export interface SubscriptionFacts {
  listeners: TSESLint.RuleListener;
  /** What the lifetime, fate and release modules need to answer about this file. */
  facts: TargetContext & DisposalContext;
  tracker: PathTracker;
  /** Every registration, in source order (complete at `Program:exit`). */
  registrations: Registration[];
  /** Calls that remove a listener by its handler (`removeEventListener`, `off`, `removeListener`). */
  removals: { call: TSESTree.CallExpression; method: string }[];
  /** The owner of a registration (one per enclosing function), with `onceByBranch` asked. */
  ownerOf: (reg: Registration) => Owner;
  /** The owner of the registration's enclosing function alone, before `onceByBranch` is asked. */
  homeOwnerOf: (reg: Registration) => Owner;
  /**
   * The registration runs once per process whatever its function's owner says: it sits in a
   * branch only the program takes, or one its command line picks. A process owner, or null.
   * Dearer than the rest of the verdict, so the rule asks it last, just before it reports.
   */
  onceByBranch: (reg: Registration, owner: Owner) => Owner | null;
  /** Calls of same-file functions that make an observer and hand it back (asked at `Program:exit`). */
  madeRegistrations: () => Registration[];
}

export function subscriptionFacts(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, options: SubscriptionOptions): SubscriptionFacts {
  const { sourceCode } = context;
  const settings = getSettings(context);
  const names = (key: NameListKey): ReadonlySet<string> => namesFor(settings, key);
  const scopeOf = (n: TSESTree.Node) => sourceCode.getScope(n);
  const configured = perConfiguration(options, settings, 'subscription-facts', () => ({
    longLived: new Set([...names('longLivedTargets'), ...(options.longLivedTargets ?? [])]),
    effectHooks: new Set([...names('effectHooks'), ...(options.effectHooks ?? [])]),
    teardowns: new Set([...names('teardownMethods'), ...(options.teardowns ?? [])]),
  }));
  const { tracker, listeners: pathListeners } = PathTracker.of(sourceCode);
  const { index, listeners: indexListeners } = FunctionIndex.of(sourceCode);
  const byRange = new RangeIndex<Registration>([], (r) => r.call.range);
  const assignments = new RangeIndex<TSESTree.AssignmentExpression>();
  let byMember: Map<string, TSESTree.AssignmentExpression[]> | null = null;
  const registrations: Registration[] = [];
  const removals: SubscriptionFacts['removals'] = [];
  const plainCalls: TSESTree.CallExpression[] = [];
  const recogniser = { scopeOf, text: (n: TSESTree.Node) => sourceCode.getText(n), names, custom: options.registrations ?? [], valuesOf: (n: TSESTree.Node) => assignedValues(n, sourceCode) };
  const facts: SubscriptionFacts['facts'] = {
    scopeOf, names, index,
    longLived: configured.longLived,
    registrationsIn: (r) => byRange.within(r),
    callsIn: (r) => index.callsWithin(r),
    assignmentsIn: (r) => assignments.within(r),
    assignmentsTo(member) {
      // Narrowed by the member's name (one map per file, built on the first question), decided by identity.
      if (!byMember) {
        byMember = new Map();
        for (const a of assignments.within(sourceCode.ast)) {
          const key = memberName(a.left as TSESTree.MemberExpression);
          const list = key === null ? undefined : byMember.get(key);
          if (list) list.push(a);
          else if (key !== null) byMember.set(key, [a]);
        }
      }
      const key = memberName(member);
      return key === null ? [] : (byMember.get(key) ?? []).filter((a) => sameValue(a.left, member, scopeOf));
    },
    callSites: (fn) => index.callSitesOf(fn),
    runsOnce: (site) => ownerOf(site, ownerOptions).kind === 'process',
  };
  const startup: StartupContext = { scopeOf, exits: names('processExits'), root: sourceCode.ast };
  // Asked only of registrations with a per-call or class owner, and only in a file whose text names a
  // command-line source or quotes an option spelling (a whole-file fast path, decided on first use).
  let commandLine: StartupContext | null | undefined;
  const commandLineContext = (): StartupContext | null => {
    if (commandLine !== undefined) return commandLine;
    // A command line named in a comment reads nothing: the code's text, as the fast paths scan it.
    const text = codeText(sourceCode);
    const sources = names('commandLineSources');
    const flagPrefixes = names('commandLineFlagPrefixes');
    const stdinArguments = names('standardInputArguments');
    const quoted = (f: string): boolean => text.includes(`'${f}`) || text.includes(`"${f}`) || text.includes(`\`${f}`);
    const mentions = (globals: ReadonlySet<string>): boolean => [...globals].some((s) => text.includes(s.slice(s.lastIndexOf('.') + 1)));
    // The standard input's argument (`'-'`) is quoted in most files: only beside a standard input it reads.
    const named = mentions(sources) || [...flagPrefixes].some(quoted) || ([...stdinArguments].some(quoted) && mentions(names('standardInputs')));
    commandLine = named ? { ...startup, commandLine: sources, flagPrefixes, stdinArguments, valuesOf: recogniser.valuesOf } : null;
    return commandLine;
  };
  const readsStandardInput = (reg: Registration): boolean => {
    if (!reg.target) return false;
    const resolved = resolveReference(reg.target, scopeOf(reg.target));
    return resolved?.kind === 'global' && names('standardInputs').has(resolved.name);
  };
  let setupStyle: boolean | undefined;
  const ownerOptions = {
    effectHooks: configured.effectHooks,
    teardowns: configured.teardowns,
    setupMethods: names('setupMethods'),
    // Read only for a function named like a setup function.
    get setupStyle(): boolean {
      return (setupStyle ??= importsSetupFramework(sourceCode.ast));
    },
    callSites: (fn: FunctionNode) => index.callSitesOf(fn),
    callsWithin: (region: TSESTree.Node) => index.callsWithin(region),
    callbacks: callbackTableFor(settings),
    startupEvidence: (fn: FunctionNode) => startupEvidence(fn, startup),
  };
  const owners = new Map<TSESTree.Node | null, Owner>();
  // The owner depends only on the enclosing function; several registrations often share one.
  const homeOwnerOf = (reg: Registration): Owner => {
    const home = ownerHome(reg.call);
    const owner = owners.get(home) ?? ownerOf(reg.call, ownerOptions);
    owners.set(home, owner);
    return owner;
  };
  const onceByBranch = (reg: Registration, owner: Owner): Owner | null => {
    // A branch only the program takes (`if (!config.required) { process.on(…) }`): per node, not per
    // function; in a per-event callback it still runs per event.
    if (owner.kind === 'perCall' && !owner.inlineCallback && programOnlyBranch(reg.call, startup)) return { kind: 'process', label: 'a branch only the program itself takes' };
    // A mode of the program its command line picks (`if (!env.complete) return cb();`), once per process;
    // a class owner's method is reached through in-place callbacks only, as a per-call owner's function.
    const cli = (owner.kind === 'perCall' && !owner.inlineCallback) || owner.kind === 'class' ? commandLineContext() : null;
    if (cli) {
      const test = commandLineBranch(reg.call, owner.kind === 'perCall' ? owner.fn : null, cli, readsStandardInput(reg));
      if (test) return { kind: 'process', label: `code under a test of the command line, on line ${test.loc.start.line}` };
    }
    return null;
  };
  const own: TSESLint.RuleListener = {
    CallExpression(node) {
      const callee = unwrapExpression(node.callee);
      const member = callee.type === AST_NODE_TYPES.MemberExpression ? callee : null;
      const name = member ? memberName(member) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : null;
      if (name === null) return;
      if (!member) plainCalls.push(node);
      // Any named call may dispose (a verb, or a handle called): code paths are asked about them later.
      tracker.record(node);
      if (HANDLER_REMOVERS.has(name)) removals.push({ call: node, method: name });
      const reg = mayRegister(name, recogniser) ? recognise(node, name, member?.object ?? null, recogniser) : null;
      if (!reg) return;
      registrations.push(reg);
      byRange.add(reg, reg.call.range);
    },
    AssignmentExpression(node) {
      if (node.left.type === AST_NODE_TYPES.MemberExpression) assignments.add(node, node.range);
    },
  };
  return {
    listeners: withShared(own, indexListeners, pathListeners),
    facts, tracker, registrations, removals,
    madeRegistrations() {
      const makers = new Map<string, FunctionNode>();
      for (const reg of registrations) {
        const fn = observerMaker(reg, scopeOf);
        const fnName = fn ? functionName(fn) : null;
        if (fn && fnName !== null) makers.set(fnName, fn);
      }
      if (makers.size === 0) return [];
      return plainCalls.flatMap((call) => {
        const callee = unwrapExpression(call.callee) as TSESTree.Identifier;
        const fn = makers.get(callee.name);
        return fn && !within(call, fn) && calledFunction(call, scopeOf(call)) === fn ? [madeRegistration(call, callee.name)] : [];
      });
    },
    homeOwnerOf,
    onceByBranch,
    ownerOf(reg) {
      const owner = homeOwnerOf(reg);
      return onceByBranch(reg, owner) ?? owner;
    },
  };
}
