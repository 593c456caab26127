import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { type CodePathSegment, type PathTracker, findUnreleasedExit } from './code-path';
import { walkAll, walkOwn, within } from '../syntax/ast';
import { type FunctionNode, innermostFunction, isFunction, isLoop } from '../syntax/nodes';
import { isPromiseExecutor } from '../frequency/callbacks';
import { memberName, unwrapExpression } from '../scope/references';
import { type ScopeOf, sameValue } from '../scope/identity';

/**
 * Question 4: is a handle released on every exit? One walk over ESLint's code paths for every
 * family. The region is a function (a resource must be released before its call returns) or
 * one loop turn (a timer must be cleared before the next turn starts). `finally`, a release
 * guarded by a test of the handle, and — where asked — an `await` that throws past the
 * release are decided here, not by the rules.
 */
export interface ExitCheck {
  tracker: PathTracker;
  /** The recorded node that acquires: the walk starts from its segments. */
  acquired: TSESTree.Node;
  /** Recorded calls that release the handle (from `releases()`); those outside the region are ignored. */
  releases: readonly TSESTree.CallExpression[];
  /** The function the acquisition runs in. */
  fn: TSESTree.Node;
  /** When set, the region is one turn of this loop instead of the whole function. */
  turn?: { readonly node: TSESTree.Node; readonly body: TSESTree.Node };
  /** `if (fd !== undefined) close(fd)`: where the test fails there is nothing to release. */
  handle?: TSESTree.Identifier;
  scopeOf: ScopeOf;
  /** Every `await` can reject past a release written after it. */
  awaitsThrow?: boolean;
}

export type Unreleased =
  | { kind: 'never' }
  /** `jump` is the `return`/`break`/`continue`/`throw` that leaves, when the graph shows one. */
  | { kind: 'exit'; jump: TSESTree.Node | null; start: TSESTree.Node | undefined }
  | { kind: 'throws'; at: TSESTree.AwaitExpression }
  /** A generator left at this `yield` by a consumer that stops (`return()`, a `for await` that breaks) exits through `finally` only. */
  | { kind: 'yield'; at: TSESTree.YieldExpression }
  /** A callback settles the promise the handle was acquired for (`reject(err)`) on a path that neither releases it nor hands it over. */
  | { kind: 'settles'; at: TSESTree.CallExpression }
  /** Released only in a fulfilment handler (`p.then(() => release())`): when `at` rejects, the release is skipped. */
  | { kind: 'rejects'; at: TSESTree.Node };

const JUMPS = new Set<string>([
  AST_NODE_TYPES.ReturnStatement, AST_NODE_TYPES.ThrowStatement, AST_NODE_TYPES.BreakStatement, AST_NODE_TYPES.ContinueStatement,
]);

/** The first path out of the region that passes no release, or null when every path releases. */
export function unreleasedExit(c: ExitCheck): Unreleased | null {
  if (heldByUsing(c.acquired)) return null;
  const { tracker } = c;
  const region = c.turn?.body ?? c.fn;
  const inRegion = c.releases.filter((r) => within(r, region));
  // `clearTimeout(this.t); this.t = setTimeout(…)`: every turn releases the one before.
  if (c.turn && inRegion.some((r) => r.range[0] < c.acquired.range[0])) return null;
  const after = inRegion.filter((r) => r.range[0] > c.acquired.range[0]);
  if (after.length === 0) return { kind: 'never' };
  const from = tracker.segmentsOf(c.acquired);
  if (!from) return null;
  const tries = finallyReleasing(after, region);
  if (tries.some((t) => within(c.acquired, t.block))) return null;
  const releasing = new Set<CodePathSegment>();
  for (const r of after) for (const s of tracker.segmentsOf(r) ?? []) releasing.add(s);
  if (c.handle) for (const g of guardedReleases(c.handle, after, c.scopeOf)) for (const s of tracker.segmentsStartingWithin(c.fn, g)) releasing.add(s);
  const turn = c.turn;
  const exit = findUnreleasedExit({
    from,
    loopEdges: tracker.loopEdges,
    releases: (seg, isStart) => {
      if (isStart) return after.some((r) => (tracker.segmentsOf(r) ?? []).includes(seg));
      if (releasing.has(seg)) return true;
      const start = tracker.startOf(seg);
      // The releasing `finally` entered from before its `try` (`finally { all.forEach((x) => release(x)) }`).
      return start !== undefined && tries.some((t) => within(start, t.block) || (t.handler !== null && within(start, t.handler)) || start === t.finalizer);
    },
    leaves: (seg) => {
      // Coming round to the acquisition again loses the old handle.
      if (from.includes(seg)) return true;
      if (!turn) return false;
      const start = tracker.startOf(seg);
      return start === undefined || !within(start, region) || start === turn.node;
    },
    ...(turn ? { endsAtEdge: (edge) => edge.node === turn.node || edge.node.type === AST_NODE_TYPES.ContinueStatement || (isLoop(edge.node) && within(turn.node, edge.node)) } : {}),
  });
  if (!turn && c.awaitsThrow) {
    const stop = stoppingYield(c.fn, c.acquired, after);
    if (stop) return { kind: 'yield', at: stop };
  }
  if (exit) return { kind: 'exit', jump: jumpOut(exit, c, region), start: tracker.startOf(exit) };
  if (!c.awaitsThrow) return null;
  const risky = throwingAwait(c.fn, c.acquired, after);
  return risky ? { kind: 'throws', at: risky } : null;
}

