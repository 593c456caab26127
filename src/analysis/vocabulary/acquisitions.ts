import { type JSONSchema, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { hasNameWord, ownName } from '../syntax/ast';
import { type ScopeOf } from '../scope/identity';
import { memberName, nameOf, resolveReference, unwrapExpression } from '../scope/references';
import { type ReleaseShape, releaseNames } from '../release/releases';
import { type VocabularyEntry, pairsFrom } from './schema';
import { calledFunction, calleeBindingName, reachingNames } from '../syntax/functions';
import { type FunctionNode, isFunction } from '../syntax/nodes';
import { fateOf } from '../fate/fate';
import { type NameListKey, namesFor } from './registry';

/**
 * Acquisitions and their releases, as data. An acquisition is recognised by the call that
 * makes it: a function from an import source (`fs.open`), a global (`URL.createObjectURL`), a
 * constructor (`new Worker`), or a method whose receiver is proven to come from a database
 * module — or, where the receiver's origin is not in the file, is named like one (a registry
 * list, whole words). Its releases are a `ReleaseShape` (question 4).
 */
export interface AcquisitionSpec extends ReleaseShape {
  what: string;
  /** Method names on a receiver (`pool.connect()`), or function names from `sources`. */
  names: readonly string[];
  /** Method acquisitions: the receiver comes from one of `receiverModules`, or its name has a word of this list. */
  receiverWords?: NameListKey;
  /** Modules whose objects hand these out: a receiver made from one is proof, whatever its name. */
  receiverModules?: readonly string[];
  /** Method acquisitions recognised only by their receiver's provenance, or by the handle's own release calls. */
  byProvenance?: boolean;
  /** Import sources for function calls (`fs.open`, `createReadStream`). */
  sources?: readonly string[];
  /**
   * Those of `sources` whose function takes a Node-style callback last and hands the handle to it
   * (`fs.open(path, flags, cb)` from `fs`, not `fs/promises`): the call itself returns nothing to release.
   */
  callbackSources?: readonly string[];
  /** Global member calls: `URL.createObjectURL`. */
  globals?: readonly string[];
  /** `new Worker()`, from a global or one of `constructorSources`. */
  constructors?: readonly string[];
  constructorSources?: readonly string[];
  /** How to release, for messages; `{h}` stands for the handle. */
  hint?: string;
  /** `it = source[Symbol.asyncIterator]()`: the well-known symbols whose method acquires. */
  symbols?: readonly string[];
  /** Only an acquisition where the code releases it somewhere: many run to completion by themselves (a child process, an iterator). */
  confirmedByRelease?: boolean;
  /**
   * With a receiver known only by its name, only where the code releases the handle somewhere:
   * `x.getConnection()` is as often a getter of a shared connection (TypeORM's default
   * connection, a member of a client's own fixed pool with no check-in) as a check-out.
   */
  namedNeedsRelease?: boolean;
  /** Releasing in `finally` right after the block is the fix (not for URLs still in use, or transactions). */
  suggest: boolean;
  /** The handle has `Symbol.asyncDispose` (Node's `FileHandle`, streams, sockets), so `await using` can hold it: messages offer it only then. */
  disposable?: boolean;
}

/**
 * Modules whose clients and pools hand out connections, transactions and sessions. Not for
 * `connect()`: a `pg` `Client` connects itself, only a pool checks one out.
 */
const DATABASE_MODULES: readonly string[] = [
  'pg', 'pg-pool', 'mysql', 'mysql2', 'knex', 'sequelize', '@prisma/client', 'mongoose', 'mongodb', 'typeorm',
  '@mikro-orm/core', 'kysely', 'objection', 'pg-promise', 'oracledb', 'mssql', 'neo4j-driver', 'generic-pool',
];
const LOCK_MODULES: readonly string[] = ['async-mutex', 'async-lock', 'async-sema', 'await-semaphore', 'redlock'];
const BROWSER_MODULES: readonly string[] = ['puppeteer', 'puppeteer-core', 'puppeteer-extra'];

export const ACQUISITIONS: readonly AcquisitionSpec[] = [
  { what: 'pooled client', names: ['connect'], receiverWords: 'poolReceivers', methods: ['release', 'end', 'destroy'], functions: [], suggest: true },
  { what: 'pooled connection', names: ['getConnection', 'acquire'], receiverWords: 'connectionReceivers', receiverModules: DATABASE_MODULES, methods: ['release', 'end', 'destroy', 'close'], functions: [], namedNeedsRelease: true, suggest: true },
  { what: 'file handle', names: ['open'], sources: ['fs/promises', 'fs'], callbackSources: ['fs'], methods: ['close'], functions: ['close', 'closeSync'], hint: 'await {h}.close()', suggest: true, disposable: true },
  { what: 'file descriptor', names: ['openSync'], sources: ['fs'], methods: [], functions: ['close', 'closeSync'], hint: 'fs.closeSync({h})', suggest: true },
  { what: 'object URL', names: ['createObjectURL'], globals: ['URL'], methods: [], functions: ['revokeObjectURL'], hint: 'URL.revokeObjectURL({h})', suggest: false },
  { what: 'worker', names: [], constructors: ['Worker'], constructorSources: ['worker_threads'], methods: ['terminate'], functions: [], hint: 'await {h}.terminate()', suggest: true },
  { what: 'transaction', names: ['transaction', 'beginTransaction', 'startTransaction', 'startSession'], byProvenance: true, receiverModules: DATABASE_MODULES, methods: ['commit', 'rollback', 'abortTransaction', 'commitTransaction', 'endSession', 'release'], functions: [], hint: 'await {h}.rollback()', suggest: false },
  { what: 'stream', names: ['createReadStream'], sources: ['fs'], methods: ['destroy', 'close', 'end'], functions: [], selfReleaseOn: ['data'], suggest: false, disposable: true },
  { what: 'stream', names: ['createWriteStream'], sources: ['fs'], methods: ['destroy', 'close', 'end'], functions: [], suggest: false, disposable: true },
  { what: 'readline interface', names: ['createInterface'], sources: ['readline', 'readline/promises'], methods: ['close'], functions: [], selfReleaseOn: ['close'], suggest: true },
  { what: 'socket', names: ['connect', 'createConnection'], sources: ['net', 'tls'], methods: ['end', 'destroy', 'destroySoon'], functions: [], suggest: false, disposable: true },
  { what: 'browser', names: ['launch'], sources: BROWSER_MODULES, methods: ['close'], functions: [], hint: 'await {h}.close()', suggest: true },
  { what: 'browser page', names: ['newPage'], receiverWords: 'browserReceivers', receiverModules: BROWSER_MODULES, methods: ['close'], functions: [], hint: 'await {h}.close()', suggest: true },
  { what: 'temporary directory', names: ['mkdtemp', 'mkdtempSync'], sources: ['fs'], methods: [], functions: ['rm', 'rmSync', 'rmdir', 'rmdirSync'], hint: 'await rm({h}, { recursive: true, force: true })', confirmedByRelease: true, suggest: true },
  { what: 'child process', names: ['spawn'], sources: ['child_process'], methods: ['kill'], functions: [], hint: '{h}.kill()', confirmedByRelease: true, suggest: false },
  { what: 'iterator', names: [], symbols: ['asyncIterator', 'iterator'], methods: ['return'], functions: [], hint: 'await {h}.return?.()', confirmedByRelease: true, suggest: false },
  { what: 'lock', names: ['acquire', 'lock'], receiverWords: 'lockReceivers', receiverModules: LOCK_MODULES, methods: ['release', 'unlock'], functions: [], handleIsRelease: true, receiverMethods: ['release', 'unlock'], suggest: true },
];

/**
 * Fast path only: a file whose text calls none of the names cannot acquire. Written from the `(`
 * back (a lookbehind): the names share no first letter, and the words they start (`open…`, `lock…`)
 * are common, so matching them first and then looking for the `(` scanned the text at twice the cost.
 */
export const ACQUISITION_TEXT = /\((?<=\b(?:connect|getConnection|acquire|open|openSync|createObjectURL|transaction|beginTransaction|startTransaction|startSession|createReadStream|createWriteStream|createInterface|createConnection|lock|launch|newPage|mkdtemp|mkdtempSync|spawn)\s*\()|\bWorker\b|Symbol\.(?:asyncIterator|iterator)\]\s*\(/;

export const ACQUISITION_NAMES = new Set(ACQUISITIONS.flatMap((a) => a.names));

export interface AcquisitionMatch {
  spec: AcquisitionSpec;
  /** The object a method acquisition was called on (`pool` in `pool.connect()`). */
  receiver: TSESTree.Node | null;
  /** The receiver's origin was not proven: the handle's own release calls must confirm it. */
  needsRelease: boolean;
  /** The handle goes to the callback the call is given, not to its result (`callbackSources`). */
  viaCallback?: boolean;
}

/** One acquisition found in a file. */
export interface Acquisition extends AcquisitionMatch {
  call: TSESTree.CallExpression | TSESTree.NewExpression;
  /** `pool.connect()` or `fs.open()`: how the acquisition reads in messages. */
  label: string;
  fn: FunctionNode;
}

/**
 * Which acquisition `node` is, if any. `words` reads a registry list (with the user's
 * additions); provenance is asked first, names last.
 */
export function matchAcquisition(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  specs: readonly AcquisitionSpec[],
  scopeOf: ScopeOf,
  words: (key: NameListKey) => ReadonlySet<string>,
): AcquisitionMatch | null {
  const callee = unwrapExpression(node.callee);
  if (node.type === AST_NODE_TYPES.NewExpression) {
    if (callee.type !== AST_NODE_TYPES.Identifier) return null;
    const spec = specs.find((s) => s.constructors?.includes(callee.name));
    const r = spec ? resolveReference(callee, scopeOf(node)) : null;
    const ok = r && (r.kind === 'global' || (r.kind === 'import' && (spec?.constructorSources ?? []).includes(r.source)));
    return spec && ok ? { spec, receiver: null, needsRelease: false } : null;
  }
  const symbol = symbolMethod(callee);
  if (symbol !== null) {
    const spec = specs.find((s) => s.symbols?.includes(symbol));
    return spec && callee.type === AST_NODE_TYPES.MemberExpression ? { spec, receiver: unwrapExpression(callee.object), needsRelease: true } : null;
  }
  const name = nameOf(callee);
  if (name === null) return null;
  for (const spec of specs) {
    if (!spec.names.includes(name)) continue;
    if (spec.sources || spec.globals) {
      const r = resolveReference(callee, scopeOf(node));
      if (spec.globals && r?.kind === 'global' && spec.globals.some((g) => r.name === `${g}.${name}`)) return { spec, receiver: null, needsRelease: false };
      if (spec.sources && r?.kind === 'import' && r.name === name && spec.sources.some((s) => r.source === s || r.source === `${s}/promises`)) {
        return { spec, receiver: null, needsRelease: spec.confirmedByRelease === true, viaCallback: spec.callbackSources?.includes(r.source) === true };
      }
      continue;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const receiver = unwrapExpression(callee.object);
    if (spec.receiverModules && fromModule(receiver, spec.receiverModules, scopeOf)) return { spec, receiver, needsRelease: spec.confirmedByRelease === true };
    if (spec.byProvenance) return { spec, receiver, needsRelease: true };
    if (!spec.receiverWords) return { spec, receiver, needsRelease: false };
    const own = ownName(receiver);
    if (own !== null && hasNameWord(own, words(spec.receiverWords))) return { spec, receiver, needsRelease: spec.namedNeedsRelease === true };
  }
  return null;
}

/** `x[Symbol.asyncIterator]` → `asyncIterator`: a method named by a well-known symbol. */
export function symbolMethod(callee: TSESTree.Node): string | null {
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !callee.computed) return null;
  const key = unwrapExpression(callee.property);
  if (key.type !== AST_NODE_TYPES.MemberExpression || key.computed || key.property.type !== AST_NODE_TYPES.Identifier) return null;
  const sym = unwrapExpression(key.object);
  return sym.type === AST_NODE_TYPES.Identifier && sym.name === 'Symbol' ? key.property.name : null;
}

/**
 * Was `node` made by one of `modules`: imported from it, or a variable initialised by a
 * `new`/call rooted at such an import (`const pool = new Pool()`, `const db = knex(cfg)`)?
 */
export function fromModule(node: TSESTree.Node, modules: readonly string[], scopeOf: ScopeOf, depth = 0): boolean {
  let n = unwrapExpression(node);
  for (;;) {
    if (n.type === AST_NODE_TYPES.AwaitExpression) n = unwrapExpression(n.argument);
    else if (n.type === AST_NODE_TYPES.NewExpression || n.type === AST_NODE_TYPES.CallExpression) n = unwrapExpression(n.callee);
    else if (n.type === AST_NODE_TYPES.MemberExpression && n.object.type !== AST_NODE_TYPES.ThisExpression) n = unwrapExpression(n.object);
    else break;
  }
  if (n.type !== AST_NODE_TYPES.Identifier) return false;
  const r = resolveReference(n, scopeOf(n));
  if (r?.kind === 'import') return modules.some((m) => r.source === m || r.source.startsWith(`${m}/`));
  if (r?.kind !== 'local' || depth > 2) return false;
  const def = r.variable.defs[0]?.node;
  return def?.type === AST_NODE_TYPES.VariableDeclarator && def.init !== null && fromModule(def.init, modules, scopeOf, depth + 1);
}

/**
 * `const page = await browser.newPage()` on a `browser` acquired in the file (one of `made`):
 * the child closes with its parent, which is checked on its own.
 */
export function madeFromHandle(receiver: TSESTree.Node | null, made: ReadonlySet<TSESTree.Node>, scopeOf: ScopeOf): boolean {
  const r = receiver?.type === AST_NODE_TYPES.Identifier ? resolveReference(receiver, scopeOf(receiver)) : null;
  const def = r?.kind === 'local' ? r.variable.defs[0]?.node : undefined;
  const init = def?.type === AST_NODE_TYPES.VariableDeclarator && def.init ? unwrapExpression(def.init) : null;
  return init !== null && made.has(init.type === AST_NODE_TYPES.AwaitExpression ? unwrapExpression(init.argument) : init);
}

/** A call worth keeping as a possible same-file helper call: `startRecording(path)`, `this.closePage(page)`. */
export function mayCallHelper(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return callee.type === AST_NODE_TYPES.Identifier || (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression);
}

/**
 * Calls of same-file helpers that hand back what they acquired (`return spawn('ffmpeg', args)`):
 * the caller holds the acquisition (`const ffmpeg = startRecording(out)`). `returning` maps each
 * such helper to the acquisition it returns.
 */
export function helperAcquisitions<T extends { call: TSESTree.Node; fn: TSESTree.Node }>(
  calls: readonly TSESTree.CallExpression[],
  acquisitions: readonly T[],
  scopeOf: ScopeOf,
): { call: TSESTree.CallExpression; of: T }[] {
  const returning = new Map<TSESTree.Node, T>();
  for (const a of acquisitions) if (fateOf(a.call.parent?.type === AST_NODE_TYPES.AwaitExpression ? a.call.parent : a.call).kind === 'returned') returning.set(a.fn, a);
  const out: { call: TSESTree.CallExpression; of: T }[] = [];
  if (returning.size === 0) return out;
  // Only a call spelled with a returning helper's name can reach it: the scope is looked up for those.
  const names = new Set<string>();
  for (const fn of returning.keys()) if (isFunction(fn)) for (const n of reachingNames(fn)) names.add(n);
  for (const call of calls) {
    const name = calleeBindingName(call);
    if (name === null || !names.has(name)) continue;
    const helper = calledFunction(call, scopeOf(call));
    const of = helper ? returning.get(helper) : undefined;
    if (of) out.push({ call, of });
  }
  return out;
}

/**
 * A handle the API hands to a function rather than returning it: an error-first callback
 * (`pool.getConnection((err, con) => …)`) or the fulfilment handler of the acquiring promise
 * (`pool.connect().then((client) => …)`). `lock.run(async () => …)` or
 * `pool.connect((err, client, done) => …)` hold it, or hand over a release function, themselves: null.
 */
export function handedHandle(call: TSESTree.CallExpression | TSESTree.NewExpression, spec: AcquisitionSpec): { fn: FunctionNode; handle: TSESTree.Identifier; errorParam?: TSESTree.Identifier; via: 'callback' | 'then' } | null {
  if (spec.handleIsRelease) return null;
  const member = call.parent;
  const then = member.type === AST_NODE_TYPES.MemberExpression && member.object === call && memberName(member) === 'then' && member.parent.type === AST_NODE_TYPES.CallExpression ? member.parent.arguments[0] : undefined;
  if (then && isFunction(then) && then.params[0]?.type === AST_NODE_TYPES.Identifier) return { fn: then, handle: then.params[0], via: 'then' };
  const fn = call.arguments.find((a) => isFunction(a));
  if (!fn || !isFunction(fn) || fn.params.length !== 2) return null;
  const [err, handle] = fn.params;
  return err?.type === AST_NODE_TYPES.Identifier && handle?.type === AST_NODE_TYPES.Identifier ? { fn, handle, errorParam: err, via: 'callback' } : null;
}

/** A user's acquire/release pair (`no-leaked-resource`'s `pairs` option). */
export interface Pair {
  acquire: string;
  release: string;
  source?: string;
}

export const PAIRS_OPTIONS_SCHEMA: JSONSchema.JSONSchema4ObjectSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pairs: {
      type: 'array',
      description: 'Extra acquire/release pairs: `{ acquire: "checkout", release: "checkin" }` (methods), with an optional import source; an alias of `settings.leaks.vocabulary` entries of the `resource` family.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['acquire', 'release'],
        properties: {
          acquire: { type: 'string', description: 'Method or function that acquires.' },
          release: { type: 'string', description: 'Method on the handle (or function taking it) that releases.' },
          source: { type: 'string', description: 'Import source of the acquiring function, when it is one.' },
        },
      },
    },
  },
};

