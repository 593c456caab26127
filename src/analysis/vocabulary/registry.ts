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
  effectHooks: list(
    'A hook by one of these names runs its callback as an effect and calls the function it returns as its cleanup (React and look-alikes): registrations in the callback are owned by the effect. The rule option `effectHooks` adds to it.',
    ['useEffect', 'useLayoutEffect', 'useInsertionEffect', 'useIsomorphicLayoutEffect', 'useUpdateEffect', 'useDeepCompareEffect'],
  ),
  longLivedTargets: list(
    'A global by one of these names (the root of a receiver such as `window.visualViewport`) lives as long as the page or process, so a listener on it outlives any call or component. The rule option `longLivedTargets` adds to it.',
    ['window', 'document', 'globalThis', 'self', 'process', 'navigator', 'screen', 'visualViewport', 'top', 'parent', 'location', 'history'],
  ),
  nonEmitterReceivers: list(
    'A receiver whose root has one of these whole names takes `on(…)` as something other than an event listener (a router, jQuery, a CLI parser, a server route table) when its import cannot be seen (a parameter): `router.on(\'GET\', …)`.',
    ['$', 'jQuery', 'router', 'app', 'route', 'routes', 'fastify', 'r', 'api', 'program', 'yargs', 'commander', 'cli'],
  ),
  nonEmitterSources: list(
    'A receiver imported from (or made by a call of an import from) one of these packages takes `on(…)` as a route, a delegated jQuery handler or a CLI option, not an event listener.',
    ['express', 'fastify', 'koa-router', '@koa/router', 'commander', 'yargs', 'jquery', 'cac', 'sade'],
  ),
  disposingSinks: list(
    'A collection whose name ends in one of these words disposes what is put in it (VS Code `context.subscriptions`, `DisposableStore`, an rxjs parent `subs`, a `cleanups` list run at teardown): a handle handed to it is released. Matched against the last lower-case word of the receiver\'s name (`this._toDispose` → `dispose`), so `restore` is no `store`.',
    ['subscriptions', 'disposables', 'disposers', 'cleanup', 'cleanups', 'teardown', 'teardowns', 'unsubscribers', 'unsubs', 'subs', 'dispose', 'store'],
  ),
  finiteObservables: list(
    'An observable read through a member or variable by one of these whole names completes by itself (Angular `HttpClient` requests, `ActivatedRoute` params that complete with the route, axios/apollo one-shot queries): its subscription needs no unsubscribe.',
    ['http', 'httpClient', '_http', '$http', 'axios', 'apollo', 'route', 'activatedRoute', '_route', 'params', 'queryParams', 'paramMap', 'queryParamMap', 'data'],
  ),
  subscriberWords: list(
    'A first argument of `subscribe(…)` whose name (or constructor/factory name) has one of these words is a Subscriber that chains the subscription into its own teardown (rxjs operators): `source.subscribe(createOperatorSubscriber(…))`.',
    ['subscriber', 'observer', 'sink', 'destination'],
  ),
  observerFields: list(
    'A member whose name ends in one of these words holds a `ResizeObserver`/`MutationObserver`/… made elsewhere in the class (`this.resizeObserver.observe(el)`), so its `observe()` registers.',
    ['observer'],
  ),
  adoptingFunctionWords: list(
    'A function with no same-file call sites whose name starts with one of these whole words wires the object it is given into a longer-lived structure once (`attachSocket(client, socket)`, `bindEvents(el)`): the parameter it listens on is treated as its own, not as a long-lived target. Only a fallback: call sites, stores of the parameter and waits for its end decide first. Whole lower-case first words, so `settle` is no `set`; per-event handlers (`handleMessage`, `onMessage`) are not adopters and are judged like any other function.',
    [
      'set', 'attach', 'init', 'initialize', 'bind', 'wire', 'install', 'setup', 'register', 'connect', 'start', 'create', 'make', 'build', 'add',
      'listen', 'track', 'watch', 'observe', 'use', 'with', 'wrap', 'hook', 'pipe', 'proxy', 'forward', 'mount', 'enable', 'configure', 'prepare', 'open',
    ],
  ),
  factoryWords: list(
    'A call whose callee name starts with one of these whole words (or is one of them) makes a fresh object (`createServer()`, `openConnection()`, `spawn()`, `io(url)`): a target made by it in the same function or instance dies with its owner.',
    ['create', 'open', 'connect', 'spawn', 'fork', 'io'],
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
  internalMethodPrefixes: list(
    'A class method whose name starts with one of these prefixes (`_flush`, `_scheduleRetry`) and that nothing in its own file calls is an internal step of the class, called by its own machinery elsewhere (a base class, a mixin), not a public method callers run again and again: a timer handle it stores is not reported as overwritten while pending. Only a last resort: same-file call sites, guards and clears decide first.',
    ['_'],
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
  onceNoticeCallees: list(
    'A `Set` checked and filled in a function that calls one of these (`emitWarning`, `console.warn`, `deprecate`, `performance.mark`) is a warn-once set: it remembers which notices were given, one per message, feature or code, a finite set. A de-duplicating set with no notice (`if (seen.has(m.id)) return; seen.add(m.id); show(m)`) remembers every id it is shown.',
    ['emitWarning', 'warn', 'warning', 'deprecate', 'deprecated', 'mark', 'notice'],
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
  handlerDecorators: list(
    'A method with one of these decorators is a route, message or job handler run per request (NestJS `@Get()`, `@MessagePattern()`, `@Process()`, GraphQL resolvers): the framework calls it, so no call site in the file shows how often (question 1). Extended by the rule option `handlers.decorators` too.',
    ['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'MessagePattern', 'EventPattern', 'SubscribeMessage', 'Query', 'Mutation', 'Subscription', 'Process', 'ResolveField'],
  ),
  handlerExports: list(
    'An exported function by one of these names is a per-invocation entry point called by its platform (AWS Lambda and most serverless hosts export `handler`): nothing in the file calls it (question 1). Extended by the rule option `handlers.exports` too.',
    ['handler'],
  ),
  routeFileExports: list(
    'In a Next.js App Router `route.ts` file these exports are the HTTP handlers the framework runs per request (question 1).',
    ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
  ),
  handlerProperties: list(
    'A function under one of these keys of an options object is the request handler a framework runs per request (`fastify.route({ handler })`, hapi, serverless configs), or the context factory a GraphQL server runs for every operation (Apollo Server, GraphQL Yoga, `expressMiddleware(server, { context })`) (question 1).',
    ['handler', 'context'],
  ),
  messageHandlerProperties: list(
    'A function under one of these keys is run per message or batch by a consumer (`kafkajs` `consumer.run({ eachMessage })`) (question 1).',
    ['eachMessage', 'eachBatch'],
  ),
  jobWorkerClasses: list(
    'A function given as the second argument of `new X(queue, fn)` for these constructors processes every job of the queue (BullMQ `new Worker(name, processor)`) (question 1).',
    ['Worker'],
  ),
  closeMethods: list(
    'A client, pool or worker on which one of these is called within the call that made it is closed there: nothing lingers, so it is a per-call resource by design, not a shared one built per request (questions 2 and 3).',
    ['end', 'close', 'quit', 'disconnect', '$disconnect', 'destroy', 'terminate', 'release'],
  ),
  freshValueCalls: list(
    'A key built from a call to one of these (`Math.random()`, `Date.now()`, `randomUUID()`, `nanoid()`) is new on every call, so a keyed container that builds on a missing key (`winston.loggers.get(key, options)`) builds and keeps a new instance each time (questions 1 and 5). Values do not declare that they are fresh; these are the usual sources of unique values.',
    ['random', 'now', 'randomUUID', 'randomBytes', 'uuid', 'v4', 'nanoid', 'hrtime', 'cuid', 'ulid', 'uniqueId'],
  ),
  advancingMethods: list(
    'A recursion that calls one of these on state outside its parameters (`queue.shift()`, `it.next()`) and tests that state walks a finite queue or iterator, not a loop (question 6). Queues and iterators do not declare that they shrink; these are the usual names of taking the next item.',
    ['shift', 'pop', 'next', 'splice', 'dequeue', 'poll'],
  ),
  rewindingMethods: list(
    'A recursion that calls one of these on the state it advances (`it.reset()`) puts it back to the start, so it cycles forever (question 6): the rewind cancels the progress of `advancingMethods`.',
    ['reset', 'rewind', 'clear'],
  ),
  typePredicates: list(
    'A self-call under one of these tests of a parameter (`Array.isArray(x)`, `isNaN(x)`, `isPromise(x)`) that passes another value for it converts its input and dispatches again: the next round takes another branch (question 6). `typeof` and `instanceof` need no name; these functions are the usual type tests.',
    ['isArray', 'isNaN', 'isInteger', 'isFinite', 'isSafeInteger', 'isBuffer', 'isView', 'isPromise', 'isThenable', 'isPromiseLike'],
  ),



  // --- i18 ---
  streamSinks: list(
    'Methods that take a readable stream as the body of a response and pipe it, destroying it when the response ends or fails (Fastify `reply.send(stream)`, Express-style `res.send(stream)`, `ctx.attachment`-less Koa bodies aside): the stream is handed over, not leaked (question 3).',
    ['send'],
  ),
  browserReceivers: list(
    'Whole words of the receiver\'s own name that make `x.newPage()` opening a browser page that must be closed (`this.browser.newPage()`); a receiver made by `puppeteer.launch()` needs no name. Not `context`: pages of a browser context close with it.',
    ['browser'],
  ),

  // --- i17 ---
  registrarWords: list(
    'A function or method whose name starts with one of these words and has more (`registerResolver`, `defineCommand`) is a set-up API: when nothing in its own file calls it, its callers are other modules\' start-up code, so what it stores is one entry per registration, not per event (question 5). A same-file call decides instead (`register()` called on every mount grows per mount), unless it is itself in a set-up API (`bootstrap()` calling `bootstrapImpl()`).',
    ['register', 'define', 'bootstrap'],
  ),
  registrarNames: list(
    'Whole names of set-up APIs that store what they are given (`app.use(fn)`, `socket.use(fn)`: middleware), judged like `registrarWords` (question 5). Whole names only: `useThing` is a React hook that runs per render.',
    ['use', 'bootstrap'],
  ),
  cancelCallees: list(
    'A call by one of these names given a scheduled callback\'s handle (`clearTimeout(timer)`, `fastdom.clear(task)`, `cancelAnimationFrame(id)`) cancels it: an eviction inside that callback does not run on the path that cancels, so it counts only if that code evicts too (question 5).',
    ['clearTimeout', 'clearInterval', 'clearImmediate', 'cancelAnimationFrame', 'cancelIdleCallback', 'clear', 'cancel'],
  ),
  requestDataFields: list(
    'A field by one of these names of a handler\'s parameter (`req.path`, `req.url`, `req.params.id`, `ctx.headers.host`) carries request data, one value per client, URL or id: as a metric label or a key it makes one entry per distinct request (question 5). `req.method`, `res.statusCode` and `req.route.path` take few values and are not here.',
    ['path', 'url', 'originalUrl', 'href', 'pathname', 'ip', 'ips', 'hostname', 'params', 'query', 'headers', 'body', 'cookies'],
  ),
  declaredKeyCallbacks: list(
    'Platform callbacks whose first argument takes its values only from a list the class declares: a custom element\'s `attributeChangedCallback(name, old, value)` is called only for the names its `observedAttributes` lists, so a record keyed by that name has a finite key domain (question 5).',
    ['attributeChangedCallback'],
  ),



  // --- i19s ---
  processExits: list(
    'Global calls that end the process (`process.exit()`). Code that ends the process on every path, or hands over a callback that does (`process.on(\'SIGINT\', () => bus.close(() => process.exit(0)))`), is the program\'s own start-up or shut-down code, run once per process; so is a branch under a condition that, elsewhere in the same function, guards an exit (`if (!config.required) { … }`) (question 1).',
    ['process.exit', 'process.abort', 'process.reallyExit', 'Deno.exit'],
  ),

  // --- i19r ---
  serverSetupEvents: list(
    'A server\'s own events by these names (`wss.on(\'connection\', serve)`, a pool\'s `\'connection\'` set-up): the listener is how the server serves, the server\'s handler. A function that adds one to a server it is handed (a parameter, or a member of one) and that no code in its file calls is that server\'s set-up, run once per server by its caller; its same-file call sites decide instead, and a module-level or global server is judged as any target (question 2).',
    ['connection'],
  ),

  // --- f06 ---
  sqlQueryMethods: list(
    'Methods whose first argument is the SQL a client runs (`client.query(\'BEGIN\')` in node-postgres, mysql, mssql): a string literal there is read for the transaction statements below.',
    ['query'],
  ),
  transactionBegins: list(
    'SQL statements (their leading words, any case) that open a transaction on the connection that runs them (`BEGIN`, `BEGIN TRANSACTION`, `START TRANSACTION`): it stays open on that connection, pooled or not, until an end statement runs on it.',
    ['BEGIN', 'START TRANSACTION'],
  ),
  poolReturnMethods: list(
    'A pooled client\'s own methods that hand it back to its pool for the next user (node-postgres\' and mysql\'s `client.release()`): a transaction still open then goes with it (question 4). `end()`/`destroy()` close the connection instead, and the transaction with it.',
    ['release'],
  ),
  transactionEnds: list(
    'SQL statements (leading words, any case) that end the open transaction of their connection (`COMMIT`, `ROLLBACK`, PostgreSQL\'s `END` and `ABORT`); `ROLLBACK TO` a savepoint is not one. A pooled client handed back before one runs carries the open transaction to its next user.',
    ['COMMIT', 'ROLLBACK', 'END', 'ABORT'],
  ),

  // --- h19 ---
  commandLineSources: list(
    'Globals that hold the process\'s own command line (`process.argv`, Deno\'s `Deno.args`), resolved as the global, not by text. Code in a branch (or past an early return) whose condition is read from one of them — directly, through a local made from it, or a field of what a same-file function returns from it (`parseEnv().complete`) — is a mode of the program its command line picks, run once per process (question 1). `process.env` is configuration a library reads per call, and is not one.',
    ['process.argv', 'Deno.args'],
  ),
  commandLineFlagPrefixes: list(
    'A string literal that starts with one of these and then a lower-case letter spells a command-line option (`\'--watch\'`, `\'--verbose\'`): a condition that calls with one (`opts.rawArgs.indexOf(\'--watch\') > -1`, `args.includes(\'--verbose\')`) tests the command line a parser handed on, and its branch runs once per process like one under `commandLineSources` (question 1).',
    ['--'],
  ),
  standardInputs: list(
    'Globals that are the process\'s own standard input (`process.stdin`, Deno\'s `Deno.stdin`), resolved as the global, not by text. A read of one in a branch taken when a value is a `standardInputArguments` string (`if (cmd == \'-\') process.stdin.on(\'data\', …)`) is the program\'s piped-input mode, picked by its command line once per process (question 1); elsewhere it stays per call.',
    ['process.stdin', 'Deno.stdin'],
  ),
  standardInputArguments: list(
    'Command-line arguments that ask a program for its standard input instead of a file (`-`, the POSIX utility convention: `cat -`, `pm2 restart -`). A branch taken when a value equals one and that reads a `standardInputs` global is run once per process, like one under `commandLineSources` (question 1).',
    ['-'],
  ),
  targetStartMethods: list(
    'Methods that start their receiver\'s own one-time lifecycle (`con.connect(…)`, `server.listen(…)`, `db.open()`, `watcher.start()`): a function that calls one on a target before it listens on the very same target (by identity) runs once per target lifetime, so its listener does not pile up on it (question 2). A function called again from a callback (a reconnect) is not one.',
    ['connect', 'open', 'listen', 'start'],
  ),

  // ---------------------------------------------------------------- end
} as const satisfies Record<string, NameList>;

export type NameListKey = keyof typeof NAME_LISTS;

/** The built-in names of a list plus those the user added under `settings.leaks.names.<key>`. */
export function namesFor(settings: { names: Readonly<Partial<Record<string, readonly string[]>>> }, key: NameListKey): ReadonlySet<string> {
  // Asked dozens of times per file: one lookup by the parsed settings (the same object for every
  // file of a configuration) and one by key, not a keyed read of the user's object, mostly a miss.
  let byKey = cache.get(settings);
  if (!byKey) {
    byKey = new Map();
    cache.set(settings, byKey);
  }
  let set = byKey.get(key);
  if (!set) {
    const extra = Object.hasOwn(settings.names, key) ? settings.names[key] : undefined;
    set = new Set([...NAME_LISTS[key].names, ...(extra ?? [])]);
    byKey.set(key, set);
  }
  return set;
}

const cache = new WeakMap<object, Map<NameListKey, ReadonlySet<string>>>();
