import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from '../src/index';
import { rules } from '../src/rules';
import { REQUIRED_HEADINGS, ROOT, checkDocs, docBlocks, listDir } from '../scripts/docs-lib';

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
  it('README rules table and rule headers match rule metadata', () => {
    assert.deepEqual(checkDocs(rules), [], 'run `npm run docs`');
  });
});
