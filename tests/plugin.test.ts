import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { FILES, describeConfig, isScopeOption, strictOptions } from '../src/configs';
import plugin from '../src/index';
import { rules, type LeaksRule } from '../src/rules';
import { ROOT, listDir } from '../scripts/docs-lib';

const ruleFiles = listDir('rules', /\.ts$/);
const registered = Object.keys(plugin.rules).sort();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

describe('plugin object', () => {
  it('exports meta.name and meta.version from package.json (part of ESLint cache keys)', () => {
    assert.deepEqual(plugin.meta, { name: pkg.name, version: pkg.version });
  });

  it('registers exactly the files in rules/', () => {
    assert.deepEqual(registered, ruleFiles);
    assert.ok(registered.length > 0);
  });

  it('every rule has a docs page', () => {
    assert.deepEqual(listDir('docs/rules', /\.md$/), ruleFiles);
  });

  it('every rule has a test file', () => {
    assert.deepEqual(listDir('tests/rules', /\.test\.ts$/), ruleFiles);
  });

  it('every rule has a README row', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of ruleFiles) {
      assert.ok(new RegExp(`^\\| \\[${name}\\]\\(docs/rules/${name}\\.md\\) +\\|`, 'm').test(readme), `${name} missing from README`);
    }
  });
});

type Entry = Linter.RuleEntry | undefined;
const severity = (entry: Entry): unknown => (Array.isArray(entry) ? entry[0] : entry);
const options = (entry: Entry): unknown => (Array.isArray(entry) ? entry[1] : undefined);

describe('configs follow rule metadata', () => {
  for (const [name, rule] of Object.entries(rules)) {
    it(`${name} declares a preset and is in the configs it declares`, () => {
      const preset = rule.meta.docs?.recommended;
      assert.ok(preset === 'recommended' || preset === 'strict', `${name}: meta.docs.recommended must be "recommended" or "strict"`);
      const id = `leaks/${name}`;
      assert.equal(plugin.configs.all.rules[id], 'error', 'all: every rule, at its defaults');
      assert.equal(severity(plugin.configs.strict.rules[id]), 'error');
      assert.equal(plugin.configs.recommended.rules[id], preset === 'recommended' ? 'error' : undefined, 'recommended: at its defaults');
    });

    it(`${name}: strict turns on exactly its boolean check… options that are off by default, except check…Files`, () => {
      const schema = (rule.meta.schema as unknown as { properties?: Record<string, { type?: string }> }[])[0];
      const defaults = ((rule.meta.defaultOptions as unknown[])[0] ?? {}) as Record<string, unknown>;
      const expected: Record<string, true> = {};
      for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
        if (prop.type !== 'boolean' || !key.startsWith('check')) continue;
        if (defaults[key] !== false && defaults[key] !== undefined) continue;
        if (key.endsWith('Files')) continue;
        expected[key] = true;
      }
      const entry = plugin.configs.strict.rules[`leaks/${name}`];
      assert.deepEqual(options(entry) ?? {}, expected);
      assert.equal(Array.isArray(entry), Object.keys(expected).length > 0, 'options only where strict changes them');
    });
  }

  it('strict turns on these opt-in checks today (update this list on purpose when a rule gains one)', () => {
    const on = Object.fromEntries(
      Object.entries(plugin.configs.strict.rules)
        .filter(([, entry]) => Array.isArray(entry))
        .map(([id, entry]) => [id, options(entry)]),
    );
    assert.deepEqual(on, {
      'leaks/no-leaked-subscription': { checkOnce: true },
      'leaks/no-timer-in-loop': { checkBoundedLoops: true },
      'leaks/no-unbounded-collection': { checkExported: true, checkMemoCaches: true },
    });
    assert.equal(isScopeOption('checkTestFiles'), true);
    assert.equal(Object.keys(strictOptions(rules['no-per-request-cache'] as LeaksRule)).length, 0, 'checkTestFiles widens scope, not strictness');
  });

  it('configs name the plugin and nothing else, and lint every JavaScript and TypeScript file', () => {
    for (const [key, config] of Object.entries(plugin.configs)) {
      assert.equal(config.name, `leaks/${key}`);
      assert.equal(config.plugins.leaks, plugin);
      assert.deepEqual(Object.keys(config).sort(), ['files', 'name', 'plugins', 'rules'], 'no parser, no settings: users bring their own');
      assert.deepEqual(config.files, ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}']);
      assert.deepEqual(config.files, FILES);
      for (const id of Object.keys(config.rules)) assert.ok(registered.includes(id.replace(/^leaks\//, '')), id);
    }
  });

  const linter = new Linter({ configType: 'flat' });
  const parser = { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } };
  const loop = 'for (const s of sensors) setInterval(() => s.poll(), 1000);';
  for (const ext of ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts']) {
    it(`each config lints a .${ext} file as it is`, () => {
      for (const config of Object.values(plugin.configs)) {
        const messages = linter.verify(loop, [parser, config], `src/x.${ext}`);
        assert.deepEqual(messages.map((m) => m.ruleId), ['leaks/no-timer-in-loop'], `${config.name}: ${messages.map((m) => m.message).join('; ')}`);
      }
    });
  }

  it('strict reports what recommended and all leave alone', () => {
    const code = `
      function remindAll(users) {
        for (const user of users) setTimeout(() => remind(user), 60000);
      }
      export const seen = new Set();
      export function see(id) { seen.add(id); }
    `;
    const reported = (config: Linter.Config) => new Set(linter.verify(code, [config], 'src/x.js').map((m) => m.ruleId));
    assert.deepEqual(reported(plugin.configs.recommended), new Set());
    assert.deepEqual(reported(plugin.configs.all), new Set());
    assert.ok(reported(plugin.configs.strict).has('leaks/no-timer-in-loop'), 'checkBoundedLoops');
    assert.ok(reported(plugin.configs.strict).has('leaks/no-unbounded-collection'), 'checkExported');
  });

  it("each config has a description (eslint-doc-generator's) that ESLint never sees", () => {
    for (const [key, config] of Object.entries(plugin.configs)) {
      const description = (config as { description?: unknown }).description;
      assert.equal(description, describeConfig(rules, key as 'recommended' | 'strict' | 'all'));
      assert.equal(Object.keys({ ...config }).includes('description'), false);
    }
  });
});

describe('README configs', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /<!-- begin auto-generated configs list -->([\s\S]*?)<!-- end auto-generated configs list -->/.exec(readme)?.[1] ?? '';

  it('the configs list describes each config as it is built from the rules today', () => {
    const rows = new Map(
      section
        .split('\n')
        .map((line) => /^\| \S+ +\| `(\w+)` +\| (.*?) +\|$/.exec(line))
        .filter((m) => m !== null)
        .map((m) => [m[1], m[2]]),
    );
    assert.deepEqual([...rows.keys()].sort(), Object.keys(plugin.configs).sort());
    for (const key of Object.keys(plugin.configs)) {
      assert.equal(rows.get(key), describeConfig(rules, key as 'recommended' | 'strict' | 'all'), `${key}: run \`npm run docs\``);
    }
  });

  it('every check… option the README names exists', () => {
    const known = new Set(
      Object.values(rules).flatMap((r) => Object.keys((r.meta.schema as unknown as { properties?: object }[])[0]?.properties ?? {})),
    );
    for (const [, name] of readme.matchAll(/`(check[A-Z]\w*)`/g)) assert.ok(known.has(name ?? ''), `README names ${name ?? ''}, which no rule has`);
  });

  it('the README shows the files glob the configs carry', () => {
    assert.ok(readme.includes(`files: ['${FILES.join("', '")}']`));
  });
});

