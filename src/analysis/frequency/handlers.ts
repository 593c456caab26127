import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { decoratorsOf, staticString } from '../syntax/ast';
import { functionName } from '../syntax/functions';
import { CallbackTable, type CallbackSetting, callbackFrequency, callbackTableFor, runsAsOftenAsItsCaller } from './callbacks';
import { type FunctionNode, innermostFunction, isFunction, isLoop } from '../syntax/nodes';
import { describeLoop } from './loops';
import { memberName, nameOf, resolveReference, unwrapExpression } from '../scope/references';
import { type LeaksSettings, getSettings } from '../engine/settings';
import type { FunctionIndex } from '../syntax/functions';
import { namesFor } from '../vocabulary/registry';
import { isHookName, isRenderBody } from '../lifetime/owners';

/**
 * Per-request code: the functions a server runs once per request, message or job — route
 * handlers, server and socket callbacks, framework route files and controller methods,
 * Lambda handlers, queue processors — and the loop bodies inside functions.
 */
export interface PerRequest {
  per: 'request' | 'message' | 'job' | 'tick' | 'event' | 'loop turn' | 'call' | 'render';
  /** "this `app.get('/x')` handler", "the `GET` route handler". */
  label: string;
  /** A React component or hook body: it runs on every render. */
  render?: boolean;
}

export interface HandlerOptions {
  filename: string;
  /** Method decorators that mark a per-request method (registry `handlerDecorators`, plus a rule's own). */
  decoratorNames: ReadonlySet<string>;
  /** Exported function names that are per-request handlers (registry `handlerExports`, plus a rule's own). */
  exports: ReadonlySet<string>;
  /** Exports of a route file that are its HTTP handlers (registry `routeFileExports`). */
  routeExports: ReadonlySet<string>;
  /** Option keys whose function runs per request or per message (registry `handlerProperties`, `messageHandlerProperties`). */
  requestProperties: ReadonlySet<string>;
  messageProperties: ReadonlySet<string>;
  /** Constructors whose function argument processes jobs (registry `jobWorkerClasses`). */
  jobWorkers: ReadonlySet<string>;
  /** How callees run their callbacks: the built-in table plus `settings.leaks` (and a rule's `callees`). */
  callbacks: CallbackTable;
}

/** A rule's own handler options, aliases of the registry lists and of `settings.leaks.callbacks`. */
export interface HandlerSetting {
  /** Callees whose function argument runs per request: `settings.leaks.callbacks` entries with `run: 'per event'`. */
  callees?: readonly string[];
  decoratorNames?: readonly string[];
  exports?: readonly string[];
}

const NONE: readonly string[] = [];
const tables = new WeakMap<object, WeakMap<readonly string[], CallbackTable>>();

/**
 * The callback table with a rule option's extra callees added as `settings.leaks.callbacks`
 * entries that run `run`: the option is an alias that feeds the same table.
 */
export function callbackTableWith(settings: LeaksSettings, callees: readonly string[], run: CallbackSetting['run']): CallbackTable {
  if (callees.length === 0) return callbackTableFor(settings);
  let byCallees = tables.get(settings);
  if (!byCallees) tables.set(settings, (byCallees = new WeakMap()));
  let table = byCallees.get(callees);
  if (!table) {
    table = new CallbackTable([...settings.callbacks, ...callees.map((name) => ({ name, run }))], settings.onceEvents);
    byCallees.set(callees, table);
  }
  return table;
}

/** The handler options of one file: registry lists, `settings.leaks`, and the rule's aliases. */
export function handlerOptionsFor(settings: LeaksSettings, filename: string, own: HandlerSetting = {}): HandlerOptions {
  const union = (key: 'handlerDecorators' | 'handlerExports', extra: readonly string[] | undefined): ReadonlySet<string> =>
    extra === undefined || extra.length === 0 ? namesFor(settings, key) : new Set([...namesFor(settings, key), ...extra]);
  return {
    filename,
    decoratorNames: union('handlerDecorators', own.decoratorNames),
    exports: union('handlerExports', own.exports),
    routeExports: namesFor(settings, 'routeFileExports'),
    requestProperties: namesFor(settings, 'handlerProperties'),
    messageProperties: namesFor(settings, 'messageHandlerProperties'),
    jobWorkers: namesFor(settings, 'jobWorkerClasses'),
    callbacks: callbackTableWith(settings, own.callees ?? NONE, 'per event'),
  };
}

