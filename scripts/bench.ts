import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Linter } from 'eslint';
// The built plugin, as users run it (a TS loader's helpers would distort the timings).
import plugin from '../dist/src/index';
import { CORPUS_DIR, type CorpusFile, configFor, corpusFiles, ensureCorpus, normalized } from './corpus';
import { profiled, shareOf } from './profile-share';
import { ROOT } from './docs-lib';

/**
 * `npm run bench`: what the rules cost on top of a lint run, as a user pays it.
 *
 * Whole-lint cost (the figure printed first and budgeted on). In one process, each file of
 * the run is linted from its text — parse, scope analysis, traversal, code-path analysis and
 * the rules: `linter.verify(text, config, path)` with the blocks of `configFor` (espree for
 * JavaScript, @typescript-eslint/parser for TypeScript, as `npm run corpus` lints) and
 * ESLint's normalized config array (see `normalized`) — once with no rules and once with
 * each rule set (each rule alone, the recommended set), back to back per file, in an order
 * rotated per file and per pass (see `setAt`). After a warm-up pass (which also decides module vs. script
 * per file), per file and set the median over the passes is taken, and a set's ratio is
 *   Σ_files (median with the set − median with no rules) / Σ_files (median with no rules),
 * separately for the corpus parts `libs` and `apps`, and for libs without the 200k-line
 * typescript.js when it is in the run (more than half of libs' lint time). Printed next to
 * it: the pooled ratio (all passes summed, no medians — per-file medians can hide the
 * scavenges a set's garbage causes on small files, which land in some runs and not others)
 * and the same ratio within each pass (the spread: a difference smaller than it is noise).
 * The rules' garbage, the collections it causes while the fresh AST is young, their create()
 * and ESLint's dispatch to them are all inside these figures. A full collection runs before
 * every lint of a file over 20k lines and after its last one, so a collection owed by
 * another run does not land in one set's run and not another's.
 *
 * Default run: a fixed sample, per package the ⌈n/2⌉ files whose path hashes lowest (every
 * package is in), without typescript.js, 5 passes after the warm-up — about 13 min on a shared
 * 2-core machine (13.0 min with the anchors on 2026-12-01, load average 1.6–1.7). typescript.js alone would take about as long again (56 lints, with the anchors, of
 * ~14 s each), so it is opt-in. Files over 20k lines get one warm-up lint (with the
 * recommended set) instead of one per set: the JIT is warm from the other files by then.
 *   --full          every corpus file, typescript.js included (half an hour or more; not timed)
 *   --stress        add typescript.js to a sampled run (roughly +10 min)
 *   --sample N      1 in N files per package (default 2; 1 = every file)
 *   --quick         1 in 8 files per package (unless --sample), without typescript.js (~4 min)
 *   --part P        only the corpus part P (libs or apps)
 *   --passes N      measured passes (default 5; fewer only when asked, and the output says so)
 *   --control       a second no-rules set ("none-again"): an A/A check of the noise floor
 *   --no-fail       exit 0 even when a budget fails
 *   --json FILE     every number of the run, per file and pass included
 *   --baseline DIR  also lint with the recommended set of another build (`DIR/src/index.js`, the
 *                   `dist/` of an older commit) as "recommended@baseline", interleaved with the
 *                   others file by file: on a shared machine the only fair before/after (no budget)
 *   --ab            with --baseline: only the sets none, recommended and recommended@baseline, so
 *                   both builds' code runs equally often (beside the six single-rule sets, this
 *                   build's code is run seven times as often as the baseline's and stays hot in the
 *                   CPU's caches, which makes the baseline look slower than it is)
 *   --profile       instead of whole lints: the plugin's own share of Linter#verify time, from a
 *                   CPU profile of the recommended set (and the --baseline build's, in turn), one
 *                   round per pass; steadier than whole lints on a shared machine, and a floor of
 *                   the cost, not the budgeted figure (see scripts/profile-share.ts)
 *   --no-anchors    leave out the anchors: eslint-plugin-listeners' and ESLint React web-api's
 *                   recommended sets, core no-unused-vars + no-loop-func, and core no-debugger
 *                   alone ("any rule": what ESLint itself costs once a config has a rule at all),
 *                   linted like the other sets for scale (never budgeted; also left out with --ab)
 *   --base-rule R   add the core rule R to every set, "none" included: the baseline becomes ESLint
 *                   running one rule, as every user's lint does. ESLint 10 keeps each file's
 *                   SourceCode reachable until a full collection once any rule runs (each file's
 *                   context becomes a prototype, see docs/performance.md), which a no-rules run
 *                   never pays; interleaved with rule sets, a no-rules lint pays its share of
 *                   their retained files, so "any rule" reads near zero (−1.1 … 2.7% on
 *                   2026-12-02). Budgets are still printed, over this baseline; the budgeted
 *                   figure is the run without it
 *   --gc-each       a young-generation collection before every lint: no set's lint pays for
 *                   the garbage another set's lint left. A/A checks of two no-rules sets this way
 *                   stayed within 2% (600 apps, 402 libs files); for before/after comparisons
 *                   (`--ab`), not for the budget verdict, since a user's lint does carry the
 *                   previous file's garbage
 * Budgets: recommended ≤ 3% and each rule ≤ 1% over no rules, on libs and on apps; these,
 * the scaling exponents ≤ 1.1 and a flat heap (≤ 50 MB growth across passes) set the exit
 * status. Libs without typescript.js (in runs that have it) and plugin load time ≤ 150 ms
 * (`require` of dist/src/index.js in a fresh node, median of 7) are printed with a status
 * but do not set it.
 * Diagnostics, each instead of the above:
 *   --relint   the previous method: the SourceCode of a no-rules lint is linted again with each
 *              set, so the parse is paid once; it does not see what a rule costs on a fresh AST
 *              (same file selection as above: --relint --full for the whole corpus)
 *     --by-set with --relint: each set lints every file in turn, pass by pass (the sets' order
 *              rotated and reversed from pass to pass), instead of every set one file at a time.
 *              Each build then keeps the CPU's caches for a whole round, as a user's lint does,
 *              and a before/after of the plugin's own work (`--ab --baseline DIR`, best with
 *              `--base-rule no-debugger` so that no-rules lints traverse too) shows differences
 *              that per-file interleaving blurs (docs/performance.md, eighth session)
 *   --timing   only ESLint's TIMING pass (a fast loop while working on a rule's cost), over
 *              every file as before unless --quick, --sample or --part narrow it
 *   --scaling  only the scaling exponents
 */
