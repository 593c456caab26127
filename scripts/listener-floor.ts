import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
// The built plugin, as users run it.
import plugin from '../dist/src/index';
import { CORPUS_DIR, JS_FILES, TS_FILES, corpusFiles, ensureCorpus, normalized, timeInRounds } from './corpus';

/**
 * `node --expose-gc --import tsx scripts/listener-floor.ts [--part apps|libs] [--sample N] [--rounds N] [--per-file]`:
 * what ESLint charges for listeners that do nothing, next to what the recommended set costs, both
 * over `no-debugger` alone, every lint from the text. The synthetic rules return no-op listeners for
 * the node types the plugin listens to (`CallExpression` and `NewExpression`; every selector the
 * six rules use; the code-path events), so their cost is ESLint's dispatch and whatever it does to
 * the rest of the lint, with no analysis at all.
 *
 * By default each set lints every sampled file in turn, round by round (the order reversed every
 * other round), as a user's lint runs one configuration over a project; the median round counts.
 * `--per-file` instead lints each file by every set in turn and keeps each file's fastest lint per
 * set, as `ab-per-file.ts` interleaves its sets: quieter, with enough `--rounds` (11 read the
 * no-op rules at 0.04–1.1% where 5 read 1.3–4.8%; docs/performance.md, twelfth session). A
 * diagnostic, not the budgeted figure.
 */
const { values } = parseArgs({ options: { part: { type: 'string', default: 'apps' }, sample: { type: 'string', default: '3' }, rounds: { type: 'string', default: '5' }, 'per-file': { type: 'boolean', default: false } } });
const part = values.part;
if (part !== 'apps' && part !== 'libs') throw new Error('--part is apps or libs');
const sample = Math.max(1, Number(values.sample));
const rounds = Math.max(1, Number(values.rounds));
const perFile = values['per-file'];

const noop = (): void => undefined;
const LOOPS = ':matches(ForStatement, ForInStatement, ForOfStatement, WhileStatement, DoWhileStatement)';
const CODE_PATHS = ['onCodePathStart', 'onCodePathEnd', 'onCodePathSegmentStart', 'onCodePathSegmentEnd', 'onUnreachableCodePathSegmentStart', 'onUnreachableCodePathSegmentEnd', 'onCodePathSegmentLoop'];
const EVERY = ['CallExpression', 'NewExpression', 'VariableDeclarator', 'AssignmentExpression', 'ThisExpression', 'PropertyDefinition', 'ImportDeclaration', ':function', ':function:exit', LOOPS, `${LOOPS}:exit`, ...CODE_PATHS, 'Program:exit'];
const synthetic = (selectors: readonly string[]): NonNullable<Linter.Config['plugins']>[string] =>
  ({ rules: { noop: { meta: { type: 'problem', schema: [] }, create: () => Object.fromEntries(selectors.map((s) => [s, noop])) } } }) as unknown as NonNullable<Linter.Config['plugins']>[string];
const recommended = Object.keys(plugin.configs.recommended.rules);
const sets: { name: string; plugins: NonNullable<Linter.Config['plugins']>; rules: Linter.RulesRecord }[] = [
  { name: 'no-debugger', plugins: {}, rules: {} },
  { name: 'no-op Call/New', plugins: { s: synthetic(['CallExpression', 'NewExpression']) }, rules: { 's/noop': 'error' } },
  { name: 'no-op code paths', plugins: { s: synthetic(CODE_PATHS) }, rules: { 's/noop': 'error' } },
  { name: 'no-op every selector', plugins: { s: synthetic(EVERY) }, rules: { 's/noop': 'error' } },
  { name: 'recommended', plugins: { leaks: plugin }, rules: Object.fromEntries(recommended.map((r) => [r, 'error'])) },
];

ensureCorpus();
const hash = (s: string): number => createHash('sha1').update(s).digest().readUInt32BE(0);
const files = corpusFiles().filter((f) => f.part === part && !f.rel.endsWith('typescript.js') && hash(f.rel) % sample === 0);
const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
const linterOptions = { reportUnusedDisableDirectives: 'off' as const, noInlineConfig: true };
const configs = sets.map((s) => {
  const rules: Linter.RulesRecord = { 'no-debugger': 'error', ...s.rules };
  const of = (sourceType: 'module' | 'commonjs'): Linter.Config[] =>
    normalized(linter, [
      { files: JS_FILES, languageOptions: { ecmaVersion: 'latest', sourceType }, linterOptions, plugins: s.plugins, rules },
      { files: TS_FILES, languageOptions: { parser: tsParser, sourceType }, linterOptions, plugins: s.plugins, rules },
    ]);
  return { module: of('module'), commonjs: of('commonjs') };
});
const parsed: { text: string; path: string; kind: 'module' | 'commonjs' }[] = [];
for (const f of files) {
  for (const kind of ['module', 'commonjs'] as const) {
    if (!linter.verify(f.text, configs[0]?.[kind] ?? [], f.path).some((m) => m.fatal)) {
      parsed.push({ text: f.text, path: f.path, kind });
      break;
    }
  }
}
const lint = (p: (typeof parsed)[number], si: number): number => {
  const t0 = process.hrtime.bigint();
  linter.verify(p.text, configs[si]?.[p.kind] ?? [], p.path);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const totals: number[] = [];
if (perFile) {
  const fastest = sets.map(() => 0);
  for (const p of parsed) {
    // A warm-up lint per set, then `rounds` each.
    for (let si = 0; si < sets.length; si++) lint(p, si);
    const best = sets.map(() => Infinity);
    for (let r = 0; r < rounds; r++) {
      const order = sets.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      for (const si of order) best[si] = Math.min(best[si] ?? Infinity, lint(p, si));
    }
    best.forEach((b, si) => (fastest[si] = (fastest[si] ?? 0) + b));
  }
  totals.push(...fastest);
} else {
  const byRound = timeInRounds(sets.length, rounds, (si) => parsed.reduce((ms, p) => ms + lint(p, si), 0));
  totals.push(...byRound.map((xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0));
}
const base = totals[0] ?? 0;
console.log(`listener floor (each lint from the text, not budgeted): ${part}, ${parsed.length} files (1 in ${sample}), ${perFile ? `each file by every set in turn, its fastest of ${rounds}` : `each set over every file, median of ${rounds} rounds`}; no-debugger alone ${((base / parsed.length) * 1000).toFixed(0)} µs per file`);
sets.slice(1).forEach((s, i) => {
  const over = (totals[i + 1] ?? 0) - base;
  console.log(`  ${s.name.padEnd(22)} ${((over / parsed.length) * 1000).toFixed(1).padStart(7)} µs per file  ${((over / base) * 100).toFixed(2).padStart(6)}%`);
});
