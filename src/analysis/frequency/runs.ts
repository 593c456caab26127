import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { isPrivateMember } from '../syntax/ast';
import { type FunctionIndex, functionName, objectMethodOf, prototypeMethodOf } from '../syntax/functions';
import { type FunctionNode, isFunction, isLoop } from '../syntax/nodes';
import { type CallbackTable, callbackFrequency } from './callbacks';
import { startupEvidence } from './startup';
import { classifyLoop, describeLoop } from './loops';

/**
 * Question 1, asked of a node relative to its holder: does it run once per life of the
 * holder (module initialisation, one constructor run, one call of a maker) or many times?
 * Callbacks follow the callback-frequency table (`.then`, `.catch`, `once`, `setTimeout`
 * and callees it does not know run as often as the code around them; listeners and
 * intervals run per event); named
 * functions follow their same-file call sites. The default is "many": only what is seen to
 * run from the holder's own code, in place or once, runs once.
 */
export interface Run {
  run: 'once' | 'many';
  /** Human words: "module initialisation", "this `on('data')` listener", "`add()`, called from outside this file". */
  why: string;
  /** Many because a per-event callback (a listener, an interval, a route) runs it. */
  perEvent?: boolean;
}

export interface FrequencyContext {
  sourceCode: Readonly<TSESLint.SourceCode>;
  index: FunctionIndex;
  callbacks: CallbackTable;
  /**
   * Calls that end the process: the registry's `processExits` with the user's additions, the same set
   * for every rule of a configuration (`namesFor`), so what a function's own code says of the process
   * is worked out once per file whichever rule asks first.
   */
  processExits: ReadonlySet<string>;
  /** The user's words for a loop condition that holds for the life of the process (`settings.leaks.longLivedConditions`). */
  longLivedConditions: readonly string[];
}

/** Code of the holder itself: the module (`Program`), a constructor, a maker function. */
export type Home = (node: TSESTree.Node) => string | null;

export const moduleHome: Home = (n) => (n.type === AST_NODE_TYPES.Program ? 'module initialisation' : null);

/** A class's once-per-instance code: its constructor, field initialisers, static blocks. */
export function classHome(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): Home {
  return (n) => {
    const p = n.parent;
    if (p?.type === AST_NODE_TYPES.MethodDefinition && p.kind === 'constructor' && p.value === n && p.parent.parent === cls) return 'the constructor';
    if (n.type === AST_NODE_TYPES.StaticBlock && n.parent.parent === cls) return 'the static block';
    if (n.type === AST_NODE_TYPES.PropertyDefinition && n.parent.parent === cls) return 'a field initialiser';
    return null;
  };
}

/** A function's binding is read other than by calling it (exported, passed as a value): callers unknown. */
export function usedAsValue(fn: FunctionNode, ctx: FrequencyContext, sites: number): boolean {
  const p = fn.parent;
  if (p.type === AST_NODE_TYPES.ExportNamedDeclaration || p.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  const binding = p.type === AST_NODE_TYPES.VariableDeclarator ? p : fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : null;
  if (!binding) return false;
  if (binding.type === AST_NODE_TYPES.VariableDeclarator && binding.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
  // A function's declared variables include its parameters: only its own name counts.
  const id = binding.id;
  const reads = ctx.sourceCode.getDeclaredVariables(binding).filter((v) => v.identifiers.includes(id as TSESTree.Identifier)).flatMap((v) => v.references.filter((r) => !r.init));
  return reads.length > sites;
}

/**
 * Methods other than `#private`/`private` ones can be called from outside the class; so can
 * `C.prototype.m` and an object literal's methods, whose same-file calls are not all of them.
 */
export function calledFromOutside(fn: FunctionNode): boolean {
  const p = fn.parent;
  if (prototypeMethodOf(fn) || objectMethodOf(fn)) return true;
  return (p.type === AST_NODE_TYPES.MethodDefinition || p.type === AST_NODE_TYPES.PropertyDefinition) && !isPrivateMember(p);
}

export function runsOncePer(node: TSESTree.Node, home: Home, ctx: FrequencyContext, seen: Set<FunctionNode> = new Set()): Run {
  let child: TSESTree.Node = node;
  for (let p: TSESTree.Node | undefined = node.parent; p; child = p, p = p.parent) {
    const homeWhy = home(p);
    if (homeWhy !== null) return { run: 'once', why: homeWhy };
    if (p.type === AST_NODE_TYPES.Program) return { run: 'once', why: 'module initialisation' };
    // A turn of a loop that can run for the life of the process (`while (true)`, `for await` over a
    // stream) runs again and again, even in code that itself runs once: a worker's main loop handles
    // one job per turn. A bounded loop over data (`for (const x of list)`) fills once. Not per event:
    // the same `for await` reads a finite cursor inside a method as often as a socket at top level.
    if (isLoop(p) && child === p.body && classifyLoop(p, { longLivedConditions: ctx.longLivedConditions, scopeOf: (n) => ctx.sourceCode.getScope(n) })) {
      return { run: 'many', why: `a turn of the ${describeLoop(p, (n) => ctx.sourceCode.getText(n))}` };
    }
    if (!isFunction(p)) continue;
    const f = callbackFrequency(p, ctx.callbacks);
    // Runs as often as its caller (`runsAsOftenAsItsCaller`), asked of the one answer.
    if (f.run === 'in place' || f.run === 'once') continue;
    if (f.run === 'per event') return { run: 'many', why: f.label, perEvent: true };
    // A callee the table does not know is taken at its call's frequency, as every rule takes
    // it; `settings.leaks.callbacks` says when it runs the callback per event.
    if (f.call !== null) continue;
    return namedFunctionRuns(p, home, ctx, seen);
  }
  return { run: 'once', why: 'module initialisation' };
}

/** A named function runs once if each of its same-file calls does, and nothing else can call it. */
function namedFunctionRuns(fn: FunctionNode, home: Home, ctx: FrequencyContext, seen: Set<FunctionNode>): Run {
  const name = `\`${functionName(fn) ?? 'this function'}()\``;
  // It decides how the process ends: the program's own start-up code (`startup.ts`).
  const startup = startupEvidence(fn, { scopeOf: (n) => ctx.sourceCode.getScope(n), exits: ctx.processExits, root: ctx.sourceCode.ast });
  if (startup !== null) return { run: 'once', why: `${name}, ${startup}` };
  if (calledFromOutside(fn)) return { run: 'many', why: `${name}, called from outside this file` };
  const sites = ctx.index.callSitesOf(fn);
  if (sites.length === 0 || usedAsValue(fn, ctx, sites.length)) return { run: 'many', why: `${name}, called from outside this file` };
  if (seen.has(fn) || seen.size > 4) return { run: 'many', why: `${name}, called again and again` };
  seen.add(fn);
  for (const site of sites) {
    const r = runsOncePer(site, home, ctx, seen);
    if (r.run === 'many') {
      seen.delete(fn);
      return { run: 'many', why: `${name}, called from line ${site.loc.start.line} (${r.why})`, perEvent: r.perEvent === true };
    }
  }
  seen.delete(fn);
  return { run: 'once', why: `${name}, called only from ${sites.length === 1 ? `line ${sites[0]?.loc.start.line}` : 'code that runs once'}` };
}
