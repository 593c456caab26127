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



  // ---------------------------------------------------------------- collections



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
    'A function under one of these keys of an options object is the request handler a framework runs per request (`fastify.route({ handler })`, hapi, serverless configs) (question 1).',
    ['handler'],
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
  advancingMethods: list(
    'A recursion that calls one of these on state outside its parameters (`queue.shift()`, `it.next()`) and tests that state walks a finite queue or iterator, not a loop (question 6). Queues and iterators do not declare that they shrink; these are the usual names of taking the next item.',
    ['shift', 'pop', 'next', 'splice', 'dequeue', 'poll'],
  ),
  rewindingMethods: list(
    'A recursion that calls one of these on the state it advances (`it.reset()`) puts it back to the start, so it cycles forever (question 6): the rewind cancels the progress of `advancingMethods`.',
    ['reset', 'rewind', 'clear'],
  ),



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
