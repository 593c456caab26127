import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { fateOf } from '../fate/fate';
import { CALLBACK_FREQUENCY, type CallbackTable, callbackFrequency } from '../frequency/callbacks';
import { callbackTableWith } from '../frequency/handlers';
import type { LeaksSettings } from '../engine/settings';
import { FunctionIndex, functionName } from '../syntax/functions';
import { type FunctionNode, innermostFunction } from '../syntax/nodes';

/**
 * Question 6, first half: what keeps a caller alive while its self-call runs? A frame stays
 * on the stack while a `try` around the call waits for it; an async caller's promise stays
 * unresolved while it awaits or returns the callee's; a `.then(() => self())` callback that
 * returns the call links each round's promise to the next. A call that is scheduled
 * (`setTimeout(() => self())`, a callback the table says runs later) or dropped (`void
 * self()`) starts a fresh stack and nobody waits on it: it forms no chain.
 */
export interface SelfCall {
  call: TSESTree.CallExpression;
  /** The function that loops: the caller, for direct and chained recursion. */
  fn: FunctionNode;
  /** For mutual recursion, the other function, and its calls back into `fn`. */
  via: FunctionNode | null;
  backs: readonly TSESTree.CallExpression[];
  /** For `.then(() => self())`, the chain call whose promise carries the recursion. */
  chain: TSESTree.CallExpression | null;
  /** A callback handed to a scheduler calls `fn`: a fresh round, not a deeper one. */
  scheduled: boolean;
}

export type KeptAlive =
  | { by: 'try'; part: 'try' | 'catch' | 'finally'; stmt: TSESTree.TryStatement; promise: boolean }
  | { by: 'chain'; how: 'awaits' | 'returns' | 'chains' }
  | null;

/** The `try` part (`try`, `catch`, `finally`) that `node` sits in within `fn` (or, for null, at top level), if any. */
export function tryPart(node: TSESTree.Node, fn: FunctionNode | null): { part: 'try' | 'catch' | 'finally'; stmt: TSESTree.TryStatement } | null {
  let child: TSESTree.Node = node;
  for (let p: TSESTree.Node | undefined = node.parent; p && p !== fn; child = p, p = p.parent) {
    if (p.type !== AST_NODE_TYPES.TryStatement) continue;
    if (child === p.block) return { part: 'try', stmt: p };
    if (child === p.handler) return { part: 'catch', stmt: p };
    if (child === p.finalizer) return { part: 'finally', stmt: p };
  }
  return null;
}

/** The table's own promise-callback entry: `.then`, `.catch`, `.finally`. */
const PROMISE_CALLBACK = CALLBACK_FREQUENCY.find((e) => e.names.includes('then'));

/** `p.then(() => self())`: the chain call, when `fn` is a direct promise callback. */
export function chainOf(fn: FunctionNode, table: CallbackTable): TSESTree.CallExpression | null {
  const f = callbackFrequency(fn, table);
  return f.entry !== null && f.entry === PROMISE_CALLBACK && f.call?.type === AST_NODE_TYPES.CallExpression ? f.call : null;
}

/** Handed to a callee that runs it later (a timer, a task queue, a listener): a fresh stack. */
function isScheduled(fn: FunctionNode, table: CallbackTable): boolean {
  const f = callbackFrequency(fn, table);
  return f.entry !== PROMISE_CALLBACK && (f.run === 'once' || f.run === 'per event') && f.call !== null;
}

/** An async function's caller waits on its promise; a plain function's, on its frame. */
export function isAsyncLike(fn: FunctionNode): boolean {
  return fn.async;
}

/** Does the callback `fn` hand back `carrier` (returned, also through `?:` or `&&`; awaited when async)? */
function handsBack(fn: FunctionNode, carrier: TSESTree.CallExpression): boolean {
  if (innermostFunction(carrier) !== fn) return false;
  const fate = fateOf(carrier);
  return fate.kind === 'returned' || (fn.async && fate.kind === 'awaited');
}

/**
 * `p.then(() => q.then(() => self()))`, `.catch(() => sleep(ms).then(() => self()))`: from the
 * callback that holds the self-call, out through promise callbacks that each hand back their
 * inner chain, to the chain call made in `target` itself. Null when a link is dropped.
 */
function chainTo(target: FunctionNode, home: FunctionNode, call: TSESTree.CallExpression, table: CallbackTable): TSESTree.CallExpression | null {
  let carrier = call;
  let at: FunctionNode | null = home;
  for (let depth = 0; at && at !== target && depth < 6; depth++) {
    const chain = chainOf(at, table);
    if (!chain || !handsBack(at, carrier)) return null;
    carrier = chain;
    at = innermostFunction(chain);
  }
  return at === target && carrier !== call ? carrier : null;
}