const JUMP_WORDS: Partial<Record<string, string>> = {
  [AST_NODE_TYPES.ReturnStatement]: 'return',
  [AST_NODE_TYPES.ThrowStatement]: 'throw',
  [AST_NODE_TYPES.BreakStatement]: 'break',
  [AST_NODE_TYPES.ContinueStatement]: 'continue',
};

/** `return`, `throw`, `break`, `continue`: the keyword of a jump, for messages. */
export function jumpWord(jump: TSESTree.Node): string | undefined {
  return JUMP_WORDS[jump.type];
}

/** How a message says which exit is not released: `on the early \`return\` on line 4`, `if \`task()\` throws (line 17)`. */
export function describeExit(verdict: Unreleased, text: (n: TSESTree.Node) => string): string {
  switch (verdict.kind) {
    case 'never':
      return 'at all';
    case 'exit':
      return verdict.jump ? `on the ${verdict.jump.type === AST_NODE_TYPES.ReturnStatement ? 'early ' : ''}\`${jumpWord(verdict.jump) ?? 'jump'}\` on line ${verdict.jump.loc.start.line}` : 'on every path';
    case 'yield':
      return `when the consumer stops at the \`yield\` on line ${verdict.at.loc.start.line} (only \`finally\` runs then)`;
    case 'rejects': {
      const at = unwrapExpression(verdict.at);
      return `if \`${at.type === AST_NODE_TYPES.CallExpression ? `${text(at.callee)}()` : text(at)}\` rejects (line ${at.loc.start.line})`;
    }
    case 'settles':
      return `on the path that settles through \`${text(verdict.at.callee)}()\` on line ${verdict.at.loc.start.line}`;
    case 'throws': {
      const arg = verdict.at.argument;
      const call = arg.type === AST_NODE_TYPES.CallExpression ? arg : arg.type === AST_NODE_TYPES.ChainExpression && arg.expression.type === AST_NODE_TYPES.CallExpression ? arg.expression : null;
      return `if \`${call ? `${text(call.callee)}()` : 'the awaited call'}\` throws (line ${verdict.at.loc.start.line})`;
    }
  }
}

export interface SettleCheck {
  tracker: PathTracker;
  /** The function the handle is held in (the executor, or the callback that received it). */
  fn: FunctionNode;
  handle: TSESTree.Identifier;
  /** Recorded calls that release the handle (anywhere under `fn`). */
  releases: readonly TSESTree.CallExpression[];
  /** Recorded calls under `fn`: the settle calls are found among them. */
  calls: readonly TSESTree.CallExpression[];
  /** `(err, con) => …`: paths under a test of `err` hold no handle. */
  errorParam?: TSESTree.Identifier;
  scopeOf: ScopeOf;
}

/**
 * A handle held across callbacks for a promise (`new Promise((resolve, reject) => { const s =
 * net.connect(); setTimeout(() => reject(…)); s.once('error', (e) => { s.destroy(); reject(e); }) })`):
 * each callback that settles the promise must release the handle or hand it over
 * (`resolve(s)`) on that path; once settled nobody else will. The first settle that does not.
 */
