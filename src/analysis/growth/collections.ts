import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { fateOf } from '../fate/fate';
import { within } from '../syntax/ast';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { type FunctionNode, innermostFunction } from '../syntax/nodes';
import { functionName } from '../syntax/functions';
import { type ExposureContext, type Exposure, exposureOf } from '../fate/collections';
import { type ClassNode, type InstanceLife, type LifetimeContext, instanceLifetime, outlivesCall } from '../lifetime/instances';
import { type Candidate } from './candidates';
import { type Home, type Run, classHome, moduleHome, runsOncePer } from '../frequency/runs';
import { type SiteContext, type Site, boundedKey, entryPerListElement, helperUses, siteAt } from './sites';
import { type BoundNames, capped, isMemoStore, keyedByClasses, memoThroughAccessors, popBounds, underPatternTest } from './bounds';
import { type UseIndex } from './uses';
import { type EvictionContext, cancellersOf, deletesByValue, evictsIn } from './evictions';
import { type RegistrationContext, entriesCalledBack, registrarOf, storesArgument } from './registration';

/**
 * Question 5: who shrinks this collection, and how often? For one candidate: its growth
 * and eviction sites, each with how often it runs relative to the holder (question 1), the
 * bounds around growth, whether it leaves the file's sight, and how long its holder lives
 * (question 2). The verdict is `unbounded` when per-event growth meets no eviction that runs
 * per event too, no cap and no finite key.
 */
export interface GrowthSite extends Site {
  frequency: Run;
  /** Why this growth does not count, if it does not. */
  bounded: string | null;
}

export interface CollectionAnswer {
  candidate: Candidate;
  growth: GrowthSite[];
  /** Evictions bound growth only when they run many times too: a `clear()` at start-up bounds nothing. */
  evictions: (Site & { frequency: Run })[];
  exposure: Exposure | null;
  /** How long the holder lives; null when it lives for the process (module, static). */
  holder: { long: boolean; why: string } | null;
  /** The verdict is `unbounded` and all counting growth is a memo store (not asked for other verdicts). */
  memo: boolean;
  /** Some removal was seen, but on a path another path cancels, or by a value instead of a key. */
  missedEvictions: boolean;
  verdict: 'unbounded' | 'bounded' | 'filled once' | 'short-lived holder';
}

export interface GrowthContext extends LifetimeContext, SiteContext, ExposureContext, RegistrationContext, EvictionContext {
  uses: UseIndex;
  bounds: BoundNames;
  /** Teardown method names (the registry's `teardownMethods`): a class with one expects a long life. */
  teardowns: ReadonlySet<string>;
  /** Calls that make a checked `Set` a warn-once set (the registry's `onceNoticeCallees`). */
  notices: ReadonlySet<string>;
}

function homeOf(c: Candidate): Home {
  if (c.owner.type === 'module') return moduleHome;
  if (c.owner.type === 'closure') {
    const maker = c.owner.fn;
    return (n) => (n === maker ? `one call of \`${functionName(maker) ?? 'its function'}()\`` : null);
  }
  // A static lives for the process: its constructor runs once per instance, many times (`Registry.all.push(this)`).
  return c.owner.isStatic ? moduleHome : classHome(c.owner.cls);
}

/** A record the call hands on (`this.servers.set(name, record)`, `return record`) outlives it. */
function recordKept(record: TSESLint.Scope.Variable): boolean {
  return record.references.some((r) => {
    if (r.init) return false;
    const f = fateOf(r.identifier);
    return f.kind === 'returned' || f.kind === 'argument' || f.kind === 'option' || (f.kind === 'stored' && f.target.type !== AST_NODE_TYPES.Identifier);
  });
}

// Asked for each collection field of a class; the answer depends on the class and the names alone.
const teardownClasses = new WeakMap<ReadonlySet<string>, WeakMap<ClassNode, boolean>>();

function hasTeardown(cls: ClassNode, teardowns: ReadonlySet<string>): boolean {
  let byClass = teardownClasses.get(teardowns);
  if (!byClass) teardownClasses.set(teardowns, (byClass = new WeakMap()));
  let known = byClass.get(cls);
  if (known === undefined) byClass.set(cls, (known = declaresTeardown(cls, teardowns)));
  return known;
}

function declaresTeardown(cls: ClassNode, teardowns: ReadonlySet<string>): boolean {
  return cls.body.body.some((m) => m.type === AST_NODE_TYPES.MethodDefinition && !m.computed && m.key.type === AST_NODE_TYPES.Identifier && teardowns.has(m.key.name));
}

/** Every use of the candidate, including the parameters of same-file helpers it is handed to. */
function allUses(c: Candidate, ctx: GrowthContext): TSESTree.Node[] {
  const uses = new Set(ctx.uses.usesOf(c));
  // A Set iterates what is added while it iterates: helpers of helpers are followed, each once.
  for (const u of uses) for (const h of helperUses(u, ctx)) uses.add(h);
  return [...uses];
}

