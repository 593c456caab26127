import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Linter, type Rule } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
// The built plugin, as users run it, and the per-file helpers its rules share.
import plugin from '../dist/src/index';
import { codeText } from '../dist/src/analysis/engine/code-text';
import { isSkippedTestFile } from '../dist/src/analysis/engine/settings';
import { CORPUS_DIR, JS_FILES, TS_FILES, corpusFiles, ensureCorpus, normalized } from './corpus';

/**
 * `node --import tsx scripts/fast-paths.ts [--part apps|libs|both] [--reps N]`: how many files each
 * recommended rule's fast path opens (its `create()` returns listeners) and what its `create()`
 * costs on the files it closes and on those it opens. A rule that opens a file pays its analysis
 * there; one that closes it pays only its `create()`: the text test, the test-file check and the
 * option lookups. A synthetic rule runs first and makes the comment-blanked text and the test-file
 * answer that the rules share, so each rule's `create()` time is its own. `create()` is timed inside
 * whole lints from the text, the fastest of `--reps` lints per file. A diagnostic for the fast
 * paths, not the budgeted figure (`npm run bench`).
 */
const { values } = parseArgs({ options: { part: { type: 'string', default: 'both' }, reps: { type: 'string', default: '3' } } });
const parts = values.part === 'both' ? (['apps', 'libs'] as const) : values.part === 'apps' || values.part === 'libs' ? [values.part] : null;
if (!parts) throw new Error('--part is apps, libs or both');
const reps = Math.max(1, Number(values.reps));

const recommended = Object.keys(plugin.configs.recommended.rules).map((r) => r.replace(/^leaks\//, ''));
const pluginRules = plugin.rules as unknown as Record<string, Rule.RuleModule>;
/** Per rule (by its place in `recommended`), for the lint just run: whether its `create()` returned listeners, and how long it took. */
const last = recommended.map(() => ({ opened: false, ms: 0 }));
const probed: Record<string, Rule.RuleModule> = {
  // Runs first: the shared per-file answers are made here, not charged to whichever rule comes first.
  warm: { meta: { type: 'problem', schema: [] }, create: (context) => (codeText(context.sourceCode as never), isSkippedTestFile(context as never), {}) },
};
for (const [i, name] of recommended.entries()) {
  const rule = pluginRules[name];
  const slot = last[i] as { opened: boolean; ms: number };
  if (!rule) throw new Error(`no rule ${name}`);
  probed[name] = {
    ...rule,
    create(context) {
      const t0 = performance.now();
      const listeners = rule.create(context);
      slot.ms = performance.now() - t0;
      slot.opened = Object.keys(listeners).length > 0;
      return listeners;
    },
  };
}
const probe = { rules: probed } as unknown as NonNullable<Linter.Config['plugins']>[string];
const rules: Linter.RulesRecord = { 'probe/warm': 'error', ...Object.fromEntries(recommended.map((r) => [`probe/${r}`, 'error'])) };

ensureCorpus();
const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
const linterOptions = { reportUnusedDisableDirectives: 'off' as const, noInlineConfig: true };
const configOf = (sourceType: 'module' | 'commonjs'): Linter.Config[] =>
  normalized(linter, [
    { files: JS_FILES, languageOptions: { ecmaVersion: 'latest', sourceType }, linterOptions, plugins: { probe }, rules },
    { files: TS_FILES, languageOptions: { parser: tsParser, sourceType }, linterOptions, plugins: { probe }, rules },
  ]);
const configs = { module: configOf('module'), commonjs: configOf('commonjs') };

const pct = (x: number, of: number): string => `${((100 * x) / Math.max(1, of)).toFixed(1)}%`;
const us = (ms: number, n: number): string => (n === 0 ? '—' : `${((1000 * ms) / n).toFixed(1)} µs`);
const all = corpusFiles();
for (const part of parts) {
  const files = all.filter((f) => f.part === part && !f.rel.endsWith('typescript.js'));
  const stats = new Map(recommended.map((r) => [r, { files: 0, chars: 0, openMs: 0, closedMs: 0 }]));
  let chars = 0;
  let linted = 0;
  let noneFiles = 0;
  let noneChars = 0;
  for (const f of files) {
    let kind: 'module' | 'commonjs' = 'module';
    if (linter.verify(f.text, configs.module, f.path).some((m) => m.fatal)) {
      if (linter.verify(f.text, configs.commonjs, f.path).some((m) => m.fatal)) continue;
      kind = 'commonjs';
    }
    const best = recommended.map(() => ({ opened: false, ms: Infinity }));
    for (let r = 0; r < reps; r++) {
      linter.verify(f.text, configs[kind], f.path);
      last.forEach((s, i) => {
        const b = best[i];
        if (b && s.ms < b.ms) Object.assign(b, s);
      });
    }
    linted++;
    chars += f.text.length;
    let any = false;
    for (const [i, s] of best.entries()) {
      const st = stats.get(recommended[i] ?? '');
      if (!st) continue;
      if (s.opened) {
        any = true;
        st.files++;
        st.chars += f.text.length;
        st.openMs += s.ms;
      } else st.closedMs += s.ms;
    }
    if (!any) {
      noneFiles++;
      noneChars += f.text.length;
    }
  }
  console.log(`\n${part}: ${linted} files, ${(chars / 1e6).toFixed(1)} M characters; create() the fastest of ${reps} lints per file`);
  console.log('| rule | opens: files | opens: characters | create(), file closed | create(), file opened |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, st] of stats) {
    console.log(`| ${name} | ${st.files} (${pct(st.files, linted)}) | ${pct(st.chars, chars)} | ${us(st.closedMs, linted - st.files)} | ${us(st.openMs, st.files)} |`);
  }
  console.log(`| none opens | ${noneFiles} (${pct(noneFiles, linted)}) | ${pct(noneChars, chars)} | | |`);
}
