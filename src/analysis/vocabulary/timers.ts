import { type JSONSchema, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { nameOf, type Resolved, resolveReference, unwrapExpression } from '../scope/references';
import type { ScopeOf } from '../scope/identity';
import { escapeRegExp } from '../syntax/ast';

/**
 * Timers as data. `kind` says whether the timer expires on its own (`oneShot`, alive until
 * it fires) or never (`repeating`); `returns` says what the caller holds: a `handle` to
 * clear, a `promise` to await, a `signal`, an `observable` (a timer only once subscribed),
 * or an async `iterator` (stopped when the `for await` that consumes it ends).
 */
export interface TimerSpec {
  name: string;
  kind: 'oneShot' | 'repeating';
  returns: 'handle' | 'promise' | 'signal' | 'observable' | 'iterator';
  globals: readonly string[];
  imports: readonly { source: string; name: string }[];
  /** Global functions that cancel a `handle`. */
  clear: readonly string[];
  /** Index of the delay argument; a missing or zero delay is a deferral, not a timer. */
  delayArg: number;
  /** rxjs `timer(due, period)`: repeating only when this argument is present. */
  periodArg?: number;
  /** Index of an options argument whose `signal` makes the timer cancellable. */
  optionsArg?: number;
}

export const TIMERS: readonly TimerSpec[] = [
  {
    name: 'setTimeout', kind: 'oneShot', returns: 'handle', globals: ['setTimeout'],
    imports: [{ source: 'timers', name: 'setTimeout' }], clear: ['clearTimeout'], delayArg: 1,
  },
  {
    name: 'setInterval', kind: 'repeating', returns: 'handle', globals: ['setInterval'],
    imports: [{ source: 'timers', name: 'setInterval' }], clear: ['clearInterval'], delayArg: 1,
  },
  {
    name: 'setTimeout', kind: 'oneShot', returns: 'promise', globals: [],
    imports: [{ source: 'timers/promises', name: 'setTimeout' }], clear: [], delayArg: 0, optionsArg: 2,
  },
  {
    name: 'setInterval', kind: 'repeating', returns: 'iterator', globals: [],
    imports: [{ source: 'timers/promises', name: 'setInterval' }], clear: [], delayArg: 0, optionsArg: 2,
  },
  {
    name: 'AbortSignal.timeout', kind: 'oneShot', returns: 'signal', globals: ['AbortSignal.timeout'],
    imports: [], clear: [], delayArg: 0,
  },
  {
    name: 'interval', kind: 'repeating', returns: 'observable', globals: [],
    imports: [{ source: 'rxjs', name: 'interval' }], clear: [], delayArg: 0,
  },
  {
    name: 'timer', kind: 'oneShot', returns: 'observable', globals: [],
    imports: [{ source: 'rxjs', name: 'timer' }], clear: [], delayArg: 0, periodArg: 1,
  },
  {
    name: 'delay', kind: 'oneShot', returns: 'promise', globals: [],
    imports: [{ source: 'delay', name: 'default' }], clear: [], delayArg: 0,
  },
];

export const CLEAR_FUNCTIONS = new Set(['clearTimeout', 'clearInterval']);

/** The words of the vocabulary's timers and timer-like helpers, in any case (`wait` but not `await`,
 * which nearly every async file has). */
const TIMER_WORDS = 'timeout|interval|timer|delay|sleep|(?<!a)wait|pause';
const TIMER_WORD = new RegExp(`${TIMER_WORDS}|AbortSignal`, 'i');

const TIMER_SOURCES = new Set(TIMERS.flatMap((t) => t.imports.map((i) => i.source)));

/**
 * Fast path only: a file creates no timer the vocabulary knows unless its text calls a name with one
 * of the words (`setTimeout(`, `sleep(`, `rejectAfterTimeout(`; also `(0, t.setTimeout)(`,
 * `setTimeout?.(`, `setTimeout.call(`), uses `AbortSignal`, or imports one of the vocabulary's timer
 * modules, under whatever names it binds them (`import { setTimeout as later } from 'timers/promises'`,
 * `import pDelay from 'delay'`). A word alone is not enough: options, fields and comments name
 * timeouts and delays in a third of all files, and most of them create no timer.
 */
export const TIMER_TEXT = new RegExp(
  [
    // Read back from the `(`, as ACQUISITION_TEXT: a case-insensitive scan for seven words tries
    // each at almost every position; a `(` is rarer, and the same matches (4,241 texts) take half the time.
    `\\((?<=(?:${TIMER_WORDS})[\\w$]*\\s*(?:\\)\\s*|\\?\\.\\s*|\\.(?:call|apply)\\s*)?\\()`,
    // From its `b`, read back: with `i`, an `a` stands almost everywhere.
    'bortSignal(?<=AbortSignal)',
    // As `isTimerSource`: the sources, with or without `node:`, and any `timers/` subpath.
    `['"\`](?:node:)?(?:timers(?:/[\\w/-]*)?|${[...TIMER_SOURCES].map(escapeRegExp).join('|')})['"\`]`,
  ].join('|'),
  'i',
);

/**
 * Can this file create a timer at all? The built-in vocabulary, extra timers and helper names
 * added in settings (checked only when the built-in words are absent, and only those the
 * built-in words do not already cover).
 */
// The helper words the built-in ones do not cover, per configuration's words (one object per configuration).
const uncoveredWords = new WeakMap<object, readonly string[]>();

export function mayCreateTimers(text: string, extra: readonly ExtraTimer[], words: { helperNames: ReadonlySet<string>; helperLastWords: ReadonlySet<string> }): boolean {
  if (TIMER_TEXT.test(text)) return true;
  if (extra.some((t) => text.includes(t.name.split('.').pop() ?? t.name))) return true;
  let lower = uncoveredWords.get(words);
  if (!lower) {
    lower = [...words.helperNames, ...words.helperLastWords].filter((n) => !TIMER_WORD.test(n)).map((n) => n.toLowerCase());
    uncoveredWords.set(words, lower);
  }
  if (lower.length === 0) return false;
  const folded = text.toLowerCase();
  return lower.some((n) => folded.includes(n));
}

/** Races against timers shorter than this do not leave enough behind to report outside loops. */
const SHORT_DELAY_MS = 1000;

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** A literal delay under a second: the pending timer is gone before it can pile up. */
export function isShortDelay(c: { handleCall: Call | null; value: TSESTree.Node }): boolean {
  const call = c.handleCall ?? (c.value.type === AST_NODE_TYPES.CallExpression ? c.value : null);
  const arg = call?.arguments[c.handleCall ? 1 : 0];
  const value = arg ? unwrapExpression(arg) : undefined;
  return value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'number' && value.value < SHORT_DELAY_MS;
}

/** A signal timer this long outlives the request it bounds by enough to pile up under load. */
const LONG_SIGNAL_MS = 30_000;

/**
 * `AbortSignal.timeout(ms)` with a long delay: literal, a constant, or `this.x` given a literal
 * default (a parameter property or a field). An unknown delay is not long.
 */
export function isLongSignalDelay(call: TSESTree.CallExpression, scopeOf: ScopeOf): boolean {
  const ms = numberOf(call.arguments[0], scopeOf, 0);
  return ms !== null && ms >= LONG_SIGNAL_MS;
}

function numberOf(arg: TSESTree.Node | undefined, scopeOf: ScopeOf, depth: number): number | null {
  const n = arg ? unwrapExpression(arg) : undefined;
  if (!n || depth > 3) return null;
  if (n.type === AST_NODE_TYPES.Literal) return typeof n.value === 'number' ? n.value : null;
  if (n.type === AST_NODE_TYPES.BinaryExpression && n.operator === '*') {
    const a = numberOf(n.left, scopeOf, depth + 1);
    const b = numberOf(n.right, scopeOf, depth + 1);
    return a !== null && b !== null ? a * b : null;
  }
  if (n.type === AST_NODE_TYPES.Identifier) {
    const r = resolveReference(n, scopeOf(n));
    const def = r?.kind === 'local' ? r.variable.defs[0]?.node : undefined;
    return def?.type === AST_NODE_TYPES.VariableDeclarator && def.parent.kind === 'const' && def.init ? numberOf(def.init, scopeOf, depth + 1) : null;
  }
  if (n.type === AST_NODE_TYPES.MemberExpression && n.object.type === AST_NODE_TYPES.ThisExpression && !n.computed && n.property.type === AST_NODE_TYPES.Identifier) {
    const name = n.property.name;
    let cls: TSESTree.Node | undefined = n.parent;
    while (cls && cls.type !== AST_NODE_TYPES.ClassBody) cls = cls.parent;
    for (const m of cls?.type === AST_NODE_TYPES.ClassBody ? cls.body : []) {
      if (m.type === AST_NODE_TYPES.PropertyDefinition && m.key.type === AST_NODE_TYPES.Identifier && m.key.name === name && m.value) return numberOf(m.value, scopeOf, depth + 1);
      if (m.type !== AST_NODE_TYPES.MethodDefinition || m.kind !== 'constructor') continue;
      for (const p of m.value.params) {
        const param = p.type === AST_NODE_TYPES.TSParameterProperty ? p.parameter : null;
        if (param?.type === AST_NODE_TYPES.AssignmentPattern && param.left.name === name) return numberOf(param.right, scopeOf, depth + 1);
      }
    }
  }
  return null;
}

/** The name a timer call is written with: `setInterval` for `setInterval(…)` and `timers.setInterval(…)`. */
export function timerName(call: Call): string | null {
  const callee = unwrapExpression(call.callee);
  return nameOf(callee);
}

/** How a race reads in messages. */
export function describeRace(race: Call): string {
  const name = race.type === AST_NODE_TYPES.NewExpression ? null : timerName(race);
  if (name === 'race' || name === 'any') return `\`Promise.${name}\``;
  return race.type === AST_NODE_TYPES.NewExpression ? 'promise, which can settle another way,' : 'deferred, which can settle another way,';
}

/**
 * The schema of an extra timer function: one for `settings.leaks.timers` and the rule's own
 * `timers` option (an alias kept for configs that set it per rule).
 */
export const TIMER_FUNCTION_SCHEMA: JSONSchema.JSONSchema4ObjectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', description: 'Function name, or `Namespace.member`.' },
    source: { type: 'string', description: 'Import source; when set, only bindings imported from it match.' },
    kind: { type: 'string', enum: ['oneShot', 'repeating'], description: '`oneShot` (default) or `repeating`.' },
  },
};