export function unreleasedSettle(c: SettleCheck): Unreleased | null {
  const executor = settlingExecutor(c.fn);
  if (!executor) return null;
  const settlers = executor.params.filter((p): p is TSESTree.Identifier => p.type === AST_NODE_TYPES.Identifier);
  const settles = c.calls.filter((call) => {
    const callee = unwrapExpression(call.callee);
    if (!within(call, c.fn) || !settlers.some((s) => sameValue(callee, s, c.scopeOf))) return false;
    if (call.arguments.some((a) => sameValue(unwrapExpression(a), c.handle, c.scopeOf))) return false; // `resolve(socket)`: handed over
    return !(c.errorParam && underTestOf(call, c.errorParam, c.fn, c.scopeOf));
  });
  if (settles.length === 0) return null;
  const releasing = new Set<CodePathSegment>();
  for (const r of c.releases) for (const s of c.tracker.segmentsOf(r) ?? []) releasing.add(s);
  const bySegment = new Map<CodePathSegment, TSESTree.CallExpression>();
  for (const call of settles) for (const s of c.tracker.segmentsOf(call) ?? []) if (!bySegment.has(s)) bySegment.set(s, call);
  const homes = new Set(settles.map((call) => innermostFunction(call)));
  for (const home of homes) {
    const start = home ? c.tracker.initialSegmentOf(home) : undefined;
    const at = start ? settledUnreleased([start], (seg) => releasing.has(seg), bySegment) : null;
    if (at) return { kind: 'settles', at };
  }
  return null;
}

/**
 * The walk of `unreleasedSettle`, for any pair of "settling" and "releasing" calls: follow the
 * code path from `from` carrying the first settle seen (`bySegment`); a segment that
 * `releases` ends the path (`isStart` for the segments walked from). The first settle that
 * reaches the end of its path unreleased, or null.
 */
