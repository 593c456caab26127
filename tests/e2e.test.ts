import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { ESLint as ESLint10 } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
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

  const ids = (results: ESLint10.LintResult[]): Map<string, (string | null)[]> =>
    new Map(results.map((r) => [relative(CONSUMER, r.filePath), r.messages.map((m) => m.ruleId)]));
  const lint = async (ESLintClass: typeof ESLint10, config: string, patterns: string[]) =>
    ids(await new ESLintClass({ cwd: CONSUMER, overrideConfigFile: join(CONSUMER, config) }).lintFiles(patterns));
  const timer = ['leaks/no-timer-in-loop'];

  for (const config of ['eslint.config.cjs', 'eslint.config.mjs']) {
    it(`${config} loads the plugin and reports`, async () => {
      assert.deepEqual(await lint(ESLint10, config, ['leak.js']), new Map([['leak.js', timer]]));
    });
  }

  it('the same CommonJS config works under ESLint 9', async () => {
    assert.deepEqual(await lint(ESLint9, 'eslint.config.cjs', ['leak.js']), new Map([['leak.js', timer]]));
  });

  it('the README shows the consumer configs as they are tested', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const file of ['eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.react.mjs', 'eslint.config.typescript.mjs']) {
      assert.ok(readme.includes(`\`\`\`js\n${readFileSync(join(CONSUMER, file), 'utf8')}\`\`\`\n`), `README lacks ${file} verbatim`);
    }
  });

  it('the configs lint every JavaScript file type, .jsx included, not only .js/.mjs/.cjs', async () => {
    const expected = new Map(['leak.cjs', 'leak.js', 'leak.jsx', 'leak.mjs'].map((f) => [join('src', 'js', f), timer]));
    for (const ESLintClass of [ESLint10, ESLint9]) {
      assert.deepEqual(await lint(ESLintClass, 'eslint.config.react.mjs', ['src/js']), expected, ESLintClass.version);
    }
  });

  it('the configs lint every TypeScript file type with the README\'s TypeScript config', async () => {
    const expected = new Map(['leak.cts', 'leak.mts', 'leak.ts', 'leak.tsx'].map((f) => [join('src', 'ts', f), timer]));
    for (const ESLintClass of [ESLint10, ESLint9]) {
      assert.deepEqual(await lint(ESLintClass, 'eslint.config.typescript.mjs', ['src/ts']), expected, ESLintClass.version);
    }
  });

  it('the quick-start config reaches .jsx and TypeScript files too (they then need a parser, as the README says)', async () => {
    const linted = await lint(ESLint10, 'eslint.config.mjs', ['src']);
    assert.deepEqual([...linted.keys()].sort(), ['cjs', 'js', 'jsx', 'mjs'].map((e) => join('src', 'js', `leak.${e}`)).concat(['cts', 'mts', 'ts', 'tsx'].map((e) => join('src', 'ts', `leak.${e}`))).sort());
    assert.deepEqual(linted.get(join('src', 'js', 'leak.mjs')), timer);
    assert.deepEqual(linted.get(join('src', 'js', 'leak.jsx')), [null], 'espree without ecmaFeatures.jsx cannot read JSX');
  });

  it('a spread config with its own files narrows it', async () => {
    const eslint = new ESLint10({
      cwd: CONSUMER,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },
        { ...plugin.configs.strict, files: ['src/ts/**/*.ts'] },
      ],
    });
    const linted = ids(await eslint.lintFiles(['src/ts']));
    assert.deepEqual(linted.get(join('src', 'ts', 'leak.ts')), timer);
    for (const ext of ['cts', 'mts', 'tsx']) assert.deepEqual(linted.get(join('src', 'ts', `leak.${ext}`)), [], ext);
  });

  it("a user's eslint.config.ts typechecks against ESLint's types", () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    assert.doesNotThrow(() => execFileSync(process.execPath, [tsc, '-p', join(CONSUMER, 'tsconfig.json')], { encoding: 'utf8' }));
  });
});

describe('the published package', () => {
  it('ships the built plugin, its one declaration file, the rule pages, README and LICENSE — nothing else', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const [pack] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as { files: { path: string }[] }[];
    const files = (pack?.files ?? []).map((f) => f.path).sort();
    const outside = files.filter((f) => !/^(?:dist\/(?:src|rules)\/.*\.js|dist\/src\/index\.d\.ts|docs\/rules\/[a-z0-9-]+\.md|README\.md|LICENSE|package\.json)$/.test(f));
    assert.deepEqual(outside, []);
    for (const f of ['LICENSE', 'README.md', 'dist/src/index.d.ts', 'dist/src/index.js', 'dist/src/cli.js']) assert.ok(files.includes(f), f);
    for (const name of Object.keys(plugin.rules)) {
      assert.ok(files.includes(`dist/rules/${name}.js`), name);
      assert.ok(files.includes(`docs/rules/${name}.md`), name);
    }
    const dts = readFileSync(join(ROOT, 'dist', 'src', 'index.d.ts'), 'utf8');
    assert.deepEqual([...dts.matchAll(/from '([^']+)'/g)].map((m) => m[1]), ['eslint'], 'index.d.ts needs no other declaration file');
  });
});
