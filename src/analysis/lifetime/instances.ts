import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { DefinitionType } from '../scope/scope-types';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { type FunctionNode, innermostFunction, isFunction } from '../syntax/nodes';
import { functionName, returnedValues } from '../syntax/functions';
import { isModuleLevel, nameOf, unwrapExpression } from '../scope/references';
import { decoratorsOf, rootOf, walkAll } from '../syntax/ast';
import { callbackFrequency } from '../frequency/callbacks';
import { type Fate, fateOf } from '../fate/fate';
import { sameValue } from '../scope/identity';

import { type FrequencyContext, classHome, moduleHome, runsOncePer } from '../frequency/runs';

/**
 * Question 2 for the holders of a collection: how long does an instance of a class live, and
 * does a closure outlive the call that made it? Decided by how instances are made — the
 * `new C()` sites of the file, how often they run and where the instance goes — never by
 * the class's name.
 */
export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

export type InstanceLife =
  /** Made once (module initialisation, a start-up function), or kept at module level or in a static. */
  | { kind: 'process'; why: string }
  /** Every instance this file makes is made per call and dropped with it. */
  | { kind: 'call'; why: string }
  /** No instance is made here: whoever imports the class decides. */
  | { kind: 'unknown'; why: string };

/** The references to a class's name: `class C {}` binds it twice (outside, and in its own scope), `const C = class {}` once. */
function classReferences(cls: ClassNode, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Reference[] {
  const binding = cls.type === AST_NODE_TYPES.ClassDeclaration ? cls : cls.parent.type === AST_NODE_TYPES.VariableDeclarator ? cls.parent : null;
  if (!binding) return [];
  return sourceCode.getDeclaredVariables(binding).flatMap((v) => v.references);
}

/** Is the stored-to target something that lives for the process: a module-level variable, a static (`C.instance`)? */
function keptForProcess(target: TSESTree.Node, ctx: FrequencyContext): boolean {
  const root = rootOf(target);
  if (!root || root.type !== AST_NODE_TYPES.Identifier) return false;
  const v = ASTUtils.findVariable(ctx.sourceCode.getScope(root), root);
  if (!v) return target.type === AST_NODE_TYPES.MemberExpression; // a global's member: `window.app = new App()`
  return isModuleLevel(v) || v.defs.some((d) => d.node.type === AST_NODE_TYPES.ClassDeclaration);
}

export interface LifetimeContext extends FrequencyContext {
  /** Decorators whose classes a container makes once (the registry's `singletonDecorators`). */
  singletonDecorators: ReadonlySet<string>;
}

/** `@Injectable()`, `@Service`: the decorator's name, called or not. */
function decoratorName(d: TSESTree.Decorator): string | null {
  const e = unwrapExpression(d.expression);
  const callee = e.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(e.callee) : e;
  return nameOf(callee);
}

// Every collection field of a class asks about the same class: kept per file's context.
const lifetimes = new WeakMap<LifetimeContext, WeakMap<ClassNode, InstanceLife>>();

export function instanceLifetime(cls: ClassNode, ctx: LifetimeContext): InstanceLife {
  let byClass = lifetimes.get(ctx);
  if (!byClass) lifetimes.set(ctx, (byClass = new WeakMap()));
  let known = byClass.get(cls);
  if (!known) byClass.set(cls, (known = lifetimeOf(cls, ctx, 0)));
  return known;
}

function lifetimeOf(cls: ClassNode, ctx: LifetimeContext, depth: number): InstanceLife {
  const registered = decoratorsOf(cls).map(decoratorName).find((n) => n !== null && ctx.singletonDecorators.has(n));
  if (registered) return { kind: 'process', why: `made once by the container that \`@${registered}\` registers it with` };
  const news: TSESTree.NewExpression[] = [];
  for (const ref of classReferences(cls, ctx.sourceCode)) {
    const p = ref.identifier.parent;
    if (p.type === AST_NODE_TYPES.NewExpression && p.callee === ref.identifier) news.push(p);
  }
  if (cls.parent.type === AST_NODE_TYPES.NewExpression && cls.parent.callee === cls) news.push(cls.parent);
  let perCall: string | null = null;
  for (const site of news) {
    const line = site.loc.start.line;
    const run = runsOncePer(site, moduleHome, ctx);
    if (run.run === 'once') return { kind: 'process', why: `made once, on line ${line} (${run.why})` };
    for (const fate of fatesThroughLocal(site, ctx)) {
      if (fate.kind === 'returned' || fate.kind === 'argument' || fate.kind === 'option') return { kind: 'unknown', why: `made on line ${line} and handed on` };
      if (fate.kind !== 'stored') continue;
      const store = fate.target.parent;
      // A store that runs many times replaces the instance it held, unless it is a lazy singleton.
      if (keptForProcess(fate.target, ctx) && isLazyStore(store, fate.target, ctx)) return { kind: 'process', why: `kept at module level or in a static, on line ${line}` };
      const target = unwrapExpression(fate.target);
      const holder = enclosingClass(site);
      // `this.conn = new Conn()` in the constructor: as long as the instance that holds it.
      if (target.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.ThisExpression && holder && holder !== cls && depth < 2 && runsOncePer(site, classHome(holder), ctx).run === 'once') {
        const life = lifetimeOf(holder, ctx, depth + 1);
        if (life.kind === 'process') return { kind: 'process', why: `held by a field of an instance that lives for the process, on line ${line}` };
      }
    }
    perCall ??= `made per call, on line ${line} (${run.why}), and dropped or replaced`;
  }
  if (perCall !== null) return { kind: 'call', why: perCall };
  return { kind: 'unknown', why: 'made outside this file' };
}

/** `C.instance ??= new C()`, `if (!instance) instance = new C()`: assigned once however often it runs. */
function isLazyStore(store: TSESTree.Node | undefined, target: TSESTree.Node, ctx: FrequencyContext): boolean {
  if (!store) return false;
  if (store.type === AST_NODE_TYPES.VariableDeclarator) return true;
  if (store.type !== AST_NODE_TYPES.AssignmentExpression) return false;
  // A variable written anywhere else (`current = null` when done) is replaced, not kept.
  const left = unwrapExpression(store.left);
  if (left.type === AST_NODE_TYPES.Identifier) {
    const v = ASTUtils.findVariable(ctx.sourceCode.getScope(left), left);
    if (v?.references.some((r) => r.isWrite() && !r.init && r.identifier !== left)) return false;
  }
  if (store.operator === '??=' || store.operator === '||=') return true;
  const scopeOf = (n: TSESTree.Node) => ctx.sourceCode.getScope(n);
  for (let p: TSESTree.Node | undefined = store.parent; p && !isFunction(p); p = p.parent) {
    const test = p.type === AST_NODE_TYPES.IfStatement || p.type === AST_NODE_TYPES.ConditionalExpression ? p.test : p.type === AST_NODE_TYPES.LogicalExpression ? p.left : null;
    if (test && mentionsValue(test, target, scopeOf)) return true;
  }
  return false;
}

function mentionsValue(test: TSESTree.Node, target: TSESTree.Node, scopeOf: (n: TSESTree.Node) => TSESLint.Scope.Scope): boolean {
  const found: TSESTree.Node[] = [];
  walkAll(test, (n) => {
    if (sameValue(n, target, scopeOf)) found.push(n);
  });
  return found.length > 0;
}

/** Where a value goes: its own fate, and through a local it is kept in, where the local's reads take it. */
function fatesThroughLocal(expr: TSESTree.Node, ctx: FrequencyContext): Fate[] {
  const fate = fateOf(expr);
  const fn = innermostFunction(expr);
  if (fate.kind !== 'stored' || fate.target.type !== AST_NODE_TYPES.Identifier || !fn || !madeInCall(fate.target, fn, ctx)) return [fate];
  const v = ASTUtils.findVariable(ctx.sourceCode.getScope(fate.target), fate.target);
  return (v?.references ?? []).filter((r) => r.isRead()).map((r) => fateOf(r.identifier));
}

function enclosingClass(node: TSESTree.Node): ClassNode | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === AST_NODE_TYPES.ClassDeclaration || p.type === AST_NODE_TYPES.ClassExpression) return p;
  }
  return null;
}

