#!/usr/bin/env node
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs as parseNodeArgs } from 'node:util';
import { ESLint, type Linter } from 'eslint';
import plugin from './index';
import { packageInfo } from './package-info';
import { Progress, countLintable, progressPlugin } from './progress';
import { toSarif } from './sarif';
import { SCAN_SPEC_ENV, type ScanSpec, eslintOptions, findRepoRoot, isParseError, scanIgnores } from './scan';

export { selectedRules } from './scan';

const HELP = `Usage: leaks [options] [paths...]

Scan files and folders for memory-leak-prone code with the recommended leak rules.
No ESLint config is needed: JS, JSX, MJS and CJS files are parsed with espree (JSX on in
.js and .jsx), TS, TSX, MTS and CTS files with @typescript-eslint/parser. node_modules/,
dist/, build/, coverage/, .next/, .nuxt/, out/, *.min.js, *.d.ts and what .gitignore files
ignore (nested ones and !negations too) are skipped.

Options:
  --format <name>   stylish (default), json (ESLint's JSON) or sarif (SARIF 2.1.0)
  --output <file>   write the report to a file instead of stdout
  --strict          the recommended rules with their opt-in checks on (configs.strict)
  --all             use every rule
  --rule <name>     run only this rule (repeatable), e.g. --rule no-timer-in-loop
  --ignore-pattern <glob>
                    skip files matching the glob (repeatable; relative to the current
                    folder, as in ESLint; !glob un-ignores), e.g. --ignore-pattern 'src/gen/**'
  --no-tests        skip test files: test/, tests/, __tests__/, __mocks__/, spec/, e2e/,
                    fixtures/ folders and *.test.*, *.spec.*, *.e2e.*, stories and *.bench.*
                    files (by default they are scanned, and the rules judge them as
                    short-lived code)
  --config <file>   use this ESLint config file instead of the built-in settings
                    (.gitignore and the built-in ignores are then the config's business)
  --cache           cache results between runs (ESLint's --cache), in .leakscache in the
                    current folder
  --cache-location <path>
                    where the cache goes (a file, or a folder ending in /); implies --cache
  --concurrency <n> lint in n worker threads, or auto (ESLint's --concurrency; ESLint 9.34+)
  --quiet           no progress or summary on stderr (progress shows only on a terminal,
                    and not with --concurrency)
  --version         print the version
  --help            print this help

Options take their value as --format json or --format=json.
Exit codes: 0 no findings, 1 findings, 2 usage or configuration error, or no file could be
parsed.`;

export interface CliOptions {
  paths: string[];
  format: 'stylish' | 'json' | 'sarif';
  output?: string;
  preset: 'recommended' | 'strict' | 'all';
  rules: string[];
  config?: string;
  cache: boolean;
  cacheLocation?: string;
  quiet: boolean;
  concurrency?: number | 'auto' | 'off';
  ignorePatterns: string[];
  tests: boolean;
}