const BUDGET_SET = 0.03;
const BUDGET_RULE = 0.01;
const BUDGET_EXPONENT = 1.1;
const BUDGET_HEAP_MB = 50;
const BUDGET_LOAD_MS = 150;
const DEFAULT_SAMPLE = 2;
const QUICK_SAMPLE = 8;
const LOAD_RUNS = 7;
const LARGE = 20_000;
const STRESS_PKG = 'typescript';

const KNOWN_FLAGS = ['--full', '--stress', '--quick', '--control', '--no-fail', '--relint', '--by-set', '--timing', '--scaling', '--ab', '--gc-each', '--profile', '--no-anchors'];
const KNOWN_OPTIONS = ['--sample', '--part', '--passes', '--json', '--baseline', '--base-rule'];
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  if (!args.includes(name)) return undefined;
  const value = args[args.indexOf(name) + 1];
  return value === undefined || value.startsWith('--') ? usage(`${name} needs a value`) : value;
};
for (let a = 0; a < args.length; a++) {
  const arg = args[a] ?? '';
  if (KNOWN_OPTIONS.includes(arg)) a++;
  else if (!KNOWN_FLAGS.includes(arg)) usage(`unknown argument ${arg}`);
}
const full = args.includes('--full');
const quick = args.includes('--quick');
const timingOnly = args.includes('--timing');
const profileOnly = args.includes('--profile');
// --timing keeps its old scope: every file, typescript.js too, unless --quick or --sample narrow it.
const timingAll = timingOnly && !quick && option('--sample') === undefined;
const stress = full || timingAll || args.includes('--stress');
if (quick && stress) usage('--quick leaves typescript.js out; it does not go with --full or --stress');
const control = args.includes('--control');
const noFail = args.includes('--no-fail');
const relintOnly = args.includes('--relint');
const bySet = args.includes('--by-set');
if (bySet && !relintOnly) usage('--by-set goes with --relint');
const scalingOnly = args.includes('--scaling');
const jsonOut = option('--json');
const passes = positive('--passes', 5);
const sampleEvery = full || timingAll ? 1 : positive('--sample', quick ? QUICK_SAMPLE : DEFAULT_SAMPLE);
const onlyPart = option('--part');
if (onlyPart !== undefined && onlyPart !== 'libs' && onlyPart !== 'apps') usage('--part takes libs or apps');

function positive(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) usage(`${name} takes a whole number ≥ 1`);
  return n;
}

function usage(message: string): never {
  console.error(`bench: ${message}\nflags: ${KNOWN_FLAGS.join(' ')}; options: ${KNOWN_OPTIONS.map((o) => `${o} X`).join(' ')}`);
  process.exit(2);
}

interface RuleSet {
  name: string;
  rules: Linter.RulesRecord;
  /** Another build of the plugin to lint with, instead of this one. */
  plugin?: typeof plugin;
  /** Other plugins the set's rules come from (the anchors), by their namespace. */
  plugins?: Record<string, unknown>;
}

const baselineDir = option('--baseline');
const baseline: typeof plugin | null = baselineDir === undefined ? null : loadBaseline(baselineDir);

function loadBaseline(dir: string): typeof plugin {
  const entry = resolve(dir, 'src', 'index.js');
  try {
    const mod = createRequire(entry)(entry) as { default?: typeof plugin } & typeof plugin;
    return mod.default ?? mod;
  } catch (e) {
    return usage(`--baseline: cannot load ${entry} (${(e as Error).message.split('\n')[0]})`);
  }
}

const ruleNames = Object.keys(plugin.rules);
// `--ab`: only no rules and the two builds' recommended sets, so both builds' code runs equally
// often. With the single-rule sets in the run, this build's code runs in seven sets of nine and
// stays hot in the CPU's caches while the baseline's runs in one: that favours this build.
const abOnly = args.includes('--ab');
// `--gc-each`: a young-generation collection before every lint (see the flags' doc above).
const gcEach = args.includes('--gc-each');
if (abOnly && baselineDir === undefined) usage('--ab compares two builds: give --baseline DIR too');
const baseRule = option('--base-rule');
if (baseRule !== undefined && !(createRequire(__filename)('eslint/use-at-your-own-risk') as { builtinRules: Map<string, unknown> }).builtinRules.has(baseRule)) usage(`--base-rule: ${baseRule} is not a core rule`);
const sets: RuleSet[] = [
  { name: 'none', rules: {} },
  ...(abOnly ? [] : ruleNames.map((r): RuleSet => ({ name: r, rules: { [`leaks/${r}`]: 'error' } }))),
  { name: 'recommended', rules: plugin.configs.recommended.rules },
  ...(control ? [{ name: 'none-again', rules: {} }] : []),
  ...(baseline ? [{ name: 'recommended@baseline', rules: baseline.configs.recommended.rules, plugin: baseline }] : []),
];
const REC = sets.findIndex((s) => s.name === 'recommended');
// The anchors: what other leak plugins, two core rules and any rule at all cost in the same run, for scale.
const withAnchors = !abOnly && !args.includes('--no-anchors');