export function settledUnreleased(
  from: readonly CodePathSegment[],
  releases: (seg: CodePathSegment, isStart: boolean) => boolean,
  bySegment: ReadonlyMap<CodePathSegment, TSESTree.CallExpression>,
): TSESTree.CallExpression | null {
  const seen = new Set<string>();
  const work: { seg: CodePathSegment; settled: TSESTree.CallExpression | null; start: boolean }[] = from.map((seg) => ({ seg, settled: null, start: true }));
  while (work.length > 0) {
    const item = work.pop();
    if (!item || releases(item.seg, item.start)) continue;
    const settled = item.settled ?? bySegment.get(item.seg) ?? null;
    const key = `${item.seg.id}:${settled ? 1 : 0}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (item.seg.nextSegments.length === 0 && settled) return settled;
    for (const next of item.seg.nextSegments) if (next.reachable) work.push({ seg: next, settled, start: false });
  }
  return null;
}

const CHAIN = new Set(['then', 'catch', 'finally']);

/**
 * A handle held by a promise chain (`pool.connect().then((cli) => cli.query(q).then((r) => { cli.release(); … }))`):
 * a release that sits only in fulfilment handlers is skipped when the promise before it
 * rejects, unless a rejection handler further down the chain (`.catch`, `.finally`, a
 * second `.then` argument) releases it too. The promise whose rejection skips it.
 */
export function unreleasedOnRejection(holder: FunctionNode, rels: readonly TSESTree.CallExpression[], opts: { anyRejectionHandler?: boolean } = {}): Unreleased | null {
  const inHolder = rels.filter((r) => within(r, holder));
  if (inHolder.length === 0) return null;
  let skipped: TSESTree.CallExpression | null = null;
  for (const r of inHolder) {
    const then = fulfilmentOnly(r, holder);
    if (!then) return null; // released on the holder's own path: question for the straight-path walk
    // A timer's `op.then(clear, reject)`: the rejection is handled, and the timer only settles a settled promise.
    if (opts.anyRejectionHandler && then.arguments.length > 1) continue;
    if (!coveredOnRejection(then, rels)) skipped ??= then;
  }
  const callee = skipped ? skipped.callee : null;
  return callee?.type === AST_NODE_TYPES.MemberExpression ? { kind: 'rejects', at: callee.object } : null;
}

/** The `.then(onFulfilled)` call, inside `holder`, whose fulfilment handler holds `r`. */
function fulfilmentOnly(r: TSESTree.Node, holder: FunctionNode): TSESTree.CallExpression | null {
  for (let fn = innermostFunction(r); fn && fn !== holder; fn = innermostFunction(fn)) {
    const call = fn.parent;
    if (call.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === fn && call.callee.type === AST_NODE_TYPES.MemberExpression && memberName(call.callee) === 'then') return call;
  }
  return null;
}

/** Does a rejection handler of `then` itself or of the chain it continues into (through returned handlers) release? */
function coveredOnRejection(then: TSESTree.CallExpression, rels: readonly TSESTree.CallExpression[]): boolean {
  const releasesIn = (h: TSESTree.Node | undefined) => h !== undefined && rels.some((r) => within(r, h));
  if (releasesIn(then.arguments[1])) return true;
  let n: TSESTree.Node = then;
  for (let depth = 0; depth < 20; depth++) {
    const p = n.parent as TSESTree.Node | undefined;
    if (!p) return false;
    if (p.type === AST_NODE_TYPES.MemberExpression && p.object === n && CHAIN.has(memberName(p) ?? '') && p.parent.type === AST_NODE_TYPES.CallExpression) {
      const call: TSESTree.CallExpression = p.parent;
      if (releasesIn(memberName(p) === 'then' ? call.arguments[1] : call.arguments[0])) return true;
      n = call;
      continue;
    }
    // returned from a handler: the chain goes on from the call that handler was given to
    const fn: FunctionNode | null = p.type === AST_NODE_TYPES.ReturnStatement ? innermostFunction(p) : p.type === AST_NODE_TYPES.ArrowFunctionExpression && p.body === n ? p : null;
    const outer: TSESTree.Node | undefined = fn?.parent;
    if (outer?.type !== AST_NODE_TYPES.CallExpression || outer.callee.type !== AST_NODE_TYPES.MemberExpression || !CHAIN.has(memberName(outer.callee) ?? '')) return false;
    n = outer;
  }
  return false;
}

/** The promise executor `fn` is, or is nested in (through callbacks), if any. */
function settlingExecutor(fn: TSESTree.Node): FunctionNode | null {
  for (let n: TSESTree.Node | undefined = fn; n; n = n.parent) if (isFunction(n) && isPromiseExecutor(n)) return n;
  return null;
}

/** Inside the consequent of an `if` (in `fn`) whose test reads `param`: `if (err) return reject(err)`. */
export function underTestOf(n: TSESTree.Node, param: TSESTree.Identifier, fn: TSESTree.Node, scopeOf: ScopeOf): boolean {
  for (let child: TSESTree.Node = n, p = n.parent; p && p !== fn; child = p, p = p.parent) {
    if (p.type === AST_NODE_TYPES.IfStatement && p.consequent === child && tests(p.test, param, scopeOf)) return true;
  }
  return false;
}

/** `using h = acquire()` / `await using h = await acquire()`: disposed on every exit by the language. */
function heldByUsing(node: TSESTree.Node): boolean {
  const value = node.parent?.type === AST_NODE_TYPES.AwaitExpression ? node.parent : node;
  const decl = value.parent;
  return decl?.type === AST_NODE_TYPES.VariableDeclarator && decl.init === value && (decl.parent.kind === 'using' || decl.parent.kind === 'await using');
}

/** The jump that ends `seg` (or a segment just before it), after the acquisition and inside the region. */
function jumpOut(seg: CodePathSegment, c: ExitCheck, region: TSESTree.Node): TSESTree.Node | null {
  for (const s of [seg, ...seg.prevSegments]) {
    let n = c.tracker.startOf(s);
    if (n?.type === AST_NODE_TYPES.BlockStatement && n.body.length > 0) n = n.body.at(-1);
    if (n?.type === AST_NODE_TYPES.IfStatement) n = n.consequent;
    if (n?.type === AST_NODE_TYPES.BlockStatement && n.body.length > 0) n = n.body.at(-1);
    if (n && JUMPS.has(n.type) && n.range[0] > c.acquired.range[1] && within(n, region)) return n;
  }
  return null;
}

/** `try` statements in the region whose `finally` releases. */
function finallyReleasing(rels: readonly TSESTree.CallExpression[], region: TSESTree.Node): TSESTree.TryStatement[] {
  const out: TSESTree.TryStatement[] = [];
  for (const r of rels) {
    let child: TSESTree.Node = r;
    for (let p: TSESTree.Node | undefined = r.parent; p && p !== region; child = p, p = p.parent) {
      if (p.type === AST_NODE_TYPES.TryStatement && p.finalizer === child) out.push(p);
    }
  }
  return out;
}

/** If-statements that test the handle itself and release it in their consequent. */
function guardedReleases(handle: TSESTree.Identifier, rels: readonly TSESTree.CallExpression[], scopeOf: ScopeOf): TSESTree.IfStatement[] {
  const out: TSESTree.IfStatement[] = [];
  for (const r of rels) {
    for (let p: TSESTree.Node | undefined = r.parent; p && !isFunction(p); p = p.parent) {
      if (p.type === AST_NODE_TYPES.IfStatement && within(r, p.consequent) && tests(p.test, handle, scopeOf)) out.push(p);
    }
  }
  return out;
}

function tests(test: TSESTree.Node, handle: TSESTree.Identifier, scopeOf: ScopeOf): boolean {
  let found = false;
  walkAll(test, (n) => {
    if (!found && n.type === AST_NODE_TYPES.Identifier && sameValue(n, handle, scopeOf)) found = true;
  });
  return found;
}

/**
 * Ownership that leaves at `handOff` (`return page`) leaves only on the paths that reach it:
 * an `await` before it that rejects, outside a `try` whose `catch` or `finally` releases,
 * leaves the handle with nobody (question 3 as a fact of a path).
 */
export function throwsBeforeHandOff(fn: TSESTree.Node, acquired: TSESTree.Node, handOff: TSESTree.Node, rels: readonly TSESTree.CallExpression[]): Unreleased | null {
  if (heldByUsing(acquired) || handOff.range[0] < acquired.range[1]) return null;
  const risky = throwingAwait(fn, acquired, rels, handOff.range[0]);
  return risky ? { kind: 'throws', at: risky } : null;
}

/** The first `await` between the acquisition and the first release (or `until`) that a rejection would skip past. */
function throwingAwait(fn: TSESTree.Node, acquired: TSESTree.Node, rels: readonly TSESTree.CallExpression[], until = Infinity): TSESTree.AwaitExpression | null {
  if (!isFunction(fn)) return null;
  const firstRelease = Math.min(until, ...rels.map((r) => r.range[0]));
  let found: TSESTree.AwaitExpression | null = null;
  walkOwn(fn, (n) => {
    if (n.type !== AST_NODE_TYPES.AwaitExpression || n.range[0] <= acquired.range[1] || n.range[0] >= firstRelease) return;
    if (coveredByTry(n, rels) || rels.some((r) => within(r, n))) return;
    if (!found || n.range[0] < found.range[0]) found = n;
  });
  return found;
}

/**
 * Inside a `try` whose `catch` or `finally` releases too; inside a `catch` whose `finally`
 * releases (`catch (e) { await client.query('ROLLBACK'); throw e } finally { client.release() }`);
 * or inside the releasing `finally` itself, before its release (`await cursor.close(); client.release()`).
 */
function coveredByTry(n: TSESTree.Node, rels: readonly TSESTree.CallExpression[]): boolean {
  let child: TSESTree.Node = n;
  for (let p = n.parent; p && !isFunction(p); child = p, p = p.parent) {
    if (p.type !== AST_NODE_TYPES.TryStatement) continue;
    const finalizer = p.finalizer;
    const guard = child === p.block ? [p.handler, finalizer] : child === p.handler || child === finalizer ? [finalizer] : [];
    if (rels.some((r) => guard.some((g) => g && within(r, g)))) return true;
  }
  return false;
}

/** Inside a `try` whose `finally` releases: the only code a generator's `return()` runs. */
function coveredByFinally(n: TSESTree.Node, rels: readonly TSESTree.CallExpression[]): boolean {
  let child: TSESTree.Node = n;
  for (let p = n.parent; p && !isFunction(p); child = p, p = p.parent) {
    if (p.type !== AST_NODE_TYPES.TryStatement || child === p.finalizer) continue;
    const finalizer = p.finalizer;
    if (finalizer && rels.some((r) => within(r, finalizer))) return true;
  }
  return false;
}

/**
 * The first `yield` of generator `fn` after the acquisition that a consumer's `return()` would
 * leave with the handle held: one not inside a `try` whose `finally` releases. A `catch` does
 * not run on `return()`.
 */
function stoppingYield(fn: TSESTree.Node, acquired: TSESTree.Node, rels: readonly TSESTree.CallExpression[]): TSESTree.YieldExpression | null {
  if (!isFunction(fn) || !fn.generator) return null;
  const lastRelease = Math.max(...rels.map((r) => r.range[0]));
  let found: TSESTree.YieldExpression | null = null;
  walkOwn(fn, (n) => {
    if (n.type !== AST_NODE_TYPES.YieldExpression || n.range[0] <= acquired.range[1] || n.range[0] > lastRelease) return;
    if (coveredByFinally(n, rels)) return;
    if (!found || n.range[0] < found.range[0]) found = n;
  });
  return found;
}
