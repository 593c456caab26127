/**
 * Acquisitions and their releases, as data. An acquisition is recognised by the call that
 * makes it (a method on a receiver, or a function from an import source); its releases are
 * calls on the handle (`client.release()`), calls taking the handle (`fs.close(fd)`), or
 * calling the handle itself (a mutex's `release` function).
 */
export interface AcquisitionSpec {
  what: string;
  /** Method names on a receiver (`pool.connect()`), or function names from `sources`. */
  names: readonly string[];
  /** When set, the receiver's text must match (collision-prone names like `connect`). */
  receiver?: RegExp;
  /** Import sources for function calls (`fs.open`, `createReadStream`). */
  sources?: readonly string[];
  /** Global member calls: `URL.createObjectURL`. */
  globals?: readonly string[];
  /** `new Worker()` */
  constructors?: readonly string[];
  /** Methods on the handle that release it. */
  release: readonly string[];
  /** Functions that release by taking the handle: `fs.close(fd)`, `URL.revokeObjectURL(url)`. */
  releaseCalls?: readonly string[];
  /** The handle is itself the release function (`const release = await mutex.acquire()`). */
  handleIsRelease?: boolean;
  /** How to release, for messages; `{h}` stands for the handle. */
  hint?: string;
  /** Releasing in `finally` right after the block is the fix (not for URLs still in use, or transactions). */
  suggest: boolean;
}

export const ACQUISITIONS: readonly AcquisitionSpec[] = [
  { what: 'pooled client', names: ['connect'], receiver: /pool/i, release: ['release', 'end', 'destroy'], suggest: true },
  { what: 'pooled connection', names: ['getConnection', 'acquire'], receiver: /pool|db|knex|sequelize|mysql/i, release: ['release', 'end', 'destroy', 'close'], suggest: true },
  { what: 'file handle', names: ['open'], sources: ['fs/promises', 'fs'], release: ['close'], releaseCalls: ['close', 'closeSync'], hint: 'await {h}.close()', suggest: true },
  { what: 'file descriptor', names: ['openSync'], sources: ['fs'], release: [], releaseCalls: ['close', 'closeSync'], hint: 'fs.closeSync({h})', suggest: true },
  { what: 'object URL', names: ['createObjectURL'], globals: ['URL'], release: [], releaseCalls: ['revokeObjectURL'], hint: 'URL.revokeObjectURL({h})', suggest: false },
  { what: 'worker', names: [], constructors: ['Worker'], release: ['terminate'], hint: 'await {h}.terminate()', suggest: true },
  { what: 'transaction', names: ['transaction', 'beginTransaction', 'startTransaction', 'startSession'], receiver: /db|sequelize|knex|prisma|conn|client|mongoose|pool|em|manager/i, release: ['commit', 'rollback', 'abortTransaction', 'commitTransaction', 'endSession', 'release'], hint: 'await {h}.rollback()', suggest: false },
  { what: 'stream', names: ['createReadStream', 'createWriteStream'], sources: ['fs'], release: ['destroy', 'close', 'end'], suggest: false },
  { what: 'readline interface', names: ['createInterface'], sources: ['readline', 'readline/promises'], release: ['close'], suggest: true },
  { what: 'socket', names: ['connect', 'createConnection'], sources: ['net', 'tls'], release: ['end', 'destroy', 'destroySoon'], suggest: false },
  { what: 'lock', names: ['acquire', 'lock'], receiver: /mutex|lock|semaphore|sem/i, release: ['release', 'unlock'], handleIsRelease: true, suggest: true },
];

/** Calls that take ownership of a stream or handle. */
export const OWNERSHIP_TAKERS = new Set(['pipeline', 'finished', 'pump', 'pipe', 'addCleanup', 'defer', 'use', 'adopt', 'register']);

/** A file can only acquire if its text calls one of the names: checked before registering visitors. */
export const ACQUISITION_TEXT = /\b(?:connect|getConnection|acquire|open|openSync|createObjectURL|transaction|beginTransaction|startTransaction|startSession|createReadStream|createWriteStream|createInterface|createConnection|lock)\s*\(|\bWorker\b/;

export const ACQUISITION_NAMES = new Set(ACQUISITIONS.flatMap((a) => a.names));