/**
 * Fast path only: every way `keptAlive` has to keep a caller alive is spelled with one of
 * these words — a `try`, an `async` function, a promise callback (`then`, `catch`, `finally`).
 * A file without any of them (most files of a library: 78% of the dev corpus's libs, 60% of its apps)
 * has no self-call worth collecting. Spelled from each word's `y` or `h`, read back (`y(?<=\btry)`): `t`, `a`, `c`
 * and `f` stand almost everywhere, and the engine tries a word only where its first character stands. The same
 * matches as `\b(?:try|async|then|catch|finally)\b`, at about half the cost.
 */
export const KEPT_ALIVE_TEXT = /(?:y(?<=\btry)|y(?<=\basy)nc|h(?<=\bth)en|h(?<=\bcatch)|y(?<=\bfinally))\b/;

/** What keeps `site`'s caller alive while the callee runs, or null when nothing does. */
export function keptAlive(site: SelfCall): KeptAlive {
  if (site.scheduled || site.fn.generator) return null;
  // The expression whose fate decides whether the caller keeps waiting on the callee.
  const carrier = site.chain ?? site.call;
  const fate = fateOf(carrier);
  const chained = fate.kind === 'awaited' || fate.kind === 'returned';
  if (site.chain) return chained ? { by: 'chain', how: 'chains' } : null;
  const where = tryPart(carrier, site.fn);
  if (!isAsyncLike(site.fn)) return where ? { by: 'try', ...where, promise: false } : null;
  // Fire-and-forget: the caller's frame and promise are released.
  if (!chained) return null;
  if (where) return { by: 'try', ...where, promise: true };
  return { by: 'chain', how: fate.kind === 'awaited' ? 'awaits' : 'returns' };
}

/**
 * The self-calls of a file — direct, through a promise chain, mutual between two named
 * functions, or scheduled from a callback — gathered in one pass. `all: false` keeps only the
 * calls a frame or a promise could keep alive (inside a `try`, or in async-like code).
 */
export function selfCallCollector(
  sourceCode: Readonly<TSESLint.SourceCode>,
  table: CallbackTable,
  all: boolean,
): { index: FunctionIndex; listeners: TSESLint.RuleListener; sites: () => SelfCall[] } {
  // No listeners of its own: the shared index meets every call in its one pass, and only the
  // calls that name a function of this file can be self-calls, so whether a frame or a
  // promise could wait on them is asked of those few, from their ancestors, at the end.
  const { index, listeners } = FunctionIndex.of(sourceCode);
  const asyncLike = new Map<FunctionNode | null, boolean>();
  const waitedOn = (call: TSESTree.CallExpression): boolean => {
    const fn = innermostFunction(call);
    // The function's own answer is kept per function; the walk up to a `try` is asked only outside async-like code.
    let known = asyncLike.get(fn);
    if (known === undefined) asyncLike.set(fn, (known = fn !== null && (fn.async || chainOf(fn, table) !== null)));
    return known || tryPart(call, fn) !== null;
  };
  const sites = (): SelfCall[] => {
    const out: SelfCall[] = [];
    const candidates = index.callsToNames().filter((call) => all || waitedOn(call));
    for (const { call, target } of index.resolve(candidates)) {
      const home = innermostFunction(call);
      if (!home) continue;
      if (target === home) {
        out.push({ call, fn: home, via: null, backs: [], chain: null, scheduled: false });
        continue;
      }
      if (chainOf(home, table)) {
        const chain = chainTo(target, home, call, table);
        if (chain) {
          out.push({ call, fn: target, via: null, backs: [], chain, scheduled: false });
          continue;
        }
        if (innermostFunction(chainOf(home, table) ?? home) === target) continue;
      }
      if (innermostFunction(home) === target && isScheduled(home, table)) {
        out.push({ call, fn: target, via: null, backs: [], chain: null, scheduled: true });
        continue;
      }
      // Mutual recursion: home → target → home, both named functions of this file.
      if (!functionName(home) || !functionName(target)) continue;
      const backs = index.callSitesOf(home).filter((c) => innermostFunction(c) === target);
      if (backs.length > 0) out.push({ call, fn: home, via: target, backs, chain: null, scheduled: false });
    }
    return out;
  };
  return { index, listeners, sites };
}

/**
 * The callback table with a rule's `schedulers` option added as callees that run their
 * callback once, later: an alias of `settings.leaks.callbacks` entries with `run: 'once'`.
 */
export function schedulerTable(settings: LeaksSettings, schedulers: readonly string[]): CallbackTable {
  return callbackTableWith(settings, schedulers, 'once');
}