/**
 * eslint-plugin-listeners' and ESLint React's web-api plugin's recommended sets, and the core
 * rules `no-unused-vars` + `no-loop-func` (scope analysis, as ours): linted like the others,
 * reported next to the recommended set, never budgeted. Loaded here because the web-api
 * plugin is an ES module only.
 */
async function anchorSets(): Promise<RuleSet[]> {
  const listeners = createRequire(__filename)('eslint-plugin-listeners') as { configs: Record<string, { rules?: Linter.RulesRecord }> };
  const webApi = ((await import('eslint-plugin-react-web-api')) as { default: { configs: { recommended: { rules?: Linter.RulesRecord } } } }).default;
  return [
    { name: 'anchor: listeners', rules: listeners.configs['flat/recommended']?.rules ?? {}, plugins: { listeners } },
    { name: 'anchor: react-web-api', rules: webApi.configs.recommended.rules ?? {}, plugins: { 'react-web-api': webApi } },
    { name: 'anchor: core', rules: { 'no-unused-vars': 'error', 'no-loop-func': 'error' } },
    // One rule that almost never runs: ESLint's own cost of a config with any rule, against none.
    ...(baseRule === undefined ? [{ name: 'anchor: any rule', rules: { 'no-debugger': 'error' } } satisfies RuleSet] : []),
  ];
}

type Kind = 'module' | 'commonjs';
type Configs = Record<Kind, Linter.Config[]>[];

/** One line of the report: a part, or libs without typescript.js. */
interface Group {
  name: string;
  /** Whether its budgets set the exit status. */
  gating: boolean;
  /** Indexes into the run's files. */
  idx: number[];
  /** The files and lines of the corpus this group samples. */
  ofFiles: number;
  ofLines: number;
}

interface Row {
  set: string;
  costMs: number;
  /** Σ(per-file median with the set − per-file median with no rules) / Σ(per-file median with no rules): the budgeted figure. */
  ratio: number;
  /** Σ over all passes and files with the set / the same with no rules − 1: a cross-check of the medians. */
  pooled: number;
  perPass: number[];
}

interface Summary {
  group: string;
  gating: boolean;
  files: number;
  lines: number;
  ofFiles: number;
  ofLines: number;
  noRulesMs: number;
  rows: Row[];
}

