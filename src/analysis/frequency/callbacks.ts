import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { staticString } from '../syntax/ast';
import { type FunctionNode } from '../syntax/nodes';
import { memberName, unwrapExpression } from '../scope/references';

/**
 * Question 1 of the lifetime engine, for callbacks: how does the callee that receives a
 * function run it?
 * - `in place`: before the call returns, as part of its caller (`forEach`, a promise executor,
 *   an IIFE): the callback runs as often as the code around the call.
 * - `once`: later, at most once per call (`.then`, `once`, `setTimeout`, an event that fires
 *   once, such as `'listening'`): as often as the code around the call, too.
 * - `per event`: later, any number of times (`on('data')`, `setInterval`, a route handler).
 * - `unknown`: a callee this table does not know; callers decide what that means.
 */
export type CallbackRun = 'in place' | 'once' | 'per event' | 'unknown';

export interface CallbackEntry {
  /** Callee names: a member (`xs.forEach`) or, with `bare`, a plain call (`setTimeout(fn)`). */
  names: readonly string[];
  run: Exclude<CallbackRun, 'unknown'>;
  /** Which argument is the callback: an index, or `any`. */
  argument: number | 'any';
  /** Also as a plain call, not only as a method. */
  bare?: boolean;
  /** Only with at least this many arguments (`app.get('/x', fn)`, not `map.get(k)`). */
  minArguments?: number;
  /** What the callback is, for messages: "handler", "processor". */
  role: string;
  /** For `per event`: what one run is (a request, a message, a job, a tick). */
  per?: 'request' | 'message' | 'job' | 'tick' | 'event';
  /** Why the callee runs it that way. */
  why: string;
}

/**
 * The callback-frequency table. Every rule asks it; none keeps a list of its own.
 * Extended through `settings.leaks.callbacks` and `settings.leaks.onceEvents` (`CallbackTable`).
 */