describe('rule metadata', () => {
  const linter = new Linter({ configType: 'flat' });
  for (const [name, rule] of Object.entries(rules)) {
    describe(name, () => {
      it('has docs url, description, messages, schema and defaultOptions', () => {
        const { meta } = rule;
        assert.equal(meta.docs?.url, `https://github.com/eslint-plugin-leaks/eslint-plugin-leaks/blob/main/docs/rules/${name}.md`);
        assert.match(meta.docs.description, /^(Disallow|Require|Enforce) /);
        assert.ok(Object.keys(meta.messages).length > 0);
        assert.ok(Array.isArray(meta.schema));
        assert.ok(Array.isArray(meta.defaultOptions));
        assert.ok(['problem', 'suggestion'].includes(meta.type));
      });

      it('every option property has a description and junk is rejected', () => {
        const schema = (rule.meta.schema as unknown as { properties?: Record<string, { description?: string }>; additionalProperties?: boolean }[])[0];
        if (schema?.properties) {
          assert.equal(schema.additionalProperties, false);
          for (const [key, prop] of Object.entries(schema.properties)) assert.ok(prop.description, `${key} has no description`);
        }
        const config = (options: unknown[]) => [
          { plugins: { leaks: plugin as never }, rules: { [`leaks/${name}`]: ['error', ...options] as never } },
        ];
        assert.doesNotThrow(() => linter.verify('x;', config(rule.meta.defaultOptions as unknown[])));
        assert.throws(() => linter.verify('x;', config([{ noSuchOption: true }])), /should NOT have additional properties|must NOT have additional properties|noSuchOption/);
      });
    });
  }
});

describe('settings.leaks', () => {
  const linter = new Linter({ configType: 'flat' });
  const run = (leaks: unknown) =>
    linter.verify('while (true) { setTimeout(f, 10); }', [
      { plugins: { leaks: plugin }, settings: { leaks }, rules: Object.fromEntries(registered.map((r) => [`leaks/${r}`, 'error'])) },
    ]);
  it('accepts the documented keys', () => {
    assert.doesNotThrow(() => run({ testFiles: ['scripts/**'], timers: [{ name: 'delay', source: 'x', kind: 'oneShot' }], longLivedConditions: ['isRunning'] }));
  });
  it('rejects unknown keys and wrong types with a message naming the setting', () => {
    assert.throws(() => run({ nope: 1 }), /settings\.leaks\.nope is not a known setting/);
    assert.throws(() => run({ timers: [{ kind: 'x' }] }), /settings\.leaks\.timers\[0\]\.name must be a string/);
    assert.throws(() => run({ testFiles: 'x' }), /settings\.leaks\.testFiles must be an array of strings/);
  });
});

describe('rule options', () => {
  const linter = new Linter({ configType: 'flat' });
  const code = 'export class Store { items = []; add(x) { this.items.push(x); } dispose() {} }';
  const run = (options: unknown[]) =>
    linter.verify(code, [{ plugins: { leaks: plugin }, rules: { 'leaks/no-unbounded-collection': ['error', ...options] as never } }]).map((m) => m.ruleId);
  it('follow the configuration of each run (merged options are reused only while it stays the same)', () => {
    assert.deepEqual(run([{ checkClassFields: false }]), []);
    assert.deepEqual(run([]), ['leaks/no-unbounded-collection']);
    assert.deepEqual(run([{ checkClassFields: false }]), []);
    assert.deepEqual(run([{ checkClassFields: true }]), ['leaks/no-unbounded-collection']);
  });
});
