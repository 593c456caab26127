import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { isPrivateMember, nameWords, within } from '../syntax/ast';
import { type FunctionNode, innermostFunction } from '../syntax/nodes';
import { type FunctionIndex, functionName } from '../syntax/functions';
import { memberName, nameOf, unwrapExpression } from '../scope/references';
import { type ScopeOf } from '../scope/identity';
import { DefinitionType } from '../scope/scope-types';
import { type Site } from './sites';
import { type CallbackTable, callbackFrequency } from '../frequency/callbacks';
import { outermost } from './uses';
import { isExportsTarget } from '../fate/collections';

/**
 * Question 5, registration: growth that stores what a caller registers. Two shapes:
 *
 * - a set-up API by its name (`registerResolver(scheme, impl)`, `defineCommand(name, def)`,
 *   `use(fn)`) that nothing in the file calls: its callers are other modules' start-up code
 *   (the registry's `registrarWords`/`registrarNames`). A same-file call decides instead: a
 *   `register()` called per mount is growth per mount.
 * - a public method of a class whose instances are made elsewhere that stores its own
 *   argument as it is (`addListener(l) { this.ls.push(l) }`) into a list whose entries are
 *   called back: a handler list, one entry per registration its callers make, living as
 *   long as the instance they hold (the callers own the removal; no-leaked-subscription
 *   asks them). A process-lived holder still counts, and a log of data (`write(l)`) does.
 */
export interface RegistrationContext {
  sourceCode: Readonly<TSESLint.SourceCode>;
  index: FunctionIndex;
  /** First words of a set-up API's name (`register`, `define`). */
  registrarWords: ReadonlySet<string>;
  /** Whole names of a set-up API (`use`: `useThing` is a React hook, not a registration). */
  registrarNames: ReadonlySet<string>;
  callbacks: CallbackTable;
}

/**
 * The function a growth site stands in, through callbacks that run in place (`zone.run(() => …)`,
 * a promise executor), if it is a declaration, a class method or a function bound to a name.
 */
function namedHome(node: TSESTree.Node, callbacks: CallbackTable): { fn: FunctionNode; name: string } | null {
  let fn = innermostFunction(node);
  for (let f = fn; f; f = innermostFunction(f)) {
    fn = f;
    const run = callbackFrequency(f, callbacks);
    if (!(run.run === 'in place' || run.run === 'once' || (run.run === 'unknown' && run.call !== null))) break;
  }
  if (!fn) return null;
  const p = fn.parent;
  const named = fn.type === AST_NODE_TYPES.FunctionDeclaration || p.type === AST_NODE_TYPES.MethodDefinition || p.type === AST_NODE_TYPES.VariableDeclarator;
  const name = named ? functionName(fn) : null;
  return name === null ? null : { fn, name };
}

/** `bus.on('x', registerAll)`: the function is handed on in this file, so it runs as often as whoever calls it there. */
function passedOn(fn: FunctionNode, calls: number, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const binding = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent.type === AST_NODE_TYPES.VariableDeclarator ? fn.parent : null;
  if (!binding?.id) return false;
  const id = binding.id;
  const refs = sourceCode.getDeclaredVariables(binding).filter((v) => v.identifiers.includes(id as TSESTree.Identifier)).flatMap((v) => v.references.filter((r) => !r.init));
  // An `export` reads it too, CommonJS's (`exports.register = register`) as ESM's: callers in other
  // modules are the start-up code this stands for.
  const exported = refs.filter((r) => {
    const p = r.identifier.parent;
    return p.type === AST_NODE_TYPES.ExportSpecifier || (p.type === AST_NODE_TYPES.AssignmentExpression && p.right === r.identifier && isExportsTarget(p.left));
  }).length;
  return refs.length - exported > calls;
}

/** `registerX()`, `defineX()`, `use()` with no call in this file: the name of the set-up API, or null. */
export function registrarOf(site: Site, ctx: RegistrationContext): string | null {
  const home = namedHome(site.node, ctx.callbacks);
  return home && isRegistrar(home, ctx, 0) ? home.name : null;
}

/** Named as a set-up API, and called in this file only from set-up APIs (`bootstrap()` → `bootstrapImpl()`), if at all. */
function isRegistrar(home: { fn: FunctionNode; name: string }, ctx: RegistrationContext, depth: number): boolean {
  const words = nameWords(home.name);
  const first = words[0];
  if (!ctx.registrarNames.has(home.name) && !(first !== undefined && words.length > 1 && ctx.registrarWords.has(first))) return false;
  const sites = ctx.index.callSitesOf(home.fn);
  if (passedOn(home.fn, sites.length, ctx.sourceCode)) return false;
  return sites.every((call) => {
    const caller = depth < 3 ? namedHome(call, ctx.callbacks) : null;
    return caller !== null && caller.fn !== home.fn && isRegistrar(caller, ctx, depth + 1);
  });
}