interface Budget {
  what: string;
  value: string;
  limit: string;
  pass: boolean;
  gating: boolean;
  note?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const int = (x: number): string => (Math.round(x) || 0).toLocaleString('en-US');
const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

function time(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** A stable number per path: the sample does not change unless the corpus does. */
function hashOf(rel: string): string {
  return createHash('sha256').update(rel).digest('hex');
}

/**
 * The k-th set to lint file i with in pass p. Within each block of as many consecutive files
 * as there are sets, the order is rotated by one per file, so every set runs at every
 * position equally often; each block and pass draws its own base order (a seeded shuffle),
 * so a set is not always run right after the same other set — whose garbage decides when
 * the next scavenge lands. Deterministic: the same run lints in the same order.
 */
const orders = new Map<string, number[]>();
function setAt(i: number, p: number, k: number): number {
  const n = sets.length;
  const key = `${p}:${Math.floor(i / n)}`;
  let order = orders.get(key);
  if (!order) {
    order = Array.from({ length: n }, (_, j) => j);
    let seed = parseInt(hashOf(key).slice(0, 8), 16);
    for (let j = n - 1; j > 0; j--) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      const r = seed % (j + 1);
      [order[j], order[r]] = [order[r] ?? 0, order[j] ?? 0];
    }
    orders.set(key, order);
  }
  return order[(i + k) % n] ?? 0;
}

/** Per package, the ⌈n/every⌉ files whose path hashes lowest; corpus order is kept. */
function sampleFiles(files: CorpusFile[], every: number): CorpusFile[] {
  if (every <= 1) return files;
  const byPkg = new Map<string, CorpusFile[]>();
  for (const f of files) byPkg.set(f.pkg, [...(byPkg.get(f.pkg) ?? []), f]);
  const keep = new Set<CorpusFile>();
  for (const group of byPkg.values()) {
    const ranked = group.map((f) => ({ f, h: hashOf(f.rel) })).sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
    for (const { f } of ranked.slice(0, Math.ceil(group.length / every))) keep.add(f);
  }
  return files.filter((f) => keep.has(f));
}

async function main(): Promise<void> {
  const started = Date.now();
  if (withAnchors && !scalingOnly && !timingOnly && !relintOnly && !profileOnly) sets.push(...(await anchorSets()));
  // Every set, "none" included, on top of the one rule every real config has (see --base-rule).
  if (baseRule !== undefined) for (const s of sets) s.rules = { [baseRule]: 'error', ...s.rules };
  if (scalingOnly) {
    const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
    for (const r of ruleNames) console.log(`  ${r.padEnd(32)} ${scalingExponent(linter, r).toFixed(2)}`);
    return;
  }
  ensureCorpus();
  const corpus = corpusFiles();
  const inScope = corpus.filter((f) => (onlyPart === undefined || f.part === onlyPart) && (stress || f.pkg !== STRESS_PKG));
  const files = sampleFiles(inScope, sampleEvery);
  const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
  type Plugins = NonNullable<Linter.Config['plugins']>;
  const withPlugin = (s: RuleSet, blocks: Linter.Config[]): Linter.Config[] =>
    s.plugin || s.plugins ? blocks.map((b) => ({ ...b, plugins: { ...b.plugins, ...(s.plugins as Plugins | undefined), ...(s.plugin ? { leaks: s.plugin } : {}) } })) : blocks;
  const configs: Configs = sets.map((s) => ({
    module: normalized(linter, withPlugin(s, configFor(s.rules, 'module', false))),
    commonjs: normalized(linter, withPlugin(s, configFor(s.rules, 'commonjs', false))),
  }));
  const groups = groupsOf(corpus, files);
  const totalLines = sum(files.map((f) => f.lines));
  const skipped = [
    ...(onlyPart ? [`the ${onlyPart === 'libs' ? 'apps' : 'libs'} part (--part ${onlyPart})`] : []),
    ...(!stress && onlyPart !== 'apps' ? [`typescript.js (${int(corpus.find((f) => f.pkg === STRESS_PKG)?.lines ?? 0)} lines${quick ? ', --quick' : '; --stress or --full to include it'})`] : []),
    ...(sampleEvery > 1 ? [`${int(inScope.length - files.length)} of the other files: 1 in ${sampleEvery} per package is linted (--full for all)`] : []),
  ];
  const coverage = `${int(files.length)} of ${int(corpus.length)} corpus files, ${int(totalLines)} of ${int(sum(corpus.map((f) => f.lines)))} lines`;

  if (timingOnly) {
    const kinds = files.map((f) => kindOf(linter, f, configs));
    files.forEach((f, i) => linter.verify(f.text, configs[0]?.[kinds[i] ?? 'module'] ?? [], f.path));
    const noRules = sum(files.map((f, i) => time(() => linter.verify(f.text, configs[0]?.[kinds[i] ?? 'module'] ?? [], f.path))));
    const timing = ruleTiming(linter, files, kinds);
    console.log(`timing: ${coverage}${skipped.length ? `; skipped: ${skipped.join('; ')}` : ''}; no-rules pass ${noRules.toFixed(0)} ms`);
    printTiming(timing, noRules);
    return;
  }
  if (profileOnly) {
    await profileShares(linter, files, configs, coverage);
    return;
  }
  if (relintOnly) {
    console.log(`re-lint diagnostic (not the budgeted figure): ${coverage}, ${sets.length} rule sets, ${passes} passes (+1 warm-up)`);
    if (skipped.length) console.log(`skipped: ${skipped.join('; ')}`);
    const r = bySet ? relintBySet(linter, files, configs, groups) : relint(linter, files, configs, groups);
    if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ method: 'relint', coverage, skipped, passes, summaries: r }, null, 2));
    console.log(`\n${((Date.now() - started) / 60_000).toFixed(1)} min`);
    return;
  }

  const load = loadTime();
  console.log(`plugin load: require('dist/src/index.js') in a fresh node, median of ${LOAD_RUNS}: ${load.requireMs.toFixed(0)} ms (runs ${load.requireRuns.map((x) => x.toFixed(0)).join(' ')})`);
  console.log(`  process wall time: node -e "require(…)" ${load.wallMs.toFixed(0)} ms, bare node -e "" ${load.bareMs.toFixed(0)} ms (difference ${(load.wallMs - load.bareMs).toFixed(0)} ms)`);

  console.log(`\nwhole-lint bench: ${coverage}; ${sets.length} rule sets (${sets.map((s) => s.name).join(', ')}); ${passes} passes after a warm-up pass`);
  if (baseRule !== undefined) console.log(`  every set, "none" included, also runs core ${baseRule} (--base-rule): the ratios are over ESLint running one rule, not over no rules`);
  console.log(skipped.length ? `not linted: ${skipped.join('; ')}` : 'not linted: nothing (every corpus file)');
  for (const g of groups) console.log(`  ${g.name.padEnd(26)} ${int(g.idx.length).padStart(5)} of ${int(g.ofFiles).padStart(5)} files, ${int(sum(g.idx.map((i) => files[i]?.lines ?? 0))).padStart(9)} of ${int(g.ofLines).padStart(9)} lines`);
  if (passes < 5) console.log(`  only ${passes} passes (asked for): medians and spread are weaker than with the default 5`);

  const collections = collectionsObserved();
  const lints: number[] = [];
  const { times, kinds, heap, load: loadAverages } = wholeLint(linter, files, configs, groups, lints);
  const summaries = groups.map((g) => summarize(g, files, times));
  for (const s of summaries) printSummary(s);
  const gcBySet = await collections.bySet(lints);
  console.log('\ngarbage collections that started inside a measured lint, by set (count, ms; the share of the set\'s lint time)');
  for (const [si, g] of gcBySet.entries()) {
    const lintMs = sum(files.map((_, i) => sum(times[si]?.[i] ?? [])));
    console.log(`  ${(sets[si]?.name ?? '').padEnd(32)} ${int(g.count).padStart(6)} ${int(g.ms).padStart(7)} ms  ${pct(g.ms / lintMs)}`);
  }

  const timing = ruleTiming(linter, files, kinds);
  const noRulesAll = sum(files.map((_, i) => median(times[0]?.[i] ?? [])));
  console.log(`\nESLint TIMING (stats), one pass with all rules on over the same files; share of their no-rules time (${int(noRulesAll)} ms)`);
  printTiming(timing, noRulesAll);
  const scaling = ruleNames.map((r) => ({ rule: r, exponent: scalingExponent(linter, r) }));
  console.log('\nscaling exponent (rule time vs. file size, N..8N)');
  for (const s of scaling) console.log(`  ${s.rule.padEnd(32)} ${s.exponent.toFixed(2)}`);
  const heapGrowthMb = heap.length > 1 ? ((heap.at(-1) ?? 0) - (heap[0] ?? 0)) / 2 ** 20 : null;
  console.log(`\nheap growth between first and last pass: ${heapGrowthMb === null ? 'n/a (run with --expose-gc and ≥ 2 passes)' : `${heapGrowthMb.toFixed(1)} MB`}`);

  const budgets: Budget[] = [];
  for (const s of summaries) {
    for (const r of s.rows) {
      const limit = r.set === 'recommended' ? BUDGET_SET : ruleNames.includes(r.set) ? BUDGET_RULE : null;
      if (limit === null) continue;
      const note = `pooled ${pct(r.pooled)}${r.pooled > limit ? ' (over)' : ''}, per pass ${pct(Math.min(...r.perPass))} … ${pct(Math.max(...r.perPass))}`;
      budgets.push({ what: `${s.group}: ${r.set}`, value: pct(r.ratio), limit: `≤ ${pct(limit)}`, pass: r.ratio <= limit, gating: s.gating, note });
    }
  }
  for (const s of scaling) budgets.push({ what: `scaling exponent: ${s.rule}`, value: s.exponent.toFixed(2), limit: `≤ ${BUDGET_EXPONENT}`, pass: s.exponent <= BUDGET_EXPONENT, gating: true });
  if (heapGrowthMb !== null) budgets.push({ what: 'heap growth across passes', value: `${heapGrowthMb.toFixed(1)} MB`, limit: `≤ ${BUDGET_HEAP_MB} MB`, pass: heapGrowthMb <= BUDGET_HEAP_MB, gating: true });
  budgets.push({ what: 'plugin load (require, fresh node)', value: `${load.requireMs.toFixed(0)} ms`, limit: `≤ ${BUDGET_LOAD_MS} ms`, pass: load.requireMs <= BUDGET_LOAD_MS, gating: false });

  console.log('\nbudgets (whole-lint ratios over no rules; "info" lines do not set the exit status)');
  for (const b of budgets) console.log(`  ${b.pass ? 'PASS' : 'FAIL'}${b.gating ? '     ' : ' info'}  ${b.what.padEnd(52)} ${b.value.padStart(9)}  ${b.limit.padEnd(9)}${b.note ? `  ${b.note}` : ''}`);
  const failed = budgets.filter((b) => b.gating && !b.pass);
  const minutes = (Date.now() - started) / 60_000;
  console.log(`\nthe exit status follows the whole-lint budgets on ${summaries.filter((s) => s.gating).map((s) => s.group).join(' and ')}, the scaling exponents and the heap;`);
  const reported = [...summaries.filter((s) => !s.gating).map((s) => s.group), 'the plugin load time'];
  console.log(`${reported.join(' and ')} ${reported.length > 1 ? 'are' : 'is'} reported, not enforced. ${failed.length ? `${failed.length} budget(s) FAILED` : 'All enforced budgets hold'}${failed.length && noFail ? ' (--no-fail: exit 0)' : ''}.`);
  console.log(`run took ${minutes.toFixed(1)} min (${coverage}, ${passes} passes)`);
  if (jsonOut) {
    writeFileSync(
      jsonOut,
      JSON.stringify(
        {
          method: 'whole-lint',
          date: new Date().toISOString(),
          node: process.version,
          eslint: Linter.version,
          args,
          coverage,
          skipped,
          sampleEvery,
          passes,
          sets: sets.map((s) => s.name),
          summaries,
          load,
          timing: Object.fromEntries(timing),
          scaling,
          heapGrowthMb,
          loadAverages,
          gcBySet,
          budgets,
          minutes,
          // Per file: its part, lines, source type, and per set the time of each measured pass.
          files: files.map((f, i) => ({
            rel: f.rel,
            part: f.part,
            lines: f.lines,
            kind: kinds[i],
            ms: Object.fromEntries(sets.map((s, si) => [s.name, (times[si]?.[i] ?? []).map((t) => Math.round(t * 1000) / 1000)])),
          })),
        },
        null,
        2,
      ),
    );
  }
  if (failed.length && !noFail) process.exitCode = 1;
}

