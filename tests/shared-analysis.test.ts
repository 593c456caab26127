import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../src/index';
import { docBlocks } from '../scripts/docs-lib';
import { ROOT } from './helpers';

/*
 * Rules share per-file analysis (one code-path tracker per file, fed by whichever rule asks
 * first). Sharing must not change what any rule reports: every rule run alone and all rules
 * run together must give the same findings, on every documented example and bundled example.
 */
const ruleIds = Object.keys(plugin.rules).map((r) => `leaks/${r}`);
const linter = new Linter({ configType: 'flat' });

function configOf(rules: string[]): Linter.Config[] {
  return [
    {
      files: ['**/*.ts', '**/*.tsx', '**/*.js'],
      languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
      plugins: { leaks: plugin },
      rules: Object.fromEntries(rules.map((r) => [r, 'error'])),
    },
  ];
}

const show = (messages: Linter.LintMessage[]): string[] => messages.map((m) => `${m.ruleId ?? 'fatal'} ${m.line}:${m.column} ${m.message}`);

function findings(code: string, file: string, rules: string[]): string[] {
  return show(linter.verify(code, configOf(rules), file));
}

const samples: { label: string; code: string; file: string }[] = [];
for (const name of readdirSync(join(ROOT, 'docs', 'rules')).filter((f) => f.endsWith('.md'))) {
  const markdown = readFileSync(join(ROOT, 'docs', 'rules', name), 'utf8');
  for (const b of docBlocks(markdown)) {
    if (b.options === undefined) samples.push({ label: `docs/rules/${name}:${b.line}`, code: b.code, file: join(ROOT, `sample.${b.lang === 'js' ? 'js' : 'tsx'}`) });
  }
}
const examples = join(ROOT, 'examples');
for (const dir of readdirSync(examples, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  for (const f of readdirSync(join(examples, dir.name)).filter((x) => /\.[jt]sx?$/.test(x))) {
    const file = join(examples, dir.name, f);
    samples.push({ label: `examples/${dir.name}/${f}`, code: readFileSync(file, 'utf8'), file });
  }
}

describe('rules sharing per-file analysis', () => {
  it('has samples that exercise every rule', () => {
    const hit = new Set(samples.flatMap((s) => findings(s.code, s.file, ruleIds).map((f) => f.split(' ')[0])));
    assert.deepEqual([...hit].sort(), [...ruleIds].sort());
  });

  for (const s of samples) {
    it(`${s.label}: all rules together report what each reports alone`, () => {
      const alone = ruleIds.flatMap((r) => findings(s.code, s.file, [r])).sort();
      assert.deepEqual(findings(s.code, s.file, ruleIds).sort(), alone);
      // Reversed registration order: a different rule owns the shared tracker.
      assert.deepEqual(findings(s.code, s.file, [...ruleIds].reverse()).sort(), alone);
    });

    it(`${s.label}: linting the same SourceCode again gives the same findings`, () => {
      const first = show(linter.verify(s.code, configOf(ruleIds), s.file)).sort();
      const sourceCode = linter.getSourceCode();
      assert.ok(sourceCode);
      // No state from the first run may leak into the next ones (shared analyses are per run).
      assert.deepEqual(show(linter.verify(sourceCode, configOf(ruleIds), s.file)).sort(), first);
      assert.deepEqual(show(linter.verify(sourceCode, configOf([...ruleIds].reverse()), s.file)).sort(), first);
    });
  }
});