/** The value a growth site stores: `push(x)`'s x, `add(x)`, `set(k, v)`'s v, `o[k] = v`'s v. */
function storedValue(site: Site): TSESTree.Node | null {
  const n = site.node;
  if (n.type === AST_NODE_TYPES.CallExpression) {
    const arg = n.arguments[site.op === 'set' ? 1 : 0];
    return n.arguments.length === (site.op === 'set' ? 2 : 1) && arg && arg.type !== AST_NODE_TYPES.SpreadElement ? arg : null;
  }
  if (n.type === AST_NODE_TYPES.AssignmentExpression) return n.right;
  return null;
}

function isParameterOf(n: TSESTree.Node, fn: FunctionNode, scopeOf: ScopeOf): boolean {
  const e = unwrapExpression(n);
  if (e.type !== AST_NODE_TYPES.Identifier) return false;
  const v = ASTUtils.findVariable(scopeOf(e), e);
  return v?.defs.some((d) => d.type === DefinitionType.Parameter && d.node === fn) === true;
}

/**
 * A public method that stores its own argument, as it is or as the fields of an object
 * literal (`{ name, listener }`): the method's name, or null.
 */
export function storesArgument(site: Site, scopeOf: ScopeOf): string | null {
  const fn = innermostFunction(site.node);
  const member = fn?.parent;
  if (!fn || !member) return null;
  // A class's public method, or a method of an object literal (`return { onConnect(fn) {…} }`).
  let key: TSESTree.Node;
  if (member.type === AST_NODE_TYPES.MethodDefinition) {
    if (isPrivateMember(member) || member.kind !== 'method') return null;
    key = member.key;
  } else if (member.type === AST_NODE_TYPES.Property && member.value === fn) key = member.key;
  else return null;
  const name = nameOf(key);
  if (name === null) return null;
  const home = { fn, name };
  const value = storedValue(site);
  if (!value) return null;
  const v = unwrapExpression(value);
  if (isParameterOf(v, home.fn, scopeOf)) return home.name;
  if (v.type === AST_NODE_TYPES.ObjectExpression && v.properties.length > 0) {
    const all = v.properties.every((p) => p.type === AST_NODE_TYPES.Property && isParameterOf(p.value, home.fn, scopeOf));
    return all ? home.name : null;
  }
  return null;
}

/** Does `body` call `v` or a method of it (`l(x)`, `emitter.emit(t)`, `w.destroy()`)? */
function callsVariable(body: TSESTree.Node, v: TSESLint.Scope.Variable): boolean {
  return v.references.some((r) => {
    if (!within(r.identifier, body)) return false;
    const p = r.identifier.parent;
    if (p.type === AST_NODE_TYPES.CallExpression && p.callee === r.identifier) return true;
    return p.type === AST_NODE_TYPES.MemberExpression && p.object === r.identifier && p.parent.type === AST_NODE_TYPES.CallExpression && p.parent.callee === p;
  });
}

/**
 * Are the collection's entries called back (`for (const l of this.ls) l(x)`, `ls.forEach((l) => l.emit(t))`,
 * `this.fns[i](req)`)? Then it is a list of handlers its callers registered, not a log of data.
 */
export function entriesCalledBack(uses: readonly TSESTree.Node[], sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return uses.some((u) => {
    const use = outermost(u);
    const p = use.parent;
    if (!p) return false;
    if (p.type === AST_NODE_TYPES.ForOfStatement && p.right === use && p.left.type === AST_NODE_TYPES.VariableDeclaration) {
      const v = sourceCode.getDeclaredVariables(p.left)[0];
      return v !== undefined && callsVariable(p.body, v);
    }
    if (p.type !== AST_NODE_TYPES.MemberExpression || p.object !== use) return false;
    if (p.computed && p.parent.type === AST_NODE_TYPES.CallExpression && p.parent.callee === p) return true;
    const call = p.parent;
    if (memberName(p) !== 'forEach' || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== p) return false;
    const cb = call.arguments[0];
    if (!cb || (cb.type !== AST_NODE_TYPES.ArrowFunctionExpression && cb.type !== AST_NODE_TYPES.FunctionExpression)) return false;
    const v = sourceCode.getDeclaredVariables(cb).find((x) => x.defs.some((d) => d.name === cb.params[0]));
    return v !== undefined && callsVariable(cb.body, v);
  });
}
