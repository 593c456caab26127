/**
 * Registrations and their disposals, as data. Each family says how a registration is
 * recognised (method or function name), how it is undone (methods on the same target with
 * the same event and handler, or a call on the handle it returns), and whether the name
 * collides with unrelated APIs (then a long-lived receiver or types are needed).
 */
export type Family = 'dom' | 'emitter' | 'subscribe' | 'disposableEvent' | 'interval' | 'observer' | 'watcher' | 'raf';

export interface FamilySpec {
  family: Family;
  /** Methods (on a receiver) that register. */
  methods: readonly string[];
  /** Methods on the same receiver that undo a registration of the same event/handler. */
  removers: readonly string[];
  /** Methods that undo everything for an event (`removeAllListeners('x')`) or at all. */
  removeAll: readonly string[];
  /** Calls on the returned handle that dispose it (`sub.unsubscribe()`), or `call` for `off()`. */
  handleDisposers: readonly string[];
  /** Names that unrelated libraries also use (`on`, `subscribe`, `watch`). */
  collisionProne: readonly string[];
}

export const FAMILIES: readonly FamilySpec[] = [
  {
    family: 'dom',
    methods: ['addEventListener'],
    removers: ['removeEventListener'],
    removeAll: [],
    handleDisposers: [],
    collisionProne: [],
  },
  {
    family: 'emitter',
    methods: ['on', 'addListener', 'prependListener', 'once', 'prependOnceListener'],
    removers: ['off', 'removeListener'],
    removeAll: ['removeAllListeners'],
    handleDisposers: ['call', 'off', 'unsubscribe', 'remove', 'dispose'],
    collisionProne: ['on'],
  },
  {
    family: 'subscribe',
    methods: ['subscribe'],
    removers: [],
    removeAll: [],
    handleDisposers: ['call', 'unsubscribe', 'remove', 'dispose', 'close', 'cancel'],
    collisionProne: ['subscribe'],
  },
  {
    family: 'disposableEvent',
    methods: [],
    removers: [],
    removeAll: [],
    handleDisposers: ['dispose'],
    collisionProne: [],
  },
  {
    family: 'observer',
    methods: ['observe'],
    removers: ['unobserve'],
    removeAll: ['disconnect'],
    handleDisposers: [],
    collisionProne: ['observe'],
  },
];

/** VS Code style events: `onDidChangeX(handler)` returns a Disposable. */
export const DISPOSABLE_EVENT = /^on(?:Did|Will)[A-Z]/;

export const ONCE_METHODS = new Set(['once', 'prependOnceListener']);

/** Observer classes whose `observe()` keeps the observer alive through the observed node. */
export const OBSERVERS = new Set(['ResizeObserver', 'MutationObserver', 'IntersectionObserver', 'PerformanceObserver']);

/** Watchers: `fs.watch`, `chokidar.watch` — closed with `close()`. */
export const WATCH_SOURCES = new Set(['fs', 'chokidar', 'fs/promises']);

/** Collections that dispose what is put in them (VS Code, disposable stores, rxjs parents). */
export const DISPOSING_SINKS = /(?:subscriptions|disposables|disposers|cleanups?|teardowns?|unsubscribers|unsubs|subs|toDispose|_toDispose|store)$/i;
export const DISPOSING_METHODS = new Set(['add', 'push', '_register', 'register', 'addDisposable', 'track', 'onDispose', 'addTeardown']);

/** Long-lived globals: a registration on them outlives any call or component. */
export const LONG_LIVED_GLOBALS = new Set([
  'window', 'document', 'globalThis', 'self', 'process', 'navigator', 'screen', 'visualViewport', 'top', 'parent', 'location', 'history',
]);

/** Hooks whose callback is an effect with a returned cleanup. */
export const EFFECT_HOOKS = new Set(['useEffect', 'useLayoutEffect', 'useInsertionEffect', 'useIsomorphicLayoutEffect', 'useUpdateEffect', 'useDeepCompareEffect']);
/** Mount callbacks whose returned function is the cleanup (Svelte `onMount`, Solid `onMount`). */
export const MOUNT_WITH_CLEANUP = new Set(['onMount']);
/** Effects whose cleanup is registered with a call inside them or beside them. */
export const CLEANUP_REGISTRARS = new Set(['onCleanup', 'onUnmounted', 'onBeforeUnmount', 'onScopeDispose', 'onDestroy', 'onDeactivated']);
export const SETUP_CALLBACKS = new Set(['onMounted', 'onBeforeMount', 'createEffect', 'createRenderEffect', 'onActivated']);

/** Receivers that make `on()` something else: routers, jQuery, servers' route tables. */
export const NON_EMITTER_RECEIVERS = /^(?:\$|jQuery|router|app|route|routes|fastify|server\.route|r|api|program|yargs|commander|cli)$/;

/** Cheap text test. */
export const SUBSCRIPTION_TEXT = /addEventListener|removeEventListener|removeListener|\.off\(|\.on\(|addListener|prependListener|subscribe|setInterval|requestAnimationFrame|Observer|watch\(|\.onDid|\.onWill|\.once\(/;
