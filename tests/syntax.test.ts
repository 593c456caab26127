import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import fc from 'fast-check';
import plugin from '../src/index';
import { rules } from '../src/rules';
import { espreeShapedTsParser } from './helpers';

/** TypeScript-heavy snippets: every rule must survive all of them with every option combination. */
const SNIPPETS: Record<string, string> = {
  decorators: '@Component({}) class A { @Input() x = 1; @HostListener("click") on() { setInterval(() => {}, 1); } }',
  using: 'async function f() { using a = open(); await using b = openAsync(); while (true) { using t = timer(); } }',
  satisfies: 'const c = { a: 1 } satisfies Record<string, number>; for (;;) { setTimeout(() => c, 5) satisfies unknown; }',
  enums: 'enum E { A, B = A << 1 } const enum F { X = "x" } declare enum G { Y }',
  namespaces: 'namespace N { export const x = 1; export namespace M { setInterval(() => x, 1); } } declare module "m" { export function f(): void; }',
  jsx: 'export const C = () => { for (const x of xs) { setInterval(() => x, 1); } return <div onClick={() => setTimeout(f, 10)}>{xs.map((x) => <span key={x}>{x}</span>)}</div>; };',
  generators: 'function* g() { while (true) { yield setTimeout(f, 1); yield* other(); } } async function* h() { for await (const x of s) { yield x; } }',
  labels: 'outer: for (;;) { inner: while (true) { const t = setTimeout(f, 1); if (a) continue outer; if (b) break inner; clearTimeout(t); } }',
  optionalChaining: 'async function f(a) { while (a?.b?.open) { await a?.c?.(setTimeout?.(f, 1)); a?.[k]?.push?.(x); setTimeout?.(g, 10); } }',
  declarations: 'declare function setTimeout(f: () => void, ms: number): number; declare const x: Map<string, number>; interface I { on(e: string, f: () => void): this; } type T = { [K in keyof I]: I[K] };',
  overloads: 'function f(a: string): void; function f(a: number): void; function f(a: unknown) { while (true) setInterval(() => a, 1); } abstract class A { abstract m(): void; }',
  privateMembers: 'class A { #t = 0; static #s = new Map(); #m() { while (this.#t) { this.#t = setTimeout(() => this.#m(), 5); } } static { A.#s.set(1, 2); } }',
  topLevelAwait: 'const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)); await sleep(1); for await (const x of src) { await Promise.race([x, sleep(5)]); }',
  classes: 'class A extends B { constructor(private readonly q: Q) { super(); } override async run() { for (;;) { await Promise.race([this.q.next(), this.delay(5)]); } } delay = (ms: number) => new Promise((r) => setTimeout(r, ms)); }',
  weird: 'for (;;) {} while (1) ; do ; while (0); for (const [a, { b }] of []) {} for (k in o) {} label: { break label; } if (a) b; else c; switch (x) { case 1: setTimeout(f, 1); default: }',
  accessors: 'class A { accessor x = 1; get y() { return setInterval(() => 1, 1); } set y(v) {} }',
  emptyAndComments: '/* nothing */ // at all\n',
  assertions: 'let t = <number>(<unknown>setTimeout(f, 1)); const u = setTimeout(f, 1)!; while (true) { (setTimeout(f, 5) as unknown as number); }',
  destructuring: 'const { setTimeout: st, setInterval: si } = require("timers"); const { setTimeout: sleep } = require("node:timers").promises; for (const x of xs) { si(() => x, 1); } while (true) { st(f, 1); }',
  importEquals: 'import fs = require("fs"); import type { T } from "t"; export import X = N.X; export = fs;',
};


/**
 * Plain JavaScript, as ESLint's default parser (espree) reads it: no TypeScript fields at all
 * (`decorators`, `typeAnnotation`, `optional`…), a CommonJS top level that is a function scope.
 */
