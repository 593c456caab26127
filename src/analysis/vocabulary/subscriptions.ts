import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';

/**
 * Registrations and their disposals, as data. Each family says how a registration is
 * recognised (method or function name), how it is undone (methods on the same target with
 * the same event and handler, everything on the target, calls on the handle it returns, or
 * functions that take the handle), and how messages name it. Names that decide lifetime by
 * convention rather than by API (long-lived globals, effect hooks, sinks) live in the registry.
 */
export type Family = 'dom' | 'emitter' | 'subscribe' | 'disposableEvent' | 'interval' | 'observer' | 'watcher' | 'raf' | 'reaction' | 'interceptor' | 'pipe' | 'custom';

export interface FamilySpec {
  family: Family;
  /** Methods (on a receiver) or global functions that register. */
  methods: readonly string[];
  /** Methods on the same receiver that undo a registration of the same event/handler. */
  removers: readonly string[];
  /** Methods that undo everything for an event (`removeAllListeners('x')`) or at all (`disconnect()`). */
  removeAll: readonly string[];
  /** Calls on the returned handle that dispose it (`sub.unsubscribe()`); `call` for `off.call()`. */
  handleDisposers: readonly string[];
  /** What the registration leaves behind, in messages. */
  thing: string;
  /** The fix, as the last clause of a message; `{where}` is where it belongs, `{target}` the receiver. */
  fix: string;
}

export const FAMILIES: Readonly<Record<Family, FamilySpec>> = {
  dom: {
    family: 'dom', methods: ['addEventListener'], removers: ['removeEventListener'], removeAll: [],
    // React Native's `addEventListener` returns a subscription.
    handleDisposers: ['remove'],
    thing: 'listener', fix: 'call `removeEventListener` with the same handler {where}',
  },
  emitter: {
    family: 'emitter', methods: ['on', 'addListener', 'prependListener', 'once', 'prependOnceListener'], removers: ['off', 'removeListener'],
    removeAll: ['removeAllListeners'], handleDisposers: ['call', 'off', 'unsubscribe', 'remove', 'dispose'],
    thing: 'listener', fix: 'call `{target}.off()` with the same handler {where}',
  },
  subscribe: {
    family: 'subscribe', methods: ['subscribe'], removers: [], removeAll: [],
    handleDisposers: ['call', 'unsubscribe', 'remove', 'dispose', 'close', 'cancel', 'complete'],
    thing: 'subscription', fix: 'unsubscribe {where} (or end the pipe with `takeUntil`)',
  },
  disposableEvent: {
    family: 'disposableEvent', methods: [], removers: [], removeAll: [], handleDisposers: ['dispose', 'call'],
    thing: 'listener', fix: '`dispose()` the returned Disposable {where}',
  },
  interval: {
    family: 'interval', methods: ['setInterval'], removers: [], removeAll: [], handleDisposers: ['close'],
    thing: 'interval', fix: 'keep the id and `clearInterval` it {where}',
  },
  observer: {
    family: 'observer', methods: ['observe'], removers: ['unobserve'], removeAll: ['disconnect'], handleDisposers: [],
    thing: 'observer', fix: 'call `disconnect()` {where}',
  },
  watcher: {
    family: 'watcher', methods: ['watch'], removers: [], removeAll: [], handleDisposers: ['close', 'stop', 'unwatch', 'removeAllListeners'],
    thing: 'watcher', fix: 'keep the watcher and `close()` it {where}',
  },
  raf: {
    family: 'raf', methods: ['requestAnimationFrame'], removers: [], removeAll: [], handleDisposers: [],
    thing: 'frame callback', fix: 'keep the frame id and `cancelAnimationFrame` it {where}',
  },
  reaction: {
    // MobX `reaction`/`autorun`/`when(pred, effect)` return their disposer: calling it ends the reaction.
    family: 'reaction', methods: ['reaction', 'autorun', 'when'], removers: [], removeAll: [], handleDisposers: ['call'],
    thing: 'reaction', fix: 'keep the disposer it returns and call it {where}',
  },
  interceptor: {
    // HTTP-client interceptors (`client.interceptors.request.use(fn)`) return an id for `eject(id)`.
    family: 'interceptor', methods: ['use'], removers: [], removeAll: ['clear'], handleDisposers: [],
    thing: 'interceptor', fix: 'keep the id it returns and `eject` it {where}',
  },
  pipe: {
    // `src.pipe(dest)` adds `drain`/`unpipe`/`error`/`close`/`finish` listeners to `dest` that go
    // only when `src` ends or is unpiped; a source that never ends keeps them, and itself, on `dest`.
    family: 'pipe', methods: ['pipe'], removers: [], removeAll: [], handleDisposers: [],
    thing: 'piped stream', fix: 'end the source stream (or `unpipe` it) {where}, or keep one source per destination and reuse it',
  },
  custom: { family: 'custom', methods: [], removers: [], removeAll: [], handleDisposers: [], thing: 'listener', fix: 'call `{dispose}` {where}' },
};

