import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { decoratorsOf, findNode, staticKeyName, walkOwn, within } from '../syntax/ast';
import { className, functionName } from '../syntax/functions';
import { type CallbackTable, callbackFrequency, isIIFE, isPromiseExecutor } from '../frequency/callbacks';
import { type FunctionNode, innermostFunction, isFunction } from '../syntax/nodes';
import { isParameterDef, memberName, nameOf, resolveReference, unwrapExpression } from '../scope/references';
import { FAMILIES } from '../vocabulary/subscriptions';
import { type Registration } from './registrations';
import { type TargetContext } from './targets';

/**
 * Who owns a registration, and where its disposal belongs — the lifetime model of
 * DESIGN.md. Pairing is per owner: one effect, one class, one function call.
 */
export type Owner =
  | { kind: 'process'; label: string }
  | { kind: 'effect'; fn: FunctionNode; teardowns: TSESTree.Node[]; label: string; teardownLabel: string; returnIsCleanup: boolean }
  | { kind: 'class'; cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression; teardowns: TSESTree.Node[]; label: string; teardownLabel: string; framework: boolean }
  | { kind: 'perCall'; fn: FunctionNode; label: string; render: boolean; inlineCallback: boolean };

export interface OwnerOptions {
  /** Effect hooks: the registry's `effectHooks` with the user's additions. */
  effectHooks: ReadonlySet<string>;
  /** Teardown method names: the registry's `teardownMethods` with the user's additions. */
  teardowns: ReadonlySet<string>;
  /** Once-per-instance start methods: the registry's `setupMethods` with the user's additions. */
  setupMethods: ReadonlySet<string>;
  /** The file imports Vue/Solid/Svelte: `setup`-style functions and `use*` composables run once. */
  setupStyle: boolean;
  /** Same-file call sites of a function, for "called only from top level". */
  callSites: (fn: FunctionNode) => readonly TSESTree.CallExpression[];
  /** How callees run their callbacks: the built-in table plus `settings.leaks`. */
  callbacks: CallbackTable;
  /** Why a function is the process's start-up code by its own evidence (`frequency/startup.ts`), or null. */
  startupEvidence?: (fn: FunctionNode) => string | null;
  /** The calls inside a node, in source order, kept for the file (the function index's). */
  callsWithin: (region: TSESTree.Node) => readonly TSESTree.CallExpression[];
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

function calleeName(call: TSESTree.CallExpression): string | null {
  return nameOf(unwrapExpression(call.callee));
}

function callbackCall(fn: FunctionNode): TSESTree.CallExpression | null {
  const p = fn.parent;
  if (p.type === AST_NODE_TYPES.CallExpression && (p.arguments as TSESTree.Node[]).includes(fn)) return p;
  return null;
}


// Asked of the same function by every registration in it (an effect's cleanup, a per-call
// disposer): the answer depends on the function's own AST alone.
const returnedCache = new WeakMap<FunctionNode, readonly TSESTree.Node[]>();

/** The functions an effect returns: its cleanup. */
export function returnedFunctions(fn: FunctionNode): readonly TSESTree.Node[] {
  let known = returnedCache.get(fn);
  if (!known) returnedCache.set(fn, (known = collectReturned(fn)));
  return known;
}

function collectReturned(fn: FunctionNode): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  const take = (expr: TSESTree.Node | null | undefined): void => {
    if (!expr) return;
    const e = unwrapExpression(expr);
    if (isFunction(e) || e.type === AST_NODE_TYPES.Identifier || e.type === AST_NODE_TYPES.CallExpression || e.type === AST_NODE_TYPES.MemberExpression) out.push(e);
    if (e.type === AST_NODE_TYPES.ConditionalExpression) {
      take(e.consequent);
      take(e.alternate);
    }
  };
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) take(fn.body);
  else walkOwn(fn, (n) => {
    if (n.type === AST_NODE_TYPES.ReturnStatement) take(n.argument);
  });
  return out;
}

