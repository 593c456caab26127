import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { type Fate, fateOf, holderFate } from './fate';
import { type ScopeOf } from '../scope/identity';
import { memberName, nameOf, resolveReference, unwrapExpression } from '../scope/references';
import { innermostFunction } from '../syntax/nodes';
import { walkAll, within } from '../syntax/ast';
import { calledFunction } from '../syntax/functions';
import { type ReleaseShape, releases } from '../release/releases';

/**
 * Question 3 for a held handle: does ownership leave the function that acquired it? Once it
 * is returned, kept by something longer-lived, or handed to an adopter that releases it, the
 * acquiring function no longer has to release it on every exit (question 4). The same answer
 * serves timers and resources; what differs is data, the family's `handOff`.
 */
export interface OwnershipQuery {
  /** The function the handle was acquired in. */
  fn: TSESTree.Node | null;
  /** How the family is released: a closure or same-file helper that does so adopts the handle. */
  shape: ReleaseShape;
  /**
   * `any`: the handle's only use is to be released (a timer id), so any call, property or
   * closure it reaches may release it. `adopters`: the handle is used by being passed
   * (`query(client)`, `img.src = url`), so only the named adopters, `this`, outer variables
   * and returns take it over. `passed`: the handle is a registration's (`sub`, `off`), whose
   * only uses are to dispose it or hand it on: any call but a release takes it over, a store
   * other than a local alias does too, and a closure that reads it does not by itself.
   */
  handOff: 'any' | 'adopters' | 'passed';
  /** Callee names that take ownership (`pipeline`, `finished`): the registry's `ownershipAdopters`. */
  adopters: ReadonlySet<string>;
  scopeOf: ScopeOf;
}

export type Ownership =
  | { kind: 'kept' }
  | { kind: 'leaves'; how: 'returned' | 'stored' | 'adopted' | 'captured'; at: TSESTree.Node };

/** Where the handle in variable `handle` goes after it is made, over all its reads. */
export function ownershipOf(handle: TSESTree.Identifier, q: OwnershipQuery, depth = 0): Ownership {
  // An unresolved name (a sloppy global) belongs to nobody else either.
  const r = resolveReference(handle, q.scopeOf(handle));
  if (r?.kind !== 'local') return { kind: 'kept' };
  for (const ref of r.variable.references) {
    const id = ref.identifier as TSESTree.Identifier;
    if (id === handle || !ref.isRead()) continue;
    const leaves = (how: 'returned' | 'stored' | 'adopted' | 'captured'): Ownership => ({ kind: 'leaves', how, at: id });
    const home = innermostFunction(id);
    // A callback that releases it runs later: it owns the release now.
    if (home !== q.fn && home && (q.handOff === 'any' || (q.handOff === 'adopters' && releasedIn(home, handle, q)))) return leaves('captured');
    const f = heldFate(id);
    if (f.kind === 'returned') return leaves('returned');
    // `for await (const line of rl)`: the loop runs it to its end, and `break` or a throw calls `return()`, which closes it.
    if (f.kind === 'iterated') return leaves('adopted');
    if (selfReleasing(id, q.shape)) return leaves('adopted');
    if (f.kind === 'option') return leaves('adopted');
    if (f.kind === 'argument' && adopts(f.call, id, q)) return leaves('adopted');
    if (q.handOff === 'passed') {
      if (f.kind === 'stored' && id.parent.type !== AST_NODE_TYPES.VariableDeclarator) return leaves('stored');
      continue;
    }
    if (f.kind === 'stored' && f.target !== handle) {
      const kept = storedAt(f.target, q);
      if (kept === 'away') return leaves('stored');
      // `socket = tlsSocket; … return socket`: where a local copy goes, the handle goes.
      if (kept === 'copy' && depth < 2 && f.target.type === AST_NODE_TYPES.Identifier) {
        const copy = ownershipOf(f.target, q, depth + 1);
        if (copy.kind === 'leaves') return leaves(copy.how);
      }
    }
    // `stream.pipe(dest)`: the destination ends it.
    if (id.parent.type === AST_NODE_TYPES.MemberExpression && id.parent.object === id && q.adopters.has(memberName(id.parent) ?? '')) return leaves('adopted');
  }
  return { kind: 'kept' };
}

/**
 * The fate of a value, or of the object or array literal that holds it (`return { timer }`,
 * `buckets[ms] = { ms, timer }`): returned or kept by a member, the literal hands on what it holds.
 */
function heldFate(id: TSESTree.Identifier): Fate {
  const f = fateOf(id);
  if (f.kind !== 'other') return f;
  const outer = holderFate(id);
  // Returned, or kept by a member (`buckets[ms] = { timer }`): the literal's holder has it now. Not
  // kept in a local (`const rec = { timer }`), which is no hand-off by itself, nor handed to a call
  // (`spawn(cmd, { stdio: [out, err] })` uses the descriptors; it does not take them over).
  return outer.kind === 'returned' || (outer.kind === 'stored' && outer.target.type === AST_NODE_TYPES.MemberExpression) ? outer : f;
}

