import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
// The built plugin, as users run it.
import plugin from '../dist/src/index';
import { CORPUS_DIR, JS_FILES, TS_FILES, corpusFiles, ensureCorpus, normalized, timeInRounds } from './corpus';

/**
 * `node --expose-gc --import tsx scripts/phases.ts [--part apps|libs] [--sample N] [--rounds N] [--rules a,b] [--per-file] [--top N] [--from-text]`:
 * where the recommended set's time goes, by phase, without the parse. Each sampled file is parsed
 * once; then, round by round (the order reversed every other round), every file is linted again
 * from its `SourceCode` with ESLint's `no-debugger` alone (so that the traversal runs in every
 * set) and with the plugin's rules wrapped to keep only part of what their `create()` returns:
 *   create only        `create()` runs (fast paths, set-up), no listeners
 *   no-op listeners    the same listeners, doing nothing: ESLint's dispatch to them
 *   no Program:exit    the listeners' own work, without the verdicts
 *   full               the rules as they are
 * Each phase's cost is the median round's time over `no-debugger` alone, per file. With `--per-file`,
 * each file is instead linted by every set in turn, `--rounds` times, and each file's fastest lint
 * per set counts: a burst from another tenant of a shared machine spoils one lint, not a round,
 * and the minimum drops it. `--top N` (implies `--per-file`) then lists the N files the full set
 * costs most, with that cost over the file's own `no-debugger` lint: a few large files and a few
 * quadratic walks carry much of the cost. `--from-text` (with `--per-file`) lints each file from its
 * text instead, as a user's lint does: every lint parses, and pays what a file's first lint pays
 * (blanking its comments, ESLint's scope cache, a cold AST) — about twice the parse-free cost. A diagnostic
 * of the plugin's own work (docs/performance.md, eighth session), not the budgeted whole-lint figure.
 */
const { values } = parseArgs({ options: { part: { type: 'string', default: 'apps' }, sample: { type: 'string', default: '3' }, rounds: { type: 'string', default: '9' }, rules: { type: 'string' }, 'per-file': { type: 'boolean', default: false }, top: { type: 'string' }, 'from-text': { type: 'boolean', default: false } } });
const top = values.top === undefined ? 0 : Math.max(1, Number(values.top));
const fromText = values['from-text'];
const perFile = values['per-file'] || top > 0 || fromText;
const part = values.part;
const sample = Math.max(1, Number(values.sample));
const rounds = Math.max(1, Number(values.rounds));
if (part !== 'apps' && part !== 'libs') throw new Error('--part is apps or libs');

