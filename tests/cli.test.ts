import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import draft04 from 'ajv/lib/refs/json-schema-draft-04.json';
import { ROOT } from './helpers';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');

function leaks(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LEAKS_PROGRESS: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The SARIF 2.1.0 (rtm.5) JSON schema, as shipped by Microsoft's SARIF test matchers. */
function validateSarif(log: unknown): string[] {
  const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  const ajv = new Ajv({ schemaId: 'id', allErrors: true, meta: false, validateSchema: false, unknownFormats: 'ignore' });
  ajv.addMetaSchema(draft04);
  const validate = ajv.compile(schema);
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message ?? ''}`);
}

interface SarifLog {
  version: string;
  runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string; locations: unknown[] }[] }[];
}

describe('leaks command', () => {
  it('a rule that throws stops the scan with ESLint\'s message: the file, the line and the rule', () => {
    const dir = join(ROOT, 'tests', 'fixtures', 'throwing');
    const r = leaks(['input.js', '--config', join(dir, 'eslint.config.mjs'), '--quiet'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unexpected node/);
    assert.match(r.stderr, /Occurred while linting .*input\.js:1/);
    assert.match(r.stderr, /Rule: "local\/broken"/);
  });

  it('scans examples/: every leaky file with a registered rule reports, no fixed file does', () => {
    const r = leaks(['examples', '--quiet']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /examples\/05-chat-server\/leaky\.ts/);
    assert.match(r.stdout, /leaks\/no-timer-in-loop/);
    assert.doesNotMatch(r.stdout, /fixed\.ts/);
    assert.match(r.stdout, /\| +\^/, 'code frame with a caret');
  });

  it('prints a summary table on stderr', () => {
    const r = leaks(['examples']);
    assert.match(r.stderr, /leaks\/no-timer-in-loop +\d+/);
    assert.match(r.stderr, /10 files scanned/);
  });

  it('shows files done / total on stderr for a terminal, and never when piped or with --quiet', () => {
    const shown = leaks(['examples'], ROOT, { LEAKS_PROGRESS: 'always' });
    assert.match(shown.stderr, /\rleaks: \d+\/10 files/);
    assert.ok(shown.stderr.includes('\r\x1b[K'), 'the progress line is cleared before the summary');
    assert.doesNotMatch(leaks(['examples']).stderr, /\rleaks:/, 'not a terminal: no progress');
    assert.doesNotMatch(leaks(['examples', '--quiet'], ROOT, { LEAKS_PROGRESS: 'always' }).stderr, /\rleaks:/);
  });

  it('reports a parse error for one file and goes on with the rest', () => {
    const r = leaks(['tests/fixtures/cli/broken', '--quiet']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /bad\.ts\n\s+\d+:\d+\s+parse error/);
    assert.match(r.stdout, /leak\.ts\n\s+1:\d+\s+leaks\/no-timer-in-loop/);
  });

  it('scans a folder outside the current directory', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'leaks-cli-'));
    try {
      const r = leaks([join(ROOT, 'examples', '05-chat-server'), '--quiet'], cwd);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /leaky\.ts/);
    } finally {
      rmSync(cwd, { recursive: true });
    }
  });

  it('says so when a folder has no JS/TS files, and exits 0', () => {
    const r = leaks(['tests/fixtures/cli/empty']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /no JavaScript or TypeScript files found/);
  });

  for (const [args, message] of [
    [['--nope'], /unknown option "--nope"/],
    [['--format', 'xml'], /unknown format "xml"/],
    [['--rule', 'no-such-rule'], /unknown rule "no-such-rule"/],
    [['does/not/exist'], /no such file or folder: does\/not\/exist/],
    [['--output'], /--output needs a value/],
    [['--concurrency', 'lots'], /--concurrency takes a positive number, auto or off/],
  ] as const) {
    it(`exits 2 with one line for ${args.join(' ')}`, () => {
      const r = leaks([...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'no stack trace');
    });
  }

  it('--concurrency 2 lints in worker threads with the same findings', () => {
    const findings = (args: string[]): string[] => {
      const results = JSON.parse(leaks(['examples', '--format', 'json', ...args]).stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
      return results.flatMap((x) => x.messages.map((m) => `${x.filePath}:${m.line}:${m.column} ${m.ruleId}`)).sort();
    };
    const serial = findings([]);
    assert.ok(serial.length > 0);
    assert.deepEqual(findings(['--concurrency', '2']), serial);
  });

  it('--format json gives ESLint results', () => {
    const r = leaks(['examples/05-chat-server', '--format', 'json']);
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    assert.equal(results.length, 2);
    assert.ok(results.some((x) => x.messages.some((m) => m.ruleId === 'leaks/no-timer-in-loop')));
  });

  it('--format sarif --output writes SARIF 2.1.0 with rule metadata', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leaks-sarif-'));
    try {
      const out = join(dir, 'leaks.sarif');
      const r = leaks(['examples', '--format', 'sarif', '--output', out, '--quiet']);
      assert.equal(r.code, 1);
      const log = JSON.parse(readFileSync(out, 'utf8')) as SarifLog;
      assert.deepEqual(validateSarif(log), []);
      assert.equal(log.version, '2.1.0');
      const run = log.runs[0];
      assert.ok(run);
      assert.ok(run.tool.driver.rules.every((rule) => rule.helpUri?.startsWith('https://')));
      assert.ok(run.results.some((x) => x.ruleId === 'leaks/no-timer-in-loop' && x.locations.length === 1));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('SARIF stays valid with parse errors, and the schema check does catch an invalid log', () => {
    const r = leaks(['tests/fixtures/cli/broken', '--format', 'sarif', '--quiet']);
    const log = JSON.parse(r.stdout) as SarifLog & { runs: { invocations: { toolExecutionNotifications: unknown[] }[] }[] };
    assert.deepEqual(validateSarif(log), []);
    assert.ok((log.runs[0]?.invocations[0]?.toolExecutionNotifications.length ?? 0) > 0, 'the parse error is a notification');
    const broken = { ...log, runs: [{ ...log.runs[0], results: [{ ruleId: 'x', level: 'fatal', message: {} }] }] };
    assert.notDeepEqual(validateSarif(broken), []);
  });

  it('--rule selects rules, --version and --help answer', () => {
    assert.equal(leaks(['examples', '--rule', 'no-timer-in-loop', '--quiet']).code, 1);
    assert.match(leaks(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
    assert.match(leaks(['--help']).stdout, /Usage: leaks/);
  });
});