/** Registrations that are plain functions (or `window.`/`fs.` members of them). */
export const GLOBAL_REGISTRARS = new Set(['setInterval', 'requestAnimationFrame', 'watch']);

/** Every name that can register (custom ones and `onDid…` events aside): other calls are skipped at once. */
export const REGISTERING_NAMES: ReadonlySet<string> = new Set(Object.values(FAMILIES).flatMap((f) => f.methods));

/** Removers of a listener by its handler: a fresh function passed to one removes nothing. */
export const HANDLER_REMOVERS: ReadonlySet<string> = new Set([...FAMILIES.dom.removers, ...FAMILIES.emitter.removers]);

export const ONCE_METHODS = new Set(['once', 'prependOnceListener']);

/** Events that may never fire: a `{ once: true }` listener for one stays until its target goes (a signal that is never aborted). */
export const MAYBE_NEVER_EVENTS: ReadonlySet<string> = new Set(['abort']);

/** Observer classes whose `observe()` keeps the observer alive through the observed node. */
export const OBSERVERS = new Set(['ResizeObserver', 'MutationObserver', 'IntersectionObserver', 'PerformanceObserver']);

/** `interceptors.request.use(…)`: the members an HTTP client keeps its interceptor chains under. */
export const INTERCEPTOR_CHAINS = { holder: 'interceptors', chains: new Set(['request', 'response']) } as const;

/** Reactions by import: a function of one of these packages whose returned disposer ends it. */
export const REACTION_SOURCES: ReadonlySet<string> = new Set(['mobx']);

/** Watchers: `fs.watch`, `chokidar.watch` — closed with `close()`. */
export const WATCH_SOURCES = new Set(['fs', 'chokidar', 'fs/promises']);

/**
 * Vue stops a `watch()` with its component only when it runs while the component's setup (or
 * a lifecycle hook) is running synchronously; after an `await` no instance is current, so the
 * watcher is unowned until its returned stop function is called.
 */
export const INSTANCE_BOUND_WATCH_SOURCES: ReadonlySet<string> = new Set(['vue', '@vue/runtime-core', '@vue/runtime-dom']);

/** Methods that hand a handle to a collection or store that disposes it (`subs.add(sub)`, `this._register(d)`). */
export const DISPOSING_METHODS = new Set(['add', 'push', '_register', 'register', 'addDisposable', 'track', 'onDispose', 'addTeardown']);

/** rxjs operators after which a subscription completes by itself. */
export const COMPLETING = new Set([
  'take', 'first', 'takeUntil', 'takeWhile', 'takeUntilDestroyed', 'untilDestroyed', 'single', 'last', 'timeout', 'elementAt', 'find',
  'findIndex', 'toArray', 'lastValueFrom', 'firstValueFrom',
]);
/** rxjs sources that complete. */
export const FINITE_SOURCES = new Set(['of', 'from', 'EMPTY', 'throwError', 'defer', 'forkJoin', 'ajax', 'fromFetch']);

/** DOM lookups: a receiver reached through them is an existing node, not a fresh object. */
export const DOM_LOOKUPS = new Set([
  'querySelector', 'getElementById', 'getElementsByClassName', 'getElementsByTagName', 'getElementsByTagNameNS', 'getElementsByName', 'closest',
  'getRootNode', 'item',
]);

/** Calls that end a target, and every listener on it. */
export const TARGET_ENDERS = new Set(['destroy', 'close', 'end', 'terminate', 'disconnect', 'dispose', 'removeAllListeners', 'abort', 'quit', 'kill', 'unsubscribe', 'complete']);
/**
 * Calls that, given no arguments, remove the receiver itself and every listener with it: DOM's
 * `el.remove()`, jQuery's `$el.remove()` (which unbinds its handlers), a context's `remove()`.
 * With an argument they remove something from the receiver (`list.remove(item)`).
 */
export const SELF_REMOVERS = new Set(['remove']);
/**
 * Functions that wait for one event of the emitter they are handed (`await once(stream, 'end')`
 * from `node:events`, resolved by import): waiting for a terminal event is evidence that the code
 * treats the emitter as finite, as a `stream.on('end', …)` listener is.
 */