class UsageError extends Error {}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  strict: { type: 'boolean' },
  all: { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  'ignore-pattern': { type: 'string', multiple: true },
  tests: { type: 'boolean', default: true },
  config: { type: 'string', short: 'c' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  concurrency: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

/** node:util's messages, in the command's words: `--output needs a value`, `unknown option "--x"`. */
function usageError(e: unknown): UsageError {
  const err = e as { code?: string; message: string };
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option "${quoted}" (see leaks --help)`);
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(err.message)) return new UsageError(`${flag} takes no value`);
    return new UsageError(`${flag} needs a value (write ${flag}=-value for a value that starts with -)`);
  }
  return new UsageError(err.message.split('\n')[0] ?? err.message);
}

function parseArgs(argv: string[]): CliOptions | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseNodeArgs({ args: argv, options: OPTIONS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw usageError(e);
    throw e;
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.version) return 'version';
  const opts: CliOptions = {
    paths: parsed.positionals,
    format: 'stylish',
    preset: v.all ? 'all' : v.strict ? 'strict' : 'recommended',
    rules: [],
    cache: v.cache === true || v['cache-location'] !== undefined,
    quiet: v.quiet === true,
    ignorePatterns: v['ignore-pattern'] ?? [],
    tests: v.tests,
  };
  if (v.format !== undefined) {
    const f = v.format;
    if (f !== 'stylish' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}" (use stylish, json or sarif)`);
    opts.format = f;
  }
  if (v.output !== undefined) opts.output = v.output;
  if (v.config !== undefined) opts.config = v.config;
  if (v['cache-location'] !== undefined) {
    const loc = v['cache-location'];
    // A trailing slash names a folder ESLint puts its cache file in; resolve() would drop it.
    opts.cacheLocation = resolve(process.cwd(), loc) + (/[\\/]$/.test(loc) ? sep : '');
  }
  for (const name of v.rule ?? []) {
    const r = name.replace(/^leaks\//, '');
    if (!(r in plugin.rules)) throw new UsageError(`unknown rule "${r}" (known: ${Object.keys(plugin.rules).join(', ')})`);
    opts.rules.push(r);
  }
  if (v.concurrency !== undefined) {
    const c = v.concurrency;
    const n = Number(c);
    if (c !== 'auto' && c !== 'off' && !(Number.isInteger(n) && n > 0)) throw new UsageError(`--concurrency takes a positive number, auto or off (got "${c}")`);
    opts.concurrency = c === 'auto' || c === 'off' ? c : n;
  }
  if (opts.paths.length === 0) opts.paths.push('.');
  return opts;
}

function commonDir(paths: string[]): string {
  const dirs = paths.map((p) => (statSync(p).isDirectory() ? p : dirname(p)));
  let common = dirs[0] ?? process.cwd();
  for (const d of dirs.slice(1)) {
    while (d !== common && !d.startsWith(common.endsWith(sep) ? common : common + sep)) common = dirname(common);
  }
  return common;
}

function codeFrame(source: string | undefined, line: number, column: number): string {
  if (!source) return '';
  const text = source.split(/\r?\n/)[line - 1];
  if (text === undefined) return '';
  const trimmed = text.replace(/\t/g, ' ');
  const shown = trimmed.length > 160 ? `${trimmed.slice(0, 157)}...` : trimmed;
  const gutter = `    ${String(line).padStart(5)} | `;
  return `${gutter}${shown}\n${' '.repeat(gutter.length - 2)}| ${' '.repeat(Math.max(0, Math.min(column - 1, 160)))}^`;
}

function label(m: Linter.LintMessage): string {
  if (isParseError(m)) return 'parse error';
  return m.ruleId ?? (m.severity === 2 ? 'error' : 'warning');
}

function stylish(results: ESLint.LintResult[], cwd: string): string {
  const out: string[] = [];
  for (const r of results) {
    if (r.messages.length === 0) continue;
    const source = r.source ?? (existsSync(r.filePath) ? readFileSync(r.filePath, 'utf8') : undefined);
    out.push(`\n${relative(cwd, r.filePath) || r.filePath}`);
    for (const m of r.messages) {
      out.push(`  ${m.line}:${m.column}  ${label(m)}  ${m.message}`);
      const frame = codeFrame(source, m.line, m.column);
      if (frame) out.push(frame);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

function summary(results: ESLint.LintResult[], ms: number): string {
  const perRule = new Map<string, number>();
  let parseErrors = 0;
  let warnings = 0;
  for (const r of results) {
    for (const m of r.messages) {
      if (isParseError(m)) parseErrors++;
      else if (m.ruleId) perRule.set(m.ruleId, (perRule.get(m.ruleId) ?? 0) + 1);
      else warnings++;
    }
  }
  const total = [...perRule.values()].reduce((a, b) => a + b, 0);
  const lines = ['', 'rule                               findings'];
  for (const [rule, n] of [...perRule].sort((a, b) => b[1] - a[1])) lines.push(`${rule.padEnd(35)}${String(n).padStart(8)}`);
  lines.push(`${'total'.padEnd(35)}${String(total).padStart(8)}`);
  const extra = [
    ...(parseErrors ? [`${parseErrors} could not be parsed`] : []),
    ...(warnings ? [`${warnings} warning${warnings === 1 ? '' : 's'} from ESLint`] : []),
  ];
  lines.push(`${results.length} ${results.length === 1 ? 'file' : 'files'} scanned in ${(ms / 1000).toFixed(1)}s${extra.map((x) => `, ${x}`).join('')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * ESLint marks problems with inline config comments `fatal` — ESLint 10's error for a legacy
 * `/* eslint-env *\/` comment among them — although the file was parsed and every rule ran.
 * They are shown as warnings: only a file that did not parse is a parse error.
 */
function settle(r: ESLint.LintResult, zeroConfig: boolean): void {
  const messages: Linter.LintMessage[] = [];
  for (const m of r.messages) {
    // Directives in the scanned code name rules this scan does not load (react-hooks/…):
    // those are not findings of a leak scan.
    if (zeroConfig && m.ruleId !== null && !m.ruleId.startsWith('leaks/')) continue;
    if (m.fatal && !isParseError(m)) {
      const warning: Linter.LintMessage = { ...m, severity: 1 };
      delete warning.fatal;
      messages.push(warning);
    } else messages.push(m);
  }
  r.messages = messages;
  r.errorCount = messages.filter((m) => m.severity === 2).length;
  r.fatalErrorCount = messages.filter((m) => m.fatal).length;
  r.warningCount = messages.filter((m) => m.severity === 1).length;
}

export async function run(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let opts: CliOptions | 'help' | 'version';
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`leaks: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (opts === 'help') {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (opts === 'version') {
    io.stdout.write(`${packageInfo.version}\n`);
    return 0;
  }
  const cwd = process.cwd();
  const absolute = opts.paths.map((p) => (isAbsolute(p) ? p : resolve(cwd, p)));
  const missing = opts.paths.filter((_, i) => !existsSync(absolute[i] ?? ''));
  if (missing.length > 0) {
    io.stderr.write(`leaks: no such file or folder: ${missing.join(', ')}\n`);
    return 2;
  }
  if (opts.config && !existsSync(resolve(opts.config))) {
    io.stderr.write(`leaks: config file not found: ${opts.config}\n`);
    return 2;
  }
  const scanRoot = commonDir(absolute);
  const repoRoot = findRepoRoot(scanRoot);
  // ESLint's cwd: the repository root, so that every .gitignore from there down applies.
  const base = opts.config ? dirname(resolve(opts.config)) : (repoRoot ?? scanRoot);
  const started = Date.now();
  let progress: Progress | undefined;
  let results: ESLint.LintResult[];
  try {
    const spec: ScanSpec = {
      root: base,
      cache: opts.cache,
      // ESLint would put it in its cwd (the scanned project): the cache is the user's, in the current folder.
      ...(opts.cache ? { cacheLocation: opts.cacheLocation ?? join(cwd, '.leakscache') } : {}),
      preset: opts.preset,
      rules: opts.rules,
      ignores: scanIgnores({ base, scanRoot, repoRoot, builtIn: !opts.config, skipTests: !opts.tests, patterns: opts.ignorePatterns, cwd }),
      ...(opts.config ? { config: resolve(opts.config) } : {}),
      ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
    };
    let eslint: ESLint;
    // Progress is for people watching a terminal; worker threads cannot report it back.
    const showProgress = !opts.quiet && (io.stderr.isTTY || process.env.LEAKS_PROGRESS === 'always');
    // Built here first even for worker threads: a setup problem (an unsupported TypeScript) is one line.
    const options = eslintOptions(spec);
    if (opts.concurrency === undefined || opts.concurrency === 'off') {
      if (showProgress) {
        progress = new Progress(io.stderr, null);
        const tick = { plugins: { 'leaks-progress': progressPlugin(progress) }, rules: { 'leaks-progress/tick': 'warn' as const } };
        const overrides = options.overrideConfig;
        options.overrideConfig = [...(Array.isArray(overrides) ? overrides : overrides ? [overrides] : []), tick];
      }
      eslint = new ESLint(options);
      if (progress) progress.setTotal(await countLintable(eslint, absolute));
    } else {
      // Worker threads cannot receive the plugin object: they load the options from a module,
      // which rebuilds them from this description.
      const fromModule = (ESLint as { fromOptionsModule?: (url: URL) => Promise<ESLint> }).fromOptionsModule;
      if (!fromModule) throw new Error('--concurrency needs ESLint 9.34 or later');
      process.env[SCAN_SPEC_ENV] = JSON.stringify(spec);
      eslint = await fromModule.call(ESLint, pathToFileURL(join(__dirname, 'scan-options.js')));
    }
    try {
      results = await eslint.lintFiles(absolute);
    } finally {
      progress?.end();
    }
    for (const r of results) settle(r, !opts.config);
  } catch (e) {
    // ESLint's own message names the file, the line and the rule that threw: all of it is needed.
    io.stderr.write(`leaks: ${(e as Error).message}\n`);
    return 2;
  }
  if (results.length === 0) {
    io.stderr.write(`leaks: no JavaScript or TypeScript files found in ${opts.paths.join(', ')}\n`);
    return 0;
  }
  const ms = Date.now() - started;
  const report =
    opts.format === 'json'
      ? `${JSON.stringify(results)}\n`
      : opts.format === 'sarif'
        ? `${JSON.stringify(toSarif(results, repoRoot ?? cwd), null, 2)}\n`
        : stylish(results, cwd);
  if (opts.output) writeFileSync(opts.output, report);
  else io.stdout.write(report);
  if (!opts.quiet && (opts.format === 'stylish' || opts.output)) io.stderr.write(summary(results, ms));
  if (results.every((r) => r.messages.some((m) => isParseError(m)))) {
    io.stderr.write(`leaks: ${results.length === 1 ? 'the file could not be parsed' : `none of the ${results.length} files could be parsed`}, so nothing was checked\n`);
    return 2;
  }
  const findings = results.reduce((n, r) => n + r.messages.filter((m) => !m.fatal && m.ruleId).length, 0);
  return findings > 0 ? 1 : 0;
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`leaks: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
