import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Linter, type ESLint, type Rule } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';

/**
 * `npm run crash-sweep`: lint every JavaScript/TypeScript file under a directory (default the
 * project's own node_modules) with every rule on, under espree (ESLint's default parser, for
 * .js/.mjs/.cjs) and under @typescript-eslint/parser (for every file, declarations included),
 * and report every exception a rule throws. Parse errors are counted, not failures.
 *   --parser espree|ts|both   (default both)      --root DIR   (default ./node_modules)
 *   --sample N                the deterministic sample the test lints (see sampleFiles)
 *   --per-package N           the sample's cap per package (default SAMPLE_PER_PACKAGE)
 *   --json FILE               write the full result as JSON
 * Exit code 1 when any rule threw.
 */

export const ROOT = join(__dirname, '..');
export const DEFAULT_ROOT = join(ROOT, 'node_modules');

export type ParserName = 'espree' | 'ts';
export const PARSERS: readonly ParserName[] = ['espree', 'ts'];
const JS_EXTENSIONS = ['.js', '.mjs', '.cjs'];
/** The extensions each parser lints (espree cannot read TypeScript). */
export const EXTENSIONS: Record<ParserName, readonly string[]> = {
  espree: JS_EXTENSIONS,
  ts: [...JS_EXTENSIONS, '.ts', '.tsx', '.mts', '.cts'],
};
/** Files larger than this, or minified (average line longer than MAX_AVERAGE_LINE), are skipped. */
export const MAX_BYTES = 2 * 1024 * 1024;
export const MAX_AVERAGE_LINE = 300;
/** Directories never walked: tool caches (node_modules/.cache) are no package's code. */
const NEVER_WALK = new Set(['.cache', '.git']);

export interface SweepFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the root, with `/`. */
  rel: string;
  /** The package directory relative to the root, e.g. `@scope/name` or `a/node_modules/b`. */
  pkg: string;
  bytes: number;
  lines: number;
}

export interface SkippedFile {
  rel: string;
  reason: 'larger than 2 MB' | 'minified';
  bytes: number;
}

export interface Corpus {
  root: string;
  files: SweepFile[];
  skipped: SkippedFile[];
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot);
}

const ALL_EXTENSIONS = new Set(EXTENSIONS.ts);

/** The package a file belongs to: the path up to the last `node_modules/<name>` (or `@scope/name`). */
export function packageOf(rel: string): string {
  const parts = rel.split('/');
  let start = 0;
  for (let i = 0; i < parts.length - 1; i++) if (parts[i] === 'node_modules') start = i + 1;
  const length = parts[start]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, Math.min(start + length, parts.length - 1)).join('/') || '.';
}

/**
 * Every JS/TS file under `root`, in sorted (code unit) order, following no symlinks and never
 * entering `.cache` or `.git`. Large and minified files are listed as skipped.
 */
export function listFiles(root: string): Corpus {
  const files: SweepFile[] = [];
  const skipped: SkippedFile[] = [];
  const walk = (dir: string, relDir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      // Dirent types come from lstat: a symlink is neither a directory nor a file here.
      if (entry.isDirectory()) {
        if (!NEVER_WALK.has(entry.name)) walk(path, rel);
      } else if (entry.isFile() && ALL_EXTENSIONS.has(extensionOf(entry.name))) {
        const { size } = statSync(path);
        if (size > MAX_BYTES) {
          skipped.push({ rel, reason: 'larger than 2 MB', bytes: size });
          continue;
        }
        const text = readFileSync(path, 'utf8');
        const lines = countLines(text);
        if (size / lines > MAX_AVERAGE_LINE) {
          skipped.push({ rel, reason: 'minified', bytes: size });
          continue;
        }
        files.push({ path, rel, pkg: packageOf(rel), bytes: size, lines });
      }
    }
  };
  walk(root, '');
  return { root, files, skipped };
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The files one parser lints. */
export function filesFor(files: readonly SweepFile[], parser: ParserName): SweepFile[] {
  const extensions = new Set(EXTENSIONS[parser]);
  return files.filter((f) => extensions.has(extensionOf(f.rel)));
}

export const SAMPLE_PER_PACKAGE = 40;

interface PackageIdentity {
  /** `name@version` from the package's package.json (the package dir when it has none). */
  id: string;
  /** Installed only on some platforms (`os`/`cpu` in package.json): never sampled. */
  platformSpecific: boolean;
}

function packageIdentity(root: string, pkg: string): PackageIdentity {
  try {
    const json = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown; os?: unknown; cpu?: unknown };
    const id = typeof json.name === 'string' && typeof json.version === 'string' ? `${json.name}@${json.version}` : pkg;
    return { id, platformSpecific: json.os !== undefined || json.cpu !== undefined };
  } catch {
    return { id: pkg, platformSpecific: false };
  }
}