/**
 * `verdictOnly` (the rule's question): an answer that cannot be `unbounded` stops as soon as
 * that is known and carries only its verdict and growth — no eviction frequencies, exposure
 * or holder, and no growth of a closure's collection in code that dies with the call. The
 * debug rule asks for the whole answer.
 */
export function analyseCollection(c: Candidate, ctx: GrowthContext, verdictOnly = false): CollectionAnswer | null {
  const uses = allUses(c, ctx);
  // A function's own collection that no nested function touches dies with the call.
  if (c.owner.type === 'closure' && uses.every((u) => innermostFunction(u) === (c.owner as { fn: FunctionNode }).fn)) return null;
  const useSet = new Set(uses);
  const isCollection = (n: TSESTree.Node): boolean => useSet.has(n);
  const home = homeOf(c);
  // Dictionaries grow by computed keys; arrays, Maps and Sets by their methods.
  const byKey = (s: Site): boolean => s.op === '[key] =' || s.op === '[key] = null';
  const fits = (s: Site): boolean => (c.kind === 'object' ? byKey(s) || s.op === 'delete' || s.op === 'reassign' : !byKey(s));
  const sites = uses.map((u) => siteAt(u, ctx)).filter((s): s is Site => s !== null && fits(s));
  const scopeOf = (n: TSESTree.Node) => ctx.sourceCode.getScope(n);
  const growth: GrowthSite[] = [];
  const evictions: CollectionAnswer['evictions'] = [];
  const grows = sites.filter((s) => s.effect === 'grow');
  // An instance made elsewhere: what its public methods store, its callers registered.
  // Asked only once a growth site gets past the cheaper bounds, or the verdict needs the holder:
  // most fields end as filled once or bounded without it.
  const cls = c.owner.type === 'class' && !c.owner.isStatic ? c.owner.cls : null;
  let lifeKnown: InstanceLife | null | undefined;
  const lifeOf = (): InstanceLife | null => (lifeKnown === undefined ? (lifeKnown = cls ? instanceLifetime(cls, ctx) : null) : lifeKnown);
  let missed = 0;
  let handlerKnown: boolean | undefined;
  const handlerList = (): boolean => (handlerKnown ??= lifeOf()?.kind === 'unknown' && entriesCalledBack(uses, ctx.sourceCode));
  let byClass: boolean | undefined;
  // Growth first: without counting growth the rule needs nothing else.
  const ordered = [...grows, ...sites.filter((s) => s.effect !== 'grow')];
  // How long the nested function that grows a closure's collection lives (asked once per site).
  const closureLife = (s: Site): ReturnType<typeof outlivesCall> | null => {
    const fn = innermostFunction(s.node);
    return fn && c.owner.type === 'closure' ? outlivesCall(fn, c.owner.fn, ctx, ctx.teardowns) : null;
  };
  const partial = (verdict: CollectionAnswer['verdict']): CollectionAnswer => ({ candidate: c, growth, evictions, exposure: null, holder: null, memo: false, verdict, missedEvictions: false });
  for (const s of ordered) {
    if (s.effect !== 'grow' && verdictOnly && growth.every((g) => g.bounded !== null)) return partial('filled once');
    if (s.effect === 'grow') {
      // A closure's growth in a function that dies with the call counts for nothing, whatever else
      // holds: for the verdict alone that cheap walk comes first, and the site is left out of
      // `growth` (the rule reads only the growth that counts). Most closures end here.
      const early = verdictOnly && c.owner.type === 'closure' && !c.owner.record ? closureLife(s) : undefined;
      if (early !== undefined && !early?.outlives) continue;
      const frequency = runsOncePer(s.node, home, ctx);
      let bounded: string | null = null;
      let registrar: string | null;
      if (frequency.run === 'once') bounded = `runs once per ${frequency.why}`;
      else if (capped(s, isCollection, ctx.bounds)) bounded = 'under a size check';
      else if (s.key && boundedKey(s.key, ctx)) bounded = 'its key is from a finite domain';
      else if (frequency.perEvent !== true && entryPerListElement(s, ctx)) bounded = 'one entry per element of a literal list, by code not run per event';
      else if (underPatternTest(s, scopeOf)) bounded = 'it registers a pattern (a `RegExp` argument), code of the program';
      else if (s.key && frequency.perEvent !== true && (byClass ??= (c.kind === 'map' || c.kind === 'set') && keyedByClasses(uses))) bounded = 'its keys are classes (it is read back by `x.constructor`), one entry per class, code of the program';
      else if (frequency.perEvent !== true && (registrar = registrarOf(s, ctx)) !== null) bounded = `stored by \`${registrar}()\`, a set-up API nothing in this file calls`;
      else if (handlerList() && (registrar = storesArgument(s, scopeOf)) !== null) bounded = `\`${registrar}()\` stores its caller's handler in a list it calls back, in an instance made elsewhere`;
      else if (c.owner.type === 'closure' && c.owner.record) {
        if (!recordKept(c.owner.record)) bounded = 'its record does not outlive the call';
        // Handed to a helper (`walk(node.children)`), it grows as the helper's own argument.
        else if (!within(s.node, c.owner.fn)) bounded = 'it grows in a helper it is handed to';
        // What keeps growing it is a callback the call leaves behind on an event source; a method
        // of a made object (`api.enhance(…)`) is called as often as its callers, not in sight.
        else if (frequency.perEvent !== true) bounded = 'it does not grow per event';
      } else if (c.owner.type === 'closure') {
        const life = early ?? closureLife(s);
        if (!life?.outlives) bounded = life?.why ?? 'it does not outlive the call';
        // A made object whose keepers are not in sight is like an instance made elsewhere.
        else if (life.unseen === true && entriesCalledBack(uses, ctx.sourceCode) && (registrar = storesArgument(s, scopeOf)) !== null) bounded = `\`${registrar}()\` stores its caller's handler in a list it calls back, in an object made for callers not in sight`;
      }
      // Copied field by field, not spread: V8 spread these sites through its slow path, and
      // that copy was most of this function's own time.
      growth.push({ node: s.node, use: s.use, op: s.op, effect: s.effect, key: s.key, frequency, bounded });
      continue;
    }
    // The constructor's `this.log = []` makes the collection; it does not reset it.
    if (s.op === 'reassign' && c.owner.type === 'class' && runsOncePer(s.node, home, ctx).run === 'once') continue;
    if (s.effect === 'pop' && !popBounds(s, grows, isCollection)) continue;
    if (deletesByValue(s, isCollection, scopeOf)) {
      missed++;
      continue;
    }
    evictions.push({ node: s.node, use: s.use, op: s.op, effect: s.effect, key: s.key, frequency: runsOncePer(s.node, home, ctx) });
  }
  // A scheduled eviction whose handle is cancelled by code that does not evict leaves the entry there.
  const cancelled = new Set(evictions.filter((e) => cancellersOf(e, uses, ctx)?.some((fn) => !evictsIn(fn, evictions.filter((o) => o !== e))) === true));
  const counting = growth.filter((g) => g.bounded === null);
  const evicted = evictions.some((e) => e.frequency.run === 'many' && !cancelled.has(e));
  if (verdictOnly && (counting.length === 0 || evicted)) return partial(counting.length === 0 ? 'filled once' : 'bounded');
  let exposure: Exposure | null = null;
  if (c.owner.type === 'module' && c.declaration.parent?.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) exposure = { kind: 'exported', node: c.at };
  for (const u of uses) exposure ??= exposureOf(u, ctx, c.owner.type === 'module');
  const life = lifeOf();
  const holder = cls && life ? instanceHolder(cls, life, counting, evictions.length + missed > 0, ctx) : null;
  const verdict: CollectionAnswer['verdict'] =
    counting.length === 0 ? 'filled once' : evicted ? 'bounded' : holder && !holder.long ? 'short-lived holder' : 'unbounded';
  // Only an unbounded collection is excused as a memo: the walks of the question are saved for the others.
  const memo = verdict === 'unbounded' && counting.every((g) => isMemoStore(g, scopeOf, ctx.notices) || storesOnMiss(g) || memoThroughAccessors(g, isCollection, ctx.index, scopeOf));
  return { candidate: c, growth, evictions, exposure, holder, memo, verdict, missedEvictions: cancelled.size + missed > 0 };
}

