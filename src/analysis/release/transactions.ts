import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { type CodePathSegment, type PathTracker } from './code-path';
import { settledUnreleased, underTestOf } from './every-exit';
import { within } from '../syntax/ast';
import { calledFunction } from '../syntax/functions';
import { type FunctionNode, innermostFunction, isFunction } from '../syntax/nodes';
import { nameOf, resolveReference, unwrapExpression } from '../scope/references';
import { type ScopeOf, sameValue } from '../scope/identity';
import { DefinitionType } from '../scope/scope-types';
import type { NameListKey } from '../vocabulary/registry';

/**
 * Question 4 for a transaction opened by SQL on a client (`client.query('BEGIN', cb)`,
 * `await client.query('BEGIN')`): the client must not go back to its pool before a `COMMIT`
 * or `ROLLBACK` runs on it, on any path, or the pool hands the open (perhaps aborted)
 * transaction to the client's next user. The statements are the protocol's words (the
 * registry's `transactionBegins`/`transactionEnds`); the walk is `unreleasedSettle`'s, with
 * the hand-backs as the settles and the ends as the releases.
 */
export type TransactionStatement = 'begin' | 'end';

type Words = (key: NameListKey) => ReadonlySet<string>;

/** `client.query('BEGIN')` → `'begin'`, `client.query('ROLLBACK', cb)` → `'end'`; the last transaction statement of the literal decides. */
export function transactionStatement(call: TSESTree.CallExpression, words: Words): TransactionStatement | null {
  const callee = unwrapExpression(call.callee);
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? nameOf(callee) : null;
  if (name === null || !words('sqlQueryMethods').has(name)) return null;
  const sql = literalText(call.arguments[0]);
  if (sql === null) return null;
  let found: TransactionStatement | null = null;
  for (const statement of sql.split(';')) {
    const text = statement.trim().replace(/\s+/g, ' ').toUpperCase();
    const starts = (w: string) => text === w.toUpperCase() || text.startsWith(`${w.toUpperCase()} `);
    if ([...words('transactionBegins')].some(starts)) found = 'begin';
    else if ([...words('transactionEnds')].some(starts) && !text.startsWith('ROLLBACK TO ')) found = 'end';
  }
  return found;
}

function literalText(arg: TSESTree.Node | undefined): string | null {
  const a = arg && unwrapExpression(arg);
  if (a?.type === AST_NODE_TYPES.Literal && typeof a.value === 'string') return a.value;
  if (a?.type === AST_NODE_TYPES.TemplateLiteral && a.expressions.length === 0) return a.quasis[0]?.value.cooked ?? null;
  return null;
}

/** A file's transaction statements, gathered while traversing (the caller records their segments). */
export class TransactionStatements {
  private readonly begins: TSESTree.CallExpression[] = [];
  private readonly ends: TSESTree.CallExpression[] = [];
  constructor(private readonly words: Words) {}

  /** Keep `call` if it runs a transaction statement; true when it does. */
  see(call: TSESTree.CallExpression): boolean {
    const statement = transactionStatement(call, this.words);
    if (statement) (statement === 'begin' ? this.begins : this.ends).push(call);
    return statement !== null;
  }

  /** The transactions handed back open (`openTransactions`). */
  open(c: Omit<TransactionCheck, 'begins' | 'ends'>): OpenTransaction[] {
    return this.begins.length === 0 ? [] : openTransactions({ ...c, begins: this.begins, ends: this.ends });
  }
}

export interface TransactionCheck {
  tracker: PathTracker;
  /** The recorded `BEGIN` query calls, and the recorded end statements of the file. */
  begins: readonly TSESTree.CallExpression[];
  ends: readonly TSESTree.CallExpression[];
  /** Recorded calls that may release a client (`client.release()`, a handed `release()`). */
  releases: readonly TSESTree.CallExpression[];
  /** Recorded calls of possible same-file helpers (`rollback(err)`). */
  calls: readonly TSESTree.CallExpression[];
  scopeOf: ScopeOf;
}

export interface OpenTransaction {
  begin: TSESTree.CallExpression;
  /** The statement literal (`'BEGIN'`), where the finding goes. */
  statement: TSESTree.Node;
  client: TSESTree.Identifier;
  /** The call that hands the client back with the transaction still open. */
  handBack: TSESTree.CallExpression;
}

/**
 * Transactions whose client is handed back to its pool on some path after `BEGIN` succeeded
 * without an end statement on that client (directly, in a same-file helper, or before the
 * callback of one runs). A client that is never handed back is the pooled-client question's.
 */
