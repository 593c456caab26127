import type { Resolved } from '../scope/references';

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

/** Cheap text test: can this file create a timer at all? */
export const TIMER_TEXT = /timeout|interval|timer|delay|sleep|wait|pause|AbortSignal/i;

const TIMER_SOURCES = new Set(TIMERS.flatMap((t) => t.imports.map((i) => i.source)));

/** Only bindings from these sources can be timers (`import { promises } from 'timers'` included). */
export function isTimerSource(source: string, extra: readonly ExtraTimer[]): boolean {
  return TIMER_SOURCES.has(source) || source.startsWith('timers/') || extra.some((e) => e.source === source);
}

export interface ExtraTimer {
  name: string;
  source?: string;
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