/** A variable declared inside `fn` (not a parameter): made by the call, dropped with it. */
function madeInCall(node: TSESTree.Node, fn: FunctionNode, ctx: FrequencyContext): boolean {
  const root = rootOf(node);
  if (!root || root.type !== AST_NODE_TYPES.Identifier) return false;
  const v = ASTUtils.findVariable(ctx.sourceCode.getScope(root), root);
  const def = v?.defs[0];
  if (!def || def.type === DefinitionType.Parameter) return false;
  return def.node.range[0] >= fn.body.range[0] && def.node.range[1] <= fn.body.range[1];
}

/**
 * Is what `maker` returns seen to be kept beyond the call that receives it: stored at module
 * level or in a field, or handed to another function (registered with a host)? Like an
 * instance made outside the file, a result whose callers are not in sight (an exported
 * maker, a method) is not taken to be kept: its holder decides.
 */
export function resultKept(maker: FunctionNode, ctx: FrequencyContext): boolean {
  const p = maker.parent;
  const binding = p.type === AST_NODE_TYPES.VariableDeclarator ? p : maker.type === AST_NODE_TYPES.FunctionDeclaration ? maker : null;
  if (!binding?.id) return false;
  for (const v of ctx.sourceCode.getDeclaredVariables(binding).filter((x) => x.identifiers.includes(binding.id as TSESTree.Identifier))) {
    for (const ref of v.references) {
      const call = ref.identifier.parent;
      if (ref.init || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== ref.identifier) continue;
      const fate = fateOf(call);
      if (fate.kind === 'argument' || fate.kind === 'option') return true;
      if (fate.kind !== 'stored') continue;
      const caller = innermostFunction(call);
      if (!caller || !madeInCall(fate.target, caller, ctx)) return true;
    }
  }
  return false;
}

