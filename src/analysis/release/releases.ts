import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { type ScopeOf, sameValue } from '../scope/identity';
import { nameOf, resolveReference, unwrapExpression } from '../scope/references';
import { fateOf } from '../fate/fate';
import { RangeIndex, walkAll } from '../syntax/ast';
import { calledFunction } from '../syntax/functions';

/**
 * Question 4, part one: which calls release a handle. One shape serves every family: timers
 * (`clearTimeout(t)`, `sub.unsubscribe()`), resources (`client.release()`, `fs.close(fd)`, a
 * mutex's returned `release()`), and a paired call on the receiver that acquired
 * (`await lock.acquire(); … lock.release()`).
 */
export interface ReleaseShape {
  /** Methods on the handle that release it. */
  readonly methods: readonly string[];
  /** Functions (or methods of a namespace) that release the handle they are given. */
  readonly functions: readonly string[];
  /** The handle is itself the release function. */
  readonly handleIsRelease?: boolean;
  /** Methods on the acquiring receiver that release what it handed out. */
  readonly receiverMethods?: readonly string[];
  /**
   * Events whose listener shows the handle ends by itself (`s.on('data', …)`: a flowing read
   * stream closes on end or error, `autoClose`; `rl.on('close', …)`: a readline interface
   * closes when its input ends, and the code waits for that).
   */
  readonly selfReleaseOn?: readonly string[];
}

/** Callee names worth recording while traversing: a release is always one of these calls. */
export function releaseNames(shape: ReleaseShape): string[] {
  return [...shape.methods, ...shape.functions, ...(shape.receiverMethods ?? [])];
}

/**
 * Does `call` release one of `handles` (the handle and its aliases)? `receiver` is the object
 * the acquisition was called on, for shapes released by a paired call on it.
 */
export function releases(
  call: TSESTree.CallExpression,
  handles: readonly TSESTree.Node[],
  shape: ReleaseShape,
  scopeOf: ScopeOf,
  receiver?: TSESTree.Node | null,
): boolean {
  const callee = unwrapExpression(call.callee);
  const is = (n: TSESTree.Node): boolean => handles.some((h) => sameValue(n, h, scopeOf));
  if (shape.handleIsRelease && is(callee)) return true;
  const name = nameOf(callee);
  if (name === null) return false;
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    if (shape.methods.includes(name) && is(callee.object)) return true;
    if (receiver && shape.receiverMethods?.includes(name) && sameValue(callee.object, receiver, scopeOf)) return true;
  }
  return shape.functions.includes(name) && call.arguments.some((a) => is(a));
}

/**
 * The handle and the local variables that copy it (`const timer = t`): releasing a copy
 * releases the handle. One level deep, which is what code does in practice.
 */
export function aliasesOf(handle: TSESTree.Identifier, scopeOf: ScopeOf): TSESTree.Identifier[] {
  const out = [handle];
  const r = resolveReference(handle, scopeOf(handle));
  if (r?.kind !== 'local') return out;
  for (const ref of r.variable.references) {
    if (!ref.isRead()) continue;
    const id = ref.identifier as TSESTree.Identifier;
    // `fateOf` says `stored` only for a plain copy (`const x = t`), not for `const x = f(t)`.
    const fate = fateOf(id);
    if (fate.kind === 'argument') out.push(...elementsOf(fate.call, id, scopeOf));
    if (fate.kind !== 'stored' || fate.target.type !== AST_NODE_TYPES.Identifier || fate.target === handle) continue;
    const target = resolveReference(fate.target, scopeOf(fate.target));
    if (target?.kind === 'local') out.push(fate.target);
  }
  return out;
}

/**
 * Calls of same-file helpers that release the argument they are given (`await stopRecording(ffmpeg)`,
 * `this.closePage(page)`): a release at the call, for the path walk. One level deep.
 */
export function helperReleases(handles: readonly TSESTree.Identifier[], shape: ReleaseShape, scopeOf: ScopeOf): TSESTree.CallExpression[] {
  const out: TSESTree.CallExpression[] = [];
  for (const h of handles) {
    const r = resolveReference(h, scopeOf(h));
    if (r?.kind !== 'local') continue;
    for (const ref of r.variable.references) {
      const id = ref.identifier as TSESTree.Identifier;
      const call = id.parent as TSESTree.Node | undefined;
      if (!ref.isRead() || call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(id)) continue;
      const helper = calledFunction(call, scopeOf(call));
      const param = helper?.params[call.arguments.indexOf(id)];
      if (!helper || param?.type !== AST_NODE_TYPES.Identifier) continue;
      if (releasesIn(helper, param, shape, scopeOf)) out.push(call);
    }
  }
  return out;
}

