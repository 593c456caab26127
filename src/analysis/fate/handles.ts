import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { walkOwn } from '../syntax/ast';
import { type FunctionNode, innermostFunction } from '../syntax/nodes';
import { resolveReference } from '../scope/references';
import { type ScopeOf, sameValue } from '../scope/identity';
import { type Registration } from '../lifetime/registrations';
import { type ReleaseShape } from '../release/releases';
import { DISPOSE_VERBS } from '../vocabulary/subscriptions';
import { fateOf } from './fate';
import { isPromiseExecutor } from '../frequency/callbacks';
import { ownershipOf } from './ownership';

/**
 * Question 3 for registrations: where does the handle a registration returns go? `escaped`
 * (returned as a cleanup, passed to another call, used in an expression: someone else owns
 * it), `stored` (kept in a variable or field that a disposal can name), or `none` (dropped,
 * or the API returns nothing).
 */
export type HandleFate = { kind: 'escaped' } | { kind: 'stored'; target: TSESTree.Identifier | TSESTree.MemberExpression } | { kind: 'none' };

/** `returnIsCleanup`: the owner calls what its function returns (an effect hook); elsewhere a returned handle escapes too. */
export function handleOf(reg: Registration, owner: { kind: string; returnIsCleanup?: boolean }): HandleFate {
  const fate = fateOf(reg.call);
  // DOM addEventListener and observe() return nothing; React Native's addEventListener
  // returns a subscription, and code that keeps the result is using that.
  if (reg.family === 'dom' || reg.family === 'observer') return fate.kind === 'stored' ? { kind: 'stored', target: fate.target } : { kind: 'none' };
  // A promise executor's return value is dropped: `new Promise((r) => this.on('x', r))` keeps nothing.
  const from = innermostFunction(reg.call);
  if (fate.kind === 'returned' && from && isPromiseExecutor(from)) return { kind: 'none' };
  if (fate.kind === 'returned') return owner.kind === 'effect' && owner.returnIsCleanup !== true ? { kind: 'none' } : { kind: 'escaped' };
  if (fate.kind === 'argument' || fate.kind === 'option') return { kind: 'escaped' };
  if (fate.kind === 'stored') return { kind: 'stored', target: fate.target };
  // A destructured handle (`const { remove } = target.add(…)`, `const { data: { subscription } } = …`): the binding it ends in.
  const binding = reg.call.parent.type === AST_NODE_TYPES.VariableDeclarator && reg.call.parent.init === reg.call ? firstBinding(reg.call.parent.id) : null;
  if (binding) return { kind: 'stored', target: binding };
  // A class field's initialiser (`done = reaction(…)`): the field keeps it, named by its key.
  const field = reg.call.parent;
  if (field.type === AST_NODE_TYPES.PropertyDefinition && field.value === reg.call && !field.computed && field.key.type === AST_NODE_TYPES.Identifier) return { kind: 'stored', target: field.key };
  if (fate.kind === 'other' && reg.call.parent.type !== AST_NODE_TYPES.ExpressionStatement) return { kind: 'escaped' };
  return { kind: 'none' };
}

/**
 * A stored handle that is later returned, passed on (not to a disposer) or stored elsewhere:
 * someone else disposes it. Question 3's one answer (`ownershipOf`), with the registration
 * handle's policy: anything but a disposal hands it on.
 */
export function handleLeavesOwner(handle: TSESTree.Node, perCall: boolean, scopeOf: ScopeOf): boolean {
  if (handle.type !== AST_NODE_TYPES.Identifier) return perCall;
  // A handle kept in something not local to the call belongs to whoever holds that.
  if (resolveReference(handle, scopeOf(handle))?.kind !== 'local') return true;
  return ownershipOf(handle, { fn: innermostFunction(handle), shape: HANDLE_DISPOSAL, handOff: 'passed', adopters: NO_ADOPTERS, scopeOf }).kind === 'leaves';
}

/** Handing a registration's handle to a dispose verb (`clearInterval(h)`, `bag.dispose(sub)`) disposes it. */
const HANDLE_DISPOSAL: ReleaseShape = { methods: [], functions: [...DISPOSE_VERBS] };
const NO_ADOPTERS: ReadonlySet<string> = new Set();

/** The handler itself is returned (`return next`): the caller holds what removes it. */
export function handlerReturned(reg: Registration, fn: FunctionNode, scopeOf: ScopeOf): boolean {
  const handler = reg.handler;
  if (handler?.type !== AST_NODE_TYPES.Identifier) return false;
  let found = false;
  walkOwn(fn, (n) => {
    if (n.type === AST_NODE_TYPES.ReturnStatement && n.argument && sameValue(n.argument, handler, scopeOf)) found = true;
  });
  return found;
}

/** The only binding an object pattern ends in (`{ remove }`, `{ data: { subscription } }`); null for several or none. */
function firstBinding(pattern: TSESTree.Node): TSESTree.Identifier | null {
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern || pattern.properties.length !== 1) return null;
  const p = pattern.properties[0];
  if (p?.type !== AST_NODE_TYPES.Property) return null;
  const v = p.value.type === AST_NODE_TYPES.AssignmentPattern ? p.value.left : p.value;
  return v.type === AST_NODE_TYPES.Identifier ? v : firstBinding(v);
}