/**
 * Does the nested function `fn` outlive the call of `maker` that made it: returned (and
 * kept), registered per event on something the call did not make, or stored outside it?
 * A listener on an object the same call made lives as long as that object.
 */
export function outlivesCall(fn: FunctionNode, maker: FunctionNode, ctx: FrequencyContext, teardowns: ReadonlySet<string> = new Set()): { outlives: boolean; why: string; unseen?: boolean } {
  const kept = (): { outlives: boolean; why: string; unseen?: boolean } => {
    if (resultKept(maker, ctx)) return { outlives: true, why: `returned by \`${functionName(maker) ?? 'its maker'}()\`, whose result is kept` };
    // Like a class with a teardown method, a made object with one (`{ request, dispose }`) expects to live long.
    const teardown = returnedObjects(maker).flatMap((o) => o.properties).map((p) => (p.type === AST_NODE_TYPES.Property ? nameOf(p.key) : null)).find((n) => n !== null && teardowns.has(n));
    if (teardown) return { outlives: true, unseen: true, why: `returned by \`${functionName(maker) ?? 'its maker'}()\` in an object with a \`${teardown}()\` teardown` };
    return { outlives: false, why: 'returned to callers not seen to keep it' };
  };
  for (let f: FunctionNode | null = fn; f && f !== maker; f = innermostFunction(f)) {
    const p: TSESTree.Node = f.parent;
    // `function request() {…}; return { request, dispose }`: a named inner function returned as a method.
    if (innermostFunction(f) === maker && returnedByName(f, maker, ctx)) return kept();
    // Returned, itself or as a method of a returned object literal.
    let child: TSESTree.Node = f;
    let q: TSESTree.Node = p;
    while (q.type === AST_NODE_TYPES.ObjectExpression || (q.type === AST_NODE_TYPES.Property && q.value === child)) [child, q] = [q, q.parent];
    if (q.type === AST_NODE_TYPES.ReturnStatement || (q.type === AST_NODE_TYPES.ArrowFunctionExpression && q.body === child)) return kept();
    const run = callbackFrequency(f, ctx.callbacks);
    if (run.run === 'per event' && run.call) {
      const callee = run.call.callee;
      const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : null;
      if (receiver && madeInCall(receiver, maker, ctx)) return { outlives: false, why: `${run.label} is registered on an object the same call made` };
      return { outlives: true, why: `${run.label} is registered on something that outlives the call` };
    }
    if (p.type === AST_NODE_TYPES.AssignmentExpression && p.right === f) {
      if (madeInCall(p.left, maker, ctx)) return { outlives: false, why: 'stored on an object the same call made' };
      return { outlives: true, why: 'stored outside the call' };
    }
  }
  return { outlives: false, why: 'it does not outlive the call' };
}

/** The object literals `maker` returns itself (`return { a, b }`, `() => ({ a, b })`). */
function returnedObjects(maker: FunctionNode): readonly TSESTree.ObjectExpression[] {
  // Asked once per named function of the maker: its own returns are read once.
  let known = returnedByMaker.get(maker);
  if (!known) {
    known = returnedValues(maker).filter((v): v is TSESTree.ObjectExpression => v.type === AST_NODE_TYPES.ObjectExpression);
    returnedByMaker.set(maker, known);
  }
  return known;
}

const returnedByMaker = new WeakMap<FunctionNode, readonly TSESTree.ObjectExpression[]>();

/** Is the named function `f`, declared in `maker`, a property value of an object `maker` returns? */
function returnedByName(f: FunctionNode, maker: FunctionNode, ctx: FrequencyContext): boolean {
  const binding = f.type === AST_NODE_TYPES.FunctionDeclaration ? f : f.parent.type === AST_NODE_TYPES.VariableDeclarator ? f.parent : null;
  if (!binding?.id) return false;
  const v = ctx.sourceCode.getDeclaredVariables(binding).find((x) => x.identifiers.includes(binding.id as TSESTree.Identifier));
  if (!v) return false;
  const refs = new Set<TSESTree.Node>(v.references.map((r) => r.identifier));
  return returnedObjects(maker).some((o) => o.properties.some((p) => p.type === AST_NODE_TYPES.Property && refs.has(p.value)));
}
