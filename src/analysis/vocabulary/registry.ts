/**
 * Every name list that still decides a finding, in one place. Structure decides first (call
 * sites, provenance, code paths, identity); a list lives here only where a name is the best
 * evidence left — a framework's teardown method, a start-up entry point — each with why it
 * exists and the `settings.leaks.names.<key>` that extends it. Rules read them through
 * `namesFor(settings, key)`, never a private copy.
 */
export interface NameList {
  /** Why a name is evidence here, and what the list decides. */
  readonly why: string;
  readonly names: readonly string[];
}

function list(why: string, names: readonly string[]): NameList {
  return { why, names };
}

export const NAME_LISTS = {
  // ---------------------------------------------------------------- frequency (question 1)



  // ---------------------------------------------------------------- subscriptions and owners
  teardownMethods: list(
    'A method by one of these names ends its instance (React, Angular, custom elements, Ember, plain classes): registrations made in the instance may be undone there, and owners with one are per-instance.',
    [
      'componentWillUnmount', 'ngOnDestroy', 'disconnectedCallback', 'dispose', 'destroy', 'close', 'stop', 'unmount',
      'teardown', 'cleanup', 'disconnect', 'detach', 'deactivate', 'unsubscribe', 'unlisten', 'shutdown', 'release', 'free',
      'onDestroy', 'onUnmount', 'beforeDestroy', 'beforeUnmount', 'unmounted', 'destroyed', 'willDestroyElement', 'willDestroy',
    ],
  ),
  setupMethods: list(
    'A method by one of these names runs once per instance (lifecycle start hooks): a registration there needs the instance teardown, not a per-call disposal; in a class with no teardown it lives for the process.',
    [
      'constructor', 'componentDidMount', 'componentDidUpdate', 'ngOnInit', 'ngAfterViewInit', 'ngAfterContentInit', 'connectedCallback',
      'firstUpdated', 'updated', 'init', 'initialize', 'start', 'connect', 'mount', 'attach', 'activate', 'setup', 'open', 'listen',
      'bind', 'register', 'install', 'enable', 'created', 'mounted', 'beforeMount', 'didInsertElement', 'onInit', 'onMount',
    ],
  ),



  // ---------------------------------------------------------------- timers and resources
  poolReceivers: list(
    'Whole words (a plural too) of the receiver\'s own name that make `x.connect()` a pooled checkout (`pool.connect()`, `this.pgPool.connect()`) rather than a socket or an ORM connecting once; a receiver made by `new Pool()` from a database module needs no name.',
    ['pool'],
  ),
  connectionReceivers: list(
    'Whole words of the receiver\'s own name that make `x.getConnection()` / `x.acquire()` a connection checkout (`pool`, `db`, `knex`, `sequelize`, `mysql`), where the receiver\'s provenance is not in the file (an injected pool).',
    ['pool', 'db', 'knex', 'sequelize', 'mysql'],
  ),
  lockReceivers: list(
    'Whole words of the receiver\'s own name that make `x.acquire()` / `x.lock()` taking a lock (`mutex`, `this.lock`, `brokerMutexLocks[id]`, `semaphore`) rather than any other `acquire`.',
    ['mutex', 'lock', 'semaphore', 'sem'],
  ),
  ownershipAdopters: list(
    'Callees that take ownership of a handle passed to them and end it themselves (`pipeline`, `finished`, `pump`, `src.pipe(dest)`, disposal stacks: `addCleanup`, `defer`, `use`, `adopt`, `register`): after the hand-off the acquiring function need not release it.',
    ['pipeline', 'finished', 'pump', 'pipe', 'addCleanup', 'defer', 'use', 'adopt', 'register'],
  ),
  timerHelperNames: list(
    'Whole names of helpers from other modules that, raced against work (`Promise.race([work, sleep(ms)])`), are timers in practice; a call by such a name is reported only when raced.',
    ['sleep', 'delay', 'wait', 'pause', 'timeout'],
  ),
  timerHelperLastWords: list(
    'The last word of a helper name (before an optional `Promise`) that makes it a timer when raced: `rejectAfterTimeout`, `createTimeoutPromise`, `longDelay`.',
    ['timeout', 'delay', 'sleep'],
  ),
  cancellationArguments: list(
    'A word of an argument\'s name (`signal`, `abortSignal`, `opts.signal`, `{ signal }`) that hands the timer an AbortSignal, so it is cancelled with the work it races.',
    ['signal'],
  ),



  // ---------------------------------------------------------------- collections
  collectionBoundWords: list(
    'A name with one of these whole words (`MAX_SAMPLES`, `maxSize`, `opts.limit`), compared in a condition around growth, is taken for a size bound when the collection\'s own `length`/`size` is not in the test (`if (count < MAX) log.push(x)`). Whole words: `escapeAt` has no `cap`.',
    ['max', 'maximum', 'limit', 'cap', 'capacity', 'size', 'threshold', 'bound', 'quota'],
  ),
  singletonDecorators: list(
    'A class decorated with one of these is made by a dependency-injection container, once per application (Angular `@Injectable`, NestJS `@Injectable`/`@Controller`/`@Resolver`/`@WebSocketGateway`, TypeDI `@Service`, tsyringe `@singleton`): its instances are registered with a host that lives for the process, though no `new` is in sight.',
    ['Injectable', 'Controller', 'Resolver', 'WebSocketGateway', 'Service', 'Singleton', 'singleton'],
  ),
  readOnlyCallees: list(
    'Global functions that only read a collection handed to them, so passing it there is no escape (nobody can trim it there). A namespace (`console`, `Math`) stands for all its members.',
    ['console', 'Math', 'JSON.stringify', 'Array.from', 'Array.isArray', 'Object.keys', 'Object.values', 'Object.entries', 'Object.freeze', 'Promise.all', 'Promise.allSettled', 'Promise.race', 'Promise.any', 'String', 'Number', 'Boolean', 'structuredClone', 'Reflect.has'],
  ),



  // ---------------------------------------------------------------- per-request caches and recursion



  // ---------------------------------------------------------------- end
} as const satisfies Record<string, NameList>;

export type NameListKey = keyof typeof NAME_LISTS;

/** The built-in names of a list plus those the user added under `settings.leaks.names.<key>`. */
export function namesFor(settings: { names: Readonly<Partial<Record<string, readonly string[]>>> }, key: NameListKey): ReadonlySet<string> {
  const extra = settings.names[key];
  const cacheKey = extra ?? NO_EXTRA;
  let byKey = cache.get(cacheKey);
  if (!byKey) {
    byKey = new Map();
    cache.set(cacheKey, byKey);
  }
  let set = byKey.get(key);
  if (!set) {
    set = new Set([...NAME_LISTS[key].names, ...(extra ?? [])]);
    byKey.set(key, set);
  }
  return set;
}

const NO_EXTRA: readonly string[] = [];
const cache = new WeakMap<readonly string[], Map<NameListKey, ReadonlySet<string>>>();