export const EVENT_WAITERS: readonly { source: string; name: string }[] = [{ source: 'events', name: 'once' }];
/** Events that mark a target's end of life: code that waits for them treats the target as finite. */
export const TERMINAL_EVENTS = new Set(['close', 'end', 'finish', 'exit', 'error', 'dispose', 'destroy', 'abort', 'disconnect', 'aborted', 'unpipe']);
/** Calls that consume or end a target: the function owns it. */
export const CONSUMERS = new Set(['pipe', 'end', 'destroy', 'close', 'resume', 'read', 'pause', 'unpipe', 'write', 'setEncoding', 'abort']);
/** Calls that keep what they are given in a collection: a parameter handed to one is adopted. */
export const ADOPTING_CALLS = new Set(['set', 'add', 'push', 'unshift']);
/** Calls that dispose what they are given or called on: a handle passed to one is released, not handed on. */
export const DISPOSE_VERBS = new Set([
  'removeEventListener', 'off', 'removeListener', 'removeAllListeners', 'unsubscribe', 'remove', 'dispose', 'disconnect', 'unobserve',
  'close', 'abort', 'cancel', 'stop', 'destroy', 'clearInterval', 'cancelAnimationFrame', 'next', 'complete', 'unwatch', 'unlisten',
  'release', 'detach', 'kill', 'terminate', 'end',
]);

/**
 * Cheap text test: a file without any of these cannot register (the fast path, never a finding). `.on` is matched
 * whatever follows it, so a cast or parentheses before the call (`(bus.on as any)(…)`) do not hide it.
 * The words are grouped by what they share (`.`, `Listener`, a `(` read backwards), and each alternative starts at
 * a rarer character than the word's first and reads the rest back (`bscribe(?<=subscribe)`, `Interval(?<=setInterval)`):
 * the engine tries an alternative only where its first character stands, and `s`, `r` and `i` stand almost
 * everywhere, while a lookbehind at the start of an alternative would be tried at every position. The same matches
 * as the plain list (the corpus, the incidents, the tests), at about three fifths of the cost of the grouped words alone.
 */
export const SUBSCRIPTION_TEXT = /\.(?:on(?:Did|Will|(?![\w$]))|off(?![\w$])|once(?![\w$])|pipe(?![\w$]))|Listener(?<=addEventListener|removeEventListener|removeListener|addListener|prependListener)|bscribe(?<=subscribe)|Interval(?<=setInterval)|AnimationFrame(?<=requestAnimationFrame)|Observer|\((?<=watch\(|\b(?:reaction|autorun|when)\()|ptors(?<=interceptors)/;

/** The rule's options schema; `teardowns`, `effectHooks` and `longLivedTargets` are aliases of registry lists. */
export const SUBSCRIPTION_OPTIONS_SCHEMA: JSONSchema4 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    registrations: {
      type: 'array',
      description: 'Extra registration/disposal pairs, e.g. `{ register: "listen", dispose: "unlisten" }`; an alias of `settings.leaks.vocabulary` entries of the `registration` family.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['register', 'dispose'],
        properties: {
          register: { type: 'string', description: 'Method that registers.' },
          dispose: { type: 'string', description: 'Method that disposes.' },
          kind: {
            type: 'string',
            enum: ['pair', 'handle'],
            description: '`pair`: called on the same target with the same arguments; `handle`: called on what `register` returned.',
          },
        },
      },
    },
    teardowns: {
      type: 'array', items: { type: 'string' },
      description: 'Extra teardown method names of owner classes (an alias of `settings.leaks.names.teardownMethods`).',
    },
    effectHooks: {
      type: 'array', items: { type: 'string' },
      description: 'Extra effect hooks whose callback returns its cleanup (an alias of `settings.leaks.names.effectHooks`).',
    },
    longLivedTargets: {
      type: 'array', items: { type: 'string' },
      description: 'Extra identifiers that name long-lived targets (an alias of `settings.leaks.names.longLivedTargets`).',
    },
    checkOnce: { type: 'boolean', description: 'Also report `once` listeners that an owner never removes (they stay until the event fires).' },
  },
};

export interface SubscriptionOptions {
  registrations?: { register: string; dispose: string; kind?: 'pair' | 'handle' }[];
  teardowns?: string[];
  effectHooks?: string[];
  longLivedTargets?: string[];
  checkOnce?: boolean;
}