export function openTransactions(c: TransactionCheck): OpenTransaction[] {
  const out: OpenTransaction[] = [];
  for (const begin of c.begins) {
    const callee = unwrapExpression(begin.callee);
    const client = callee.type === AST_NODE_TYPES.MemberExpression ? unwrapExpression(callee.object) : null;
    const fn = innermostFunction(begin);
    if (client?.type !== AST_NODE_TYPES.Identifier || !fn) continue;
    const handBack = handedBackOpen(c, begin, client, fn);
    if (handBack) out.push({ begin, statement: begin.arguments[0] ?? begin, client, handBack });
  }
  return out;
}

function handedBackOpen(c: TransactionCheck, begin: TSESTree.CallExpression, client: TSESTree.Identifier, fn: FunctionNode): TSESTree.CallExpression | null {
  const same = (n: TSESTree.Node) => sameValue(n, client, c.scopeOf);
  const ends = c.ends.filter((e) => {
    const callee = unwrapExpression(e.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && same(callee.object);
  });
  // After a `BEGIN` with a callback, the transaction is open in that callback once its error is tested false.
  const cb = begin.arguments.at(-1);
  const after: FunctionNode | null = cb && isFunction(cb) ? cb : null;
  const failed = after?.params[0]?.type === AST_NODE_TYPES.Identifier ? after.params[0] : null;
  const release = releaseParam(client, c.scopeOf);
  const handBacks = c.releases.filter((r) => {
    if (!(after ? within(r, after) : within(r, fn) && r.range[0] > begin.range[1])) return false;
    if (failed && after && underTestOf(r, failed, after, c.scopeOf)) return false;
    if (ends.some((e) => e.arguments.some((a) => isFunction(a) && within(r, a)))) return false; // in the end statement's callback
    return handsBack(r, client, release, c.scopeOf);
  });
  if (handBacks.length === 0) return null;
  const ending = [...ends, ...c.calls.filter((call) => endsIn(calledFunction(call, c.scopeOf(call)), ends))];
  const segs = (n: TSESTree.Node) => c.tracker.segmentsOf(n) ?? [];
  const releasing = new Set<CodePathSegment>(ending.flatMap(segs));
  const bySegment = new Map<CodePathSegment, TSESTree.CallExpression>();
  for (const h of handBacks) for (const s of segs(h)) if (!bySegment.has(s)) bySegment.set(s, h);
  // `await client.query('BEGIN')`: its own function is walked from the statement; a callback from its start.
  const afterBegin = (seg: CodePathSegment) => ending.some((e) => e.range[0] > begin.range[1] && segs(e).includes(seg));
  for (const home of new Set(handBacks.map((h) => innermostFunction(h)))) {
    const fromBegin = !after && home === fn;
    const start = fromBegin ? segs(begin) : home ? [c.tracker.initialSegmentOf(home)].filter((s) => s !== undefined) : [];
    const at = settledUnreleased(start, (seg, isStart) => (fromBegin && isStart ? afterBegin(seg) : releasing.has(seg)), bySegment);
    if (at) return at;
  }
  return null;
}

/** A same-file function that runs an end statement on the client: `const rollback = (e) => client.query('ROLLBACK', …)`. */
function endsIn(helper: FunctionNode | null, ends: readonly TSESTree.CallExpression[]): boolean {
  return helper !== null && ends.some((e) => within(e, helper));
}

/** `pool.connect((err, client, release) => …)`: the release function handed beside the client. */
function releaseParam(client: TSESTree.Identifier, scopeOf: ScopeOf): TSESTree.Identifier | null {
  const r = resolveReference(client, scopeOf(client));
  const def = r?.kind === 'local' ? r.variable.defs[0] : undefined;
  if (def?.type !== DefinitionType.Parameter || !isFunction(def.node)) return null;
  const params = def.node.params;
  const third = params[2];
  return params[1] === def.name && third?.type === AST_NODE_TYPES.Identifier ? third : null;
}

/**
 * `client.release()` or the handed `release()`: back to the pool. Given an error (or `true`),
 * node-postgres destroys the client instead, and the transaction goes with its connection.
 */
function handsBack(call: TSESTree.CallExpression, client: TSESTree.Identifier, release: TSESTree.Identifier | null, scopeOf: ScopeOf): boolean {
  const callee = unwrapExpression(call.callee);
  const own = callee.type === AST_NODE_TYPES.MemberExpression && nameOf(callee) === 'release' && sameValue(callee.object, client, scopeOf);
  if (!own && !(release && sameValue(callee, release, scopeOf))) return false;
  const arg = call.arguments[0] && unwrapExpression(call.arguments[0]);
  return !(arg?.type === AST_NODE_TYPES.Identifier || (arg?.type === AST_NODE_TYPES.Literal && arg.value === true));
}