/** libs, libs without typescript.js (when it is in the run), apps; only those with files. */
function groupsOf(corpus: CorpusFile[], files: CorpusFile[]): Group[] {
  const stressIn = files.some((f) => f.pkg === STRESS_PKG);
  const of = (keep: (f: CorpusFile) => boolean): { ofFiles: number; ofLines: number } => {
    const all = corpus.filter(keep);
    return { ofFiles: all.length, ofLines: sum(all.map((f) => f.lines)) };
  };
  const idx = (keep: (f: CorpusFile) => boolean): number[] => files.flatMap((f, i) => (keep(f) ? [i] : []));
  const libs = (f: CorpusFile): boolean => f.part === 'libs';
  const libsRest = (f: CorpusFile): boolean => f.part === 'libs' && f.pkg !== STRESS_PKG;
  const apps = (f: CorpusFile): boolean => f.part === 'apps';
  const out: Group[] = stressIn
    ? [
        { name: 'libs', gating: true, idx: idx(libs), ...of(libs) },
        { name: 'libs without typescript.js', gating: false, idx: idx(libsRest), ...of(libsRest) },
      ]
    : [{ name: 'libs without typescript.js', gating: true, idx: idx(libsRest), ...of(libsRest) }];
  out.push({ name: 'apps', gating: true, idx: idx(apps), ...of(apps) });
  return out.filter((g) => g.idx.length > 0);
}

