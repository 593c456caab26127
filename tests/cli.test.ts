import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import draft04 from 'ajv/lib/refs/json-schema-draft-04.json';
import { minimatch } from 'minimatch';
import { isTestFile } from '../src/analysis/engine/test-files';
import { TEST_FILE_GLOBS } from '../src/scan';
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

interface SarifRule {
  id: string;
  helpUri?: string;
  shortDescription?: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown: string };
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } };
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { rules: SarifRule[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: { ruleId: string; locations: SarifLocation[] }[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
  }[];
}

interface JsonResult {
  filePath: string;
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  messages: { ruleId: string | null; message: string; severity: number; fatal?: boolean; line: number }[];
}

const LEAK = 'for (const s of sockets) setInterval(() => s.ping(), 1000);\n';

/** A folder tree in a temporary folder: `{ 'src/a.ts': '…' }`; removed by the returned function. */
function tree(files: Record<string, string>): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'leaks-tree-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return { dir, done: () => { rmSync(dir, { recursive: true, force: true }); } };
}

function scannedFiles(stdout: string, base: string): string[] {
  return (JSON.parse(stdout) as JsonResult[]).map((r) => r.filePath.slice(base.length + 1)).sort();
}

function sarifUris(log: SarifLog): string[] {
  return [...new Set(log.runs[0]?.results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri)))].sort();
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

  it('SARIF paths are relative to the repository root whichever folder is scanned, from wherever', () => {
    const sub = leaks(['examples/05-chat-server', '--format', 'sarif']);
    assert.deepEqual(sarifUris(JSON.parse(sub.stdout) as SarifLog), ['examples/05-chat-server/leaky.ts']);

    const repo = tree({ '.git/HEAD': 'ref: refs/heads/main\n', 'src/x.ts': `declare const sockets: { ping(): void }[];\n${LEAK}` });
    const elsewhere = mkdtempSync(join(tmpdir(), 'leaks-cwd-'));
    try {
      for (const cwd of [elsewhere, join(repo.dir, 'src')]) {
        const r = leaks([join(repo.dir, 'src'), '--format', 'sarif'], cwd);
        assert.equal(r.code, 1, r.stderr);
        const log = JSON.parse(r.stdout) as SarifLog;
        assert.deepEqual(validateSarif(log), []);
        assert.deepEqual(sarifUris(log), ['src/x.ts'], `scanned from ${cwd}`);
        assert.equal(log.runs[0]?.originalUriBaseIds?.['%SRCROOT%']?.uri, `file://${repo.dir}/`);
      }
    } finally {
      repo.done();
      rmSync(elsewhere, { recursive: true });
    }

    // No repository: relative to the current folder; outside it, an absolute file:// URI.
    const plain = tree({ 'lib/y.ts': LEAK });
    try {
      assert.deepEqual(sarifUris(JSON.parse(leaks(['lib', '--format', 'sarif'], plain.dir).stdout) as SarifLog), ['lib/y.ts']);
      const inner = leaks(['.', '--format', 'sarif'], join(plain.dir, 'lib'));
      assert.deepEqual(sarifUris(JSON.parse(inner.stdout) as SarifLog), ['y.ts']);
    } finally {
      plain.done();
    }
  });

  it('exits 2 when no file could be parsed, and says so', () => {
    const r = leaks(['tests/fixtures/cli/unparsable']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /one\.ts\n\s+\d+:\d+\s+parse error/);
    assert.match(r.stdout, /two\.js\n\s+\d+:\d+\s+parse error/);
    assert.match(r.stderr, /leaks: none of the 2 files could be parsed/);
    assert.match(r.stderr, /2 could not be parsed/);
    const sarif = JSON.parse(leaks(['tests/fixtures/cli/unparsable', '--format', 'sarif']).stdout) as SarifLog;
    assert.deepEqual(validateSarif(sarif), []);
    assert.equal(sarif.runs[0]?.invocations[0]?.executionSuccessful, false);
  });

  it('a legacy /* eslint-env */ comment is a warning (the rules ran), not a parse error', () => {
    const r = leaks(['tests/fixtures/cli/eslint-env']);
    assert.equal(r.code, 1, 'the finding in leaky.js is reported');
    assert.match(r.stdout, /leaky\.js\n\s+1:1\s+warning\s+\/\* eslint-env \*\/ comments are no longer supported/);
    assert.match(r.stdout, /2:\d+\s+leaks\/no-timer-in-loop/);
    assert.doesNotMatch(r.stdout, /parse error/);
    assert.doesNotMatch(r.stderr, /could not be parsed/);
    assert.match(r.stderr, /2 warnings from ESLint/);
    // A file whose only message is that warning was scanned: exit 0, not 2.
    assert.equal(leaks(['tests/fixtures/cli/eslint-env/clean.js', '--quiet']).code, 0);
    const json = JSON.parse(leaks(['tests/fixtures/cli/eslint-env/clean.js', '--format', 'json']).stdout) as JsonResult[];
    assert.deepEqual(json.map((x) => [x.messages.map((m) => [m.severity, m.fatal ?? false]), x.errorCount, x.warningCount, x.fatalErrorCount]), [[[[1, false]], 0, 1, 0]]);
    const sarif = JSON.parse(leaks(['tests/fixtures/cli/eslint-env', '--format', 'sarif']).stdout) as SarifLog;
    assert.deepEqual(validateSarif(sarif), []);
    const notes = sarif.runs[0]?.invocations[0]?.toolExecutionNotifications ?? [];
    assert.equal(notes.length, 2);
    assert.ok(notes.every((n) => n.level === 'warning'));
  });

  it('parses JavaScript with espree (JSX in .js and .jsx, .cjs as CommonJS) and TypeScript with the TS parser', () => {
    const r = leaks(['tests/fixtures/cli/parsers', '--format', 'json']);
    const results = JSON.parse(r.stdout) as JsonResult[];
    const byFile = Object.fromEntries(results.map((x) => [basename(x.filePath), x.messages.map((m) => m.ruleId ?? m.message)]));
    for (const file of ['app.js', 'widget.jsx', 'script.cjs', 'module.mjs', 'cast.ts', 'view.tsx']) {
      assert.deepEqual(byFile[file], ['leaks/no-timer-in-loop'], `${file}: parsed, and its leak found`);
    }
    // TypeScript syntax in a .js file: espree rejects it, where the TypeScript parser would not.
    assert.match(byFile['typed.js']?.[0] ?? '', /^Parsing error: Unexpected token :/);
  });

  it('honours .gitignore files: the repository root\'s, nested ones and !negations', () => {
    const repo = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'generated/\n*.local.ts\n!keep.local.ts\n# a comment\n',
      'src/.gitignore': 'secret.ts\n/anchored.ts\n',
      'src/lib/.gitignore': '!special.local.ts\n',
      'src/ok.ts': LEAK,
      'src/generated/a.ts': LEAK,
      'src/x.local.ts': LEAK,
      'src/keep.local.ts': LEAK,
      'src/secret.ts': LEAK,
      'src/sub/secret.ts': LEAK,
      'src/anchored.ts': LEAK,
      'src/sub/anchored.ts': LEAK,
      'src/lib/special.local.ts': LEAK,
      'src/lib/other.local.ts': LEAK,
      'src/ignored-dir/.gitignore': '!a.ts\n',
      'src/dist/bundle.js': LEAK,
    });
    const expected = ['src/keep.local.ts', 'src/lib/special.local.ts', 'src/ok.ts', 'src/sub/anchored.ts'];
    try {
      writeFileSync(join(repo.dir, '.gitignore'), 'generated/\n*.local.ts\n!keep.local.ts\n# a comment\nignored-dir/\n');
      writeFileSync(join(repo.dir, 'src', 'ignored-dir', 'a.ts'), LEAK);
      // From the repository root, from the scanned folder, and from outside both.
      assert.deepEqual(scannedFiles(leaks(['src', '--format', 'json'], repo.dir).stdout, repo.dir), expected);
      assert.deepEqual(scannedFiles(leaks(['.', '--format', 'json'], join(repo.dir, 'src')).stdout, repo.dir), expected);
      assert.deepEqual(scannedFiles(leaks([join(repo.dir, 'src'), '--format', 'json'], tmpdir()).stdout, repo.dir), expected);
      // A folder named on the command line is scanned even though .gitignore lists it.
      assert.deepEqual(scannedFiles(leaks(['src/generated', '--format', 'json'], repo.dir).stdout, repo.dir), ['src/generated/a.ts']);
    } finally {
      repo.done();
    }
  });

  it('in a git worktree (.git is a file) reads the main repository\'s info/exclude instead of failing', () => {
    const repo = tree({
      'main/.git/HEAD': 'ref: refs/heads/main\n',
      'main/.git/info/exclude': 'scratch/\n',
      'main/.git/worktrees/wt/commondir': '../..\n',
      'wt/.git': 'gitdir: ../main/.git/worktrees/wt\n',
      'wt/src/ok.ts': LEAK,
      'wt/scratch/probe.ts': LEAK,
    });
    try {
      const r = leaks(['.', '--format', 'json'], join(repo.dir, 'wt'));
      assert.equal(r.stderr.includes('ENOTDIR'), false, r.stderr);
      assert.deepEqual(scannedFiles(r.stdout, join(repo.dir, 'wt')), ['src/ok.ts']);
    } finally {
      repo.done();
    }
  });

  it('--ignore-pattern skips globs relative to the current folder (repeatable, = or space)', () => {
    const repo = tree({ '.git/HEAD': '', 'src/a.ts': LEAK, 'src/gen/b.ts': LEAK, 'src/c.gen.ts': LEAK, 'src/d.ts': LEAK });
    try {
      const fromRoot = leaks(['src', '--ignore-pattern', 'src/gen/**', '--ignore-pattern=**/*.gen.ts', '--format', 'json'], repo.dir);
      assert.deepEqual(scannedFiles(fromRoot.stdout, repo.dir), ['src/a.ts', 'src/d.ts']);
      const fromSrc = leaks(['.', '--ignore-pattern', 'gen/', '--ignore-pattern', 'd.ts', '--format', 'json'], join(repo.dir, 'src'));
      assert.deepEqual(scannedFiles(fromSrc.stdout, repo.dir), ['src/a.ts', 'src/c.gen.ts']);
      // A negation un-ignores a built-in ignore.
      mkdirSync(join(repo.dir, 'src', 'build'));
      writeFileSync(join(repo.dir, 'src', 'build', 'e.ts'), LEAK);
      assert.ok(!scannedFiles(leaks(['src', '--format', 'json'], repo.dir).stdout, repo.dir).includes('src/build/e.ts'));
      assert.ok(scannedFiles(leaks(['src', '--ignore-pattern', '!src/build/', '--format', 'json'], repo.dir).stdout, repo.dir).includes('src/build/e.ts'));
    } finally {
      repo.done();
    }
  });

  it('--no-tests skips test files; by default they are scanned', () => {
    const dir = join(ROOT, 'tests', 'fixtures', 'cli', 'test-files');
    const all = scannedFiles(leaks([dir, '--format', 'json']).stdout, dir);
    assert.deepEqual(all, ['src/__tests__/chat.ts', 'src/chat.spec.js', 'src/load.bench.ts', 'src/server.test.ts', 'src/server.ts', 'tests/helper.ts']);
    assert.deepEqual(scannedFiles(leaks([dir, '--no-tests', '--format', 'json']).stdout, dir), ['src/server.ts']);
    assert.match(leaks([dir, '--no-tests']).stderr, /\b1 file scanned/);
  });

  it('the --no-tests globs skip what the rules treat as test files (isTestFile), and nothing else', () => {
    const paths = [
      'src/server.ts', 'src/app.tsx', 'lib/index.js', 'src/testing.ts', 'src/contest/x.ts', 'src/latest.ts', 'src/spectrum.js',
      'src/a.test.ts', 'src/a.spec.tsx', 'src/a.e2e.js', 'src/a.stories.tsx', 'src/a.story.jsx', 'src/a.bench.mts', 'src/a.test.cjs',
      'test/a.ts', 'tests/a.js', 'src/__tests__/a.ts', 'src/__mocks__/a.ts', 'spec/a.ts', 'e2e/a.ts', 'src/fixtures/a.js', 'fixture/a.ts',
    ];
    for (const p of paths) {
      const ignored = TEST_FILE_GLOBS.some((g) => g.endsWith('/') ? minimatch(p, `${g}**`, { dot: true }) : minimatch(p, g, { dot: true }));
      assert.equal(ignored, isTestFile(`/project/${p}`), p);
    }
  });

  it('--cache keeps its file in the current folder (.leakscache), or at --cache-location', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'leaks-cache-'));
    try {
      const first = leaks([join(ROOT, 'examples'), '--cache', '--format', 'json'], cwd);
      assert.equal(first.code, 1);
      assert.ok(existsSync(join(cwd, '.leakscache')), 'in the current folder');
      assert.ok(!existsSync(join(ROOT, 'examples', '.eslintcache')) && !existsSync(join(ROOT, 'examples', '.leakscache')), 'not in the scanned folder');
      const again = leaks([join(ROOT, 'examples'), '--cache', '--format', 'json'], cwd);
      assert.equal(again.code, 1);
      const count = (out: string): number => (JSON.parse(out) as JsonResult[]).reduce((n, r) => n + r.messages.length, 0);
      assert.equal(count(again.stdout), count(first.stdout), 'the cached run reports the same');
      assert.equal(leaks([join(ROOT, 'examples'), '--cache-location', 'caches/leaks.json', '--quiet'], cwd).code, 1);
      assert.ok(existsSync(join(cwd, 'caches', 'leaks.json')), '--cache-location names the file (and implies --cache)');
      assert.equal(leaks([join(ROOT, 'examples'), '--cache-location=folder/', '--quiet'], cwd).code, 1);
      assert.equal(readdirSync(join(cwd, 'folder')).length, 1, 'a trailing slash names a folder');
    } finally {
      rmSync(cwd, { recursive: true });
    }
  });

  it('with TypeScript 7 installed: one line and exit 2, not a stack trace', () => {
    const fixture = join(ROOT, 'tests', 'fixtures', 'cli', 'typescript-7');
    const env = { NODE_OPTIONS: `--require ${join(fixture, 'resolve-typescript.cjs')}` };
    const r = leaks([join(fixture, 'src'), '--quiet'], ROOT, env);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^leaks: TypeScript 7\.0\.0 \(.*typescript-7\/typescript\) is not supported by @typescript-eslint\/parser/);
    assert.match(r.stderr, /install typescript@6 or older/);
    // Without TypeScript at all, JavaScript is still scanned; each TypeScript file says why it is not.
    const none = leaks([join(fixture, 'src'), '--quiet'], ROOT, { ...env, LEAKS_TEST_NO_TYPESCRIPT: '1' });
    assert.equal(none.code, 1, none.stderr);
    assert.match(none.stdout, /client\.js\n\s+1:\d+\s+leaks\/no-timer-in-loop/);
    assert.match(none.stdout, /server\.ts\n\s+1:1\s+parse error\s+Parsing error: TypeScript is not installed/);
  });

  it('npx eslint-plugin-leaks runs the command too: a bin of that name beside leaks', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(pkg.bin.leaks, './dist/src/cli.js');
    assert.equal(pkg.bin['eslint-plugin-leaks'], './dist/src/cli.js');
    assert.match(readFileSync(join(ROOT, pkg.bin['eslint-plugin-leaks']), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  it('takes --option=value as well as --option value', () => {
    const spaced = leaks(['examples', '--format', 'json', '--rule', 'no-timer-in-loop']);
    const joined = leaks(['examples', '--format=json', '--rule=no-timer-in-loop']);
    assert.equal(joined.code, 1);
    assert.deepEqual(JSON.parse(joined.stdout), JSON.parse(spaced.stdout));
    const help = leaks(['--help']).stdout;
    for (const flag of ['--format', '--output', '--strict', '--all', '--rule', '--ignore-pattern', '--no-tests', '--config', '--cache', '--cache-location', '--concurrency', '--quiet', '--version', '--help']) {
      assert.ok(help.includes(`  ${flag}`), `--help lists ${flag}`);
    }
  });

  for (const [args, message] of [
    [['--nope'], /unknown option "--nope"/],
    [['--format', 'xml'], /unknown format "xml"/],
    [['--rule', 'no-such-rule'], /unknown rule "no-such-rule"/],
    [['does/not/exist'], /no such file or folder: does\/not\/exist/],
    [['--output'], /--output needs a value/],
    [['--concurrency', 'lots'], /--concurrency takes a positive number, auto or off/],
    [['--format=xml'], /unknown format "xml"/],
    [['--output', '--quiet'], /--output needs a value/],
    [['--quiet=yes'], /--quiet takes no value/],
    [['--no-output'], /unknown option "--no-output"/],
    [['--ignore-pattern'], /--ignore-pattern needs a value/],
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
      for (const rule of run.tool.driver.rules) {
        assert.ok(rule.shortDescription?.text, `${rule.id}: shortDescription`);
        assert.ok(rule.fullDescription?.text, `${rule.id}: fullDescription`);
        assert.notEqual(rule.fullDescription.text, rule.shortDescription.text, `${rule.id}: fullDescription says more than shortDescription`);
        const help = rule.help;
        assert.ok(help, `${rule.id}: help`);
        assert.ok(help.text.includes(rule.helpUri ?? '-'), `${rule.id}: help.text has the docs link`);
        assert.ok(help.markdown.includes(`](${rule.helpUri ?? '-'})`), `${rule.id}: help.markdown links the docs`);
      }
      // GitHub code scanning: paths relative to the repository root, under %SRCROOT%.
      assert.ok(run.results.every((x) => x.locations.every((l) => l.physicalLocation.artifactLocation.uriBaseId === '%SRCROOT%')));
      assert.ok(sarifUris(log).includes('examples/05-chat-server/leaky.ts'), sarifUris(log).join(', '));
      assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, `file://${ROOT}/`);
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
