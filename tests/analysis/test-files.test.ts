import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from '../../src/index';
import { fileMatches, isTestFile } from '../../src/analysis/engine/test-files';

describe('test files are told by their place in the project', () => {
  it('a checkout under a folder named test/ or spec/ is not all test files', () => {
    assert.equal(isTestFile('/home/runner/work/test/test/src/server.ts', [], '/home/runner/work/test/test'), false);
    assert.equal(isTestFile('/srv/spec/app/lib/pool.js', [], '/srv/spec/app'), false);
    assert.equal(isTestFile('/home/runner/work/test/test/test/server.test.ts', [], '/home/runner/work/test/test'), true);
    assert.equal(isTestFile('/srv/spec/app/tests/pool.js', [], '/srv/spec/app'), true);
    // outside the project, or with no project, the whole path is all there is
    assert.equal(isTestFile('/elsewhere/test/x.ts', [], '/srv/app'), true);
    assert.equal(isTestFile('src/server.spec.ts'), true);
  });

  it('paths with dot folders, a cwd with a trailing slash or other separators read the same', () => {
    assert.equal(isTestFile('/p/.storybook/test/x.ts', [], '/p'), true);
    assert.equal(isTestFile('/p/./src/a.ts', [], '/p'), false);
    assert.equal(isTestFile('/work/test/src/a.ts', [], '/work/test/'), false);
    assert.equal(isTestFile('/work/test/src/a.ts', [], '/work/tes'), true);
    assert.equal(isTestFile('/work/test/../app/src/a.ts', [], '/work/test'), true);
  });

  it('the answer kept for a file follows the settings it was asked with', () => {
    const code = "import { LRUCache } from 'lru-cache';\napp.get('/x', (req, res) => { const c = new LRUCache({ max: 1 }); res.json(c.get(req.id)); });";
    const linter = new Linter({ configType: 'flat', cwd: '/p' });
    const lint = (settings: Record<string, unknown>) =>
      linter
        .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, settings, plugins: { leaks: plugin }, rules: { 'leaks/no-per-request-cache': 'error' } }], '/p/src/server.ts')
        .map((m) => m.ruleId);
    assert.deepEqual(lint({}), ['leaks/no-per-request-cache']);
    assert.deepEqual(lint({ leaks: { testFiles: ['src/**'] } }), []);
    assert.deepEqual(lint({ leaks: { testFiles: ['src/**'], checkTestFiles: true } }), ['leaks/no-per-request-cache']);
    assert.deepEqual(lint({}), ['leaks/no-per-request-cache']);
  });

  it('user globs are minimatch globs relative to the project, at any depth unless anchored', () => {
    assert.equal(fileMatches('/p/tools/scripts/seed.ts', ['**/scripts/*.{js,ts}'], '/p'), true);
    assert.equal(fileMatches('/p/tools/scripts/seed.mjs', ['**/scripts/*.{js,ts}'], '/p'), false);
    assert.equal(fileMatches('/p/tools/scripts/deep/seed.ts', ['scripts/**'], '/p'), true);
    assert.equal(fileMatches('/p/tools/scripts/seed.ts', ['/scripts/**'], '/p'), false);
    assert.equal(fileMatches('/p/scripts/seed.ts', ['/scripts/**'], '/p'), true);
    assert.equal(fileMatches('/p/src/a.ts', [], '/p'), false);
    assert.equal(isTestFile('/p/bench/run.ts', ['bench/**'], '/p'), true);
  });

  it('rules read it that way: a per-request cache in a checkout named test/ is reported', () => {
    const code = "import { LRUCache } from 'lru-cache';\napp.get('/x', (req, res) => { const c = new LRUCache({ max: 1 }); res.json(c.get(req.id)); });";
    const lint = (cwd: string, filename: string) =>
      new Linter({ configType: 'flat', cwd })
        .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, rules: { 'leaks/no-per-request-cache': 'error' } }], filename)
        .map((m) => m.ruleId);
    assert.deepEqual(lint('/work/test/app', '/work/test/app/src/server.ts'), ['leaks/no-per-request-cache']);
    assert.deepEqual(lint('/work/test/app', '/work/test/app/test/server.ts'), []);
  });
});

/** One leaky shape per rule; every rule leaves test files alone unless told otherwise. */
const LEAKY: Record<string, string> = {
  'no-leaked-resource': "import fs from 'node:fs';\nexport function read(p: string) { const fd = fs.openSync(p, 'r'); return fs.readFileSync(fd); }",
  'no-leaked-subscription': "export function sendWithAck(bus: any, msg: any) { bus.on('ack', () => msg.done()); bus.emit('send', msg); }",
  'no-per-request-cache': "import { LRUCache } from 'lru-cache';\napp.get('/x', (req, res) => { const c = new LRUCache({ max: 1 }); res.json(c.get(req.id)); });",
  'no-recursion-in-try': 'export async function pump(sock: any): Promise<void> { try { await sock.read(); await pump(sock); } catch { sock.close(); } }',
  'no-timer-in-loop': "const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));\nexport async function run(q: any) { while (q.open) { await Promise.race([q.next(), sleep(5000)]); } }",
  'no-unbounded-collection': 'const log: string[] = [];\nexport function write(line: string) { log.push(line); }',
};

describe('every rule skips test files by default, and settings.leaks.checkTestFiles lints them', () => {
  const lint = (rule: string, filename: string, settings?: object) =>
    new Linter({ configType: 'flat', cwd: '/p' })
      .verify(LEAKY[rule] ?? '', [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, rules: { [`leaks/${rule}`]: 'error' }, ...(settings ? { settings: { leaks: settings } } : {}) }], filename)
      .map((m) => m.ruleId ?? `fatal: ${m.message}`);
  for (const rule of Object.keys(plugin.rules)) {
    it(rule, () => {
      assert.deepEqual(lint(rule, '/p/src/x.ts'), [`leaks/${rule}`], 'the shape is reported in source');
      assert.deepEqual(lint(rule, '/p/src/x.test.ts'), [], 'a test file is skipped');
      assert.deepEqual(lint(rule, '/p/scripts/seed.ts', { testFiles: ['scripts/**'] }), [], 'testFiles globs count');
      assert.deepEqual(lint(rule, '/p/src/x.test.ts', { checkTestFiles: true }), [`leaks/${rule}`], 'checkTestFiles lints it');
    });
  }
});
