import { type TSESTree } from '@typescript-eslint/utils';
import { fateOf } from '../fate/fate';
import type { FunctionNode } from '../syntax/nodes';
import { type Creation, type TimerCalls, NEVER } from '../vocabulary/timer-calls';
import type { FunctionIndex } from '../syntax/functions';
import { enclosingFunction } from './loops';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { describeRace } from '../vocabulary/timers';
import { type FrequencyContext, moduleHome, runsOncePer } from './runs';

/**
 * `sleep`: the helper returns the timer (awaiting each call is fine, one timer per turn that
 * ends with the turn). `racing`: it races work against the timer and leaves it pending, so
 * every call — every turn of a loop that calls it — leaves one behind.
 */
export type HelperKind = 'sleep' | 'racing';

export interface HelperQuestions {
  /** Same-file calls of `fn`, timer and clear calls excluded. */
  callsOf: (fn: FunctionNode) => readonly TSESTree.CallExpression[];
  /** Is a raced timer cleared or cancelled where it is raced (question 4)? */
  raceCleared: (c: Creation) => boolean;
  /** Does this call hand the helper an AbortSignal? */
  cancellable: (call: TSESTree.CallExpression) => boolean;
}

/**
 * Question 1 for timers wrapped in helpers: which same-file functions make a timer per call,
 * and of which kind. Helpers of helpers count too, to a fixed point (four rounds suffice in
 * practice and bound the work).
 */
export function classifyTimerHelpers(builtins: readonly Creation[], q: HelperQuestions): Map<FunctionNode, HelperKind> {
  const kinds = new Map<FunctionNode, HelperKind>();
  const consider = (c: Creation, racing: boolean): boolean => {
    const fn = enclosingFunction(c.value);
    if (!fn || kinds.has(fn) || c.kind !== 'oneShot') return false;
    const fate = fateOf(c.value);
    if (racing) {
      if (fate.kind !== 'returned' && fate.kind !== 'awaited') return false;
      kinds.set(fn, 'racing');
      return true;
    }
    if ((fate.kind === 'raced' || (fate.kind !== 'discarded' && c.internalRace())) && !q.raceCleared(c)) {
      kinds.set(fn, 'racing');
      return true;
    }
    const handleKept = c.handleCall !== null && fateOf(c.handleCall).kind === 'stored';
    if (!handleKept && !c.cancellable && (fate.kind === 'returned' || (fate.kind === 'awaited' && fn.async))) {
      kinds.set(fn, 'sleep');
      return true;
    }
    return false;
  };
  for (const c of builtins) if (c.returns === 'promise') consider(c, false);
  for (let round = 0; round < 4; round++) {
    let changed = false;
    const sites = [...kinds.keys()].flatMap((fn) => q.callsOf(fn).map((call) => ({ call, fn })));
    sites.sort((x, y) => x.call.range[0] - y.call.range[0]);
    for (const { call, fn } of sites) {
      const kind = kinds.get(fn);
      if (kind && consider(helperCreation(call, kind, q.cancellable(call)), kind === 'racing')) changed = true;
    }
    if (!changed) break;
  }
  return kinds;
}

/** A call of a helper, as a timer creation of its own. */
export function helperCreation(call: TSESTree.CallExpression, kind: HelperKind, cancellable: boolean, name = ''): Creation {
  return {
    value: call, at: call.callee, handleCall: null, name, kind: 'oneShot', returns: 'promise',
    cancellable: kind === 'sleep' && cancellable, racingHelper: kind === 'racing', internalRace: NEVER, byName: false,
  };
}

/**
 * Every timer creation of a file: the vocabulary's calls, and each call of a same-file
 * helper that wraps one (as a creation of its own, with the helper's kind).
 */
export function timerCreations(timers: TimerCalls, index: FunctionIndex, raceCleared: (c: Creation) => boolean): Creation[] {
  const creations = [...timers.builtins];
  if (creations.length === 0) return creations;
  const callsOf = (fn: FunctionNode) => index.callSitesOf(fn).filter((call) => !timers.notHelperCalls.has(call));
  const cancellable = (call: TSESTree.CallExpression) => timers.cancellable(call);
  for (const [fn, kind] of classifyTimerHelpers(timers.builtins, { callsOf, raceCleared, cancellable })) {
    for (const call of callsOf(fn)) creations.push(helperCreation(call, kind, cancellable(call), timers.nameOf(call)));
  }
  return creations;
}

/**
 * How often code holding an uncancellable timer (`AbortSignal.timeout`) runs, in message
 * words, when that is more than once (question 1's default); null when it runs once
 * (module initialisation, a start-up function called only from there).
 */
export function manyRuns(node: TSESTree.Node, ctx: FrequencyContext): string | null {
  const run = runsOncePer(node, moduleHome, ctx);
  return run.run === 'many' ? `per call (${run.why})` : null;
}

/**
 * Where a raced, uncleared timer is reported: at the race, or — for a same-file helper that
 * makes the timer itself (`createTimeoutPromise()`) — at the helper's timer, where the fix
 * goes, once for all its races. Null when that timer was already reported.
 */
export function raceSite(c: Creation, race: TSESTree.CallExpression | TSESTree.NewExpression, index: FunctionIndex, builtins: readonly Creation[], reported: Set<TSESTree.Node>): { node: TSESTree.Node; name: string; race: string } | null {
  const fn = c.value.type === AST_NODE_TYPES.CallExpression ? index.targetOf(c.value) : null;
  const own = fn ? builtins.filter((b) => !b.byName && enclosingFunction(b.value) === fn) : [];
  const origin = own.length === 1 ? own[0] : undefined;
  if (!origin) return { node: c.at, name: c.name, race: describeRace(race) };
  if (reported.has(origin.at)) return null;
  reported.add(origin.at);
  return { node: origin.at, name: origin.name, race: `${describeRace(race)} on line ${race.loc.start.line}` };
}