export const CALLBACK_FREQUENCY: readonly CallbackEntry[] = [
  {
    names: ['forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'each', 'sort', 'toSorted'],
    run: 'in place', argument: 0, role: 'iteration callback',
    why: 'array iteration calls it once per element before it returns',
  },
  { names: ['from'], run: 'in place', argument: 1, role: 'mapping callback', why: '`Array.from(xs, fn)` maps each element before it returns' },
  { names: ['then', 'catch', 'finally'], run: 'once', argument: 'any', role: 'promise callback', why: 'a promise settles once' },
  { names: ['once', 'prependOnceListener'], run: 'once', argument: 'any', role: 'one-time listener', why: 'removed after its first event' },
  {
    names: ['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick', 'requestAnimationFrame', 'requestIdleCallback'],
    run: 'once', argument: 0, bare: true, role: 'deferred callback', why: 'a one-shot timer or task runs its callback once',
  },
  { names: ['setInterval'], run: 'per event', argument: 0, bare: true, role: 'interval callback', per: 'tick', why: 'an interval runs its callback on every tick' },
  {
    names: ['on', 'addListener', 'addEventListener', 'prependListener', 'subscribe', 'onmessage', 'handle'],
    run: 'per event', argument: 'any', role: 'listener', per: 'message', why: 'a listener runs on every event',
  },
  {
    names: ['get', 'post', 'put', 'delete', 'del', 'patch', 'all', 'options', 'head', 'any', 'route'],
    run: 'per event', argument: 'any', minArguments: 2, role: 'route handler', per: 'request', why: 'a route handler runs on every request',
  },
  { names: ['use'], run: 'per event', argument: 'any', role: 'middleware', per: 'request', why: 'middleware runs on every request' },
  { names: ['createServer', 'createSecureServer'], run: 'per event', argument: 'any', bare: true, role: 'request handler', per: 'request', why: 'a server calls it on every request' },
  { names: ['process', 'consume'], run: 'per event', argument: 'any', role: 'processor', per: 'job', why: 'a queue calls it for every job or message' },
  { names: ['query', 'mutation', 'subscription'], run: 'per event', argument: 0, role: 'procedure', per: 'request', why: 'an RPC router (tRPC) runs a procedure on every call' },
];

/**
 * Events that fire once in a process or an object's life, so a listener on them runs once:
 * `server.on('listening')`, `process.on('SIGTERM')`. A name list, kept here with its reason:
 * emitters do not declare which of their events repeat.
 */
export const ONCE_EVENTS: ReadonlySet<string> = new Set([
  'listening', 'ready', 'close', 'exit', 'end', 'finish', 'error', 'open', 'SIGINT', 'SIGTERM', 'SIGHUP',
  'beforeExit', 'uncaughtException', 'unhandledRejection', 'load', 'DOMContentLoaded',
]);

const LISTENER_METHODS = new Set(['on', 'addListener', 'addEventListener', 'prependListener']);

/** Marks the entries that come from `settings.leaks.callbacks`. */
export const USER_ENTRY = 'settings.leaks.callbacks';

/** `settings.leaks.callbacks`: a user's own API that runs callbacks (`queue.onJob(fn)`). */
export interface CallbackSetting {
  name: string;
  run: Exclude<CallbackRun, 'unknown'>;
  /** Which argument is the callback; any when left out. */
  argument?: number;
}

/**
 * The table as one lint run sees it: the built-in entries plus `settings.leaks.callbacks`
 * (checked first: a user knows their own API) and `settings.leaks.onceEvents`.
 */
export class CallbackTable {
  private readonly byName = new Map<string, CallbackEntry[]>();
  readonly onceEvents: ReadonlySet<string>;

  constructor(extra: readonly CallbackSetting[] = [], onceEvents: readonly string[] = []) {
    const own: CallbackEntry[] = extra.map((e) => ({
      names: [e.name], run: e.run, argument: e.argument ?? 'any', bare: true,
      role: e.run === 'per event' ? 'handler' : 'callback', per: 'event', why: USER_ENTRY,
    }));
    for (const entry of [...own, ...CALLBACK_FREQUENCY]) {
      for (const name of entry.names) this.byName.set(name, [...(this.byName.get(name) ?? []), entry]);
    }
    this.onceEvents = onceEvents.length === 0 ? ONCE_EVENTS : new Set([...ONCE_EVENTS, ...onceEvents]);
  }

  entriesFor(name: string): readonly CallbackEntry[] {
    return this.byName.get(name) ?? [];
  }
}

export const BUILT_IN_CALLBACKS = new CallbackTable();

const tables = new WeakMap<object, CallbackTable>();

/** The table for a run's `settings.leaks` (one per settings object, not per file). */
export function callbackTableFor(settings: { callbacks: readonly CallbackSetting[]; onceEvents: readonly string[] }): CallbackTable {
  if (settings.callbacks.length === 0 && settings.onceEvents.length === 0) return BUILT_IN_CALLBACKS;
  let table = tables.get(settings);
  if (!table) tables.set(settings, (table = new CallbackTable(settings.callbacks, settings.onceEvents)));
  return table;
}

export interface CallbackFrequency {
  run: CallbackRun;
  /** The call that receives the callback; null for a promise executor's `new` or an IIFE. */
  call: TSESTree.CallExpression | TSESTree.NewExpression | null;
  /** The callee's name as written: `forEach`, `on`, `setTimeout`. */
  callee: string | null;
  entry: CallbackEntry | null;
  /** Human words: "this `on('data')` listener", "this `.then()` callback". */
  label: string;
}

function calleeName(callee: TSESTree.Node): { name: string; member: boolean } | null {
  const c = unwrapExpression(callee);
  if (c.type === AST_NODE_TYPES.Identifier) return { name: c.name, member: false };
  if (c.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(c);
    return name === null ? null : { name, member: true };
  }
  return null;
}

// Asked of the same function by every question about the code inside it (each site's walk out
// through its functions): the answer depends on the AST and the table alone, so it is kept.
const frequencies = new WeakMap<CallbackTable, WeakMap<FunctionNode, Readonly<CallbackFrequency>>>();

/** How the function is run by whatever it is given to; `unknown` when it is not a callback. */
export function callbackFrequency(fn: FunctionNode, table: CallbackTable = BUILT_IN_CALLBACKS): Readonly<CallbackFrequency> {
  let byFn = frequencies.get(table);
  if (!byFn) frequencies.set(table, (byFn = new WeakMap()));
  let known = byFn.get(fn);
  if (!known) byFn.set(fn, (known = frequencyOf(fn, table)));
  return known;
}

function frequencyOf(fn: FunctionNode, table: CallbackTable): CallbackFrequency {
  const p = fn.parent;
  if (p.type === AST_NODE_TYPES.CallExpression && p.callee === fn) return { run: 'in place', call: null, callee: null, entry: null, label: 'this immediately invoked function' };
  if (p.type === AST_NODE_TYPES.NewExpression && p.arguments[0] === fn) {
    const c = unwrapExpression(p.callee);
    if (c.type === AST_NODE_TYPES.Identifier && c.name === 'Promise') return { run: 'in place', call: p, callee: 'Promise', entry: null, label: 'this promise executor' };
  }
  if (p.type !== AST_NODE_TYPES.CallExpression) return { run: 'unknown', call: null, callee: null, entry: null, label: '' };
  const index = (p.arguments as TSESTree.Node[]).indexOf(fn);
  if (index === -1) return { run: 'unknown', call: null, callee: null, entry: null, label: '' };
  const callee = calleeName(p.callee);
  if (!callee) return { run: 'unknown', call: p, callee: null, entry: null, label: '' };
  const entry = table.entriesFor(callee.name).find(
    (e) => (callee.member || e.bare === true) && (e.argument === 'any' || e.argument === index) && p.arguments.length >= (e.minArguments ?? 0),
  );
  if (!entry) return { run: 'unknown', call: p, callee: callee.name, entry: null, label: `this \`${callee.name}()\` callback` };
  const event = LISTENER_METHODS.has(callee.name) ? staticString(p.arguments[0]) : null;
  const label = event !== null ? `this \`${callee.name}('${event}')\` ${entry.role}` : `this \`${callee.member ? '.' : ''}${callee.name}()\` ${entry.role}`;
  if (event !== null && table.onceEvents.has(event)) return { run: 'once', call: p, callee: callee.name, entry, label };
  return { run: entry.run, call: p, callee: callee.name, entry, label };
}

/** Runs no more often than the code around it: in place, or once. */
export function runsAsOftenAsItsCaller(fn: FunctionNode, table: CallbackTable = BUILT_IN_CALLBACKS): boolean {
  const run = callbackFrequency(fn, table).run;
  return run === 'in place' || run === 'once';
}

/** `items.forEach(fn)`, `Array.from(xs, fn)`: the iteration call whose callback `fn` is a loop turn. */
export function iterationCallOf(fn: FunctionNode): TSESTree.CallExpression | null {
  // Only an argument of a call can be one (asked of every function of a file as it is met): no table lookup, nothing kept, for the rest.
  const p = fn.parent;
  if (p.type !== AST_NODE_TYPES.CallExpression || p.callee === fn) return null;
  const f = callbackFrequency(fn);
  return f.run === 'in place' && f.entry !== null && f.call?.type === AST_NODE_TYPES.CallExpression ? f.call : null;
}

/** `new Promise(executor)`: the executor runs synchronously, as part of its caller. */
export function isPromiseExecutor(fn: FunctionNode): boolean {
  const p = fn.parent;
  return p.type === AST_NODE_TYPES.NewExpression && p.arguments[0] === fn && callbackFrequency(fn).callee === 'Promise';
}

/** `(() => { … })()`: runs where it stands. */
export function isIIFE(fn: FunctionNode): boolean {
  const p = fn.parent;
  return p.type === AST_NODE_TYPES.CallExpression && p.callee === fn;
}