/** Module unless the file only parses as a script, as `npm run corpus` decides it. */
function kindOf(linter: Linter, f: CorpusFile, configs: Configs, si = 0): Kind {
  const fatal = (kind: Kind): boolean => linter.verify(f.text, configs[si]?.[kind] ?? [], f.path).some((m) => m.fatal);
  return fatal('module') && !fatal('commonjs') ? 'commonjs' : 'module';
}

/**
 * `--profile`: the plugin's own share of `Linter#verify` time (`scripts/profile-share.ts`), for
 * the recommended set and, with `--baseline`, the other build's, profiled in turn for `passes`
 * rounds after a warm-up lint of every file with each.
 */
async function profileShares(linter: Linter, files: CorpusFile[], configs: Configs, coverage: string): Promise<void> {
  const targets = sets.flatMap((s, si) => (s.name === 'recommended' ? [{ s, si, root: join(ROOT, 'dist') }] : s.name === 'recommended@baseline' && baselineDir ? [{ s, si, root: resolve(baselineDir) }] : []));
  const kinds = files.map((f) => kindOf(linter, f, configs, REC));
  for (const { si } of targets) files.forEach((f, i) => linter.verify(f.text, configs[si]?.[kinds[i] ?? 'module'] ?? [], f.path));
  console.log(`profile: ${coverage}; the plugin's self time as a share of Linter#verify, ${passes} round(s); ESLint's dispatch and the collections are not in it`);
  const shares = new Map<string, number[]>();
  for (let round = 0; round < passes; round++) {
    // Alternated, so neither build is always profiled first.
    for (const { s, si, root } of round % 2 ? [...targets].reverse() : targets) {
      const profile = await profiled(() => { files.forEach((f, i) => linter.verify(f.text, configs[si]?.[kinds[i] ?? 'module'] ?? [], f.path)); });
      const share = shareOf(profile, root);
      const pctOf = share.pluginMs / share.verifyMs;
      shares.set(s.name, [...(shares.get(s.name) ?? []), pctOf]);
      const top = share.byFile.slice(0, 4).map(([f, ms]) => `${f} ${ms.toFixed(0)}`).join(', ');
      console.log(`  ${s.name.padEnd(22)} ${pct(pctOf).padStart(7)} (${int(share.pluginMs)} of ${int(share.verifyMs)} ms; collector ${int(share.gcMs)} ms)  top: ${top}`);
    }
  }
  for (const [name, xs] of shares) console.log(`${name.padEnd(24)} median ${pct(median(xs))}, ${pct(Math.min(...xs))} … ${pct(Math.max(...xs))}`);
}

/**
 * Which set's lint each garbage collection started in. ESLint's work and the rules' both
 * allocate; a collection is charged to the lint it interrupts, which is not always the one
 * whose garbage filled the young generation. Counted over the measured passes: if a set's
 * share is the no-rules share, its cost is its own code, not collections it causes.
 * `lints` holds (start, end, set) triples in the order the lints ran.
 */
function collectionsObserved(): { bySet: (lints: readonly number[]) => Promise<{ count: number; ms: number }[]> } {
  const entries: { start: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) entries.push({ start: e.startTime, ms: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    async bySet(lints) {
      // The observer is told of collections asynchronously: let the queued entries arrive.
      await new Promise((r) => setTimeout(r, 50));
      observer.disconnect();
      const out = sets.map(() => ({ count: 0, ms: 0 }));
      const n = lints.length / 3;
      for (const e of entries) {
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if ((lints[mid * 3] ?? 0) <= e.start) lo = mid;
          else hi = mid - 1;
        }
        const end = lints[lo * 3 + 1] ?? -1;
        const row = out[lints[lo * 3 + 2] ?? -1];
        if (n > 0 && (lints[lo * 3] ?? Infinity) <= e.start && e.start <= end && row) {
          row.count++;
          row.ms += e.ms;
        }
      }
      return out;
    },
  };
}

/**
 * The measurement. times[set][file] holds one sample per measured pass. Within a pass, each
 * file is linted with every set back to back, starting at a set that moves on by one per
 * file and per pass. The warm-up pass decides each file's source type (with the recommended
 * set), then lints it with every other set; files over LARGE lines get that one lint only.
 */