/** `s.on('data', …)` for a shape released by itself once that event is listened to. */
function selfReleasing(id: TSESTree.Identifier, shape: ReleaseShape): boolean {
  const member = id.parent;
  const call = member.parent;
  if (!shape.selfReleaseOn || member.type !== AST_NODE_TYPES.MemberExpression || member.object !== id || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
  const event = call.arguments[0];
  return ['on', 'once', 'addListener'].includes(memberName(member) ?? '') && event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' && shape.selfReleaseOn.includes(event.value);
}

/**
 * `this.worker = parent = new Worker(…)`: the value of the inner assignment goes on to the
 * outer one (a field, a return, an argument), so the local is not its only holder.
 */
export function chainedAway(value: TSESTree.Node): boolean {
  const assign = value.parent;
  if (assign?.type !== AST_NODE_TYPES.AssignmentExpression || assign.right !== value) return false;
  const outer = fateOf(assign);
  return outer.kind !== 'discarded' && outer.kind !== 'other';
}

function adopts(call: TSESTree.CallExpression | TSESTree.NewExpression, arg: TSESTree.Identifier, q: OwnershipQuery): boolean {
  const callee = unwrapExpression(call.callee);
  const name = nameOf(callee);
  if (name !== null && q.adopters.has(name)) return true;
  if (call.type === AST_NODE_TYPES.CallExpression) {
    // A same-file helper that releases the parameter it is given. For a resource used by being
    // passed, only one that releases it in `finally` owns it from then on; one that releases it
    // on its straight path is a release at the call (`releases.ts` `helperReleases`), on the paths that reach it.
    const helper = calledFunction(call, q.scopeOf(call));
    const param = helper?.params[call.arguments.indexOf(arg)];
    if (helper && param?.type === AST_NODE_TYPES.Identifier && releasedIn(helper, param, q, q.handOff === 'adopters')) return true;
    if (q.handOff !== 'adopters') return !releases(call, [arg], q.shape, q.scopeOf);
  }
  return q.handOff !== 'adopters';
}

/** Kept somewhere that outlives the call (`this`, an outer variable — or, for `any`, anywhere), in a local copy, or used. */
function storedAt(target: TSESTree.Identifier | TSESTree.MemberExpression, q: OwnershipQuery): 'away' | 'copy' | 'use' {
  if (q.handOff === 'any') return 'away';
  const t = unwrapExpression(target);
  let root: TSESTree.Node = t;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrapExpression(root.object);
  if (root.type === AST_NODE_TYPES.ThisExpression) return 'away';
  if (t.type !== AST_NODE_TYPES.Identifier) return 'use'; // `img.src = url`
  const rr = resolveReference(t, q.scopeOf(t));
  return rr?.kind !== 'local' || q.fn === null || !within(rr.variable.defs[0]?.node ?? t, q.fn) ? 'away' : 'copy';
}

/** Does `fn` release `handle` (a parameter or a captured variable) anywhere in its body (or, with `inFinally`, in a `finally`)? */
function releasedIn(fn: TSESTree.Node, handle: TSESTree.Identifier, q: OwnershipQuery, inFinally = false): boolean {
  let found = false;
  walkAll(fn, (n) => {
    if (!found && n.type === AST_NODE_TYPES.CallExpression && releases(n, [handle], q.shape, q.scopeOf) && (!inFinally || inFinallyOf(n, fn))) found = true;
  });
  return found;
}

function inFinallyOf(n: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let child: TSESTree.Node = n, p = n.parent; p && p !== fn; child = p, p = p.parent) {
    if (p.type === AST_NODE_TYPES.TryStatement && p.finalizer === child) return true;
  }
  return false;
}

/** A stored value's real fate: if a later read of the variable races or awaits it, that. */
export function followStored(fate: Fate, scopeOf: ScopeOf): Fate {
  if (fate.kind !== 'stored' || fate.target.type !== AST_NODE_TYPES.Identifier) return fate;
  const r = resolveReference(fate.target, scopeOf(fate.target));
  if (r?.kind !== 'local') return fate;
  for (const ref of r.variable.references) {
    if (!ref.isRead()) continue;
    const f = fateOf(ref.identifier);
    if (f.kind === 'raced' || f.kind === 'awaited') return f;
  }
  return fate;
}

/** `interval(1000).pipe(…).subscribe(…)`: an observable lives from its subscription. */
export function subscriptionOf(node: TSESTree.Node): TSESTree.CallExpression | null {
  let n: TSESTree.Node = node;
  for (;;) {
    const member = n.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== n) return null;
    const call = member.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return null;
    const name = memberName(member);
    if (name === 'subscribe') return call;
    if (name !== 'pipe') return null;
    n = call;
  }
}