const JS_SNIPPETS: Record<string, string> = {
  classes: 'class A extends B { static #n = 0; #m = new Map(); static { A.#n++; } constructor() { super(); this.x = []; } get y() { return this.#m; } set y(v) {} static s() {} async *g() { yield 1; } m() { return new LRUCache(); } [k]() {} "q"() { setInterval(() => this.x.push(1), 1); } }',
  classExpressions: 'const C = class extends (mixin(Base)) { m = () => this; static async f() { for (;;) await new Promise((r) => setTimeout(r, 5)); } };',
  commonjs: 'const { setTimeout: st } = require("timers"); const fs = require("node:fs"); const log = []; module.exports.w = (l) => { log.push(l); }; exports.r = function (p) { const fd = fs.openSync(p); return fd; }; while (true) st(() => {}, 1);',
  objects: 'const o = { a, b: 1, ["c"]: 2, get d() { return 1; }, set d(v) {}, async *e() {}, f() { this.on("x", () => {}); }, ...rest }; const { x = 1, ...y } = o; const [p, , q = 2, ...r] = arr;',
  functions: 'function f(a = 1, { b, c: [d] } = {}, ...rest) { return function* g() { yield* rest; }; } const h = async (x) => await x; (function iife() { setInterval(f, 1); })(); (() => {})();',
  control: 'label: for (const a of xs) { for (const k in o) { if (k) continue label; else break label; } } do { x++; } while (x < 3); switch (y) { case 1: { break; } default: } try { a(); } catch { b(); } finally { c(); } with (o) {}',
  asyncIteration: 'async function f(s) { for await (const x of s) { try { await x; } catch (e) { await f(s); } } } async function g() { await Promise.race([p, new Promise((r) => setTimeout(r, 100))]); }',
  modern: 'const a = x?.y?.[z]?.(w) ?? 0; a ||= 1; a &&= 2; a ??= 3; const b = 1_000n ** 2n; const c = /(?<n>x)/dgu; const t = tag`a${b}c`; const { [k]: v } = o; globalThis.x = import.meta.url;',
  listeners: 'export function f(el, bus) { el.addEventListener("click", onClick, { once: true }); bus["on"]("x", () => {}); bus?.on?.("y", g); const sub = source.subscribe(() => {}); return () => sub.unsubscribe(); }',
  recursion: 'function poll() { try { state["a("]++; poll(); } catch {} } function retry(o) { try { work(); } catch { retry(o["n("] + 1); } }',
  topLevelAwait: 'import { setTimeout as sleep } from "node:timers/promises"; await sleep(1); export default class {}; export * as ns from "m"; export { a as "b" } from "c";',
  emptyAndComments: '#!/usr/bin/env node\n/* nothing */ // at all\n',
};

function optionCombinations(schema: unknown): unknown[][] {
  const first = Array.isArray(schema) ? (schema[0] as { properties?: Record<string, { type?: string }> } | undefined) : undefined;
  const props = Object.entries(first?.properties ?? {}).filter(([, p]) => p.type === 'boolean').map(([k]) => k);
  const combos: unknown[][] = [[]];
  for (let mask = 0; mask < 1 << props.length; mask++) {
    combos.push([Object.fromEntries(props.map((p, i) => [p, (mask & (1 << i)) !== 0]))]);
  }
  return combos;
}

/** Every boolean option on: the widest code paths a rule has. */
function allChecksOn(schema: unknown): unknown[] {
  const combos = optionCombinations(schema);
  return combos[combos.length - 1] ?? [];
}

type ParserName = 'espree' | 'typescript' | 'espree-shaped typescript';

const linter = new Linter({ configType: 'flat' });

function lint(code: string, ruleName: string, options: unknown[], filename: string, parser: ParserName, sourceType: 'module' | 'commonjs' = 'module') {
  const languageOptions: Linter.LanguageOptions =
    parser === 'espree'
      ? { ecmaVersion: 'latest', sourceType }
      : { parser: parser === 'typescript' ? tsParser : espreeShapedTsParser, sourceType, parserOptions: { ecmaFeatures: { jsx: true } } };
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.js'],
        languageOptions,
        plugins: { leaks: plugin },
        rules: { [`leaks/${ruleName}`]: ['error', ...options] as Linter.RuleEntry },
      },
    ],
    filename,
  );
}

