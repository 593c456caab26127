/**
 * Collections and what grows or shrinks them, as data. Only plain arrays, Maps, Sets and
 * dictionary objects count: weak collections and bounded caches are the fix, not the leak.
 */
export const COLLECTION_CONSTRUCTORS = new Set(['Array', 'Map', 'Set']);
export const BOUNDED_OR_WEAK = new Set([
  'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'LRUCache', 'LRU', 'QuickLRU', 'TTLCache', 'NodeCache', 'Keyv',
  'LruCache', 'LRUMap', 'BoundedMap', 'RingBuffer', 'CircularBuffer', 'FixedQueue',
]);

/** Methods that add entries. `splice` grows only when it inserts more than it removes. */
export const GROWTH_METHODS = new Set(['push', 'unshift', 'set', 'add', 'splice']);
/** Methods and calls that remove entries or reset the collection. */
export const SHRINK_METHODS = new Set(['shift', 'pop', 'splice', 'delete', 'clear', 'length']);
/** Reassignments that bound an array: `arr = arr.slice(-100)`, `arr = arr.filter(…)`. */
export const BOUNDING_REASSIGN_METHODS = new Set(['slice', 'filter', 'splice', 'subarray']);

/** Identifiers that, compared against a size, cap growth (`if (log.length < MAX_LOG) …`). */
export const SIZE_HINT = /max|limit|cap|capacity|size|threshold|bound/i;

export const COLLECTION_TEXT = /\[\]|new (?:Array|Map|Set)\b|\{\s*\}|Object\.create\(null\)|Array\(/;

/**
 * Class names that say "this instance lives long": services, connections, registries. An
 * instance field only leaks if its instance does; builders, results and errors are dropped
 * after use, so their fields are not reported unless something else says the instance lives.
 */
export const LONG_LIVED_CLASS = /(?:Client|Server|Connection|Conn|Socket|Session|Manager|Service|Store|Registry|Cache|Pool|Bus|Emitter|Queue|Logger|Log|Monitor|Controller|Handler|Worker|Daemon|Agent|Watcher|Scheduler|Dispatcher|Broker|Channel|Gateway|Provider|Repository|Hub|Router|App|Application|Bot|History)$/;

/** Makers whose returned closures live on (factories), as opposed to helpers whose result the caller drops. */
export const FACTORY_NAME = /^(?:create|make|build|init|setup|new|start|register|use)[A-Z_]|Factory$/;

/** Global functions that only read a collection passed to them. */
export const READ_ONLY_CALLEES = /^(?:console\.\w+|JSON\.stringify|Array\.from|Array\.isArray|Object\.(?:keys|values|entries|freeze)|Promise\.(?:all|allSettled|race|any)|Math\.\w+|String|Number|Boolean|structuredClone|Reflect\.has)$/;
