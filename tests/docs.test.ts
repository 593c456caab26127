import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { execFileSync } from 'node:child_process';
import plugin from '../src/index';
import { REQUIRED_HEADINGS, ROOT, docBlocks, listDir } from '../scripts/docs-lib';

const linter = new Linter({ configType: 'flat' });

for (const name of listDir('docs/rules', /\.md$/)) {
  describe(`docs/rules/${name}.md`, () => {
    const markdown = readFileSync(join(ROOT, 'docs', 'rules', `${name}.md`), 'utf8');
    const blocks = docBlocks(markdown);

    it('has the page template headings', () => {
      for (const heading of REQUIRED_HEADINGS) assert.ok(markdown.includes(`\n${heading}\n`), `missing "${heading}"`);
    });

    it('has incorrect and correct examples', () => {
      assert.ok(blocks.some((b) => b.kind === 'incorrect'), 'no ```ts incorrect block');
      assert.ok(blocks.some((b) => b.kind === 'correct'), 'no ```ts correct block');
    });

    for (const block of blocks) {
      it(`${block.kind} example at line ${block.line} ${block.kind === 'incorrect' ? 'reports' : 'is clean'}`, () => {
        const ruleId = `leaks/${name}`;
        const messages = linter.verify(
          block.code,
          [
            {
              files: ['**/*.ts', '**/*.tsx', '**/*.js'],
              languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
              plugins: { leaks: plugin },
              rules: { [ruleId]: block.options === undefined ? 'error' : ['error', block.options] },
            },
          ],
          `example.${block.lang === 'tsx' ? 'tsx' : block.lang === 'js' ? 'js' : 'ts'}`,
        );
        const noise = messages.filter((m) => m.ruleId === null);
        assert.deepEqual(noise.map((m) => m.message), [], 'example does not parse, or was not linted');
        const own = messages.filter((m) => m.ruleId === ruleId);
        if (block.kind === 'incorrect') assert.ok(own.length > 0, 'expected at least one report');
        else assert.deepEqual(own.map((m) => `${m.line}:${m.column} ${m.message}`), []);
      });
    }
  });
}

describe('generated docs', () => {
  it('README rules and configs lists and rule headers are what eslint-doc-generator makes of the built plugin', () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'src', 'index.js')), 'build first (npx tsc -p tsconfig.build.json)');
    const bin = join(ROOT, 'node_modules', 'eslint-doc-generator', 'dist', 'bin', 'eslint-doc-generator.js');
    assert.doesNotThrow(() => execFileSync(process.execPath, [bin, '--check'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' }), 'run `npm run docs`');
  });

  it('rule pages link only to what exists outside the repository too (absolute URLs, anchors, sibling pages)', () => {
    for (const name of listDir('docs/rules', /\.md$/)) {
      const markdown = readFileSync(join(ROOT, 'docs', 'rules', `${name}.md`), 'utf8');
      for (const [, target = ''] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
        const ok = /^https?:\/\//.test(target) || target.startsWith('#') || /^(?:\.\/)?[a-z0-9-]+\.md(?:#[\w-]+)?$/.test(target);
        assert.ok(ok, `${name}.md links to ${target}, which does not resolve on npm`);
        const sibling = /^(?:\.\/)?([a-z0-9-]+)\.md/.exec(target)?.[1];
        if (sibling) assert.ok(existsSync(join(ROOT, 'docs', 'rules', `${sibling}.md`)), `${name}.md links to missing ${target}`);
      }
    }
  });
});
