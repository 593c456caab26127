import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { decoratorsOf, staticString } from '../syntax/ast';
import { functionName } from '../syntax/functions';
import { type CallbackTable, callbackFrequency, runsAsOftenAsItsCaller } from './callbacks';
import { type FunctionNode, isFunction, isLoop } from '../syntax/nodes';
import { describeLoop } from './loops';
import { memberName, unwrapExpression } from '../scope/references';

/**
 * Per-request code: the functions a server runs once per request, message or job — route
 * handlers, server and socket callbacks, framework route files and controller methods,
 * Lambda handlers, queue processors — and the loop bodies inside functions.
 */
export interface PerRequest {
  per: 'request' | 'message' | 'job' | 'tick' | 'event' | 'loop turn' | 'call';
  /** "this `app.get('/x')` handler", "the `GET` route handler". */
  label: string;
}

export interface HandlerOptions {
  filename: string;
  callees: ReadonlySet<string>;
  /** Names of method decorators that mark a per-request method (`Action`). */
  decoratorNames: ReadonlySet<string>;
  exports: ReadonlySet<string>;
  /** How callees run their callbacks: the built-in table plus `settings.leaks`. */
  callbacks: CallbackTable;
}

const NEST_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'MessagePattern', 'EventPattern', 'SubscribeMessage', 'Query', 'Mutation', 'Subscription', 'Process', 'ResolveField']);
const HTTP_VERBS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

function calleeName(callee: TSESTree.Node): string | null {
  const c = unwrapExpression(callee);
  if (c.type === AST_NODE_TYPES.Identifier) return c.name;
  if (c.type === AST_NODE_TYPES.MemberExpression) return memberName(c);
  return null;
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
    if (options.callees.has(name)) return { per: 'request', label: `this \`${name}()\` handler` };
    if (p.type === AST_NODE_TYPES.NewExpression && name === 'Worker' && p.arguments[1] === fn) return { per: 'job', label: 'this queue worker' };
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
    if (key === 'handler' || key === 'eachMessage' || key === 'eachBatch') return { per: key === 'handler' ? 'request' : 'message', label: `this \`${key}\`` };
  }
  const exported = exportedName(fn);
  if (exported !== null) {
    const file = options.filename.replace(/\\/g, '/');
    if (HTTP_VERBS.has(exported) && /(?:^|\/)route\.[cm]?[jt]sx?$/.test(file)) return { per: 'request', label: `the \`${exported}\` route handler` };
    if (exported === 'default' && /(?:^|\/)pages\/api\//.test(file)) return { per: 'request', label: 'this API route handler' };
    if (exported === 'handler' || options.exports.has(exported)) return { per: 'request', label: `the exported \`${exported}\` handler` };
  }
  if (p.type === AST_NODE_TYPES.MethodDefinition) {
    for (const d of decoratorsOf(p)) {
      const e = unwrapExpression(d.expression);
      const n = e.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(e.callee) : e;
      if (n.type === AST_NODE_TYPES.Identifier && (NEST_DECORATORS.has(n.name) || options.decoratorNames.has(n.name))) {
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
