import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
// The built plugin, as users run it (a TS loader's helpers would distort the timings).
import plugin from '../dist/src/index';
import { CORPUS_DIR, type CorpusFile, configFor, corpusFiles, ensureCorpus } from './corpus';

/**
 * `npm run bench`: what the rules cost on top of a lint run, measured in one process.
 *
 * Every corpus file is read once. Per pass and file: (a) the file is linted with no rules
 * (parse, scope analysis, traversal, code-path analysis) — the baseline every ratio is over;
 * then the `SourceCode` of that run is linted again with each rule set, back to back, in an
 * order rotated per file and pass ("none" included). A set's cost on the file is its time
 * minus that pass's re-lint with no rules, so the parse — 90% of a lint, and the source of
 * most of its ±10% swings on these shared machines (one 200k-line file allocates ~2 GB) —
 * is paid once and cancels out instead of drowning a 1% difference. Ratios are
 * Σ(per-file median cost) / Σ(per-file median of (a)), after a warm-up pass, over ≥5 passes.
 *   --passes N (default 5)   --quick (skip the 200k-line typescript.js)   --json FILE
 *   --whole (also the old whole-lint comparison: every set parses again; noisy)
 *   --timing (only the TIMING pass: a fast loop while working on a rule's cost)
 *   --scaling (only the scaling exponents)
 */
const BUDGET_SET = 0.05;
const BUDGET_RULE = 0.015;
const BUDGET_EXPONENT = 1.1;

const args = process.argv.slice(2);
const passes = Math.max(5, Number(args[args.indexOf('--passes') + 1]) || 5);
const quick = args.includes('--quick');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const timingOnly = args.includes('--timing');
const scalingOnly = args.includes('--scaling');
const whole = args.includes('--whole');

interface RuleSet {
  name: string;
  rules: Linter.RulesRecord;
}

