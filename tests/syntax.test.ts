import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import fc from 'fast-check';
import plugin from '../src/index';
import { rules } from '../src/rules';

/** Syntax-heavy snippets: every rule must survive all of them with every option combination. */
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

function optionCombinations(schema: unknown): unknown[][] {
  const first = Array.isArray(schema) ? (schema[0] as { properties?: Record<string, { type?: string }> } | undefined) : undefined;
  const props = Object.entries(first?.properties ?? {}).filter(([, p]) => p.type === 'boolean').map(([k]) => k);
  const combos: unknown[][] = [[]];
  for (let mask = 0; mask < 1 << props.length; mask++) {
    combos.push([Object.fromEntries(props.map((p, i) => [p, (mask & (1 << i)) !== 0]))]);
  }
  return combos;
}

const linter = new Linter({ configType: 'flat' });

function lint(code: string, ruleName: string, options: unknown[], filename: string) {
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.js'],
        languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
        plugins: { leaks: plugin },
        rules: { [`leaks/${ruleName}`]: ['error', ...options] as Linter.RuleEntry },
      },
    ],
    filename,
  );
}

describe('no rule throws on odd syntax', () => {
  for (const [name, rule] of Object.entries(rules)) {
    for (const options of optionCombinations(rule.meta.schema)) {
      it(`${name} ${JSON.stringify(options)}`, () => {
        for (const [label, code] of Object.entries(SNIPPETS)) {
          const filename = label === 'jsx' ? 'x.tsx' : label === 'declarations' ? 'x.d.ts' : 'x.ts';
          const messages = lint(code, name, options, filename);
          const fatal = messages.filter((m) => m.fatal);
          assert.deepEqual(fatal.map((m) => m.message), [], `${label} does not parse`);
        }
      });
    }
  }
});

describe('no rule throws on mutated programs (property-based)', () => {
  const pieces = Object.values(SNIPPETS).flatMap((s) => s.split(/(?<=[;{}])\s*/));
  const wrappers = [
    (s: string) => s,
    (s: string) => `while (true) { ${s} }`,
    (s: string) => `async function f() { for (;;) { try { ${s} } finally { clearTimeout(t); } } }`,
    (s: string) => `xs.forEach(async (x) => { ${s} });`,
    (s: string) => `class K { m() { do { ${s} } while (this.open); } }`,
    (s: string) => `label: for await (const y of ys) { if (y) continue label; ${s} }`,
  ];
  for (const name of Object.keys(rules)) {
    it(name, () => {
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }),
          fc.constantFrom(...wrappers),
          (parts, wrap) => {
            const code = wrap(parts.join('\n'));
            // Parse errors are fine (the mutation may be invalid); an exception from a rule is not.
            lint(code, name, [], 'x.tsx');
          },
        ),
        { numRuns: 300, seed: 42 },
      );
    });
  }
});
