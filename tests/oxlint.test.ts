import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import plugin from '../src/index';
import { ROOT } from './helpers';

const EXAMPLES = join(ROOT, 'examples');

/** `file rule line:column message` for every finding, sorted, paths relative to examples/. */
function eslintFindings(): string[] {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), EXAMPLES, '--format', 'json'], { encoding: 'utf8' });
  const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string }[] }[];
  return results.flatMap((f) => f.messages.map((m) => `${relative(EXAMPLES, f.filePath)} ${m.ruleId ?? 'parse error'} ${m.line}:${m.column} ${m.message}`)).sort();
}

function oxlintFindings(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'leaks-oxlint-'));
  try {
    const config = join(dir, '.oxlintrc.json');
    // The recipe's config: only the leak rules, loaded through jsPlugins from the built package.
    const rules = Object.fromEntries(Object.keys(plugin.configs.recommended.rules).map((r) => [r, 'error']));
    writeFileSync(config, JSON.stringify({ jsPlugins: [join(ROOT, 'dist', 'src', 'index.js')], plugins: [], categories: { correctness: 'off' }, rules }));
    const bin = join(ROOT, 'node_modules', 'oxlint', 'bin', 'oxlint');
    const r = spawnSync(process.execPath, [bin, '-c', config, '-f', 'json', '.'], { encoding: 'utf8', cwd: EXAMPLES });
    assert.ok(r.stdout, `oxlint printed nothing: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { diagnostics: { filename: string; code: string; message: string; labels: { span: { line: number; column: number } }[] }[] };
    return out.diagnostics
      .map((d) => {
        const rule = d.code.replace(/^leaks\((.+)\)$/, 'leaks/$1');
        const span = d.labels[0]?.span;
        return `${relative(EXAMPLES, join(EXAMPLES, d.filename))} ${rule} ${span?.line ?? 0}:${span?.column ?? 0} ${d.message}`;
      })
      .sort();
  } finally {
    rmSync(dir, { recursive: true });
  }
}

describe('oxlint runs the plugin through jsPlugins', () => {
  it('gives the same findings as ESLint on examples/', () => {
    const eslint = eslintFindings();
    assert.ok(eslint.length >= 6, 'the examples have findings');
    assert.deepEqual(oxlintFindings(), eslint);
  });
});