type Mode = 'create only' | 'no-op listeners' | 'no Program:exit' | 'full';
const MODES: Mode[] = ['create only', 'no-op listeners', 'no Program:exit', 'full'];
const recommended = Object.keys(plugin.configs.recommended.rules).map((r) => r.replace(/^leaks\//, ''));
// `--rules no-leaked-subscription,no-timer-in-loop`: those rules alone, to see one rule's phases.
const names = values.rules ? values.rules.split(',').map((r) => r.trim().replace(/^leaks\//, '')) : recommended;
for (const n of names) if (!(n in plugin.rules)) throw new Error(`--rules: no rule ${n}`);

function wrapped(mode: Mode): NonNullable<Linter.Config['plugins']>[string] {
  const rules = Object.fromEntries(names.map((n) => {
    const rule = plugin.rules[n] as unknown as { create: (c: unknown) => Record<string, unknown> };
    return [n, { ...rule, create(context: unknown) {
      const listeners = rule.create(context);
      if (mode === 'full') return listeners;
      if (mode === 'create only') return {};
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(listeners)) {
        if (mode === 'no Program:exit' && k === 'Program:exit') continue;
        out[k] = mode === 'no-op listeners' ? () => undefined : f;
      }
      return out;
    } }];
  }));
  return { rules } as unknown as NonNullable<Linter.Config['plugins']>[string];
}

ensureCorpus();
const hash = (s: string): number => createHash('sha1').update(s).digest().readUInt32BE(0);
const files = corpusFiles().filter((f) => f.part === part && !f.rel.endsWith('typescript.js') && hash(f.rel) % sample === 0);
const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
const linterOptions = { reportUnusedDisableDirectives: 'off' as const, noInlineConfig: true };
const configOf = (plugins: Linter.Config['plugins'], rules: Linter.RulesRecord, sourceType: 'module' | 'commonjs'): Linter.Config[] =>
  normalized(linter, [
    { files: JS_FILES, languageOptions: { ecmaVersion: 'latest', sourceType }, linterOptions, plugins, rules },
    { files: TS_FILES, languageOptions: { parser: tsParser, sourceType }, linterOptions, plugins, rules },
  ]);
const sets = [{ name: 'no-debugger', plugins: {}, rules: {} as Linter.RulesRecord }, ...MODES.map((m) => ({ name: m, plugins: { v: wrapped(m) }, rules: Object.fromEntries(names.map((n) => [`v/${n}`, 'error'])) }))];
const configs = sets.map((s) => {
  const rules: Linter.RulesRecord = { 'no-debugger': 'error', ...s.rules };
  return { module: configOf(s.plugins, rules, 'module'), commonjs: configOf(s.plugins, rules, 'commonjs') };
});
const parsed: { sourceCode: ReturnType<Linter['getSourceCode']>; text: string; path: string; rel: string; kind: 'module' | 'commonjs' }[] = [];
for (const f of files) {
  for (const kind of ['module', 'commonjs'] as const) {
    const messages = linter.verify(f.text, configs[0]?.[kind] ?? [], f.path);
    const sourceCode = linter.getSourceCode();
    if (!messages.some((m) => m.fatal)) {
      parsed.push({ sourceCode, text: f.text, path: f.path, rel: f.rel, kind });
      break;
    }
  }
}
const times = sets.map((): number[] => []);
const lint = (p: (typeof parsed)[number], si: number): number => {
  const t0 = process.hrtime.bigint();
  linter.verify(fromText ? p.text : p.sourceCode, configs[si]?.[p.kind] ?? [], p.path);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
// Per file: its fastest lint by each set, in ms.
const fastest = parsed.map(() => sets.map(() => Infinity));
if (perFile) {
  // A warm-up lint per set and file, then `rounds` lints each, the order reversed every other time.
  parsed.forEach((p, fi) => {
    for (let si = 0; si < sets.length; si++) lint(p, si);
    for (let r = 0; r < rounds; r++) {
      const order = sets.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      for (const si of order) {
        const row = fastest[fi] as number[];
        row[si] = Math.min(row[si] ?? Infinity, lint(p, si));
      }
    }
  });
  sets.forEach((_, si) => times[si]?.push(fastest.reduce((sum, row) => sum + (row[si] ?? 0), 0)));
} else {
  timeInRounds(sets.length, rounds, (si) => parsed.reduce((ms, p) => ms + lint(p, si), 0)).forEach((t, si) => times[si]?.push(...t));
}
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const base = median(times[0] ?? []);
const how = perFile ? `each file's fastest of ${rounds} lints per set` : `${rounds} rounds`;
console.log(`phases (${fromText ? 'each lint from the text' : 'parse-free'}, not budgeted): ${names.length === recommended.length ? 'recommended set' : names.join(', ')}; ${part}, ${parsed.length} files (1 in ${sample}), ${how}; no-debugger alone ${base.toFixed(0)} ms`);
let before = 0;
sets.slice(1).forEach((s, i) => {
  const over = median(times[i + 1] ?? []) - base;
  console.log(`  ${s.name.padEnd(16)} ${((over / parsed.length) * 1000).toFixed(1).padStart(7)} µs per file  (+${(((over - before) / parsed.length) * 1000).toFixed(1)} on the phase before)`);
  before = over;
});
if (top > 0) {
  const full = sets.length - 1;
  const rows = parsed.map((p, fi) => {
    const row = fastest[fi] as number[];
    return { rel: p.rel, base: (row[0] ?? 0) * 1000, over: ((row[full] ?? 0) - (row[0] ?? 0)) * 1000 };
  });
  const total = rows.reduce((sum, r) => sum + r.over, 0);
  rows.sort((a, b) => b.over - a.over);
  console.log(`the ${top} files the full set costs most (µs over the file's no-debugger lint, and as a multiple of it):`);
  let so = 0;
  for (const r of rows.slice(0, top)) {
    so += r.over;
    console.log(`  ${r.over.toFixed(0).padStart(7)} µs  ${(r.over / r.base).toFixed(2).padStart(5)}x  ${((so / total) * 100).toFixed(0).padStart(3)}% so far  ${r.rel}`);
  }
  const tenth = rows.slice(0, Math.round(rows.length / 10)).reduce((sum, r) => sum + r.over, 0);
  console.log(`  the costliest tenth of the files: ${((tenth / total) * 100).toFixed(0)}% of the set's cost`);
}
