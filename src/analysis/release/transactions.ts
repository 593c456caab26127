import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { type CodePathSegment, type PathTracker } from './code-path';
import { settledUnreleased, underTestOf } from './every-exit';
import { staticString, walkAll, within } from '../syntax/ast';
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
  const sql = staticString(call.arguments[0]);
  if (sql === null) return null;
  let found: TransactionStatement | null = null;
  for (const statement of sql.split(';')) {
    const text = statement.trim().replace(/\s+/g, ' ').toUpperCase();
    if (startsWithAny(text, words('transactionBegins'))) found = 'begin';
    else if (startsWithAny(text, words('transactionEnds')) && !text.startsWith('ROLLBACK TO ')) found = 'end';
  }
  return found;
}


/** Does the statement (upper case, single-spaced) begin with one of `statements` as whole words? */
function startsWithAny(text: string, statements: ReadonlySet<string>): boolean {
  for (const w of statements) {
    const upper = w.toUpperCase();
    if (text === upper || text.startsWith(`${upper} `)) return true;
  }
  return false;
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
  open(c: Omit<TransactionCheck, 'begins' | 'ends' | 'returnMethods'>): OpenTransaction[] {
    return this.begins.length === 0 ? [] : openTransactions({ ...c, begins: this.begins, ends: this.ends, returnMethods: this.words('poolReturnMethods') });
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
  /** A client's own methods that hand it back to its pool (the registry's `poolReturnMethods`). */
  returnMethods: ReadonlySet<string>;
}

export interface OpenTransaction {
  begin: TSESTree.CallExpression;
  /** The statement literal (`'BEGIN'`), where the finding goes. */
  statement: TSESTree.Node;
  client: TSESTree.Identifier;
  /** The call that hands the client back (or settles the caller's callback) with the transaction still open. */
  handBack: TSESTree.CallExpression;
  /** `handBack` settles the caller's callback (`callback(err)`) rather than handing the client back. */
  settles: boolean;
}

/**
 * Transactions whose client is handed back to its pool on some path after `BEGIN` succeeded
 * without an end statement on that client (directly, in a same-file helper, or before the
 * callback of one runs) — or, after a callback `BEGIN`, whose path settles the caller's
 * callback (a parameter of a function around the one handed the client), after which nothing
 * ends it. A client that is never handed back is the pooled-client question's.
 */
export function openTransactions(c: TransactionCheck): OpenTransaction[] {
  const out: OpenTransaction[] = [];
  for (const begin of c.begins) {
    const callee = unwrapExpression(begin.callee);
    const client = callee.type === AST_NODE_TYPES.MemberExpression ? unwrapExpression(callee.object) : null;
    const fn = innermostFunction(begin);
    if (client?.type !== AST_NODE_TYPES.Identifier || !fn) continue;
    const handBack = handedBackOpen(c, begin, client, fn);
    if (handBack) out.push({ begin, statement: begin.arguments[0] ?? begin, client, ...handBack });
  }
  return out;
}

function handedBackOpen(c: TransactionCheck, begin: TSESTree.CallExpression, client: TSESTree.Identifier, fn: FunctionNode): { handBack: TSESTree.CallExpression; settles: boolean } | null {
  const same = (n: TSESTree.Node) => sameValue(n, client, c.scopeOf);
  const ends = c.ends.filter((e) => {
    const callee = unwrapExpression(e.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && same(callee.object);
  });
  // After a `BEGIN` with a callback, the transaction is open in that callback once its error is tested false.
  const cb = begin.arguments.at(-1);
  const after: FunctionNode | null = cb && isFunction(cb) ? cb : null;
  const failed = after?.params[0]?.type === AST_NODE_TYPES.Identifier ? after.params[0] : null;
  const holder = clientHolder(client, c.scopeOf);
  const release = holder && releaseParam(client, holder);
  const open = (r: TSESTree.CallExpression) => {
    if (!(after ? within(r, after) : within(r, fn) && r.range[0] > begin.range[1])) return false;
    if (failed && after && underTestOf(r, failed, after, c.scopeOf)) return false;
    if (!after && beginFailed(r, begin)) return false;
    return !ends.some((e) => e.arguments.some((a) => isFunction(a) && within(r, a))); // not in the end statement's callback
  };
  const all = c.releases.filter((r) => within(r, holder ?? fn) && returned(r, client, release, c) !== null);
  if (all.length === 0) return null; // never handed back: the pooled-client question's
  const handBacks = all.filter((r) => open(r) && returned(r, client, release, c) === 'pooled');
  const destroyed = all.filter((r) => returned(r, client, release, c) === 'destroyed');
  const settles = after && holder ? c.calls.filter((call) => open(call) && settlesCaller(call, holder, client, c.scopeOf)) : [];
  const ending = [...ends, ...destroyed, ...c.calls.filter((call) => endsIn(calledFunction(call, c.scopeOf(call)), ends))];
  const segs = (n: TSESTree.Node) => c.tracker.segmentsOf(n) ?? [];
  const releasing = new Set<CodePathSegment>(ending.flatMap(segs));
  // `if (tx) await client.query('BEGIN')` … `if (tx) await client.query('COMMIT')`: where the second `if` joins, it is ended either way.
  for (const { end, guard } of correlatedEnds(begin, ends, fn, c.scopeOf)) {
    for (const s of segs(end)) for (const next of s.nextSegments) if (within(c.tracker.startOf(next) ?? fn, guard)) releasing.add(next);
  }
  const bySegment = new Map<CodePathSegment, TSESTree.CallExpression>();
  for (const h of [...handBacks, ...settles]) for (const s of segs(h)) if (!bySegment.has(s)) bySegment.set(s, h);
  // `await client.query('BEGIN')`: its own function is walked from the statement; a callback from its start.
  const afterBegin = (seg: CodePathSegment) => ending.some((e) => e.range[0] > begin.range[1] && segs(e).includes(seg));
  for (const home of new Set([...handBacks, ...settles].map((h) => innermostFunction(h)))) {
    const fromBegin = !after && home === fn;
    const start = fromBegin ? segs(begin) : home ? [c.tracker.initialSegmentOf(home)].filter((s) => s !== undefined) : [];
    const at = settledUnreleased(start, (seg, isStart) => (fromBegin && isStart ? afterBegin(seg) : releasing.has(seg)), bySegment);
    if (at) return { handBack: at, settles: settles.includes(at) };
  }
  return null;
}

/** `try { await client.query('BEGIN') } catch (e) { client.release(); … }`: a catch whose try throws only from `BEGIN` itself. */
function beginFailed(r: TSESTree.Node, begin: TSESTree.CallExpression): boolean {
  for (let child: TSESTree.Node = r, p = r.parent; p && !isFunction(p); child = p, p = p.parent) {
    if (p.type !== AST_NODE_TYPES.TryStatement || child !== p.handler || !within(begin, p.block)) continue;
    let more = false;
    walkAll(p.block, (n) => {
      if (!more && n.range[0] > begin.range[1] && THROWING.has(n.type)) more = true;
    });
    return !more;
  }
  return false;
}

const THROWING = new Set<string>([AST_NODE_TYPES.CallExpression, AST_NODE_TYPES.NewExpression, AST_NODE_TYPES.AwaitExpression, AST_NODE_TYPES.ThrowStatement, AST_NODE_TYPES.YieldExpression]);

/**
 * Ends under an `if` on the same test as the `if` around `begin` (in `fn`), with that `if`: the ends that match a
 * conditional `BEGIN`; the segment where the `if` joins (one that starts inside it, not a `finally` it runs into) is past them.
 */
function correlatedEnds(begin: TSESTree.Node, ends: readonly TSESTree.CallExpression[], fn: FunctionNode, scopeOf: ScopeOf): { end: TSESTree.CallExpression; guard: TSESTree.IfStatement }[] {
  const first = guardOf(begin, fn);
  const out: { end: TSESTree.CallExpression; guard: TSESTree.IfStatement }[] = [];
  for (const end of first ? ends : []) {
    const guard = guardOf(end, fn);
    if (first && guard && guard !== first && sameTest(guard.test, first.test, scopeOf)) out.push({ end, guard });
  }
  return out;
}

function guardOf(n: TSESTree.Node, fn: FunctionNode): TSESTree.IfStatement | null {
  for (let child: TSESTree.Node = n, p = n.parent; p && p !== fn && !isFunction(p); child = p, p = p.parent) {
    if (p.type === AST_NODE_TYPES.IfStatement && p.consequent === child) return p;
  }
  return null;
}

/** `tx` and `tx`, `opts.tx` and `opts.tx`, `!a` and `!a`: the same test, by binding. */
function sameTest(a: TSESTree.Node, b: TSESTree.Node, scopeOf: ScopeOf): boolean {
  const x = unwrapExpression(a);
  const y = unwrapExpression(b);
  if (x.type === AST_NODE_TYPES.UnaryExpression && y.type === AST_NODE_TYPES.UnaryExpression) return x.operator === y.operator && sameTest(x.argument, y.argument, scopeOf);
  if (x.type === AST_NODE_TYPES.MemberExpression && y.type === AST_NODE_TYPES.MemberExpression && !x.computed && !y.computed) {
    return nameOf(x) === nameOf(y) && sameTest(x.object, y.object, scopeOf);
  }
  return (x.type === AST_NODE_TYPES.Identifier || x.type === AST_NODE_TYPES.ThisExpression) && sameValue(x, y, scopeOf);
}

/** A same-file function that runs an end statement on the client: `const rollback = (e) => client.query('ROLLBACK', …)`. */
function endsIn(helper: FunctionNode | null, ends: readonly TSESTree.CallExpression[]): boolean {
  return helper !== null && ends.some((e) => within(e, helper));
}

/** The function the client is handed to as a parameter (`pool.connect((err, client, release) => …)`), if it is one. */
function clientHolder(client: TSESTree.Identifier, scopeOf: ScopeOf): FunctionNode | null {
  const r = resolveReference(client, scopeOf(client));
  const def = r?.kind === 'local' ? r.variable.defs[0] : undefined;
  return def?.type === DefinitionType.Parameter && isFunction(def.node) && def.node.params[1] === def.name ? def.node : null;
}

/** `pool.connect((err, client, release) => …)`: the release function handed beside the client. */
function releaseParam(client: TSESTree.Identifier, holder: FunctionNode): TSESTree.Identifier | null {
  const third = holder.params[2];
  return holder.params[1]?.type === AST_NODE_TYPES.Identifier && holder.params[1].name === client.name && third?.type === AST_NODE_TYPES.Identifier ? third : null;
}

/**
 * `callback(err)`: a call of the last parameter (Node's callback position) of a function around
 * `holder`, the caller's own callback, that does not hand the client over (`callback(null, client)`).
 * An earlier parameter (`onRow(row)`) may be called per event while the transaction goes on.
 */
function settlesCaller(call: TSESTree.CallExpression, holder: FunctionNode, client: TSESTree.Identifier, scopeOf: ScopeOf): boolean {
  const callee = unwrapExpression(call.callee);
  const r = callee.type === AST_NODE_TYPES.Identifier ? resolveReference(callee, scopeOf(callee)) : null;
  const def = r?.kind === 'local' ? r.variable.defs[0] : undefined;
  if (def?.type !== DefinitionType.Parameter || def.node === holder || !within(holder, def.node) || !isFunction(def.node) || def.node.params.at(-1) !== def.name) return false;
  return !call.arguments.some((a) => sameValue(a, client, scopeOf));
}

/**
 * `client.release()` or the handed `release()`: back to the pool. Given an error (or `true`),
 * node-postgres destroys the client instead, and the transaction ends with its connection.
 */
function returned(call: TSESTree.CallExpression, client: TSESTree.Identifier, release: TSESTree.Identifier | null, c: Pick<TransactionCheck, 'scopeOf' | 'returnMethods'>): 'pooled' | 'destroyed' | null {
  const { scopeOf } = c;
  const callee = unwrapExpression(call.callee);
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? nameOf(callee) : null;
  const own = name !== null && c.returnMethods.has(name) && sameValue((callee as TSESTree.MemberExpression).object, client, scopeOf);
  if (!own && !(release && sameValue(callee, release, scopeOf))) return null;
  const arg = call.arguments[0] && unwrapExpression(call.arguments[0]);
  return arg?.type === AST_NODE_TYPES.Identifier || (arg?.type === AST_NODE_TYPES.Literal && arg.value === true) ? 'destroyed' : 'pooled';
}