/** Callbacks of `onUnmounted(cb)`, `onCleanup(cb)`, `destroyRef.onDestroy(cb)` inside `scope`. */
export function cleanupCallbacks(scope: { body: TSESTree.Node }, registrars: ReadonlySet<string>): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  walkOwn(scope, (n) => {
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(n);
      const arg = n.arguments[0];
      if (name !== null && registrars.has(name) && arg) out.push(arg);
    }
  });
  return out;
}

/*
 * React's own conventions, the ones its compiler and `eslint-plugin-react-hooks` rely on: a
 * component's name is capitalised, a hook's is `use` and a capital. They only add to other
 * evidence: a body that returns JSX or calls hooks, or, for a `use…` composable, a file that
 * imports Vue, Solid or Svelte.
 */
function isComponentName(name: string | null): boolean {
  return name !== null && /^[A-Z]/.test(name);
}

export function isHookName(name: string | null): boolean {
  return name !== null && /^use[A-Z0-9]/.test(name);
}

function returnsJsxOrUsesHooks(fn: FunctionNode): boolean {
  if (fn.body.type === AST_NODE_TYPES.JSXElement || fn.body.type === AST_NODE_TYPES.JSXFragment) return true;
  // The walk stops at the first element or hook call.
  return findNode(fn.body, (n) => n.type === AST_NODE_TYPES.JSXElement || n.type === AST_NODE_TYPES.JSXFragment || (n.type === AST_NODE_TYPES.CallExpression && isHookName(calleeName(n))), false) !== null;
}

/** A React component or hook body, by name and by what it does: it runs on every render. */
export function isRenderBody(fn: FunctionNode): boolean {
  const name = functionName(fn);
  return (isComponentName(name) || isHookName(name)) && returnsJsxOrUsesHooks(fn);
}

/**
 * The one owner-teardown table: for each framework, how an owner is recognised and where its
 * registrations are undone. Effect hooks and teardown method names come from the registry
 * (`effectHooks`, `teardownMethods`, extendable through settings); the rest are framework APIs.
 */
export type OwnerShape =
  /** `useEffect(cb)`: the function `cb` returns is its cleanup. */
  | 'effect hook'
  /** Svelte/Solid `onMount(cb)`: likewise. */
  | 'mount with cleanup'
  /** Vue `onMounted(cb)`, Solid `createEffect(cb)`: cleanup is registered beside it. */
  | 'setup callback'
  /** `onUnmounted(cb)`, `onCleanup(cb)`, `DestroyRef.onDestroy(cb)`: `cb` is a teardown. */
  | 'cleanup registrar'
  /** `class X extends HTMLElement`: the base class calls a teardown method. */
  | 'base class'
  /** Angular `@Component()`: the framework calls `ngOnDestroy`. */
  | 'decorator'
  /** Vue `setup()` and composables in a Vue/Solid/Svelte file: run once per component. */
  | 'setup function'
  /** Vue Options API: a `mounted()` hook of a component's options object, undone in `beforeUnmount()`. */
  | 'options hook'
  /** Vue Options API: the hooks of the same object that end the component. */
  | 'options teardown';

export interface OwnerTeardown {
  framework: string;
  shape: OwnerShape;
  names: readonly string[];
  /** The teardown as messages name it. */
  teardown: string;
}

