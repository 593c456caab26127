import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
// The built plugin, as users run it.
import plugin from '../dist/src/index';
import { CORPUS_DIR, JS_FILES, TS_FILES, corpusFiles, ensureCorpus, normalized } from './corpus';

/**
 * `node --expose-gc --import tsx scripts/ab-per-file.ts --baseline D [--part apps|libs] [--sample N] [--reps N] [--rules a,b] [--relint] [--top N]`:
 * this build's rules against another build's (`D`, a checkout whose `dist/` is built), file by
 * file. Each sampled file is linted `--reps` times by each of three sets in turn — `no-debugger`
 * alone, it with the baseline's rules, it with this build's — the order reversed every other
 * time, and each file's fastest lint per set counts: a burst from another tenant of a shared
 * machine spoils one lint, and the minimum drops it, where a pass's median keeps it.
 *
 * By default every lint starts from the file's text, as a user's does: a fresh AST each time.
 * `--relint` lints each file's one parsed `SourceCode` again instead, which is quieter but
 * flatters a build that keeps answers on AST nodes (a `WeakMap` keyed by a node outlives the
 * lint, and the next lint of the same AST finds it). `no-debugger` runs in every set so that the
 * traversal runs in all three. A before/after of a change, not the budgeted figure (`npm run bench`).
 */