/**
 * `cache[k] ??= make(k)`: the operator stores only on a miss, a memo by itself — in code not
 * run per event (per request or message its keys are the requests').
 */
function storesOnMiss(g: GrowthSite): boolean {
  return g.node.type === AST_NODE_TYPES.AssignmentExpression && (g.node.operator === '??=' || g.node.operator === '||=') && g.frequency.perEvent !== true;
}

/**
 * An instance field leaks only if its instance lives long: made once or kept for the
 * process, or — made elsewhere — a class that expects a long life (a teardown method) or
 * grows the field per event (its listener keeps the instance alive as long as the source).
 */
function instanceHolder(cls: ClassNode, life: InstanceLife, growth: readonly GrowthSite[], evicts: boolean, ctx: GrowthContext): { long: boolean; why: string } {
  if (life.kind === 'process') return { long: true, why: life.why };
  if (life.kind === 'call') return { long: false, why: life.why };
  if (hasTeardown(cls, ctx.teardowns)) return { long: true, why: `${life.why}; it has a teardown method` };
  // A class that removes entries expects to outlive them: an eviction that misses is the leak.
  if (evicts) return { long: true, why: `${life.why}; it removes entries, so it outlives them` };
  const perEvent = growth.find((g) => g.frequency.perEvent === true);
  if (perEvent) return { long: true, why: `${life.why}; it grows in ${perEvent.frequency.why}` };
  return { long: false, why: life.why };
}