export const OWNER_TEARDOWNS: readonly OwnerTeardown[] = [
  { framework: 'React', shape: 'effect hook', names: [/* registry: effectHooks */], teardown: 'the cleanup it returns' },
  { framework: 'Svelte, Solid', shape: 'mount with cleanup', names: ['onMount'], teardown: 'the cleanup it returns' },
  { framework: 'Vue', shape: 'setup callback', names: ['onMounted', 'onBeforeMount'], teardown: '`onUnmounted`' },
  { framework: 'Vue', shape: 'setup callback', names: ['onActivated'], teardown: '`onDeactivated`' },
  { framework: 'Solid', shape: 'setup callback', names: ['createEffect', 'createRenderEffect'], teardown: '`onCleanup`' },
  { framework: 'Vue, Solid, Svelte', shape: 'cleanup registrar', names: ['onCleanup', 'onUnmounted', 'onBeforeUnmount', 'onScopeDispose', 'onDestroy', 'onDeactivated'], teardown: '`onUnmounted`/`onCleanup`' },
  { framework: 'Angular', shape: 'cleanup registrar', names: ['onDestroy'], teardown: '`DestroyRef.onDestroy`' },
  { framework: 'React', shape: 'base class', names: ['Component', 'PureComponent'], teardown: '`componentWillUnmount`' },
  { framework: 'custom elements, Lit, FAST', shape: 'base class', names: ['HTMLElement', 'LitElement', 'FASTElement', 'ReactiveElement'], teardown: '`disconnectedCallback`' },
  { framework: 'Vue (class components)', shape: 'base class', names: ['Vue'], teardown: '`beforeUnmount` (Vue 2: `beforeDestroy`)' },
  { framework: 'Backbone, widget toolkits', shape: 'base class', names: ['View', 'Widget'], teardown: 'a teardown method' },
  { framework: 'Angular', shape: 'decorator', names: ['Component', 'Directive', 'Pipe'], teardown: '`ngOnDestroy`' },
  { framework: 'Vue, Solid, Svelte', shape: 'setup function', names: ['setup'], teardown: '`onUnmounted`/`onScopeDispose`' },
  { framework: 'Vue (Options API)', shape: 'options hook', names: ['mounted', 'beforeMount', 'created', 'activated'], teardown: '`beforeUnmount` (Vue 2: `beforeDestroy`)' },
  { framework: 'Vue (Options API)', shape: 'options teardown', names: ['beforeUnmount', 'unmounted', 'beforeDestroy', 'destroyed', 'deactivated'], teardown: '`beforeUnmount` (Vue 2: `beforeDestroy`)' },
];

/**
 * `export default { data() {…}, mounted() { window.addEventListener(…) }, beforeUnmount() {…} }`:
 * a hook of a Vue options object is owned by the component; its teardowns are the object's own
 * teardown hooks and the `methods` they call through `this`. An object counts as a component
 * when it has a teardown hook, or is handed to the framework: a module's default export or a
 * call's argument (`defineComponent({…})`, `Vue.component('x', {…})`, `app.mixin({…})`).
 */
