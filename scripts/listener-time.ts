import { join, resolve } from 'node:path';
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
 *
 * `--baseline D` (a checkout with its `dist/` built, or that `dist/`): each file is also linted with
 * D's rules, wrapped the same way, this build and D's in turn and the order swapped from one file to
 * the next (the build that lints second meets a warmer file), and both builds' times are printed:
 * a before/after of the plugin's own time without the order bias of whole runs taken in turn.
 */
const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'apps' },
    passes: { type: 'string', default: '2' },
    rules: { type: 'string' },
    top: { type: 'string', default: '30' },
    files: { type: 'string', default: '0' },
    baseline: { type: 'string' },
  },
});
const part = values.part;
if (part !== 'apps' && part !== 'libs') throw new Error('--part is apps or libs');
const passes = Math.max(1, Number(values.passes));
const names = values.rules ? values.rules.split(',').map((r) => r.trim().replace(/^leaks\//, '')) : Object.keys(plugin.rules);
for (const n of names) if (!(n in plugin.rules)) throw new Error(`--rules: no rule ${n}`);

type Listener = (a: unknown, b: unknown, c: unknown) => void;
interface Totals {
  rows: Map<string, { ms: number; calls: number }>;
}
let timing = false;
let file: Map<string, number> | null = null;
const charge = (into: Totals, rule: string, what: string, ms: number): void => {
  const key = `${rule} ${what}`;
  const t = into.rows.get(key);
  if (t) {
    t.ms += ms;
    t.calls++;
  } else into.rows.set(key, { ms, calls: 1 });
  if (file) file.set(rule, (file.get(rule) ?? 0) + ms);
};

type PluginLike = { rules: Record<string, unknown> };
function timed(source: PluginLike, into: Totals): { rules: Record<string, Rule.RuleModule> } {
  return {
    rules: Object.fromEntries(
      names.map((name) => {
        const rule = source.rules[name] as Rule.RuleModule;
        const wrapped: Rule.RuleModule = {
          meta: rule.meta,
          create(context) {
            const t0 = performance.now();
            const listeners = rule.create(context) as Record<string, Listener>;
            if (timing) charge(into, name, 'create()', performance.now() - t0);
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
                charge(into, name, selector, performance.now() - s);
              };
            }
            return out;
          },
        };
        return [name, wrapped];
      }),
    ),
  };
}

let basePlugin: PluginLike | null = null;
if (values.baseline) {
  const root = resolve(values.baseline);
  const dir = root.endsWith('dist') ? root : join(root, 'dist');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a build chosen at run time; `export =` gives the plugin itself
  const mod = require(join(dir, 'src', 'index')) as { default?: PluginLike } & PluginLike;
  basePlugin = mod.default ?? mod;
  for (const n of names) if (!(n in basePlugin.rules)) throw new Error(`--baseline: no rule ${n} in ${dir}`);
}
const mine: Totals = { rows: new Map() };
const theirs: Totals = { rows: new Map() };

ensureCorpus();
const files = corpusFiles().filter((f) => f.part === part && !f.rel.endsWith('typescript.js'));
const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
const withPlugin = (config: Linter.Config[], p: unknown): Linter.Config[] => config.map((block) => ({ ...block, plugins: { leaks: p as never } }));
const none = normalized(linter, configFor({}, 'module'));
const ruleSet = Object.fromEntries(names.map((n) => [`leaks/${n}`, 'error' as const]));
const set = normalized(linter, withPlugin(configFor(ruleSet, 'module'), timed(plugin, mine)));
const baseSet = basePlugin ? normalized(linter, withPlugin(configFor(ruleSet, 'module'), timed(basePlugin, theirs))) : null;

let base = 0;
let full = 0;
const perFile: { rel: string; base: number; byRule: Map<string, number> }[] = [];
for (let p = 0; p < passes; p++) {
  const last = p === passes - 1;
  for (const [i, f] of files.entries()) {
    let t0 = performance.now();
    linter.verify(f.text, none, f.path);
    const b = performance.now() - t0;
    // With a baseline, the two builds in turn, the first one swapped from file to file; only this build's lint is timed whole.
    const swap = baseSet !== null && (i + p) % 2 === 1;
    if (baseSet && swap) {
      timing = last;
      linter.verify(f.text, baseSet, f.path);
      timing = false;
    }
    timing = last;
    if (last) file = new Map();
    t0 = performance.now();
    linter.verify(f.text, set, f.path);
    const w = performance.now() - t0;
    timing = false;
    if (baseSet && !swap) {
      const keep: Map<string, number> | null = file;
      file = null;
      timing = last;
      linter.verify(f.text, baseSet, f.path);
      timing = false;
      file = keep;
    }
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
const scratch: Totals = { rows: new Map() };
const t0 = performance.now();
for (let i = 0; i < 200_000; i++) {
  const s = performance.now();
  empty();
  charge(scratch, 'calibration', 'call', performance.now() - s);
}
const perCall = (performance.now() - t0) / 200_000;

const rowsOf = (t: Totals) => [...t.rows].map(([key, r]) => ({ key, ms: Math.max(0, r.ms - (r.calls * perCall) / 2), calls: r.calls })).sort((a, b) => b.ms - a.ms);
const rows = rowsOf(mine);
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

if (basePlugin) {
  const before = rowsOf(theirs);
  const was = before.reduce((sum, r) => sum + r.ms, 0);
  const byKey = new Map(before.map((r) => [r.key, r.ms]));
  console.log(`baseline ${values.baseline}: its own time ${was.toFixed(0)} ms = ${pct(was)}; this build ${own.toFixed(0)} ms = ${pct(own)} (${(((own - was) / was) * 100).toFixed(1)}% on the baseline's)`);
  for (const phase of ['create()', 'Program:exit']) {
    const now = rows.filter((r) => r.key.endsWith(` ${phase}`)).reduce((sum, r) => sum + r.ms, 0);
    const then = before.filter((r) => r.key.endsWith(` ${phase}`)).reduce((sum, r) => sum + r.ms, 0);
    console.log(`  ${phase.padEnd(14)} ${then.toFixed(0).padStart(6)} → ${now.toFixed(0).padStart(6)} ms`);
  }
  const moved = [...new Set([...rows.map((r) => r.key), ...before.map((r) => r.key)])]
    .map((key) => ({ key, then: byKey.get(key) ?? 0, now: rows.find((r) => r.key === key)?.ms ?? 0 }))
    .sort((a, b) => Math.abs(b.now - b.then) - Math.abs(a.now - a.then));
  for (const m of moved.slice(0, Number(values.top))) console.log(`  ${m.then.toFixed(1).padStart(7)} → ${m.now.toFixed(1).padStart(7)} ms  ${m.key}`);
}