/**
 * Framework route files, by path: Next.js App Router `route.ts` (its HTTP-verb exports) and
 * Pages Router `pages/api/*` (its default export). A file-name convention, not source text.
 */
const ROUTE_FILE = /(?:^|\/)route\.[cm]?[jt]sx?$/;
const API_ROUTE_DIR = /(?:^|\/)pages\/api\//;

function calleeName(callee: TSESTree.Node): string | null {
  return nameOf(unwrapExpression(callee));
}

function exportedName(fn: FunctionNode): string | null {
  const p = fn.parent;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && (p.type === AST_NODE_TYPES.ExportNamedDeclaration || p.type === AST_NODE_TYPES.ExportDefaultDeclaration)) {
    return p.type === AST_NODE_TYPES.ExportDefaultDeclaration ? 'default' : (fn.id?.name ?? null);
  }
  if (p.type === AST_NODE_TYPES.ExportDefaultDeclaration) return 'default';
  if (p.type === AST_NODE_TYPES.VariableDeclarator && p.id.type === AST_NODE_TYPES.Identifier && p.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return p.id.name;
  if (p.type === AST_NODE_TYPES.AssignmentExpression && p.left.type === AST_NODE_TYPES.MemberExpression) {
    const left = p.left;
    const obj = unwrapExpression(left.object);
    const isExports = (obj.type === AST_NODE_TYPES.Identifier && obj.name === 'exports') || (obj.type === AST_NODE_TYPES.MemberExpression && memberName(obj) === 'exports');
    if (isExports) return memberName(left);
  }
  return null;
}

/** Is `fn` itself a per-request function? */
export function handlerOf(fn: FunctionNode, options: HandlerOptions): PerRequest | null {
  const p = fn.parent;
  if ((p.type === AST_NODE_TYPES.CallExpression || p.type === AST_NODE_TYPES.NewExpression) && (p.arguments as TSESTree.Node[]).includes(fn)) {
    const name = calleeName(p.callee);
    if (name === null) return null;
    const first = p.arguments[0] ? staticString(p.arguments[0]) : null;
    if (p.type === AST_NODE_TYPES.NewExpression && options.jobWorkers.has(name) && p.arguments[1] === fn) return { per: 'job', label: 'this queue worker' };
    if (p.type !== AST_NODE_TYPES.CallExpression) return null;
    // How often the callee runs it is the callback-frequency table's answer, for every rule.
    const f = callbackFrequency(fn, options.callbacks);
    if (f.run !== 'per event' || !f.entry) return null;
    const entry = f.entry;
    const per = entry.per ?? 'event';
    switch (entry.role) {
      case 'listener':
        return { per, label: `this \`${name}(${first === null ? '…' : `'${first}'`})\` handler` };
      case 'route handler':
      case 'middleware':
        return { per, label: `this \`${p.callee.type === AST_NODE_TYPES.MemberExpression ? calleeText(p.callee) : name}(${first === null ? '' : `'${first}'`})\` handler` };
      case 'request handler':
        return { per, label: `this \`${name}()\` request handler` };
      default:
        return { per, label: f.label };
    }
  }
  // fastify.route({ handler }), kafka consumer.run({ eachMessage })
  if (p.type === AST_NODE_TYPES.Property && p.value === fn) {
    const key = p.key.type === AST_NODE_TYPES.Identifier ? p.key.name : staticString(p.key);
    if (key !== null && options.requestProperties.has(key)) return { per: 'request', label: `this \`${key}\`` };
    if (key !== null && options.messageProperties.has(key)) return { per: 'message', label: `this \`${key}\`` };
  }
  const exported = exportedName(fn);
  if (exported !== null) {
    const file = options.filename.replace(/\\/g, '/');
    if (options.routeExports.has(exported) && ROUTE_FILE.test(file)) return { per: 'request', label: `the \`${exported}\` route handler` };
    if (exported === 'default' && API_ROUTE_DIR.test(file)) return { per: 'request', label: 'this API route handler' };
    if (options.exports.has(exported)) return { per: 'request', label: `the exported \`${exported}\` handler` };
  }
  if (p.type === AST_NODE_TYPES.MethodDefinition) {
    for (const d of decoratorsOf(p)) {
      const e = unwrapExpression(d.expression);
      const n = e.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(e.callee) : e;
      if (n.type === AST_NODE_TYPES.Identifier && options.decoratorNames.has(n.name)) {
        return { per: 'request', label: `this \`@${n.name}()\` method` };
      }
    }
  }
  return null;
}