const ruleNames = Object.keys(plugin.rules);
const sets: RuleSet[] = [
  { name: 'none', rules: {} },
  ...ruleNames.map((r): RuleSet => ({ name: r, rules: { [`leaks/${r}`]: 'error' } })),
  { name: 'recommended', rules: plugin.configs.recommended.rules },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function main(): void {
  if (scalingOnly) {
    const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
    for (const r of ruleNames) console.log(`  ${r.padEnd(32)} ${scalingExponent(linter, r).toFixed(2)}`);
    return;
  }
  ensureCorpus();
  let files = corpusFiles();
  if (quick) files = files.filter((f) => f.pkg !== 'typescript');
  const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
  // Decide each file's source type once, so every set parses it the same way.
  const kinds = files.map((f) =>
    linter.verify(f.text, configFor({}, 'module', false), f.path).some((m) => m.fatal) ? 'commonjs' : 'module',
  );
  const configs = sets.map((s) => ({
    module: normalized(linter, configFor(s.rules, 'module', false)),
    commonjs: normalized(linter, configFor(s.rules, 'commonjs', false)),
  }));
  const lintOne = (f: CorpusFile, i: number, si: number): number => {
    const cfg = configs[si];
    if (!cfg) return 0;
    const t0 = process.hrtime.bigint();
    linter.verify(f.text, cfg[kinds[i] ?? 'module'], f.path);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };

  const totalLines = files.reduce((n, f) => n + f.lines, 0);
  if (timingOnly) {
    files.forEach((f, i) => lintOne(f, i, 0));
    const noRules = files.reduce((n, f, i) => n + lintOne(f, i, 0), 0);
    const timing = ruleTiming(linter, files, kinds);
    console.log(`timing: ${files.length} files, ${totalLines} lines, no-rules pass ${noRules.toFixed(0)} ms`);
    for (const [rule, t] of [...timing].sort((a, b) => b[1] - a[1])) console.log(`  ${rule.padEnd(32)} ${t.toFixed(1).padStart(8)} ms  ${pct(t / noRules).padStart(7)}`);
    return;
  }
  console.log(`bench: ${files.length} files, ${totalLines} lines, ${sets.length} rule sets, ${passes} passes (+1 warm-up)`);
  const gc = (globalThis as { gc?: () => void }).gc;
  const heap: number[] = [];
  // Per set and file: one sample per pass. baseline = (a), the full no-rules lint.
  const baseline: number[][] = files.map(() => []);
  const cost: number[][][] = sets.map(() => files.map(() => []));
  const passCost: number[][] = [];
  const passBase: number[] = [];
  const time = (f: () => void): number => {
    const t0 = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let p = -1; p < passes; p++) {
    const totals = sets.map(() => 0);
    let base = 0;
    files.forEach((f, i) => {
      const kind = kinds[i] ?? 'module';
      const none = configs[0]?.[kind];
      if (!none) return;
      const large = f.lines > 20000;
      // A full collection before the big files, so a major GC left over from the previous
      // file does not land inside one set's run and not another's.
      if (large) gc?.();
      const full = time(() => linter.verify(f.text, none, f.path));
      const sourceCode = linter.getSourceCode();
      const t = sets.map(() => 0);
      for (let k = 0; k < sets.length; k++) {
        const si = (i + p + 1 + k) % sets.length;
        const cfg = configs[si]?.[kind];
        if (!cfg) continue;
        if (large) gc?.();
        t[si] = time(() => linter.verify(sourceCode, cfg, f.path));
      }
      if (p < 0) return;
      baseline[i]?.push(full);
      base += full;
      sets.forEach((_, si) => {
        const c = (t[si] ?? 0) - (t[0] ?? 0);
        cost[si]?.[i]?.push(c);
        totals[si] = (totals[si] ?? 0) + c;
      });
    });
    if (p < 0) continue;
    passCost.push(totals);
    passBase.push(base);
    if (gc) {
      gc();
      heap.push(process.memoryUsage().heapUsed);
    }
    console.log(`  pass ${p + 1}: no rules ${(base / 1000).toFixed(1)}s`);
  }

  const base = baseline.reduce((n, t) => n + median(t), 0);
  const rows = sets.map((s, si) => {
    const c = (cost[si] ?? []).reduce((n, t) => n + median(t), 0);
    return {
      set: s.name,
      costMs: Math.round(c),
      ratio: c / base,
      perPass: passCost.map((t, pi) => (t[si] ?? 0) / (passBase[pi] ?? 1)),
    };
  });
  const wholeRows = whole ? wholeLint(linter, files, kinds, configs) : null;

  console.log(`\nno rules (a): ${Math.round(base)} ms (sum of per-file medians)`);
  console.log('set                cost ms   over (a)   per pass');
  for (const r of rows.filter((x) => x.set !== 'none')) {
    console.log(`${r.set.padEnd(18)}${String(r.costMs).padStart(8)}   ${pct(r.ratio).padStart(8)}   ${r.perPass.map(pct).join(' ')}`);
  }
  if (wholeRows) {
    console.log('\nwhole-lint comparison (every set parses again; swings ±10% per file on a shared machine)');
    for (const r of wholeRows) console.log(`${r.set.padEnd(18)}${String(r.medianMs).padStart(8)} ms   ${(r.set === 'none' ? '-' : pct(r.ratio)).padStart(8)}`);
  }
  // ESLint's own per-rule timing (the TIMING figures), from one pass with stats on.
  const timing = ruleTiming(linter, files, kinds);

  const scaling = ruleNames.map((r) => ({ rule: r, exponent: scalingExponent(linter, r) }));
  const heapGrowthMb = heap.length > 1 ? ((heap.at(-1) ?? 0) - (heap[0] ?? 0)) / 2 ** 20 : null;

  console.log('\nESLint TIMING (stats), all rules');
  for (const [rule, t] of [...timing].sort((a, b) => b[1] - a[1])) console.log(`  ${rule.padEnd(32)} ${t.toFixed(1)} ms`);
  console.log('\nscaling exponent (rule time vs. file size, N..8N)');
  for (const s of scaling) console.log(`  ${s.rule.padEnd(32)} ${s.exponent.toFixed(2)}`);
  console.log(`\nheap growth between first and last pass: ${heapGrowthMb === null ? 'n/a (run with --expose-gc)' : `${heapGrowthMb.toFixed(1)} MB`}`);

  const failures: string[] = [];
  const rec = rows.find((r) => r.set === 'recommended');
  if (rec && rec.ratio > BUDGET_SET) failures.push(`recommended adds ${pct(rec.ratio)} (budget ${pct(BUDGET_SET)})`);
  for (const r of rows.filter((x) => ruleNames.includes(x.set))) {
    if (r.ratio > BUDGET_RULE) failures.push(`${r.set} adds ${pct(r.ratio)} (budget ${pct(BUDGET_RULE)})`);
  }
  for (const s of scaling) if (s.exponent > BUDGET_EXPONENT) failures.push(`${s.rule} scales with exponent ${s.exponent.toFixed(2)} (budget ${BUDGET_EXPONENT})`);
  if (heapGrowthMb !== null && heapGrowthMb > 50) failures.push(`heap grew ${heapGrowthMb.toFixed(1)} MB across passes`);
  console.log(failures.length ? `\nbudgets FAILED:\n  ${failures.join('\n  ')}` : '\nbudgets: all hold');
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ files: files.length, lines: totalLines, passes, baselineMs: Math.round(base), rows, wholeRows, timing: Object.fromEntries(timing), scaling, heapGrowthMb }, null, 2));
  if (failures.length) process.exitCode = 1;
}

