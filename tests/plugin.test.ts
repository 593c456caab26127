import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import plugin from '../src/index';
import { rules } from '../src/rules';
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
    for (const name of ruleFiles) assert.ok(readme.includes(`| [${name}](docs/rules/${name}.md) |`), `${name} missing from README`);
  });
});

describe('configs follow rule metadata', () => {
  for (const [name, rule] of Object.entries(rules)) {
    it(`${name} declares a preset and is in the configs it declares`, () => {
      const preset = rule.meta.docs?.recommended;
      assert.ok(preset === 'recommended' || preset === 'strict', `${name}: meta.docs.recommended must be "recommended" or "strict"`);
      const id = `leaks/${name}`;
      assert.equal(plugin.configs.all.rules[id], 'error');
      assert.equal(plugin.configs.strict.rules[id], 'error');
      assert.equal(plugin.configs.recommended.rules[id], preset === 'recommended' ? 'error' : undefined);
    });
  }

  it('configs name the plugin and nothing else', () => {
    for (const [key, config] of Object.entries(plugin.configs)) {
      assert.equal(config.name, `leaks/${key}`);
      assert.equal(config.plugins.leaks, plugin);
      for (const id of Object.keys(config.rules)) assert.ok(registered.includes(id.replace(/^leaks\//, '')), id);
    }
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
  const code = 'export class Store { items = []; add(x) { this.items.push(x); } }';
  const run = (options: unknown[]) =>
    linter.verify(code, [{ plugins: { leaks: plugin }, rules: { 'leaks/no-unbounded-collection': ['error', ...options] as never } }]).map((m) => m.ruleId);
  it('follow the configuration of each run (merged options are reused only while it stays the same)', () => {
    assert.deepEqual(run([{ checkClassFields: false }]), []);
    assert.deepEqual(run([]), ['leaks/no-unbounded-collection']);
    assert.deepEqual(run([{ checkClassFields: false }]), []);
    assert.deepEqual(run([{ checkClassFields: true }]), ['leaks/no-unbounded-collection']);
  });
});
