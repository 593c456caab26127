/**
 * Collections and what grows or shrinks them, as data (question 5). Only plain arrays, Maps,
 * Sets and dictionary objects count: weak collections and bounded caches are the fix, not
 * the leak. The rule's `growthMethods`/`shrinkMethods` options extend these sets.
 */
export const COLLECTION_CONSTRUCTORS = new Set(['Array', 'Map', 'Set']);
export const BOUNDED_OR_WEAK = new Set([
  'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'LRUCache', 'LRU', 'QuickLRU', 'TTLCache', 'NodeCache', 'Keyv',
  'LruCache', 'LRUMap', 'BoundedMap', 'RingBuffer', 'CircularBuffer', 'FixedQueue',
]);

/** Methods that add entries. `splice` grows only when it inserts and removes none. */
export const GROWTH_METHODS: readonly string[] = ['push', 'unshift', 'set', 'add', 'splice'];
/** Methods that remove entries or reset the collection (`pop` is judged apart: it may balance a stack). */
export const SHRINK_METHODS: readonly string[] = ['shift', 'pop', 'splice', 'delete', 'clear'];
/** Reassignments that bound an array: `arr = arr.slice(-100)`, `arr = arr.filter(…)`. */
export const BOUNDING_REASSIGN_METHODS = new Set(['slice', 'filter', 'splice', 'subarray']);

/**
 * Fast path only: a file without any of these cannot declare a collection. A candidate is made where
 * a value is given (question 5, `growth/candidates.ts`): an array literal, empty or not, or an empty
 * object after `=` (a variable, a field, `this.x =`) or `:` (a record's field), or inside a cast
 * (`([] as T[])`, `<T[]>[]`; `>` only before `[`, since `=> {}` is an empty function); or a constructor.
 * Not any `[]` or `{}`: in TypeScript `string[]` and empty blocks are in most files, while
 * `const log = ['boot']` has neither. Each alternative starts at its rarest character and reads the rest back
 * (`\[(?<=[=:(>]\s*\[)` rather than `[=:(>]\s*\[`): `=`, `:`, `(` and `n` stand almost everywhere, `[`, `}` and
 * `Map` do not, and the same matches cost about three fifths as much.
 */
export const COLLECTION_TEXT = /\[(?<=[=:(>]\s*\[)|\}(?<=[=:(]\s*\{\s*\})|(?:Array|Map|Set)\b(?<=new (?:Array|Map|Set))|Object\.create\(null\)|Array\(|-client(?<=prom-client)/;

/** The rule's options, which extend the vocabulary above and the registry's `collectionBoundWords`. */
export const COLLECTION_OPTIONS_SCHEMA = [
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      checkClassFields: { type: 'boolean', description: 'Check collections held in class fields (instance and static).' },
      checkExported: { type: 'boolean', description: 'Also check collections that escape (exported, returned, passed to other modules).' },
      checkMemoCaches: { type: 'boolean', description: 'Also check memo caches (look up a key, compute and store on a miss): their size is bounded by their key domain.' },
      growthMethods: { type: 'array', items: { type: 'string' }, description: 'Extra methods that add entries (for custom collection types); added to the built-in growth methods.' },
      shrinkMethods: { type: 'array', items: { type: 'string' }, description: 'Extra methods that remove entries or reset the collection; added to the built-in shrink methods.' },
      maxSizeHints: { type: 'array', items: { type: 'string' }, description: 'Whole identifiers that, in a condition around growth, count as a size bound.' },
    },
  },
] as const;

/**
 * Collections that live inside a library: a labelled metric keeps one child series per
 * distinct set of label values, for the process (prom-client's registry). Growth is a call
 * that names label values; `remove`/`reset` evict.
 */
export interface LabelledMetrics {
  source: string;
  classes: readonly string[];
  /** Methods whose first argument is a label object (`inc({ path }, 1)`, `labels({ path })`). */
  labelCalls: readonly string[];
  /** Methods that return an end function taking the label object (`startTimer()` → `end({ path })`). */
  timerCalls: readonly string[];
  evictions: readonly string[];
}
export const LABELLED_METRICS: readonly LabelledMetrics[] = [
  { source: 'prom-client', classes: ['Counter', 'Gauge', 'Histogram', 'Summary'], labelCalls: ['labels', 'inc', 'dec', 'set', 'observe', 'startTimer'], timerCalls: ['startTimer'], evictions: ['remove', 'reset'] },
];