/** Only bindings from these sources can be timers (`import { promises } from 'timers'` included). */
export function isTimerSource(source: string, extra: readonly ExtraTimer[]): boolean {
  return TIMER_SOURCES.has(source) || source.startsWith('timers/') || extra.some((e) => e.source === source);
}

/** An extra timer-creating function (`settings.leaks.timers`, or the rule's `timers` option). */
export interface ExtraTimer {
  /** Function name (`delay`), or `Namespace.member`. */
  name: string;
  /** Import source; when given, only bindings imported from it match. */
  source?: string;
  /** `oneShot` (default) for sleeps/timeouts, `repeating` for intervals. */
  kind?: 'oneShot' | 'repeating';
}

export function matchTimer(resolved: Resolved, extra: readonly ExtraTimer[]): TimerSpec | null {
  if (!resolved) return null;
  for (const spec of TIMERS) {
    if (resolved.kind === 'global' && spec.globals.includes(resolved.name)) return spec;
    if (resolved.kind === 'import' && spec.imports.some((i) => i.source === resolved.source && i.name === resolved.name)) {
      return spec;
    }
  }
  for (const e of extra) {
    const hit =
      e.source === undefined
        ? resolved.name === e.name && resolved.kind !== 'local'
        : resolved.kind === 'import' && resolved.source === e.source && (resolved.name === e.name || resolved.name === 'default');
    const localHit = e.source === undefined && resolved.kind === 'local' && resolved.name === e.name;
    if (hit || localHit) {
      return {
        name: e.name, kind: e.kind ?? 'oneShot', returns: e.kind === 'repeating' ? 'handle' : 'promise',
        globals: [], imports: [], clear: e.kind === 'repeating' ? ['clearInterval'] : [], delayArg: 0,
      };
    }
  }
  return null;
}

/** The options of `no-timer-in-loop`; `timers` is an alias of `settings.leaks.timers`, with its schema. */
export const TIMER_OPTIONS_SCHEMA: JSONSchema.JSONSchema4ObjectSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timers: {
      type: 'array',
      description: 'Extra timer-creating functions (e.g. a `delay` or `sleep` from your own library); an alias of `settings.leaks.timers`.',
      items: TIMER_FUNCTION_SCHEMA,
    },
    longLivedConditions: {
      type: 'array',
      description: 'Names that make a loop condition long-lived (e.g. `isRunning`).',
      items: { type: 'string' },
    },
    checkBoundedLoops: {
      type: 'boolean',
      description: 'Also report one-shot timers in bounded loops (counted `for`, `for…of` over arrays, `.forEach`).',
    },
  },
};
