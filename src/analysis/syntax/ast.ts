import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from './node-types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { isFunction } from './nodes';
import { memberName, unwrapExpression } from '../scope/references';

/** `s` as a literal inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Longest source text quoted in a message, in characters. */
export const MESSAGE_TEXT_MAX = 40;

// `\s` and `trim()` agree on what white space is (WhiteSpace and LineTerminator).
const HAS_SPACE = /\s/;

/**
 * Text as it may appear in a message: whitespace (line breaks included) collapsed to single
 * spaces, and at most `max` characters, cut with `…`.
 */
export function oneLine(text: string, max = MESSAGE_TEXT_MAX): string {
  // Most texts (`window`, `this.emitter`) have no white space at all, and a global replace goes
  // through the engine's runtime even when nothing matches (about 2 µs a call).
  const one = HAS_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
  return one.length > max ? `${one.slice(0, max - 1).trimEnd()}…` : one;
}

/** The source text of `node` as it may appear in a message: one line, shortened. */
export function shortText(sourceCode: { getText: (node: TSESTree.Node) => string }, node: TSESTree.Node, max = MESSAGE_TEXT_MAX): string {
  return oneLine(sourceCode.getText(node), max);
}

export function within(node: TSESTree.Node, outer: TSESTree.Node): boolean {
  return node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];
}

/** In ascending offsets, the index of the first at `pos` or later (`firstStartingAt` for plain numbers). */
export function firstAtLeast(sorted: readonly number[], pos: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** In nodes sorted by where they start, the index of the first that starts at `pos` or later. */
export function firstStartingAt(sorted: readonly { range: readonly [number, number] }[], pos: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as { range: readonly [number, number] }).range[0] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every node of `fn`'s own body (not nested functions), visited once. */
export function walkOwn(fn: { body: TSESTree.Node }, visit: (n: TSESTree.Node) => void): void {
  walk(fn.body, visit, false);
}

/** Every node under `root` (itself and nested functions included), visited once. */
export function walkAll(root: TSESTree.Node, visit: (n: TSESTree.Node) => void): void {
  walk(root, visit, true);
}

/**
 * The first node under `root`, in `walkAll`'s order (or `walkOwn`'s, with `intoFunctions`
 * false), that passes `test`; the walk stops there. For "is there one?" questions, which a
 * full walk with a flag answers only after visiting the whole subtree.
 */
export function findNode(root: TSESTree.Node, test: (n: TSESTree.Node) => boolean, intoFunctions = true): TSESTree.Node | null {
  const stack: TSESTree.Node[] = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (test(n)) return n;
    pushChildren(stack, n, intoFunctions);
  }
  return null;
}

// The parser's own child keys: no `parent`, no tokens, no per-node key listing.
function pushChildren(stack: TSESTree.Node[], n: TSESTree.Node, intoFunctions: boolean): void {
  const keys = visitorKeys[n.type] ?? [];
  const record = n as unknown as Record<string, unknown>;
  for (const key of keys) {
    const v = record[key];
    if (Array.isArray(v)) {
      for (const x of v as (TSESTree.Node | null)[]) if (x && (intoFunctions || !isFunction(x))) stack.push(x);
    } else if (v && typeof v === 'object' && (intoFunctions || !isFunction(v as TSESTree.Node))) {
      stack.push(v as TSESTree.Node);
    }
  }
}

function walk(root: TSESTree.Node, visit: (n: TSESTree.Node) => void, intoFunctions: boolean): void {
  const stack: TSESTree.Node[] = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    visit(n);
    pushChildren(stack, n, intoFunctions);
  }
}

/**
 * The names an expression mentions: its identifiers and the members it reads (`o.n`, `o['n(']`),
 * for "does this test look at `n`?" without matching source text.
 */
export function namesIn(node: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  walkAll(node, (n) => {
    if (n.type === AST_NODE_TYPES.Identifier) names.add(n.name);
    else if (n.type === AST_NODE_TYPES.MemberExpression) {
      const m = memberName(n);
      if (m !== null) names.add(m);
    }
  });
  return names;
}

/** `a.b.c` → `a`, `a.b().c` → `a`; `this.x` → the ThisExpression. */
export function rootOf(node: TSESTree.Node): TSESTree.Identifier | TSESTree.ThisExpression | null {
  let n = unwrapExpression(node);
  for (;;) {
    if (n.type === AST_NODE_TYPES.Identifier || n.type === AST_NODE_TYPES.ThisExpression) return n;
    if (n.type === AST_NODE_TYPES.MemberExpression) n = unwrapExpression(n.object);
    else if (n.type === AST_NODE_TYPES.CallExpression) n = unwrapExpression(n.callee);
    else return null;
  }
}

/** A string the expression always has: `'resize'`, `` `click` ``; null when dynamic. */
export function staticString(node: TSESTree.Node | undefined): string | null {
  if (!node) return null;
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.Literal && typeof n.value === 'string') return n.value;
  if (n.type === AST_NODE_TYPES.TemplateLiteral && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? null;
  return null;
}

/**
 * The key a property, method or field is known by when the source fixes it: `a`, `'a'`, `1`,
 * `` [`a`] ``, `#a` (as `#a`); null for a computed key that is not a constant string
 * (`[name]` is not the key `name`).
 */
