#!/usr/bin/env node
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import plugin from './index';
import { packageInfo } from './package-info';
import { Progress, countLintable, progressPlugin } from './progress';
import { toSarif } from './sarif';
import { SCAN_SPEC_ENV, type ScanSpec, eslintOptions } from './scan';

export { selectedRules } from './scan';

const HELP = `Usage: leaks [options] [paths...]

Scan files and folders for memory-leak-prone code with the recommended leak rules.
No ESLint config is needed; TS, TSX, JS, JSX, MJS and CJS files are parsed.

Options:
  --format <name>   stylish (default), json (ESLint's JSON) or sarif (SARIF 2.1.0)
  --output <file>   write the report to a file instead of stdout
  --strict          use the strict rule set instead of recommended
  --all             use every rule
  --rule <name>     run only this rule (repeatable), e.g. --rule no-timer-in-loop
  --config <file>   use this ESLint config file instead of the built-in settings
  --cache           cache results between runs (ESLint's --cache)
  --concurrency <n> lint in n worker threads, or auto (ESLint's --concurrency; ESLint 9.34+)
  --quiet           no progress or summary on stderr (progress shows only on a terminal,
                    and not with --concurrency)
  --version         print the version
  --help            print this help

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error.`;

export interface CliOptions {
  paths: string[];
  format: 'stylish' | 'json' | 'sarif';
  output?: string;
  preset: 'recommended' | 'strict' | 'all';
  rules: string[];
  config?: string;
  cache: boolean;
  quiet: boolean;
  concurrency?: number | 'auto' | 'off';
}

class UsageError extends Error {}

function parseArgs(argv: string[]): CliOptions | 'help' | 'version' {
  const opts: CliOptions = { paths: [], format: 'stylish', preset: 'recommended', rules: [], cache: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--help':
      case '-h':
        return 'help';
      case '--version':
      case '-v':
        return 'version';
      case '--format':
      case '-f': {
        const f = value();
        if (f !== 'stylish' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}" (use stylish, json or sarif)`);
        opts.format = f;
        break;
      }
      case '--output':
      case '-o':
        opts.output = value();
        break;
      case '--strict':
        opts.preset = 'strict';
        break;
      case '--all':
        opts.preset = 'all';
        break;
      case '--rule': {
        const r = value().replace(/^leaks\//, '');
        if (!(r in plugin.rules)) throw new UsageError(`unknown rule "${r}" (known: ${Object.keys(plugin.rules).join(', ')})`);
        opts.rules.push(r);
        break;
      }
      case '--config':
      case '-c':
        opts.config = value();
        break;
      case '--cache':
        opts.cache = true;
        break;
      case '--concurrency': {
        const c = value();
        const n = Number(c);
        if (c !== 'auto' && c !== 'off' && !(Number.isInteger(n) && n > 0)) throw new UsageError(`--concurrency takes a positive number, auto or off (got "${c}")`);
        opts.concurrency = c === 'auto' || c === 'off' ? c : n;
        break;
      }
      case '--quiet':
      case '-q':
        opts.quiet = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}" (see leaks --help)`);
        opts.paths.push(arg);
    }
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

function stylish(results: ESLint.LintResult[], cwd: string): string {
  const out: string[] = [];
  for (const r of results) {
    if (r.messages.length === 0) continue;
    const source = r.source ?? (existsSync(r.filePath) ? readFileSync(r.filePath, 'utf8') : undefined);
    out.push(`\n${relative(cwd, r.filePath) || r.filePath}`);
    for (const m of r.messages) {
      const rule = m.fatal ? 'parse error' : (m.ruleId ?? '');
      out.push(`  ${m.line}:${m.column}  ${rule}  ${m.message}`);
      const frame = codeFrame(source, m.line, m.column);
      if (frame) out.push(frame);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

function summary(results: ESLint.LintResult[], ms: number): string {
  const perRule = new Map<string, number>();
  let parseErrors = 0;
  for (const r of results) {
    for (const m of r.messages) {
      if (m.fatal) parseErrors++;
      else if (m.ruleId) perRule.set(m.ruleId, (perRule.get(m.ruleId) ?? 0) + 1);
    }
  }
  const total = [...perRule.values()].reduce((a, b) => a + b, 0);
  const lines = ['', 'rule                               findings'];
  for (const [rule, n] of [...perRule].sort((a, b) => b[1] - a[1])) lines.push(`${rule.padEnd(35)}${String(n).padStart(8)}`);
  lines.push(`${'total'.padEnd(35)}${String(total).padStart(8)}`);
  lines.push(`${results.length} files scanned in ${(ms / 1000).toFixed(1)}s${parseErrors ? `, ${parseErrors} could not be parsed` : ''}`);
  return `${lines.join('\n')}\n`;
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
  const absolute = opts.paths.map((p) => (isAbsolute(p) ? p : resolve(process.cwd(), p)));
  const missing = opts.paths.filter((_, i) => !existsSync(absolute[i] ?? ''));
  if (missing.length > 0) {
    io.stderr.write(`leaks: no such file or folder: ${missing.join(', ')}\n`);
    return 2;
  }
  const root = opts.config ? dirname(resolve(opts.config)) : commonDir(absolute);
  if (opts.config && !existsSync(resolve(opts.config))) {
    io.stderr.write(`leaks: config file not found: ${opts.config}\n`);
    return 2;
  }
  const started = Date.now();
  let progress: Progress | undefined;
  let results: ESLint.LintResult[];
  try {
    const spec: ScanSpec = {
      root,
      cache: opts.cache,
      preset: opts.preset,
      rules: opts.rules,
      ...(opts.config ? { config: resolve(opts.config) } : {}),
      ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
    };
    let eslint: ESLint;
    // Progress is for people watching a terminal; worker threads cannot report it back.
    const showProgress = !opts.quiet && (io.stderr.isTTY || process.env.LEAKS_PROGRESS === 'always');
    if (opts.concurrency === undefined || opts.concurrency === 'off') {
      const options = eslintOptions(spec);
      if (showProgress) {
        progress = new Progress(io.stderr, null);
        const tick = { plugins: { 'leaks-progress': progressPlugin(progress) }, rules: { 'leaks-progress/tick': 'warn' as const } };
        const base = options.overrideConfig;
        options.overrideConfig = [...(Array.isArray(base) ? base : base ? [base] : []), tick];
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
    if (!opts.config) {
      // Directives in the scanned code name rules this scan does not load (react-hooks/…):
      // those are not findings of a leak scan.
      for (const r of results) r.messages = r.messages.filter((m) => m.fatal || m.ruleId?.startsWith('leaks/'));
    }
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
        ? `${JSON.stringify(toSarif(results, root), null, 2)}\n`
        : stylish(results, process.cwd());
  if (opts.output) writeFileSync(opts.output, report);
  else io.stdout.write(report);
  if (!opts.quiet && (opts.format === 'stylish' || opts.output)) io.stderr.write(summary(results, ms));
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