function wholeLint(linter: Linter, files: CorpusFile[], configs: Configs, groups: Group[], lints: number[]): { times: number[][][]; kinds: Kind[]; heap: number[]; load: number[] } {
  const times: number[][][] = sets.map(() => files.map(() => []));
  const kinds: Kind[] = files.map(() => 'module');
  const heap: number[] = [];
  const load: number[] = [];
  for (let p = -1; p < passes; p++) {
    const t0 = Date.now();
    files.forEach((f, i) => {
      const large = f.lines > LARGE;
      if (p < 0) {
        if (large) gc?.();
        kinds[i] = kindOf(linter, f, configs, REC);
        if (large) return;
      }
      for (let k = 0; k < sets.length; k++) {
        const si = setAt(i, p, k);
        if (p < 0 && si === REC) continue;
        const cfg = configs[si]?.[kinds[i] ?? 'module'] ?? [];
        // A full collection before the big files, so a major GC owed by the previous run
        // does not land inside one set's run and not another's.
        if (large) gc?.();
        else if (gcEach) gc?.({ type: 'minor' });
        const from = performance.now();
        const t = time(() => linter.verify(f.text, cfg, f.path));
        if (p >= 0) {
          times[si]?.[i]?.push(t);
          lints.push(from, performance.now(), si);
        }
      }
      // …and after them, so the next, small file does not pay for their garbage.
      if (large) gc?.();
    });
    const took = ((Date.now() - t0) / 1000).toFixed(0);
    if (p < 0) {
      const scripts = kinds.filter((k) => k === 'commonjs').length;
      console.log(`  warm-up: ${took} s (${scripts} file(s) parse only as scripts)`);
      continue;
    }
    if (gc) {
      gc();
      heap.push(process.memoryUsage().heapUsed);
    }
    const at = (si: number, g: Group): number => sum(g.idx.map((i) => times[si]?.[i]?.[p] ?? 0));
    const line = groups.map((g) => `${g.name} ${(at(0, g) / 1000).toFixed(1)} s / recommended ${pct(at(REC, g) / at(0, g) - 1)}`);
    load.push(loadavg()[0] ?? 0);
    console.log(`  pass ${p + 1}/${passes}: ${took} s, load average ${(load.at(-1) ?? 0).toFixed(1)}; no rules ${line.join('; ')}`);
  }
  return { times, kinds, heap, load };
}

function summarize(g: Group, files: CorpusFile[], times: number[][][]): Summary {
  const base = g.idx.map((i) => median(times[0]?.[i] ?? []));
  const noRulesMs = sum(base);
  const rows = sets.map((s, si): Row => {
    const costMs = sum(g.idx.map((i, n) => median(times[si]?.[i] ?? []) - (base[n] ?? 0)));
    const perPass = Array.from({ length: passes }, (_, p) => {
      const none = sum(g.idx.map((i) => times[0]?.[i]?.[p] ?? 0));
      return sum(g.idx.map((i) => times[si]?.[i]?.[p] ?? 0)) / none - 1;
    });
    const all = (k: number): number => sum(g.idx.map((i) => sum(times[k]?.[i] ?? [])));
    return { set: s.name, costMs, ratio: costMs / noRulesMs, pooled: all(si) / all(0) - 1, perPass };
  });
  return {
    group: g.name,
    gating: g.gating,
    files: g.idx.length,
    lines: sum(g.idx.map((i) => files[i]?.lines ?? 0)),
    ofFiles: g.ofFiles,
    ofLines: g.ofLines,
    noRulesMs,
    rows,
  };
}

function printSummary(s: Summary, budgeted = true): void {
  console.log(`\n${s.group}${budgeted ? (s.gating ? '' : ' (reported, not enforced)') : ' (re-lint)'}: ${int(s.files)} of ${int(s.ofFiles)} files, ${int(s.lines)} of ${int(s.ofLines)} lines; no rules ${int(s.noRulesMs)} ms (Σ per-file medians)`);
  console.log(`  ${'set'.padEnd(26)} ${'cost ms'.padStart(8)} ${'ratio'.padStart(8)} ${'pooled'.padStart(8)}   per pass min … max   (each pass, %)`);
  for (const r of s.rows.filter((x) => x.set !== 'none')) {
    const lo = Math.min(...r.perPass);
    const hi = Math.max(...r.perPass);
    const limit = r.set === 'recommended' ? BUDGET_SET : ruleNames.includes(r.set) ? BUDGET_RULE : null;
    const status = limit === null || !budgeted ? '' : `  ${r.ratio <= limit ? 'PASS' : 'FAIL'} ≤ ${pct(limit)}`;
    console.log(`  ${r.set.padEnd(26)} ${int(r.costMs).padStart(8)} ${pct(r.ratio).padStart(8)} ${pct(r.pooled).padStart(8)}   ${pct(lo).padStart(7)} … ${pct(hi).padEnd(7)}  (${r.perPass.map((x) => (x * 100).toFixed(2)).join(' ')})${status}`);
  }
}

function printTiming(timing: Map<string, number>, noRules: number): void {
  for (const [rule, t] of [...timing].sort((a, b) => b[1] - a[1])) console.log(`  ${rule.padEnd(32)} ${t.toFixed(1).padStart(8)} ms  ${pct(t / noRules).padStart(7)}`);
}

/**
 * Plugin load: the built entry required in a fresh `node` (as a config file loads it), the
 * time around the `require` as measured inside that process; and the process's wall time
 * next to a bare `node -e ""`, whose difference adds the exit.
 */
function loadTime(): { requireMs: number; requireRuns: number[]; wallMs: number; bareMs: number } {
  const entry = join(ROOT, 'dist', 'src', 'index.js');
  const script = `const t = performance.now(); require(${JSON.stringify(entry)}); process.stdout.write(String(performance.now() - t));`;
  const requireRuns: number[] = [];
  const wall: number[] = [];
  const bare: number[] = [];
  for (let k = 0; k < LOAD_RUNS; k++) {
    const t0 = performance.now();
    const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    wall.push(performance.now() - t0);
    requireRuns.push(Number(out));
    const t1 = performance.now();
    execFileSync(process.execPath, ['-e', ''], { cwd: ROOT });
    bare.push(performance.now() - t1);
  }
  return { requireMs: median(requireRuns), requireRuns, wallMs: median(wall), bareMs: median(bare) };
}