export function staticKeyName(node: { key: TSESTree.Node; computed: boolean }): string | null {
  const k = node.key;
  if (node.computed) return staticString(k);
  if (k.type === AST_NODE_TYPES.Identifier) return k.name;
  if (k.type === AST_NODE_TYPES.PrivateIdentifier) return `#${k.name}`;
  return k.type === AST_NODE_TYPES.Literal ? String(k.value) : null;
}

/**
 * Nodes sorted by position, for "which of these lie inside that region?" in O(log n + k)
 * instead of a scan per question — the difference between linear and quadratic rules.
 */
export class RangeIndex<T> {
  private items: T[] = [];
  // Positions are kept apart from the nodes: on a large file every node read is a likely
  // cache miss, so sorting and searching work on these numbers alone.
  private starts: number[] = [];
  private ends: number[] = [];
  private sorted = true;

  constructor(
    items: Iterable<T> = [],
    rangeOf: (item: T) => readonly [number, number] = (item) => (item as { range: [number, number] }).range,
  ) {
    for (const item of items) this.add(item, rangeOf(item));
  }

  /** Add an item; cheapest while the traversal is at it (facts arrive in source order). */
  add(item: T, range: readonly [number, number]): void {
    const last = this.starts.length - 1;
    if (last >= 0 && (this.starts[last] ?? 0) > range[0]) this.sorted = false;
    this.items.push(item);
    this.starts.push(range[0]);
    this.ends.push(range[1]);
  }

  private sort(): void {
    const order = this.items.map((_, i) => i).sort((x, y) => (this.starts[x] ?? 0) - (this.starts[y] ?? 0));
    this.items = order.map((i) => this.items[i] as T);
    this.starts = order.map((i) => this.starts[i] ?? 0);
    this.ends = order.map((i) => this.ends[i] ?? 0);
    this.sorted = true;
  }

  /** The items whose range lies inside `region`, in source order. */
  within(region: { range: readonly [number, number] }): T[] {
    if (!this.sorted) this.sort();
    const [start, end] = region.range;
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] ?? 0) < start) lo = mid + 1;
      else hi = mid;
    }
    const out: T[] = [];
    for (let i = lo; i < starts.length; i++) {
      if ((starts[i] ?? 0) > end) break;
      if ((this.ends[i] ?? 0) <= end) out.push(this.items[i] as T);
    }
    return out;
  }
}

/*
 * TypeScript-only fields. typescript-eslint's types declare them on every node that may carry
 * them, but espree (ESLint's default parser for `.js`) leaves them out altogether, so a plain
 * read such as `for (const d of node.decorators)` throws on JavaScript. Every read of such a
 * field goes through these accessors (the self-lint config forbids the others).
 */
interface MaybeTypeScript {
  decorators?: TSESTree.Decorator[];
  typeArguments?: TSESTree.TSTypeParameterInstantiation;
  declare?: boolean;
}

/** `@Get() m() {}` → `[Get()]`; always empty under espree. */
export function decoratorsOf(node: TSESTree.Node): readonly TSESTree.Decorator[] {
  return (node as MaybeTypeScript).decorators ?? [];
}

/** `new Map<K, V>()` → `[K, V]`; always empty under espree. */
export function typeArgumentsOf(node: TSESTree.Node): readonly TSESTree.TypeNode[] {
  return (node as MaybeTypeScript).typeArguments?.params ?? [];
}

/** `declare x: T` (a field that emits nothing). */
export function isDeclared(node: TSESTree.Node): boolean {
  return (node as MaybeTypeScript).declare === true;
}

/**
 * The words of an identifier, lower-cased: `brokerMutexLocks` → broker, mutex, locks;
 * `DB_POOL2` → db, pool; `_toDispose` → to, dispose; `HTTPClient` → http, client. Name lists
 * match whole words, so `item` never contains `em`, `settle` is no `set`, `restore` no
 * `store` and `escapeAt` no `cap`.
 */
export function nameWords(name: string): readonly string[] {
  let words = wordsOf.get(name);
  if (words === undefined) {
    words = name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[^A-Za-z]+/)
      .filter((w) => w.length > 0)
      .map((w) => w.toLowerCase());
    // Names, not nodes: the same few hundred (`push`, `then`, `emit`) recur in every file.
    if (wordsOf.size >= 20_000) wordsOf.clear();
    wordsOf.set(name, words);
  }
  return words;
}

const wordsOf = new Map<string, readonly string[]>();

/** The name an expression is known by: `pool`, `this.pool` → pool, `locks[id]` → locks. */
export function ownName(node: TSESTree.Node): string | null {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.Identifier) return n.name;
  if (n.type !== AST_NODE_TYPES.MemberExpression) return null;
  return memberName(n) ?? (n.computed ? ownName(n.object) : null);
}

/** Does `name` contain one of `words` as a whole word (or its plural: `locks` for `lock`)? */
export function hasNameWord(name: string, words: ReadonlySet<string>): boolean {
  return nameWords(name).some((w) => words.has(w) || (w.endsWith('s') && words.has(w.slice(0, -1))));
}

/** `private m() {}` (TypeScript): callable only inside its class. `#m` is private in any parser. */
export function isPrivateMember(node: TSESTree.MethodDefinition | TSESTree.PropertyDefinition): boolean {
  return node.key.type === AST_NODE_TYPES.PrivateIdentifier || (node as { accessibility?: string }).accessibility === 'private';
}