function assertParses(messages: Linter.LintMessage[], what: string): void {
  assert.deepEqual(messages.filter((m) => m.fatal).map((m) => m.message), [], `${what} does not parse`);
}

const tsFilename = (label: string): string => (label === 'jsx' ? 'x.tsx' : label === 'declarations' ? 'x.d.ts' : 'x.ts');

describe('no rule throws on odd syntax', () => {
  for (const [name, rule] of Object.entries(rules)) {
    for (const options of optionCombinations(rule.meta.schema)) {
      it(`${name} ${JSON.stringify(options)}`, () => {
        for (const [label, code] of Object.entries(SNIPPETS)) {
          assertParses(lint(code, name, options, tsFilename(label), 'typescript'), label);
        }
      });
    }
  }
});

// A rule must never read a TypeScript-only field unguarded. espree cannot parse TypeScript,
// so the same TypeScript snippets also run with those fields removed wherever they are
// empty — the shape espree gives every JavaScript construct.
describe('no rule throws without TypeScript-only fields', () => {
  for (const [name, rule] of Object.entries(rules)) {
    for (const options of [[], allChecksOn(rule.meta.schema)]) {
      it(`${name} ${JSON.stringify(options)}`, () => {
        for (const [label, code] of Object.entries(SNIPPETS)) {
          assertParses(lint(code, name, options, tsFilename(label), 'espree-shaped typescript'), label);
        }
      });
    }
  }
});

describe('no rule throws on plain JavaScript, under espree and the TS parser', () => {
  for (const [name, rule] of Object.entries(rules)) {
    for (const options of [[], allChecksOn(rule.meta.schema)]) {
      it(`${name} ${JSON.stringify(options)}`, () => {
        for (const [label, code] of Object.entries(JS_SNIPPETS)) {
          const sourceType = label === 'commonjs' || label === 'control' || label === 'emptyAndComments' ? 'commonjs' : 'module';
          for (const parser of ['espree', 'typescript'] as const) {
            // `with` is a syntax error in a module and in TypeScript files.
            if (parser === 'typescript' && label === 'control') continue;
            assertParses(lint(code, name, options, 'x.js', parser, sourceType), `${label} (${parser}, ${sourceType})`);
          }
        }
      });
    }
  }
});

describe('no rule throws on mutated programs (property-based)', () => {
  const split = (snippets: Record<string, string>): string[] => Object.values(snippets).flatMap((s) => s.split(/(?<=[;{}])\s*/));
  const wrappers = [
    (s: string) => s,
    (s: string) => `while (true) { ${s} }`,
    (s: string) => `async function f() { for (;;) { try { ${s} } finally { clearTimeout(t); } } }`,
    (s: string) => `xs.forEach(async (x) => { ${s} });`,
    (s: string) => `class K { m() { do { ${s} } while (this.open); } }`,
    (s: string) => `label: for await (const y of ys) { if (y) continue label; ${s} }`,
  ];
  const runs: { parser: ParserName; pieces: string[]; filename: string }[] = [
    { parser: 'typescript', pieces: split(SNIPPETS), filename: 'x.tsx' },
    { parser: 'espree-shaped typescript', pieces: split(SNIPPETS), filename: 'x.tsx' },
    { parser: 'espree', pieces: split(JS_SNIPPETS), filename: 'x.js' },
  ];
  for (const [name, rule] of Object.entries(rules)) {
    for (const { parser, pieces, filename } of runs) {
      it(`${name} (${parser})`, () => {
        fc.assert(
          fc.property(
            fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }),
            fc.constantFrom(...wrappers),
            fc.boolean(),
            (parts, wrap, checks) => {
              const code = wrap(parts.join('\n'));
              // Parse errors are fine (the mutation may be invalid); an exception from a rule is not.
              lint(code, name, checks ? allChecksOn(rule.meta.schema) : [], filename, parser);
            },
          ),
          { numRuns: parser === 'typescript' ? 300 : 150, seed: 42 },
        );
      });
    }
  }
});