function calleeText(callee: TSESTree.MemberExpression): string {
  const obj = unwrapExpression(callee.object);
  const o = obj.type === AST_NODE_TYPES.Identifier ? obj.name : obj.type === AST_NODE_TYPES.ThisExpression ? 'this' : '…';
  return `${o}.${memberName(callee) ?? ''}`;
}

/**
 * The per-request context `node` runs in, if any: a loop body inside a function, a handler
 * (looking through callbacks that run in place), or a same-file function called from one.
 */
export function perRequestContext(
  node: TSESTree.Node,
  options: HandlerOptions,
  callSites: (fn: FunctionNode) => readonly TSESTree.CallExpression[],
  text: (n: TSESTree.Node) => string,
  depth = 0,
): PerRequest | null {
  let child: TSESTree.Node = node;
  for (let p: TSESTree.Node | undefined = node.parent; p; child = p, p = p.parent) {
    if (isLoop(p) && child === p.body) {
      let f: TSESTree.Node | undefined = p.parent;
      while (f && !isFunction(f)) f = f.parent;
      if (f) return { per: 'loop turn', label: `this ${describeLoop(p, text)}` };
      continue;
    }
    if (!isFunction(p)) continue;
    const handler = handlerOf(p, options);
    if (handler) return handler;
    // In place or once (`forEach`, `.then`, `setTimeout`): as often as the code around it.
    if (runsAsOftenAsItsCaller(p, options.callbacks)) continue;
    if (depth === 0) {
      const name = functionName(p);
      for (const site of callSites(p)) {
        const ctx = perRequestContext(site, options, callSites, text, depth + 1);
        if (ctx) return { per: ctx.per, label: `\`${name ?? 'this function'}()\`, called from ${ctx.label} (line ${site.loc.start.line})` };
      }
    }
    return null;
  }
  return null;
}

/** Inside a static member or static block (built once per class), or at the top of a class body? */
function inStaticMember(node: TSESTree.Node, fn: FunctionNode | null): boolean {
  if (fn) return fn.parent.type === AST_NODE_TYPES.MethodDefinition && fn.parent.static;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === AST_NODE_TYPES.StaticBlock) return true;
    if (p.type === AST_NODE_TYPES.PropertyDefinition) return p.static;
  }
  return true;
}

/**
 * NestJS builds a provider or controller declared `@Injectable({ scope: Scope.REQUEST })`
 * (or `@Controller({ scope: Scope.REQUEST })`) anew for every request: its constructor and
 * field initialisers run per request. The framework API, by its import.
 */
const REQUEST_SCOPE = { source: '@nestjs/common/Scope', name: 'REQUEST' };