/** The user's pairs as specs: released by the method on the handle, or a function taking it. */
export function pairSpecs(pairs: readonly Pair[]): AcquisitionSpec[] {
  return pairs.map((p) => ({
    what: 'resource', names: [p.acquire], methods: [p.release], functions: [p.release], suggest: false, ...(p.source ? { sources: [p.source] } : {}),
  }));
}

export interface AcquisitionVocabulary {
  /** The user's own specs: the rule's `pairs` and `resource` entries of `settings.leaks.vocabulary`. */
  extra: readonly AcquisitionSpec[];
  specs: readonly AcquisitionSpec[];
  /** Every acquiring name, for the per-call check. */
  names: ReadonlySet<string>;
  /** Every releasing method or function name, a pooled client's return-to-pool methods too: only such calls are kept as possible releases. */
  releaseNames: ReadonlySet<string>;
}

const vocabularies = new WeakMap<object, { settings: object; vocabulary: AcquisitionVocabulary }>();

/**
 * The acquisitions a file is checked for. ESLint hands every file the same option objects and
 * the settings parse is kept by identity, so this is made once per configuration, not per file.
 */
export function acquisitionVocabulary(options: { pairs?: readonly Pair[] }, settings: { vocabulary: readonly VocabularyEntry[] } & Parameters<typeof namesFor>[0]): AcquisitionVocabulary {
  const known = vocabularies.get(options);
  if (known?.settings === settings) return known.vocabulary;
  const extra = pairSpecs([...(options.pairs ?? []), ...pairsFrom(settings.vocabulary)]);
  const specs = [...ACQUISITIONS, ...extra];
  const vocabulary = { extra, specs, names: new Set([...ACQUISITION_NAMES, ...extra.flatMap((e) => e.names)]), releaseNames: new Set([...specs.flatMap(releaseNames), ...namesFor(settings, 'poolReturnMethods')]) };
  vocabularies.set(options, { settings, vocabulary });
  return vocabulary;
}

/** How to release `handle`, as the message and the suggestion write it. */
export function releaseHint(spec: AcquisitionSpec, handle: string): string {
  if (spec.hint) return spec.hint.replace('{h}', handle);
  if (spec.handleIsRelease) return `${handle}()`;
  return spec.methods[0] ? `${handle}.${spec.methods[0]}()` : `${spec.functions[0] ?? 'release'}(${handle})`;
}
