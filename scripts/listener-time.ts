import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Linter, type Rule } from 'eslint';
// The built plugin, as users run it.
import plugin from '../dist/src/index';
import { CORPUS_DIR, configFor, corpusFiles, ensureCorpus, normalized } from './corpus';

/**
 * `node --import tsx scripts/listener-time.ts [--part apps|libs] [--passes N] [--rules a,b] [--top N] [--files N]`:
 * the plugin's own time, by rule and listener. Every corpus file of the part is linted from its
 * text with no rules and with the rules, back to back, `--passes` times; in the last pass each
 * rule's `create()` and each listener it returns (the shared analyses' listeners land on the rule
 * that registered them, the first of a file that asks) is timed around its call. Printed: the
 * whole-lint ratio of the same lints, the plugin's own time as a share of the no-rules lints, the
 * `--top` costliest rule/listener pairs with their call counts, and the `--files` files the plugin
 * spends most on. The share is a floor of the budgeted whole-lint cost: ESLint's dispatch, and work
 * the plugin makes ESLint do, are outside it. A collection that starts inside a listener is charged
 * to it, so a single small file near the top of the list is usually a collection (docs/performance.md,
 * fourteenth session). A diagnostic, not the budgeted figure (that is `npm run bench`).
 */
const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'apps' },
    passes: { type: 'string', default: '2' },
    rules: { type: 'string' },
    top: { type: 'string', default: '30' },
    files: { type: 'string', default: '0' },
  },
});
const part = values.part;
if (part !== 'apps' && part !== 'libs') throw new Error('--part is apps or libs');
const passes = Math.max(1, Number(values.passes));
const names = values.rules ? values.rules.split(',').map((r) => r.trim().replace(/^leaks\//, '')) : Object.keys(plugin.rules);
for (const n of names) if (!(n in plugin.rules)) throw new Error(`--rules: no rule ${n}`);

type Listener = (a: unknown, b: unknown, c: unknown) => void;
const totals = new Map<string, { ms: number; calls: number }>();
let timing = false;
let file: Map<string, number> | null = null;
const charge = (rule: string, what: string, ms: number): void => {
  const key = `${rule} ${what}`;
  const t = totals.get(key);
  if (t) {
    t.ms += ms;
    t.calls++;
  } else totals.set(key, { ms, calls: 1 });
  if (file) file.set(rule, (file.get(rule) ?? 0) + ms);
};

const timed = {
  rules: Object.fromEntries(
    names.map((name) => {
      const rule = plugin.rules[name] as unknown as Rule.RuleModule;
      const wrapped: Rule.RuleModule = {
        meta: rule.meta,
        create(context) {
          const t0 = performance.now();
          const listeners = rule.create(context) as Record<string, Listener>;
          if (timing) charge(name, 'create()', performance.now() - t0);
          const out: Record<string, Listener> = {};
          for (const selector of Object.keys(listeners)) {
            const f = listeners[selector] as Listener;
            out[selector] = (a, b, c) => {
              if (!timing) {
                f(a, b, c);
                return;
              }
              const s = performance.now();
              f(a, b, c);
              charge(name, selector, performance.now() - s);
            };
          }
          return out;
        },
      };
      return [name, wrapped];
    }),
  ),
};

ensureCorpus();
const files = corpusFiles().filter((f) => f.part === part && !f.rel.endsWith('typescript.js'));
const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
const withPlugin = (config: Linter.Config[]): Linter.Config[] => config.map((block) => ({ ...block, plugins: { leaks: timed as never } }));
const none = normalized(linter, configFor({}, 'module'));
const set = normalized(linter, withPlugin(configFor(Object.fromEntries(names.map((n) => [`leaks/${n}`, 'error' as const])), 'module')));

let base = 0;
let full = 0;
const perFile: { rel: string; base: number; byRule: Map<string, number> }[] = [];
for (let p = 0; p < passes; p++) {
  const last = p === passes - 1;
  for (const f of files) {
    let t0 = performance.now();
    linter.verify(f.text, none, f.path);
    const b = performance.now() - t0;
    timing = last;
    if (last) file = new Map();
    t0 = performance.now();
    linter.verify(f.text, set, f.path);
    const w = performance.now() - t0;
    timing = false;
    if (last && file) {
      base += b;
      full += w;
      perFile.push({ rel: f.rel, base: b, byRule: file });
      file = null;
    }
  }
}

// Each timed call pays two clock reads and the bookkeeping: half of what a timed empty call costs is charged to it.
let k = 0;
const empty = (): void => {
  k++;
};
timing = true;
const t0 = performance.now();
for (let i = 0; i < 200_000; i++) {
  const s = performance.now();
  empty();
  charge('calibration', 'call', performance.now() - s);
}
const perCall = (performance.now() - t0) / 200_000;
timing = false;
totals.delete('calibration call');

const rows = [...totals].map(([key, t]) => ({ key, ms: Math.max(0, t.ms - (t.calls * perCall) / 2), calls: t.calls })).sort((a, b) => b.ms - a.ms);
const own = rows.reduce((sum, r) => sum + r.ms, 0);
const pct = (ms: number): string => `${((ms / base) * 100).toFixed(2)}%`;
console.log(`${part}: ${files.length} files, pass ${passes} of ${passes}; no rules ${base.toFixed(0)} ms, with ${names.length === Object.keys(plugin.rules).length ? 'every rule' : names.join(', ')} ${full.toFixed(0)} ms (${pct(full - base)} over); the plugin's own time ${own.toFixed(0)} ms = ${pct(own)} of the no-rules lints (${k > 0 ? (perCall * 1e6).toFixed(0) : '?'} ns per timed call taken off)`);
for (const phase of ['create()', 'Program:exit']) {
  const ms = rows.filter((r) => r.key.endsWith(` ${phase}`)).reduce((sum, r) => sum + r.ms, 0);
  console.log(`  ${phase.padEnd(14)} ${ms.toFixed(0).padStart(6)} ms  ${pct(ms)}`);
}
const others = rows.filter((r) => !r.key.endsWith(' create()') && !r.key.endsWith(' Program:exit')).reduce((sum, r) => sum + r.ms, 0);
console.log(`  ${'other listeners'.padEnd(14)} ${others.toFixed(0).padStart(6)} ms  ${pct(others)}`);
for (const r of rows.slice(0, Number(values.top))) console.log(`  ${pct(r.ms).padStart(6)}  ${r.ms.toFixed(1).padStart(7)} ms  ${String(r.calls).padStart(8)} calls  ${r.key}`);

const costliest = Number(values.files);
if (costliest > 0) {
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  perFile.sort((a, b) => sum(b.byRule) - sum(a.byRule));
  // Shares of the time as timed per file (the per-call correction is not spread over files).
  const timedTotal = perFile.reduce((a, p) => a + sum(p.byRule), 0);
  let so = 0;
  console.log(`the ${costliest} files the plugin spends most on (its time, as a share of the file's no-rules lint, the running share of the plugin's time, the three costliest rules):`);
  perFile.forEach((p, i) => {
    so += sum(p.byRule);
    if (i >= costliest) return;
    const top3 = [...p.byRule].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([r, ms]) => `${r} ${ms.toFixed(2)}`).join(', ');
    console.log(`  ${sum(p.byRule).toFixed(2).padStart(7)} ms ${((sum(p.byRule) / p.base) * 100).toFixed(0).padStart(4)}% ${((so / timedTotal) * 100).toFixed(0).padStart(3)}%  ${p.rel}  ${top3}`);
  });
  for (const q of [0.01, 0.1, 0.5]) {
    const n = Math.round(perFile.length * q);
    console.log(`  the costliest ${q * 100}% of the files (${n}): ${((perFile.slice(0, n).reduce((a, p) => a + sum(p.byRule), 0) / timedTotal) * 100).toFixed(0)}% of the plugin's time`);
  }
}