/**
 * A deterministic sample: each file is keyed by a hash of `name@version/<path inside the
 * package>` (so npm's hoisting and the install location do not matter, only the lockfile),
 * each package keeps its `perPackage` lowest keys, and the `size` lowest keys overall win.
 * Platform-specific packages are left out so that every machine draws the same sample.
 * Returned in path order.
 */
export function sampleFiles(corpus: Corpus, size: number, perPackage = SAMPLE_PER_PACKAGE): SweepFile[] {
  const identities = new Map<string, PackageIdentity>();
  const byPackage = new Map<string, { key: string; file: SweepFile }[]>();
  for (const file of corpus.files) {
    let identity = identities.get(file.pkg);
    if (!identity) {
      identity = packageIdentity(corpus.root, file.pkg);
      identities.set(file.pkg, identity);
    }
    if (identity.platformSpecific) continue;
    const inside = file.pkg === '.' ? file.rel : file.rel.slice(file.pkg.length + 1);
    const key = createHash('sha256').update(`${identity.id}/${inside}`).digest('hex');
    const list = byPackage.get(file.pkg) ?? [];
    list.push({ key, file });
    byPackage.set(file.pkg, list);
  }
  const byKey = (a: { key: string; file: SweepFile }, b: { key: string; file: SweepFile }): number =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.file.rel < b.file.rel ? -1 : a.file.rel > b.file.rel ? 1 : 0;
  const capped = [...byPackage.values()].flatMap((list) => list.sort(byKey).slice(0, perPackage));
  return capped
    .sort(byKey)
    .slice(0, size)
    .map((x) => x.file)
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

export interface RuleException {
  parser: ParserName;
  file: string;
  rule: string;
  /** The error's message without ESLint's "Occurred while linting" suffix. */
  message: string;
  /** The first stack frame inside the plugin (dist/, src/ or rules/), relative to the project. */
  frame: string;
  /** The first three stack frames. */
  stack: string[];
}

export interface ParserResult {
  parser: ParserName;
  files: number;
  lines: number;
  bytes: number;
  ms: number;
  /** Files that parsed only as CommonJS scripts. */
  commonjs: number;
  parseErrors: { file: string; message: string }[];
  /** Reports per rule: a sign the rules did run (not a test of them). */
  findings: Record<string, number>;
  exceptions: RuleException[];
  slowest: { file: string; ms: number }[];
}

export interface SweepOptions {
  plugin: ESLint.Plugin;
  /** Rule entries keyed `leaks/<name>` (e.g. `plugin.configs.all.rules`). */
  rules: Linter.RulesRecord;
  /** The directory the files' paths are resolved from (the corpus root). */
  cwd: string;
  onFile?: (index: number, total: number, file: SweepFile) => void;
}

type SourceType = 'module' | 'commonjs';

/** A harness rule that records that rules did run on a file (the config applied to it). */
function sentinel(): { plugin: ESLint.Plugin; ran: () => boolean; reset: () => void } {
  let ran = false;
  const rule: Rule.RuleModule = {
    meta: { type: 'problem', schema: [] },
    create: () => ({
      Program() {
        ran = true;
      },
    }),
  };
  return {
    plugin: { rules: { ran: rule } },
    ran: () => ran,
    reset: () => {
      ran = false;
    },
  };
}

function configFor(parser: ParserName, sourceType: SourceType, options: SweepOptions, check: ESLint.Plugin, rules: Linter.RulesRecord): Linter.Config[] {
  return [
    // ESLint ignores node_modules by default, and the linted files are all in it.
    { ignores: ['!**/node_modules/'] },
    {
      files: EXTENSIONS[parser].map((e) => `**/*${e}`),
      languageOptions: parser === 'ts' ? { parser: tsParser, ecmaVersion: 'latest', sourceType } : { ecmaVersion: 'latest', sourceType },
      // The packages' own eslint comments must not matter.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      plugins: { leaks: options.plugin, sweep: check },
      rules: { ...rules, 'sweep/ran': 'error' },
    },
  ];
}

function frameOf(line: string): string {
  return line
    .trim()
    .replace(/^at /, '')
    .replace(/file:\/\//g, '')
    .split(`${ROOT}/`)
    .join('');
}

const PLUGIN_DIRS = ['dist', 'src', 'rules'].map((d) => `${join(ROOT, d)}/`);

function describeError(err: unknown): { message: string; frame: string; stack: string[] } {
  const message = (err instanceof Error ? err.message : String(err)).split('\nOccurred while linting')[0] ?? '';
  const frames = (err instanceof Error ? (err.stack ?? '') : '').split('\n').filter((l) => /^\s+at /.test(l));
  const inPlugin = frames.find((l) => PLUGIN_DIRS.some((d) => l.includes(d)));
  return { message, frame: inPlugin ? frameOf(inPlugin) : '(no frame inside the plugin)', stack: frames.slice(0, 3).map(frameOf) };
}

/** Lint all `files` with one parser and every rule in `options.rules`; never throws for a rule. */
export function sweep(files: readonly SweepFile[], parser: ParserName, options: SweepOptions): ParserResult {
  const linter = new Linter({ configType: 'flat', cwd: options.cwd });
  const check = sentinel();
  const configs = new Map<string, Linter.Config[]>();
  const configOf = (sourceType: SourceType, rules: Linter.RulesRecord, key: string): Linter.Config[] => {
    const k = `${sourceType} ${key}`;
    let config = configs.get(k);
    if (!config) {
      config = configFor(parser, sourceType, options, check.plugin, rules);
      configs.set(k, config);
    }
    return config;
  };
  // Module first; a file whose module parse is fatal gets a second try as a CommonJS script.
  const lint = (file: SweepFile, text: string, rules: Linter.RulesRecord, key: string): { messages: Linter.LintMessage[]; sourceType: SourceType } => {
    check.reset();
    const first = linter.verify(text, configOf('module', rules, key), file.path);
    let result = { messages: first, sourceType: 'module' as SourceType };
    if (first.some((m) => m.fatal)) {
      check.reset();
      const second = linter.verify(text, configOf('commonjs', rules, key), file.path);
      if (!second.some((m) => m.fatal)) result = { messages: second, sourceType: 'commonjs' };
    }
    if (!result.messages.some((m) => m.fatal) && !check.ran()) {
      throw new Error(`crash-sweep: the config did not apply to ${file.rel}, no rule ran (${result.messages[0]?.message ?? 'no message'})`);
    }
    return result;
  };

  const result: ParserResult = { parser, files: files.length, lines: 0, bytes: 0, ms: 0, commonjs: 0, parseErrors: [], findings: {}, exceptions: [], slowest: [] };
  const started = performance.now();
  files.forEach((file, index) => {
    options.onFile?.(index, files.length, file);
    const text = readFileSync(file.path, 'utf8');
    result.lines += file.lines;
    result.bytes += file.bytes;
    const t0 = performance.now();
    try {
      const { messages, sourceType } = lint(file, text, options.rules, 'all');
      const fatal = messages.find((m) => m.fatal);
      if (fatal) result.parseErrors.push({ file: file.rel, message: `${fatal.line}:${fatal.column} ${fatal.message}` });
      else if (sourceType === 'commonjs') result.commonjs++;
      for (const m of messages) {
        if (m.ruleId?.startsWith('leaks/')) result.findings[m.ruleId] = (result.findings[m.ruleId] ?? 0) + 1;
      }
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('crash-sweep:')) throw err;
      // Find which rule threw: every rule alone (a file may break more than one).
      const found: RuleException[] = [];
      for (const rule of Object.keys(options.rules)) {
        try {
          lint(file, text, { [rule]: options.rules[rule] ?? 'error' }, rule);
        } catch (alone) {
          found.push({ parser, file: file.rel, rule, ...describeError(alone) });
        }
      }
      if (found.length === 0) {
        // Only with the rules together (shared analysis): ESLint names the rule it was running.
        const ruleId = (err as { ruleId?: unknown }).ruleId;
        const rule = typeof ruleId === 'string' ? `${ruleId} (only with all rules on)` : '(unknown: only with all rules on)';
        found.push({ parser, file: file.rel, rule, ...describeError(err) });
      }
      result.exceptions.push(...found);
    }
    const ms = performance.now() - t0;
    if (result.slowest.length < 5 || ms > (result.slowest.at(-1)?.ms ?? 0)) {
      result.slowest.push({ file: file.rel, ms: Math.round(ms) });
      result.slowest.sort((a, b) => b.ms - a.ms);
      result.slowest.length = Math.min(result.slowest.length, 5);
    }
  });
  result.ms = Math.round(performance.now() - started);
  return result;
}

export interface ExceptionGroup {
  parser: ParserName;
  rule: string;
  message: string;
  frame: string;
  stack: string[];
  files: number;
  example: string;
}

/** Exceptions grouped by (parser, rule, message, top plugin frame). */
export function groupExceptions(exceptions: readonly RuleException[]): ExceptionGroup[] {
  const groups = new Map<string, ExceptionGroup>();
  for (const e of exceptions) {
    const key = JSON.stringify([e.parser, e.rule, e.message, e.frame]);
    const group = groups.get(key);
    if (group) group.files++;
    else groups.set(key, { parser: e.parser, rule: e.rule, message: e.message, frame: e.frame, stack: e.stack, files: 1, example: e.file });
  }
  return [...groups.values()];
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatResult(r: ParserResult): string {
  const out = [
    `${r.parser}: ${r.files} files, ${r.lines} lines (${formatBytes(r.bytes)}), ${(r.ms / 1000).toFixed(1)}s; ` +
      `${r.parseErrors.length} parse errors, ${r.commonjs} parsed only as CommonJS; ${r.exceptions.length} rule exceptions`,
  ];
  out.push(`  findings: ${Object.entries(r.findings).map(([rule, n]) => `${rule} ${n}`).join(', ') || 'none'}`);
  for (const p of r.parseErrors.slice(0, 5)) out.push(`  parse error: ${p.file} ${p.message}`);
  if (r.parseErrors.length > 5) out.push(`  … ${r.parseErrors.length - 5} more parse errors (see --json)`);
  out.push(`  slowest: ${r.slowest.map((s) => `${s.file} ${s.ms}ms`).join(', ')}`);
  for (const g of groupExceptions(r.exceptions)) {
    out.push(`  EXCEPTION ${g.rule}: ${g.message}`);
    out.push(`    at ${g.frame}`);
    out.push(`    stack: ${g.stack.join(' < ')}`);
    out.push(`    ${g.files} file${g.files === 1 ? '' : 's'}, e.g. ${g.example}`);
  }
  return out.join('\n');
}

const USAGE = 'usage: crash-sweep [--parser espree|ts|both] [--root DIR] [--sample N [--per-package N]] [--json FILE]';

class UsageError extends Error {}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        parser: { type: 'string', default: 'both' },
        root: { type: 'string', default: DEFAULT_ROOT },
        sample: { type: 'string' },
        'per-package': { type: 'string', default: String(SAMPLE_PER_PACKAGE) },
        json: { type: 'string' },
      },
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values } = parsed;
  const parsers = values.parser === 'both' ? PARSERS : PARSERS.filter((p) => p === values.parser);
  if (parsers.length === 0) throw new UsageError(`--parser must be espree, ts or both (got ${values.parser})`);
  const positive = (flag: string, value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive integer (got ${value})`);
    return n;
  };
  // The built plugin, as users run it.
  const { default: plugin } = await import('../dist/src/index.js');
  const root = resolve(values.root);
  const corpus = listFiles(root);
  const files = values.sample === undefined ? corpus.files : sampleFiles(corpus, positive('--sample', values.sample), positive('--per-package', values['per-package']));
  const packages = new Set(files.map((f) => f.pkg)).size;
  const large = corpus.skipped.filter((s) => s.reason === 'larger than 2 MB').length;
  console.log(
    `crash-sweep: ${root}: ${files.length} files from ${packages} packages${values.sample === undefined ? '' : ` (sample of ${corpus.files.length})`}; ` +
      `skipped ${corpus.skipped.length} (${large} larger than 2 MB, ${corpus.skipped.length - large} minified); rules: ${Object.keys(plugin.configs.all.rules).join(', ')}`,
  );
  const shown = corpus.skipped.filter((s) => s.reason === 'larger than 2 MB').concat(corpus.skipped.filter((s) => s.reason === 'minified').slice(0, 5));
  for (const s of shown) console.log(`  skipped (${s.reason}, ${formatBytes(s.bytes)}): ${s.rel}`);
  if (shown.length < corpus.skipped.length) console.log(`  … ${corpus.skipped.length - shown.length} more skipped (see --json)`);

  const progress = process.stderr.isTTY && !process.env.CI;
  let last = 0;
  const results: ParserResult[] = [];
  for (const parser of parsers) {
    const result = sweep(filesFor(files, parser), parser, {
      plugin,
      rules: plugin.configs.all.rules,
      cwd: root,
      onFile: progress
        ? (index, total, file) => {
            const now = Date.now();
            if (now - last < 200) return;
            last = now;
            const line = `${parser}: ${index}/${total} ${file.rel}`;
            process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 100) - 1)}`);
          }
        : undefined,
    });
    if (progress) process.stderr.write('\r\x1b[K');
    results.push(result);
    console.log(formatResult(result));
  }
  const exceptions = results.flatMap((r) => r.exceptions);
  if (values.json !== undefined) {
    writeFileSync(values.json, `${JSON.stringify({ root, sample: values.sample ?? null, skipped: corpus.skipped, groups: groupExceptions(exceptions), results }, null, 2)}\n`);
  }
  console.log(exceptions.length === 0 ? 'crash-sweep: no rule threw' : `crash-sweep: ${exceptions.length} rule exceptions in ${groupExceptions(exceptions).length} groups`);
  if (exceptions.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof UsageError ? `crash-sweep: ${err.message}\n${USAGE}` : err);
    process.exitCode = 2;
  });
}
