import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { ESLint as ESLint10 } from 'eslint';
import plugin from '../src/index';
import { CONSUMER, ROOT, expectedRules, linkConsumer, recommendedConfig } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the aliased 9.x line has no types of its own
const { ESLint: ESLint9 } = require('eslint-v9') as { ESLint: typeof ESLint10 };

const registered = new Set(Object.keys(plugin.rules).map((r) => `leaks/${r}`));

async function lintExamples(ESLintClass: typeof ESLint10): Promise<Map<string, string[]>> {
  const eslint = new ESLintClass({ cwd: ROOT, overrideConfigFile: true, overrideConfig: recommendedConfig() });
  const results = await eslint.lintFiles(['examples/']);
  return new Map(
    results.map((r) => [relative(ROOT, r.filePath), r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'fatal'}`)]),
  );
}

describe('examples/ with the recommended config', () => {
  let v10: Map<string, string[]>;
  let v9: Map<string, string[]>;
  before(async () => {
    v10 = await lintExamples(ESLint10);
    v9 = await lintExamples(ESLint9);
  });

  it('lints every example with ESLint 10 and 9', () => {
    assert.equal(ESLint10.version.split('.')[0], '10');
    assert.equal(ESLint9.version.split('.')[0], '9');
    assert.equal(v10.size, 10);
  });

  it('ESLint 9 and 10 give the same findings', () => {
    assert.deepEqual([...v9.entries()].sort(), [...v10.entries()].sort());
  });

  it('fixed files are clean', () => {
    for (const [file, messages] of v10) if (file.endsWith('fixed.ts')) assert.deepEqual(messages, [], file);
  });

  it('leaky files report the rules their story names (those that exist), and nothing else', () => {
    let checked = 0;
    for (const [file, messages] of v10) {
      if (!file.endsWith('leaky.ts')) continue;
      const expected = expectedRules(readFileSync(join(ROOT, file), 'utf8'));
      assert.ok(expected.length > 0, `${file} has no "// expect:" header`);
      const reported = new Set(messages.map((m) => m.split(' ')[1]));
      for (const rule of reported) assert.ok(expected.includes(rule ?? ''), `${file}: unexpected ${rule ?? ''}`);
      for (const rule of expected.filter((r) => registered.has(r))) {
        assert.ok(reported.has(rule), `${file}: expected ${rule}`);
        checked++;
      }
    }
    assert.ok(checked > 0);
  });
});

describe('loading the package as a user does', () => {
  before(linkConsumer);

  for (const config of ['eslint.config.cjs', 'eslint.config.mjs']) {
    it(`${config} loads the plugin and reports`, async () => {
      const eslint = new ESLint10({ cwd: CONSUMER, overrideConfigFile: join(CONSUMER, config) });
      const [result] = await eslint.lintFiles(['leak.js']);
      assert.deepEqual(result?.messages.map((m) => m.ruleId), ['leaks/no-timer-in-loop']);
    });
  }

  it('the same CommonJS config works under ESLint 9', async () => {
    const eslint = new ESLint9({ cwd: CONSUMER, overrideConfigFile: join(CONSUMER, 'eslint.config.cjs') });
    const [result] = await eslint.lintFiles(['leak.js']);
    assert.deepEqual(result?.messages.map((m) => m.ruleId), ['leaks/no-timer-in-loop']);
  });

  it("a user's eslint.config.ts typechecks against ESLint's types", () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    assert.doesNotThrow(() => execFileSync(process.execPath, [tsc, '-p', join(CONSUMER, 'tsconfig.json')], { encoding: 'utf8' }));
  });
});