function optionsHookOwner(fn: FunctionNode): Owner | null {
  const prop = fn.parent;
  if (prop.type !== AST_NODE_TYPES.Property || prop.value !== fn || prop.parent.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const name = staticKeyName(prop);
  const hook = name !== null ? entryFor('options hook', name) : undefined;
  if (!hook) return null;
  const props = prop.parent.properties.filter((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property);
  const teardownNames = OPTIONS_TEARDOWNS;
  const ends = props.filter((p) => teardownNames.has(staticKeyName(p) ?? '') && isFunction(p.value));
  const holder = prop.parent.parent;
  const handedOver = holder.type === AST_NODE_TYPES.ExportDefaultDeclaration || ((holder.type === AST_NODE_TYPES.CallExpression || holder.type === AST_NODE_TYPES.NewExpression) && holder.arguments.includes(prop.parent));
  if (ends.length === 0 && !handedOver) return null;
  const teardowns: TSESTree.Node[] = ends.map((p) => p.value);
  // `beforeUnmount() { this.unbind(); }` with `methods: { unbind() {…} }`
  const methods = props.find((p) => staticKeyName(p) === 'methods')?.value;
  if (methods?.type === AST_NODE_TYPES.ObjectExpression) {
    const called = new Set<string>();
    for (const t of [...teardowns]) walkOwn(t as FunctionNode, (n) => {
      if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression && n.callee.object.type === AST_NODE_TYPES.ThisExpression) {
        const m = memberName(n.callee);
        if (m !== null) called.add(m);
      }
    });
    for (const m of methods.properties) if (m.type === AST_NODE_TYPES.Property && called.has(staticKeyName(m) ?? '') && isFunction(m.value)) teardowns.push(m.value);
  }
  const teardownLabel = ends.length > 0 ? ends.map((p) => `\`${staticKeyName(p)}\``).join(' or ') : hook.teardown;
  return { kind: 'effect', fn, teardowns, label: `this component's \`${name}()\``, teardownLabel, returnIsCleanup: false };
}

/** `{ install(app) {…} }`, `{ init() {…} }`: an object's start-up method, as for a class without teardown. */
function objectSetupMethod(fn: FunctionNode, setupMethods: ReadonlySet<string>): boolean {
  const prop = fn.parent;
  if (prop.type !== AST_NODE_TYPES.Property || prop.value !== fn || prop.parent.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const name = staticKeyName(prop);
  return name !== null && setupMethods.has(name);
}

/** Packages whose files run `setup`-style functions and `use*` composables once per component. */
const SETUP_STYLE_SOURCES = new Set(['vue', 'solid-js', 'svelte']);

/** The file imports Vue (or `@vue/*`), Solid or Svelte. */
export function importsSetupFramework(program: TSESTree.Program): boolean {
  return program.body.some((st) => st.type === AST_NODE_TYPES.ImportDeclaration && (SETUP_STYLE_SOURCES.has(st.source.value) || st.source.value.startsWith('@vue/')));
}

// Asked for every function a registration's owner is looked for through: by shape, then name (the table's first entry wins).
const ENTRIES = new Map<OwnerShape, Map<string, OwnerTeardown>>();
for (const e of OWNER_TEARDOWNS) {
  let byName = ENTRIES.get(e.shape);
  if (!byName) ENTRIES.set(e.shape, (byName = new Map<string, OwnerTeardown>()));
  for (const n of e.names) if (!byName.has(n)) byName.set(n, e);
}

function entryFor(shape: OwnerShape, name: string): OwnerTeardown | undefined {
  return ENTRIES.get(shape)?.get(name);
}

function namesOf(shape: OwnerShape, framework?: string): ReadonlySet<string> {
  return new Set(OWNER_TEARDOWNS.filter((e) => e.shape === shape && (framework === undefined || e.framework === framework)).flatMap((e) => e.names));
}

const CLEANUP_REGISTRARS = namesOf('cleanup registrar', 'Vue, Solid, Svelte');
const OPTIONS_TEARDOWNS = namesOf('options teardown');
const DESTROY_REF = namesOf('cleanup registrar', 'Angular');
/** When the framework cannot be told. */
const ANY_TEARDOWN = 'a teardown method';

const SELF_LISTEN = new Set([...FAMILIES.emitter.methods, ...FAMILIES.dom.methods]);

/**
 * In one walk of each of the class's own methods: the function arguments of `this.on(…)`,
 * `this.once(…)`, `this.addEventListener(…)`, and, per method, Angular's DestroyRef callbacks
 * (`inject(DestroyRef).onDestroy(cb)`, `this.destroyRef.onDestroy(cb)`).
 */
function classCallbacks(cls: ClassNode, callsWithin: OwnerOptions['callsWithin']): { self: TSESTree.Node[]; destroyRef: TSESTree.Node[][] } {
  const self: TSESTree.Node[] = [];
  const byMember = new Map<TSESTree.Node, TSESTree.Node[]>();
  const visit = (n: TSESTree.CallExpression, callee: TSESTree.Node, name: string, member: TSESTree.Node): void => {
    const arg = n.arguments[0];
    if (DESTROY_REF.has(name) && arg) {
      const list = byMember.get(member);
      if (list) list.push(arg);
      else byMember.set(member, [arg]);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression || unwrapExpression(callee.object).type !== AST_NODE_TYPES.ThisExpression || !SELF_LISTEN.has(name)) return;
    for (const a of n.arguments) if (isFunction(a)) self.push(a);
  };
  // The file's calls of the class, already gathered for its call sites: those made by a method's own code.
  for (const call of callsWithin(cls)) {
    // By name first: only a DestroyRef or self-listening call is walked out to its method.
    const callee = unwrapExpression(call.callee);
    const name = nameOf(callee);
    if (name === null || !(DESTROY_REF.has(name) || SELF_LISTEN.has(name))) continue;
    const fn = innermostFunction(call);
    const member = fn?.parent;
    if ((member?.type === AST_NODE_TYPES.MethodDefinition || member?.type === AST_NODE_TYPES.PropertyDefinition) && member.value === fn && member.parent.parent === cls) visit(call, callee, name, member);
  }
  const destroyRef = cls.body.body.flatMap((m) => {
    const list = byMember.get(m);
    return list ? [list] : [];
  });
  return { self, destroyRef };
}

interface ClassInfo {
  teardowns: TSESTree.Node[];
  names: string[];
  framework: boolean;
  frameworkTeardown: string;
}

// Every registration in a class's methods asks about the same class; a class's answer walks all of it.
// Kept per file's options, never under the class node: ESLint keeps a linted file's AST reachable
// until a full collection (docs/performance.md), and an entry under a node would keep the options'
// closures, and the file's whole index with them, alive and copied by every scavenge until then.
const classInfos = new WeakMap<OwnerOptions, Map<ClassNode, ClassInfo>>();

function classInfo(cls: ClassNode, options: OwnerOptions): ClassInfo {
  let byClass = classInfos.get(options);
  if (!byClass) classInfos.set(options, (byClass = new Map<ClassNode, ClassInfo>()));
  let info = byClass.get(cls);
  if (!info) byClass.set(cls, (info = computeClassInfo(cls, options)));
  return info;
}

function computeClassInfo(cls: ClassNode, options: OwnerOptions): ClassInfo {
  const teardowns: TSESTree.Node[] = [];
  const names: string[] = [];
  for (const m of cls.body.body) {
    if (m.type !== AST_NODE_TYPES.MethodDefinition && m.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    let name: string | null = null;
    if (!m.computed && m.key.type === AST_NODE_TYPES.Identifier) name = m.key.name;
    else if (m.computed && m.key.type === AST_NODE_TYPES.MemberExpression) {
      const k = memberName(m.key);
      if (k === 'dispose' || k === 'asyncDispose') name = `[Symbol.${k}]`;
    }
    if (name === null) continue;
    const bare = name.startsWith('[Symbol.') ? 'dispose' : name;
    if (options.teardowns.has(bare) && m.value && isFunction(m.value)) {
      teardowns.push(m.value);
      names.push(name);
    }
  }
  // Callbacks the instance registers on itself (`this.once('end', () => …)` in the constructor):
  // they run when the instance says so, so removals there pair with its registrations. They only
  // add to a class that has a teardown; alone they do not make the class an owner.
  const callbacks = classCallbacks(cls, options.callsWithin);
  if (teardowns.length > 0) teardowns.push(...callbacks.self);
  // Angular's DestroyRef: `inject(DestroyRef).onDestroy(cb)` / `this.destroyRef.onDestroy(cb)` anywhere in the class.
  for (const cbs of callbacks.destroyRef) {
    teardowns.push(...cbs);
    names.push('DestroyRef.onDestroy');
  }
  const superClass = cls.superClass ? unwrapExpression(cls.superClass) : null;
  const baseName = superClass?.type === AST_NODE_TYPES.Identifier ? superClass.name : superClass?.type === AST_NODE_TYPES.MemberExpression ? memberName(superClass) : null;
  const decorator = decoratorsOf(cls)
    .map((d) => {
      const e = unwrapExpression(d.expression);
      const n = e.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(e.callee) : e;
      return n.type === AST_NODE_TYPES.Identifier ? entryFor('decorator', n.name) : undefined;
    })
    .find((e) => e !== undefined);
  // An Angular component extending a class named `Component` is still Angular's.
  const base = baseName !== null && !(decorator && baseName === 'Component') ? entryFor('base class', baseName) : undefined;
  const frameworkTeardown = (base ?? decorator)?.teardown ?? ANY_TEARDOWN;
  return { teardowns, names, framework: decorator !== undefined || (baseName !== null && entryFor('base class', baseName) !== undefined), frameworkTeardown };
}

function methodOf(fn: FunctionNode): { cls: ClassNode; name: string } | null {
  const p = fn.parent;
  if ((p.type === AST_NODE_TYPES.MethodDefinition || p.type === AST_NODE_TYPES.PropertyDefinition)) {
    const cls = p.parent.parent;
    const name = !p.computed && p.key.type === AST_NODE_TYPES.Identifier ? p.key.name : '';
    return { cls, name };
  }
  return null;
}

/** What an owner depends on, for caching: the enclosing function, else the instance field being initialised. */
export function ownerHome(node: TSESTree.Node): TSESTree.Node | null {
  const fn = innermostFunction(node);
  if (fn) return fn;
  for (let p: TSESTree.Node | undefined = node.parent; p; p = p.parent) {
    if (p.type === AST_NODE_TYPES.PropertyDefinition || p.type === AST_NODE_TYPES.AccessorProperty) return p;
  }
  return null;
}

/** The class whose instance field (not a static one) `node` initialises, outside any function. */
function instanceFieldOf(node: TSESTree.Node): ClassNode | null {
  for (let p: TSESTree.Node | undefined = node.parent; p; p = p.parent) {
    if ((p.type === AST_NODE_TYPES.PropertyDefinition || p.type === AST_NODE_TYPES.AccessorProperty) && p.value && within(node, p.value)) {
      return p.static ? null : p.parent.parent;
    }
    if (p.type === AST_NODE_TYPES.Program) return null;
  }
  return null;
}

function describeFn(fn: FunctionNode): string {
  const name = functionName(fn);
  return name ? `\`${name}()\`` : 'this function';
}

/**
 * Walks out from a registration to the code whose lifetime bounds it. Callbacks that run
 * in place (promise executors, IIFEs, `.then`, iteration) are looked through; callbacks
 * that run per event (`server.on('connection', …)`, route handlers) are per-call owners.
 */
// A function's owner is asked again for every registration whose callers lead to it. The search
// through callers stops at a depth: an answer found with no such stop holds wherever it is asked,
// and so does a 'process' answer (a stop only ever makes a caller count as per call); a per-call
// answer that a stop shaped holds only where as little or less depth is left.
const ownerCaches = new WeakMap<OwnerOptions, Map<FunctionNode, { owner: Owner; depth: number }>>();
const MAX_CALLER_DEPTH = 4;
let depthStops = 0;

export function ownerOf(node: TSESTree.Node, options: OwnerOptions, seen: ReadonlySet<FunctionNode> = new Set()): Owner {
  const start = innermostFunction(node);
  if (!start) return findOwner(node, options, seen);
  let cache = ownerCaches.get(options);
  if (!cache) {
    cache = new Map();
    ownerCaches.set(options, cache);
  }
  const known = cache.get(start);
  if (known && seen.size >= known.depth) return known.owner;
  const before = depthStops;
  const owner = findOwner(node, options, seen);
  cache.set(start, { owner, depth: depthStops === before || owner.kind === 'process' ? 0 : seen.size });
  return owner;
}

function findOwner(node: TSESTree.Node, options: OwnerOptions, seen: ReadonlySet<FunctionNode>): Owner {
  let fn = innermostFunction(node);
  // `doneReaction = reaction(…)`: an instance field's initialiser runs once per instance, as the constructor.
  const field = fn ? null : instanceFieldOf(node);
  if (field) {
    const info = classInfo(field, options);
    const clsName = className(field) ?? 'this class';
    if (info.teardowns.length > 0 || info.framework) {
      const teardownLabel = info.names.length > 0 ? info.names.map((n) => `\`${n}\``).join(' or ') : info.frameworkTeardown;
      return { kind: 'class', cls: field, teardowns: info.teardowns, label: `class \`${clsName}\``, teardownLabel, framework: info.framework };
    }
    return { kind: 'process', label: 'a field initialiser of a class without teardown' };
  }
  while (fn) {
    const call = callbackCall(fn);
    const name = call ? calleeName(call) : null;
    if (call && name !== null && (options.effectHooks.has(name) || entryFor('mount with cleanup', name)) && call.arguments[0] === fn) {
      const outer = innermostFunction(call);
      const teardowns = [...returnedFunctions(fn), ...cleanupCallbacks(fn, CLEANUP_REGISTRARS), ...(outer ? cleanupCallbacks(outer, CLEANUP_REGISTRARS) : [])];
      return { kind: 'effect', fn, teardowns, label: `this \`${name}()\``, teardownLabel: 'the cleanup it returns', returnIsCleanup: true };
    }
    const setupCallback = call && name !== null ? entryFor('setup callback', name) : undefined;
    if (call && name !== null && setupCallback) {
      const outer = innermostFunction(call);
      const teardowns = [...cleanupCallbacks(fn, CLEANUP_REGISTRARS), ...(outer ? cleanupCallbacks(outer, CLEANUP_REGISTRARS) : [])];
      return { kind: 'effect', fn, teardowns, label: `this \`${name}()\``, teardownLabel: setupCallback.teardown, returnIsCleanup: false };
    }
    const hookOwner = optionsHookOwner(fn);
    if (hookOwner) return hookOwner;
    if (objectSetupMethod(fn, options.setupMethods)) return { kind: 'process', label: 'a setup method of an object' };
    const method = methodOf(fn);
    if (method) {
      const info = classInfo(method.cls, options);
      const clsName = className(method.cls) ?? 'this class';
      if (info.teardowns.length > 0) {
        return { kind: 'class', cls: method.cls, teardowns: info.teardowns, label: `class \`${clsName}\``, teardownLabel: info.names.length > 0 ? info.names.map((n) => `\`${n}\``).join(' or ') : info.frameworkTeardown, framework: info.framework };
      }
      if (info.framework) {
        return { kind: 'class', cls: method.cls, teardowns: [], label: `class \`${clsName}\``, teardownLabel: info.frameworkTeardown, framework: true };
      }
      if (options.setupMethods.has(method.name) || method.name === '') return { kind: 'process', label: 'a setup method of a class without teardown' };
      const startup = options.startupEvidence?.(fn);
      if (startup) return { kind: 'process', label: startup };
      return { kind: 'perCall', fn, label: `\`${clsName}.${method.name}()\``, render: false, inlineCallback: false };
    }
    if (call && name !== null && callbackFrequency(fn, options.callbacks).run === 'per event') {
      const event = call.arguments[0] && unwrapExpression(call.arguments[0]);
      const ev = event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' ? `'${event.value}'` : '';
      return { kind: 'perCall', fn, label: `this \`${name}(${ev})\` callback`, render: false, inlineCallback: true };
    }
    if (call || isPromiseExecutor(fn) || isIIFE(fn)) {
      // Runs in place, or once when something settles: its lifetime is its parent's.
      if (call && innermostFunction(call) === null) {
        return name === 'once' ? { kind: 'process', label: 'a one-time callback' } : { kind: 'process', label: 'module initialisation' };
      }
      fn = innermostFunction(fn);
      continue;
    }
    // A helper declared inside another function and only called there (or by itself) shares
    // its parent's lifetime: `useEffect(() => { function loop() {…} loop(); })`.
    const parentFn = innermostFunction(fn);
    if (parentFn) {
      const own = fn;
      const sites = options.callSites(own);
      if (sites.length > 0 && sites.every((s) => s.range[0] >= parentFn.range[0] && s.range[1] <= parentFn.range[1])) {
        fn = parentFn;
        continue;
      }
    }
    const fnName = functionName(fn);
    const setupFunction = fnName !== null ? entryFor('setup function', isHookName(fnName) ? 'setup' : fnName) : undefined;
    if (setupFunction && options.setupStyle) {
      return { kind: 'effect', fn, teardowns: cleanupCallbacks(fn, CLEANUP_REGISTRARS), label: describeFn(fn), teardownLabel: setupFunction.teardown, returnIsCleanup: false };
    }
    if ((isComponentName(fnName) || isHookName(fnName)) && returnsJsxOrUsesHooks(fn)) {
      return { kind: 'perCall', fn, label: `${describeFn(fn)}, which runs on every render,`, render: true, inlineCallback: false };
    }
    // Called only from start-up code: module top level, or functions that run once themselves
    // (`(function main() { exec(); })()`, `.action(() => run())` at top level, `start()` → `wire()`).
    const sites = options.callSites(fn);
    if (sites.length > 0 && seen.size >= MAX_CALLER_DEPTH) depthStops++;
    else if (sites.length > 0 && !seen.has(fn)) {
      const deeper = new Set([...seen, fn]);
      if (sites.every((s) => ownerOf(s, options, deeper).kind === 'process')) return { kind: 'process', label: 'a function called only at startup' };
    }
    const startup = options.startupEvidence?.(fn);
    if (startup) return { kind: 'process', label: startup };
    return { kind: 'perCall', fn, label: describeFn(fn), render: false, inlineCallback: false };
  }
  return { kind: 'process', label: 'module initialisation' };
}

/**
 * The event and the handler are both the owner's own parameters (`on(type, handler) {
 * this.#emitter.on(type, handler) }`, `nodemon.on = function (event, handler) { bus.on(event,
 * handler) }`): the function is an event API's own `on()`, forwarding a registration on its
 * caller's behalf, and the caller, who holds the handler, owns its removal. A function that
 * picks the event itself (`show(bus, onTick) { bus.listen('tick', onTick) }`) registers on its
 * own account. Not for per-event callbacks: a `'newListener'` mirror's copy is no caller's.
 */
export function forwardsCallersHandler(event: TSESTree.Node | undefined, handler: TSESTree.Node | null, owner: Owner, scopeOf: (n: TSESTree.Node) => TSESLint.Scope.Scope): boolean {
  if (owner.kind !== 'perCall' || owner.inlineCallback) return false;
  const isOwnParameter = (n: TSESTree.Node | null | undefined): boolean => {
    const h = n ? unwrapExpression(n) : null;
    if (h?.type !== AST_NODE_TYPES.Identifier) return false;
    const resolved = resolveReference(h, scopeOf(h));
    const def = resolved?.kind === 'local' ? resolved.variable.defs[0] : undefined;
    return def !== undefined && isParameterDef(def) && def.node === owner.fn;
  };
  return isOwnParameter(event) && isOwnParameter(handler);
}

/**
 * A constructor that hangs a handler it was given on a target it was given (`constructor(client,
 * onException) { this.#client = client; this.#client.on('Runtime.exceptionThrown', onException) }`):
 * the listener holds only its caller's function, on its caller's object, and nothing of the
 * instance, so the instance's teardown has nothing of its own to release there; whoever made both
 * wires and unwires them. An inline or bound handler, a method of the instance, a handler or a
 * target the class made or found itself (a global, a module singleton) is the instance's own.
 */
export function wiresCallersHandler(reg: Pick<Registration, 'call' | 'target' | 'handler'>, owner: Owner, ctx: Pick<TargetContext, 'scopeOf' | 'assignmentsTo'>): boolean {
  if (owner.kind !== 'class' || !reg.target || !reg.handler) return false;
  const ctor = innermostFunction(reg.call);
  const method = ctor?.parent;
  if (!ctor || method?.type !== AST_NODE_TYPES.MethodDefinition || method.kind !== 'constructor' || method.parent.parent !== owner.cls) return false;
  const isCtorParam = (n: TSESTree.Node): boolean => {
    const u = unwrapExpression(n);
    if (u.type !== AST_NODE_TYPES.Identifier) return false;
    const resolved = resolveReference(u, ctx.scopeOf(u));
    const def = resolved?.kind === 'local' && resolved.variable.defs.length === 1 ? resolved.variable.defs[0] : undefined;
    return def !== undefined && isParameterDef(def) && def.node === ctor && resolved?.kind === 'local' && resolved.variable.references.every((r) => !r.isWrite());
  };
  if (!isCtorParam(reg.handler)) return false;
  const t = unwrapExpression(reg.target);
  if (isCtorParam(t)) return true;
  if (t.type !== AST_NODE_TYPES.MemberExpression || t.computed || unwrapExpression(t.object).type !== AST_NODE_TYPES.ThisExpression) return false;
  // `constructor(private client)`: a parameter property.
  const name = memberName(t);
  if (ctor.params.some((p) => p.type === AST_NODE_TYPES.TSParameterProperty && p.parameter.type === AST_NODE_TYPES.Identifier && p.parameter.name === name)) return true;
  const writes = ctx.assignmentsTo(t).filter((a) => within(a, owner.cls));
  return writes.length > 0 && writes.every((a) => a.operator === '=' && innermostFunction(a) === ctor && isCtorParam(a.right));
}
