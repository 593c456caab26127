import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import type { ESLint } from 'eslint';
import plugin from '../src/index';
import { DEFAULT_ROOT, PARSERS, filesFor, listFiles, sampleFiles, sweep, type RuleException } from '../scripts/crash-sweep';

/**
 * Every rule on, over a deterministic sample of the project's own node_modules (real code,
 * the same files on every machine with the same lockfile), under espree (ESLint's default
 * parser, whose AST lacks TypeScript's fields) and @typescript-eslint/parser: a rule that
 * throws aborts a user's whole eslint run. `npm run crash-sweep` lints all of node_modules.
 */
const SAMPLE_SIZE = 2000;
const PER_PACKAGE = 150;
// The sample must stay real: enough files, from enough packages, that mostly parse.
const MIN_FILES = 1500;
const MIN_PACKAGES = 100;
const MIN_FILES_PER_PARSER = { espree: 600, ts: MIN_FILES };
const MAX_PARSE_ERROR_SHARE = 0.05;

const corpus = listFiles(DEFAULT_ROOT);
const sample = sampleFiles(corpus, SAMPLE_SIZE, PER_PACKAGE);

function describeExceptions(exceptions: readonly RuleException[]): string {
  return exceptions.map((e) => `${e.rule}: ${e.message}\n    at ${e.frame}\n    in ${e.file}`).join('\n');
}

describe(`no rule throws on ${sample.length} files of node_modules (deterministic sample), every rule on`, () => {
  it(`the sample is real: at least ${MIN_FILES} files from at least ${MIN_PACKAGES} packages`, () => {
    assert.ok(sample.length >= MIN_FILES, `only ${sample.length} files sampled from ${corpus.files.length}`);
    const packages = new Set(sample.map((f) => f.pkg));
    assert.ok(packages.size >= MIN_PACKAGES, `only ${packages.size} packages`);
    assert.ok(Math.max(...[...packages].map((p) => sample.filter((f) => f.pkg === p).length)) <= PER_PACKAGE);
  });

  it('the sample is the same on every call', () => {
    assert.deepEqual(
      sampleFiles(listFiles(DEFAULT_ROOT), SAMPLE_SIZE, PER_PACKAGE).map((f) => f.rel),
      sample.map((f) => f.rel),
    );
  });

  for (const parser of PARSERS) {
    it(`${parser}: no rule exception, and most files parse`, () => {
      const files = filesFor(sample, parser);
      assert.ok(files.length >= MIN_FILES_PER_PARSER[parser], `only ${files.length} files for ${parser}`);
      const result = sweep(files, parser, { plugin, rules: plugin.configs.all.rules, cwd: corpus.root });
      assert.equal(result.files, files.length);
      assert.ok(
        result.parseErrors.length <= files.length * MAX_PARSE_ERROR_SHARE,
        `${result.parseErrors.length} of ${files.length} files do not parse with ${parser}: ${result.parseErrors.slice(0, 5).map((p) => `${p.file} ${p.message}`).join('; ')}`,
      );
      assert.equal(result.exceptions.length, 0, `${parser}: rules threw\n${describeExceptions(result.exceptions)}`);
    });
  }
});

describe('the sweep itself', () => {
  it('names a rule that throws, counts parse errors apart, retries CommonJS, and walks no symlink or .cache', () => {
    const root = mkdtempSync(join(tmpdir(), 'crash-sweep-'));
    try {
      const files: Record<string, string> = {
        'node_modules/a/ok.js': 'export const x = 1;\n',
        'node_modules/a/boom.js': 'const boom = 1;\n',
        'node_modules/a/script.cjs': 'if (require.main !== module) return;\nmodule.exports = 1;\n',
        'node_modules/a/broken.js': 'const = ;\n',
        'node_modules/a/types.d.ts': 'export declare const boom: number;\n',
        'node_modules/a/node_modules/b/index.mjs': 'export default function boom() {}\n',
        'node_modules/.cache/c/boom.js': 'boom;\n',
      };
      for (const [rel, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, rel)), { recursive: true });
        writeFileSync(join(root, rel), text);
      }
      symlinkSync(join(root, 'node_modules/a'), join(root, 'node_modules/link'));
      const fake: ESLint.Plugin = {
        rules: {
          boom: {
            create: () => ({
              'Identifier[name="boom"]'() {
                throw new TypeError('boom is not iterable');
              },
            }),
          },
          fine: { create: () => ({}) },
        },
      };
      const corpusHere = listFiles(root);
      assert.deepEqual(
        corpusHere.files.map((f) => [f.rel, f.pkg]),
        [
          ['node_modules/a/boom.js', 'node_modules/a'],
          ['node_modules/a/broken.js', 'node_modules/a'],
          ['node_modules/a/node_modules/b/index.mjs', 'node_modules/a/node_modules/b'],
          ['node_modules/a/ok.js', 'node_modules/a'],
          ['node_modules/a/script.cjs', 'node_modules/a'],
          ['node_modules/a/types.d.ts', 'node_modules/a'],
        ],
      );
      const options = { plugin: fake, rules: { 'leaks/fine': 'error', 'leaks/boom': 'error' } as const, cwd: root };
      const espree = sweep(filesFor(corpusHere.files, 'espree'), 'espree', options);
      assert.equal(espree.files, 5);
      assert.deepEqual(espree.parseErrors.map((p) => p.file), ['node_modules/a/broken.js']);
      assert.equal(espree.commonjs, 1);
      assert.deepEqual(
        espree.exceptions.map((e) => [e.rule, e.message, e.file]),
        [
          ['leaks/boom', 'boom is not iterable', 'node_modules/a/boom.js'],
          ['leaks/boom', 'boom is not iterable', 'node_modules/a/node_modules/b/index.mjs'],
        ],
      );
      const ts = sweep(filesFor(corpusHere.files, 'ts'), 'ts', options);
      assert.equal(ts.files, 6);
      assert.deepEqual(ts.exceptions.map((e) => e.file), ['node_modules/a/boom.js', 'node_modules/a/node_modules/b/index.mjs', 'node_modules/a/types.d.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