/**
 * The config array as ESLint normalizes it. `Linter#verify` given a plain array builds and
 * validates a new `FlatConfigArray` on every call — per-file work the CLI does once per
 * config — which would charge each rule's option merging to every file. Given the
 * normalized array (anything with `getConfig`), it reuses it and its per-file cache.
 */
function normalized(linter: Linter, config: Linter.Config[]): Linter.Config[] {
  const internal = linter as unknown as { _verifyWithFlatConfigArray?: (...a: unknown[]) => unknown };
  const original = internal._verifyWithFlatConfigArray;
  if (typeof original !== 'function') return config;
  let captured: unknown = null;
  internal._verifyWithFlatConfigArray = function (this: unknown, ...a: unknown[]) {
    captured = a[1];
    return original.apply(this, a);
  };
  try {
    linter.verify('', config, join(CORPUS_DIR, 'files', 'probe.js'));
  } finally {
    internal._verifyWithFlatConfigArray = original;
  }
  return Array.isArray(captured) ? (captured as Linter.Config[]) : config;
}

/** The whole-lint comparison: every set lints the text (parsing again), rotated per file. */
function wholeLint(
  linter: Linter,
  files: CorpusFile[],
  kinds: string[],
  configs: { module: Linter.Config[]; commonjs: Linter.Config[] }[],
): { set: string; medianMs: number; ratio: number }[] {
  const times: number[][][] = sets.map(() => files.map(() => []));
  for (let p = 0; p < passes; p++) {
    files.forEach((f, i) => {
      for (let k = 0; k < sets.length; k++) {
        const si = (i + p + k) % sets.length;
        const cfg = configs[si]?.[kinds[i] === 'commonjs' ? 'commonjs' : 'module'];
        if (!cfg) continue;
        const t0 = process.hrtime.bigint();
        linter.verify(f.text, cfg, f.path);
        times[si]?.[i]?.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    });
  }
  const sums = sets.map((_, si) => (times[si] ?? []).reduce((n, t) => n + median(t), 0));
  return sets.map((s, si) => ({ set: s.name, medianMs: Math.round(sums[si] ?? 0), ratio: (sums[si] ?? 0) / (sums[0] ?? 1) - 1 }));
}

function ruleTiming(linter: Linter, files: CorpusFile[], kinds: string[]): Map<string, number> {
  const timing = new Map<string, number>();
  const all = configFor(plugin.configs.all.rules, 'module', false);
  const allCjs = configFor(plugin.configs.all.rules, 'commonjs', false);
  files.forEach((f, i) => {
    // Stats are only kept per fix pass, so they come from verifyAndFix (with fixing off).
    linter.verifyAndFix(f.text, kinds[i] === 'commonjs' ? allCjs : all, { filename: f.path, stats: true, fix: false } as Linter.FixOptions);
    for (const pass of linter.getTimes().passes) {
      for (const [rule, t] of Object.entries(pass.rules ?? {})) timing.set(rule, (timing.get(rule) ?? 0) + t.total);
    }
  });
  return timing;
}

/** Synthetic files in each rule's shape; the exponent of rule time (ESLint stats) vs. size. */
export const SHAPES: Record<string, (i: number) => string> = {
  'no-leaked-subscription': (i) =>
    `export function send${i}(bus, msg) {\n  const onAck = (id) => { if (id === msg.id) bus.off('ack', onAck); };\n  bus.on('ack', onAck);\n  window.addEventListener('resize', () => msg.resize(${i}));\n  if (msg.done) return;\n  bus.off('ack', onAck);\n}\nclass C${i} extends HTMLElement { connectedCallback() { window.addEventListener('x', this.h); } disconnectedCallback() { window.removeEventListener('x', this.h); } }\n`,
  'no-recursion-in-try': (i) =>
    `async function pump${i}(sock, n) {\n  try {\n    const m = await sock.read();\n    if (n > 0) walk${i}(m.children, n - 1);\n    await pump${i}(sock, n);\n  } catch {\n    await pump${i}(sock, n);\n  }\n}\nfunction walk${i}(node, d) { try { for (const c of node.kids) walk${i}(c, d); } catch {} }\n`,
  'no-per-request-cache': (i) =>
    `app.get('/r${i}', async (req, res) => {\n  const { LRUCache } = require('lru-cache');\n  const cache${i} = new LRUCache({ max: ${i} + 1 });\n  if (req.q) { res.json(cache${i}.get(req.q)); return; }\n  res.end(String(${i}));\n});\nexport function helper${i}(x) { return x.map((y) => y + ${i}); }\n`,
  'no-leaked-resource': (i) =>
    `export async function report${i}(pool, id) {\n  const client = await pool.connect();\n  const rows = await client.query('select ${i}', [id]);\n  if (rows.length === 0) return null;\n  for (const r of rows) { if (r.bad) throw new Error('x'); }\n  client.release();\n  return rows;\n}\n`,
  'no-unbounded-collection': (i) =>
    `const log${i} = [];\nconst seen${i} = new Map();\nexport function record${i}(e) {\n  log${i}.push(e);\n  if (seen${i}.has(e.id)) seen${i}.delete(e.id);\n  else seen${i}.set(e.id, e);\n}\nclass Store${i} { items = []; add(x) { this.items.push(x); } dispose() { this.items.length = 0; } }\n`,
  'no-timer-in-loop': (i) =>
    `async function f${i}(q) {\n  while (this.open) {\n    const t${i} = setTimeout(warn, 1000);\n    const m = await Promise.race([q.next(), sleep(${i})]);\n    if (!m) continue;\n    for (const x of m.items) { setTimeout(() => x.show(), ${i}); }\n    clearTimeout(t${i});\n  }\n}\n`,
};

function scalingExponent(linter: Linter, rule: string): number {
  const shape = SHAPES[rule] ?? ((i: number) => `function g${i}(a) { for (;;) { a.on('x', () => a.push(${i})); if (a.done) break; } }\n`);
  const config = configFor({ [`leaks/${rule}`]: 'error' }, 'module', false);
  const sizes = [250, 500, 1000, 2000];
  const points = sizes.map((n) => {
    const code = `const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\n${Array.from({ length: n }, (_, i) => shape(i)).join('')}`;
    const samples: number[] = [];
    for (let k = 0; k < 5; k++) {
      linter.verifyAndFix(code, config, { filename: join(CORPUS_DIR, 'files', `synthetic-${n}.js`), stats: true, fix: false } as Linter.FixOptions);
      const t = linter.getTimes().passes.reduce((s, p) => s + (p.rules?.[`leaks/${rule}`]?.total ?? 0), 0);
      samples.push(t);
    }
    return { n, t: Math.max(median(samples), 1e-3) };
  });
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(p.t));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] ?? 0) - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

if (require.main === module) main();
