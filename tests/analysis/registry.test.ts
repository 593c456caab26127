import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from '../../src/index';
import { NAME_LISTS, namesFor } from '../../src/analysis/vocabulary/registry';
import { parseSettings } from '../../src/analysis/engine/settings';
import { ROOT } from '../helpers';

describe('name registry', () => {
  it('every list says why a name is evidence and holds distinct names', () => {
    for (const [key, list] of Object.entries(NAME_LISTS)) {
      assert.ok(list.why.length > 40, `${key} explains itself`);
      assert.ok(list.names.length > 0, `${key} has names`);
      assert.equal(new Set(list.names).size, list.names.length, `${key} has no duplicates`);
    }
  });

  it('settings.leaks.names extends a list, and only a known one', () => {
    const settings = parseSettings({ names: { teardownMethods: ['finish'] } });
    assert.ok(namesFor(settings, 'teardownMethods').has('finish'));
    assert.ok(namesFor(settings, 'teardownMethods').has('componentWillUnmount'));
    assert.ok(!namesFor(parseSettings({}), 'teardownMethods').has('finish'));
    assert.throws(() => parseSettings({ names: { teardownMethod: ['x'] } }), /settings\.leaks\.names\.teardownMethod is not a known name list/);
    assert.throws(() => parseSettings({ names: { teardownMethods: 'finish' } }), /settings\.leaks\.names\.teardownMethods must be an array of strings/);
  });

  it('a teardown named in settings is where the subscription rule looks for the disposal', () => {
    const code = [
      // A sibling that removes the same handler pairs without any setting (issue 19); ending the
      // whole target counts only in a teardown, so the setting decides here.
      'class Widget {',
      '  show() { this.bus.on("resize", () => this.draw()); }',
      '  finish() { this.bus.destroy(); }',
      '  draw() {}',
      '}',
    ].join('\n');
    const lint = (settings: Record<string, unknown>) =>
      new Linter({ configType: 'flat', cwd: '/p' })
        .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, settings, rules: { 'leaks/no-leaked-subscription': 'error' } }], '/p/src/widget.ts')
        .map((m) => m.ruleId);
    assert.deepEqual(lint({}), ['leaks/no-leaked-subscription']);
    assert.deepEqual(lint({ leaks: { names: { teardownMethods: ['finish'] } } }), []);
  });
});

describe('the README documents every name list', () => {
  it('names each settings.leaks.names key', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const row = readme.split('\n').find((l) => l.startsWith('| `names` |')) ?? '';
    for (const key of Object.keys(NAME_LISTS)) assert.ok(row.includes(`\`${key}\``), `README's names row lists ${key}`);
  });
});