/**
 * The previous method, as a diagnostic: per pass and file, (a) a no-rules lint of the text,
 * then its `SourceCode` linted again with each set (rotated); a set's cost is its re-lint
 * minus the no-rules re-lint, its ratio Σ(per-file median cost) / Σ(per-file median of (a)).
 * The parse is paid once, so the noise is that of the short re-lint, but the rules run on an
 * AST that has already survived collections: what they cost on a fresh one is not seen.
 */
function relint(linter: Linter, files: CorpusFile[], configs: Configs, groups: Group[]): Summary[] {
  const kinds = files.map((f) => kindOf(linter, f, configs));
  const baseline: number[][] = files.map(() => []);
  const cost: number[][][] = sets.map(() => files.map(() => []));
  for (let p = -1; p < passes; p++) {
    const t0 = Date.now();
    files.forEach((f, i) => {
      const kind = kinds[i] ?? 'module';
      const large = f.lines > LARGE;
      if (large) gc?.();
      const full = time(() => linter.verify(f.text, configs[0]?.[kind] ?? [], f.path));
      const sourceCode = linter.getSourceCode();
      const t = sets.map(() => 0);
      for (let k = 0; k < sets.length; k++) {
        const si = setAt(i, p, k);
        const cfg = configs[si]?.[kind] ?? [];
        if (large) gc?.();
        t[si] = time(() => linter.verify(sourceCode, cfg, f.path));
      }
      if (p < 0) return;
      baseline[i]?.push(full);
      sets.forEach((_, si) => cost[si]?.[i]?.push((t[si] ?? 0) - (t[0] ?? 0)));
    });
    console.log(`  ${p < 0 ? 'warm-up' : `pass ${p + 1}/${passes}`}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const out = groups.map((g): Summary => {
    const base = sum(g.idx.map((i) => median(baseline[i] ?? [])));
    const rows = sets.map((s, si): Row => {
      const c = sum(g.idx.map((i) => median(cost[si]?.[i] ?? [])));
      const perPass = Array.from({ length: passes }, (_, p) => sum(g.idx.map((i) => cost[si]?.[i]?.[p] ?? 0)) / sum(g.idx.map((i) => baseline[i]?.[p] ?? 0)));
      const pooled = sum(g.idx.map((i) => sum(cost[si]?.[i] ?? []))) / sum(g.idx.map((i) => sum(baseline[i] ?? [])));
      return { set: s.name, costMs: c, ratio: c / base, pooled, perPass };
    });
    return { group: g.name, gating: false, files: g.idx.length, lines: sum(g.idx.map((i) => files[i]?.lines ?? 0)), ofFiles: g.ofFiles, ofLines: g.ofLines, noRulesMs: base, rows };
  });
  for (const s of out) printSummary(s, false);
  console.log('\n(re-lint ratios: cost of a second lint of a parsed file over a full no-rules lint; diagnostic only, not budgeted)');
  return out;
}

/** `--relint --by-set`: as `relint`, but each set lints every parsed file in turn, pass by pass. */
function relintBySet(linter: Linter, files: CorpusFile[], configs: Configs, groups: Group[]): Summary[] {
  const kinds = files.map((f) => kindOf(linter, f, configs));
  const baseline: number[][] = files.map(() => []);
  const sourceCodes = files.map((f, i) => {
    linter.verify(f.text, configs[0]?.[kinds[i] ?? 'module'] ?? [], f.path);
    return linter.getSourceCode();
  });
  // Per set and pass, each file's time.
  const t: number[][][] = sets.map(() => []);
  for (let p = -1; p < passes; p++) {
    const t0 = Date.now();
    const order = sets.map((_, k) => (k + Math.max(p, 0)) % sets.length);
    if (p % 2 !== 0) order.reverse();
    for (const si of order) {
      gc?.();
      const times = files.map((f, i) => {
        const sc = sourceCodes[i];
        const cfg = configs[si]?.[kinds[i] ?? 'module'] ?? [];
        return sc ? time(() => linter.verify(sc, cfg, f.path)) : 0;
      });
      if (p >= 0) t[si]?.push(times);
    }
    if (p >= 0) files.forEach((f, i) => baseline[i]?.push(time(() => linter.verify(f.text, configs[0]?.[kinds[i] ?? 'module'] ?? [], f.path))));
    console.log(`  ${p < 0 ? 'warm-up' : `pass ${p + 1}/${passes}`}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const out = groups.map((g): Summary => {
    const base = sum(g.idx.map((i) => median(baseline[i] ?? [])));
    const inPass = (si: number, p: number): number => sum(g.idx.map((i) => t[si]?.[p]?.[i] ?? 0));
    const basePass = (p: number): number => sum(g.idx.map((i) => baseline[i]?.[p] ?? 0));
    const rows = sets.map((s, si): Row => {
      const costs = Array.from({ length: passes }, (_, p) => inPass(si, p) - inPass(0, p));
      const c = median(costs);
      return { set: s.name, costMs: c, ratio: c / base, pooled: sum(costs) / sum(Array.from({ length: passes }, (_, p) => basePass(p))), perPass: costs.map((x, p) => x / basePass(p)) };
    });
    return { group: g.name, gating: false, files: g.idx.length, lines: sum(g.idx.map((i) => files[i]?.lines ?? 0)), ofFiles: g.ofFiles, ofLines: g.ofLines, noRulesMs: base, rows };
  });
  for (const s of out) printSummary(s, false);
  console.log('\n(re-lint by set: each set\'s whole round over the no-rules round, as a share of a full no-rules lint; diagnostic only, not budgeted)');
  return out;
}

function ruleTiming(linter: Linter, files: CorpusFile[], kinds: Kind[]): Map<string, number> {
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

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