function releasesIn(fn: TSESTree.Node, handle: TSESTree.Identifier, shape: ReleaseShape, scopeOf: ScopeOf): boolean {
  const found: TSESTree.Node[] = [];
  walkAll(fn, (n) => {
    if (found.length === 0 && n.type === AST_NODE_TYPES.CallExpression && releases(n, [handle], shape, scopeOf)) found.push(n);
  });
  return found.length > 0;
}

/** `locks[id]` → `locks`: an entry of a collection stands for the collection. */
function collectionOf(node: TSESTree.Node): TSESTree.Node {
  let n = unwrapExpression(node);
  while (n.type === AST_NODE_TYPES.MemberExpression && n.computed) n = unwrapExpression(n.object);
  return n;
}

const ADDS = new Set(['push', 'add', 'unshift']);
const EACH = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every']);

/**
 * `workers.push(w)` into a local list, then `workers.map((x) => x.terminate())` or
 * `for (const x of workers) x.terminate()`: the variables that stand for the list's elements
 * where it is iterated — releasing one releases every handle put in it.
 */
function elementsOf(call: TSESTree.CallExpression | TSESTree.NewExpression, arg: TSESTree.Identifier, scopeOf: ScopeOf): TSESTree.Identifier[] {
  const callee = unwrapExpression(call.callee);
  if (call.type !== AST_NODE_TYPES.CallExpression || callee.type !== AST_NODE_TYPES.MemberExpression || call.arguments[0] !== arg || !ADDS.has(nameOf(callee) ?? '')) return [];
  const list = unwrapExpression(callee.object);
  if (list.type !== AST_NODE_TYPES.Identifier) return [];
  const r = resolveReference(list, scopeOf(list));
  if (r?.kind !== 'local') return [];
  const out: TSESTree.Identifier[] = [];
  for (const ref of r.variable.references) {
    const id = ref.identifier as TSESTree.Node;
    const parent: TSESTree.Node | undefined = id.parent;
    if (parent?.type === AST_NODE_TYPES.ForOfStatement && parent.right === id) {
      const decl: TSESTree.Node | undefined = parent.left.type === AST_NODE_TYPES.VariableDeclaration ? parent.left.declarations[0] : undefined;
      const left = decl?.type === AST_NODE_TYPES.VariableDeclarator ? decl.id : parent.left;
      if (left.type === AST_NODE_TYPES.Identifier) out.push(left);
      continue;
    }
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== id || !EACH.has(nameOf(parent) ?? '')) continue;
    const each = parent.parent;
    const cb = each.type === AST_NODE_TYPES.CallExpression && each.callee === parent ? each.arguments[0] : undefined;
    const param = cb && (cb.type === AST_NODE_TYPES.ArrowFunctionExpression || cb.type === AST_NODE_TYPES.FunctionExpression) ? cb.params[0] : undefined;
    if (param?.type === AST_NODE_TYPES.Identifier) out.push(param);
  }
  return out;
}

/**
 * The calls of a file that may release something, recorded as they are visited; asked at
 * `Program:exit` which of them release a given handle inside a region.
 */
export class ReleaseCalls {
  private readonly calls: TSESTree.CallExpression[] = [];
  private index: RangeIndex<TSESTree.CallExpression> | null = null;

  /** Every recorded call. */
  get all(): readonly TSESTree.CallExpression[] {
    return this.calls;
  }

  add(call: TSESTree.CallExpression): void {
    this.calls.push(call);
    this.index = null;
  }

  /**
   * `acquireBrokerLock(b) { await locks[b.id].acquire() }` beside `releaseBrokerLock(b) { locks[b.id].release() }`:
   * a paired release on the same receiver anywhere in the file (entries of one collection count
   * as one), so the acquiring function is one half of an acquire/release pair its callers hold.
   */
  pairedOn(receiver: TSESTree.Node, shape: ReleaseShape, scopeOf: ScopeOf): boolean {
    const methods = shape.receiverMethods ?? [];
    const target = collectionOf(receiver);
    return this.calls.some((c) => {
      const callee = unwrapExpression(c.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && methods.includes(nameOf(callee) ?? '') && sameValue(collectionOf(callee.object), target, scopeOf);
    });
  }

  /** Those inside `region` that release one of `handles` (or, by a paired call, `receiver`'s). */
  of(handles: readonly TSESTree.Node[], region: TSESTree.Node, shape: ReleaseShape, scopeOf: ScopeOf, receiver?: TSESTree.Node | null): TSESTree.CallExpression[] {
    this.index ??= new RangeIndex(this.calls);
    return this.index.within(region).filter((c) => releases(c, handles, shape, scopeOf, receiver));
  }
}