const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    part: { type: 'string', default: 'apps' },
    sample: { type: 'string', default: '3' },
    reps: { type: 'string', default: '7' },
    rules: { type: 'string' },
    relint: { type: 'boolean', default: false },
    top: { type: 'string', default: '0' },
  },
});
if (!values.baseline) throw new Error('--baseline D: a checkout (or its dist/) whose built plugin is the "before"');
const part = values.part;
if (part !== 'apps' && part !== 'libs') throw new Error('--part is apps or libs');
const sample = Math.max(1, Number(values.sample));
const reps = Math.max(1, Number(values.reps));
const top = Math.max(0, Number(values.top));
const root = resolve(values.baseline);
const baseDir = root.endsWith('dist') ? root : join(root, 'dist');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a build chosen at run time; `export =` gives the plugin itself
const baseModule = require(join(baseDir, 'src', 'index')) as { default?: unknown };
const basePlugin = baseModule.default ?? baseModule;
const names = values.rules ? values.rules.split(',').map((r) => r.trim().replace(/^leaks\//, '')) : Object.keys(plugin.configs.recommended.rules).map((r) => r.replace(/^leaks\//, ''));
for (const n of names) if (!(n in plugin.rules)) throw new Error(`--rules: no rule ${n}`);

ensureCorpus();
const hash = (s: string): number => createHash('sha1').update(s).digest().readUInt32BE(0);
const files = corpusFiles().filter((f) => f.part === part && !f.rel.endsWith('typescript.js') && hash(f.rel) % sample === 0);
const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
const linterOptions = { reportUnusedDisableDirectives: 'off' as const, noInlineConfig: true };
const configOf = (p: unknown, sourceType: 'module' | 'commonjs'): Linter.Config[] => {
  const rules: Linter.RulesRecord = { 'no-debugger': 'error', ...(p ? Object.fromEntries(names.map((n) => [`leaks/${n}`, 'error'])) : {}) };
  const plugins: NonNullable<Linter.Config['plugins']> = p ? { leaks: p } : {};
  return normalized(linter, [
    { files: JS_FILES, languageOptions: { ecmaVersion: 'latest', sourceType }, linterOptions, plugins, rules },
    { files: TS_FILES, languageOptions: { parser: tsParser, sourceType }, linterOptions, plugins, rules },
  ]);
};
const SETS = ['no-debugger', 'baseline', 'this build'] as const;
const sets = [null, basePlugin, plugin].map((p) => ({ module: configOf(p, 'module'), commonjs: configOf(p, 'commonjs') }));
const parsed: { sourceCode: ReturnType<Linter['getSourceCode']>; text: string; path: string; rel: string; kind: 'module' | 'commonjs' }[] = [];
for (const f of files) {
  for (const kind of ['module', 'commonjs'] as const) {
    if (!linter.verify(f.text, sets[0]?.[kind] ?? [], f.path).some((m) => m.fatal)) {
      parsed.push({ sourceCode: linter.getSourceCode(), text: f.text, path: f.path, rel: f.rel, kind });
      break;
    }
  }
}
const lint = (p: (typeof parsed)[number], si: number): number => {
  const t0 = process.hrtime.bigint();
  linter.verify(values.relint ? p.sourceCode : p.text, sets[si]?.[p.kind] ?? [], p.path);
  return Number(process.hrtime.bigint() - t0) / 1e3;
};
const rows = parsed.map((p) => {
  const fastest = [Infinity, Infinity, Infinity];
  for (let si = 0; si < 3; si++) lint(p, si);
  for (let r = 0; r < reps; r++) {
    for (const si of r % 2 === 1 ? [2, 1, 0] : [0, 1, 2]) fastest[si] = Math.min(fastest[si] ?? Infinity, lint(p, si));
  }
  return { rel: p.rel, us: fastest };
});
const n = rows.length;
const total = (si: number): number => rows.reduce((sum, r) => sum + (r.us[si] ?? 0), 0);
const [none, before, after] = [total(0), total(1), total(2)];
const pct = (x: number): string => `${((x / none) * 100).toFixed(2)}%`;
console.log(`${names.length === 6 ? 'recommended set' : names.join(', ')}; ${part}, ${n} files (1 in ${sample}), each file's fastest of ${reps} lints per set, ${values.relint ? 're-linting each parsed SourceCode' : 'each lint from the text'}`);
console.log(`  ${SETS[0]} alone ${(none / n).toFixed(0)} µs per file`);
console.log(`  ${SETS[1]}  +${((before - none) / n).toFixed(1)} µs per file (${pct(before - none)})`);
console.log(`  ${SETS[2]} +${((after - none) / n).toFixed(1)} µs per file (${pct(after - none)}); ${(((after - before) / (before - none)) * 100).toFixed(1)}% on the baseline's cost`);
// A large file's fastest of a few whole lints can still be off by tens of ms (a collection, a
// tier-up): the same sums without the 1% of files whose two builds differ most, either way.
const trimmed = [...rows].sort((a, b) => Math.abs((a.us[1] ?? 0) - (a.us[2] ?? 0)) - Math.abs((b.us[1] ?? 0) - (b.us[2] ?? 0))).slice(0, Math.ceil(n * 0.99));
const sumOf = (si: number): number => trimmed.reduce((sum, r) => sum + (r.us[si] ?? 0), 0);
const [tNone, tBefore, tAfter] = [sumOf(0), sumOf(1), sumOf(2)];
console.log(`  without the ${n - trimmed.length} files whose builds differ most: baseline ${(((tBefore - tNone) / tNone) * 100).toFixed(2)}%, this build ${(((tAfter - tNone) / tNone) * 100).toFixed(2)}%; ${(((tAfter - tBefore) / (tBefore - tNone)) * 100).toFixed(1)}% on the baseline's cost`);
if (top > 0) {
  const gain = (r: (typeof rows)[number]): number => (r.us[1] ?? 0) - (r.us[2] ?? 0);
  console.log(`the ${top} files this build saves most on (µs per lint):`);
  for (const r of [...rows].sort((a, b) => gain(b) - gain(a)).slice(0, top)) {
    console.log(`  ${gain(r).toFixed(0).padStart(7)}  (baseline +${((r.us[1] ?? 0) - (r.us[0] ?? 0)).toFixed(0)}, now +${((r.us[2] ?? 0) - (r.us[0] ?? 0)).toFixed(0)})  ${r.rel}`);
  }
}