function requestScopedClass(cls: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string | null {
  if (cls.type !== AST_NODE_TYPES.ClassDeclaration && cls.type !== AST_NODE_TYPES.ClassExpression) return null;
  for (const d of decoratorsOf(cls)) {
    const e = unwrapExpression(d.expression);
    if (e.type !== AST_NODE_TYPES.CallExpression) continue;
    const arg = e.arguments[0];
    if (arg?.type !== AST_NODE_TYPES.ObjectExpression) continue;
    for (const prop of arg.properties) {
      if (prop.type !== AST_NODE_TYPES.Property || prop.computed || prop.key.type !== AST_NODE_TYPES.Identifier || prop.key.name !== 'scope') continue;
      const r = resolveReference(prop.value, sourceCode.getScope(prop.value));
      if (r?.kind === 'import' && r.source === REQUEST_SCOPE.source && r.name === REQUEST_SCOPE.name) {
        const callee = unwrapExpression(e.callee);
        return `request-scoped \`${cls.id?.name ?? 'class'}\` (\`@${callee.type === AST_NODE_TYPES.Identifier ? callee.name : 'Injectable'}({ scope: Scope.REQUEST })\`), which Nest builds on every request`;
      }
    }
  }
  return null;
}

/**
 * A method of an object literal that is bound to a name or exported (`export const api =
 * { render() {…} }`): whoever holds the object calls it, any number of times. A method of an
 * option bag handed to a call is left to that call.
 */
function apiMethodName(fn: FunctionNode): string | null {
  const p = fn.parent;
  if (p.type !== AST_NODE_TYPES.Property || p.value !== fn || p.computed || p.key.type !== AST_NODE_TYPES.Identifier) return null;
  const holder = p.parent.parent;
  const named = holder.type === AST_NODE_TYPES.VariableDeclarator || holder.type === AST_NODE_TYPES.ExportDefaultDeclaration || (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.right === p.parent);
  return named ? p.key.name : null;
}

/** `return () => …`, `() => () => …`: the function whose call makes `fn`. */
function makerOf(fn: FunctionNode): FunctionNode | null {
  const p = fn.parent;
  if (p.type === AST_NODE_TYPES.ReturnStatement) return innermostFunction(p);
  if (p.type === AST_NODE_TYPES.ArrowFunctionExpression && p.body === fn) return p;
  return null;
}

/**
 * Per-request code of one file, for the questions a rule asks at `Program:exit`: the context
 * a node runs in — a handler, a loop turn, a helper called from one — or, failing that, a
 * class this file instantiates per request (its constructor, instance methods and field
 * initialisers run once per instance, so per request too).
 */
export class PerRequestCode {
  private classes: Map<TSESTree.Node, PerRequest & { line: number }> | null = null;

  private readonly text: (n: TSESTree.Node) => string;

  constructor(
    private readonly options: HandlerOptions,
    private readonly callSites: (fn: FunctionNode) => readonly TSESTree.CallExpression[],
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    /** `new X()` of the file: those of its own classes are candidates for per-request instances. */
    private readonly classNews: readonly TSESTree.NewExpression[],
  ) {
    this.text = (n) => sourceCode.getText(n);
  }

  /** Does `fn`'s body run per request (a handler, or called from one)? */
  isPerRequest(fn: FunctionNode): boolean {
    return perRequestContext(fn.body, this.options, this.callSites, this.text) !== null;
  }

  /** The per-request context of `node`; `perInstance` when it runs once per instance of a per-request class. */
  contextOf(node: TSESTree.Node): { ctx: PerRequest; perInstance: boolean } | null {
    const ctx = perRequestContext(node, this.options, this.callSites, this.text);
    if (ctx) return { ctx, perInstance: false };
    if (inStaticMember(node, innermostFunction(node))) return null;
    for (let p: TSESTree.Node | undefined = node.parent; p; p = p.parent) {
      const scoped = requestScopedClass(p, this.sourceCode);
      if (scoped !== null) return { ctx: { per: 'request', label: scoped }, perInstance: true };
    }
    const classes = this.perRequestClasses();
    if (classes.size === 0) return null;
    for (let p: TSESTree.Node | undefined = node.parent; p; p = p.parent) {
      const cls = classes.get(p);
      if (!cls || p.type !== AST_NODE_TYPES.ClassDeclaration) continue;
      const label = `class \`${p.id?.name ?? 'this class'}\`, which ${cls.label} instantiates (line ${cls.line})`;
      return { ctx: { per: cls.per, label }, perInstance: true };
    }
    return null;
  }

  /**
   * Failing a per-request context: `node` runs on every call of a named function that is not
   * proven to run once — exported, a method, passed as a value, or called from code that
   * runs many times (question 1's default is "many"). Callbacks that run in place or once
   * count as their caller, and so does a callback handed to a callee the table does not know
   * (question 1 takes it at its call's frequency); one handed to a React hook runs per mount
   * or per change of its dependencies, not per render, and is left undecided (null). A
   * component or hook body runs on every render; a function another one returns runs on
   * every call of it.
   */
  everyCall(node: TSESTree.Node): PerRequest | null {
    const fn = this.outerRun(innermostFunction(node));
    if (!fn) return null;
    const maker = makerOf(fn);
    const member = apiMethodName(fn);
    if (member !== null) return { per: 'call', label: `\`${member}()\`, which runs on every call` };
    if (maker && functionName(fn) === null) return { per: 'call', label: `the function \`${functionName(maker) ?? 'its maker'}()\` returns, which runs on every call` };
    if (this.runsOnce(fn, 0)) return null;
    const name = functionName(fn);
    if (name !== null && isRenderBody(fn)) return { per: 'render', label: `the body of \`${name}\`, which runs on every render`, render: true };
    return name === null ? null : { per: 'call', label: `\`${name}()\`, which runs on every call` };
  }

  everyCallContext(node: TSESTree.Node): { ctx: PerRequest; perInstance: boolean } | null {
    const ctx = this.everyCall(node);
    return ctx && { ctx, perInstance: false };
  }

  /** Through callbacks that run in place or once, the function whose calls decide how often. */
  private outerRun(fn: FunctionNode | null): FunctionNode | null {
    let f = fn;
    while (f) {
      if (runsAsOftenAsItsCaller(f, this.options.callbacks)) {
        f = innermostFunction(f);
        continue;
      }
      const freq = callbackFrequency(f, this.options.callbacks);
      if (freq.run !== 'unknown' || freq.call === null) return f;
      if (isHookName(freq.callee)) return null;
      f = innermostFunction(f);
    }
    return f;
  }

  /** Is every reference to `fn` a call from code that runs once (module level, or a function that does)? */
  private runsOnce(fn: FunctionNode, depth: number): boolean {
    if (depth > 3 || exportedName(fn) !== null) return false;
    const p = fn.parent;
    const binding = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : p.type === AST_NODE_TYPES.VariableDeclarator && p.init === fn ? p : null;
    if (!binding) return callbackFrequency(fn, this.options.callbacks).run === 'unknown' && functionName(fn) === null;
    const refs = this.sourceCode.getDeclaredVariables(binding).flatMap((v) => v.references).filter((r) => !r.init);
    return refs.every((ref) => {
      const id = ref.identifier as TSESTree.Node;
      const call = id.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== id) return false;
      const caller = this.outerRun(innermostFunction(call));
      return caller === null || caller === fn || this.runsOnce(caller, depth + 1);
    });
  }

  private perRequestClasses(): Map<TSESTree.Node, PerRequest & { line: number }> {
    if (this.classes) return this.classes;
    const out = new Map<TSESTree.Node, PerRequest & { line: number }>();
    for (const n of this.classNews) {
      const r = resolveReference(n.callee, this.sourceCode.getScope(n));
      const def = r?.kind === 'local' ? r.variable.defs[0]?.node : undefined;
      if (def?.type !== AST_NODE_TYPES.ClassDeclaration || out.has(def)) continue;
      const ctx = perRequestContext(n, this.options, this.callSites, this.text);
      if (ctx) out.set(def, { ...ctx, line: n.loc.start.line });
    }
    this.classes = out;
    return out;
  }
}

/** The per-request code of the file `context` lints, over its function index and `new` expressions. */
export function perRequestCodeFor(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  index: FunctionIndex,
  news: readonly TSESTree.NewExpression[],
  own: HandlerSetting = {},
): PerRequestCode {
  return new PerRequestCode(handlerOptionsFor(getSettings(context), context.filename, own), (fn) => index.callSitesOf(fn), context.sourceCode, news);
}
