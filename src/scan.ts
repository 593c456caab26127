import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { includeIgnoreFile } from '@eslint/compat';
import type { ESLint, Linter } from 'eslint';
import { Minimatch, escape } from 'minimatch';
import plugin from './index';

/** What a scan lints, as plain JSON: worker threads rebuild the ESLint options from it. */
export interface ScanSpec {
  /** ESLint's `cwd`: every glob of `ignores` is relative to it. */
  root: string;
  cache: boolean;
  /** Absolute; a trailing separator makes it a folder ESLint names the file in. */
  cacheLocation?: string;
  preset: 'recommended' | 'strict' | 'all';
  rules: string[];
  config?: string;
  concurrency?: number | 'auto' | 'off';
  /** Global ignores, relative to `root`, in order (a later `!glob` un-ignores). */
  ignores: string[];
}

export const SCAN_SPEC_ENV = 'LEAKS_SCAN_SPEC';

/** The problem is with the setup, not the code: one line to the user, exit 2. */
export class ScanSetupError extends Error {}

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];
/** Folders of generated or installed code, relative to the scan root. */
export const DEFAULT_IGNORES = ['**/node_modules/', '**/dist/', '**/build/', '**/coverage/', '**/.next/', '**/.nuxt/', '**/out/', '**/*.min.js', '**/*.d.ts'];

/**
 * What `--no-tests` skips: the files `isTestFile` (src/analysis/lifetime.ts) treats as
 * short-lived by default — test, spec, e2e and fixture folders, `*.test.*`, `*.spec.*`,
 * `*.e2e.*`, stories and benchmarks — as ESLint ignores, so they are not linted at all.
 */
export const TEST_FILE_GLOBS = [
  '**/__tests__/',
  '**/__mocks__/',
  '**/test/',
  '**/tests/',
  '**/spec/',
  '**/e2e/',
  '**/fixture/',
  '**/fixtures/',
  '**/*.{test,spec,e2e,stories,story,bench}.{js,jsx,mjs,cjs,ts,tsx,mts,cts}',
];

/** The nearest folder at or above `start` holding `.git` (a folder, or a worktree's file). */
export function findRepoRoot(start: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** `dir` (absolute) as a glob prefix relative to `base`, with glob characters escaped. */
function globPrefix(base: string, dir: string): string {
  const rel = relative(base, dir);
  return rel === '' ? '' : `${rel.split(sep).map((s) => escape(s)).join('/')}/`;
}

/** A glob relative to a folder, made relative to ESLint's cwd; `!` stays in front. */
export function rebase(pattern: string, prefix: string): string {
  if (prefix === '') return pattern;
  const negated = pattern.startsWith('!');
  const body = (negated ? pattern.slice(1) : pattern).replace(/^\/+/, '');
  return `${negated ? '!' : ''}${prefix}${body}`;
}

/** Whether `rel` (a folder, relative to ESLint's cwd) is ignored by `patterns`, the last match winning. */
function folderIgnored(matchers: readonly { negated: boolean; mm: Minimatch }[], rel: string): boolean {
  let ignored = false;
  for (const { negated, mm } of matchers) {
    if (mm.match(rel) || mm.match(`${rel}/`)) ignored = !negated;
  }
  return ignored;
}

function matchers(patterns: readonly string[]): { negated: boolean; mm: Minimatch }[] {
  return patterns.map((p) => {
    const negated = p.startsWith('!');
    return { negated, mm: new Minimatch(negated ? p.slice(1) : p, { dot: true }) };
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    // ENOTDIR and the like: a path through a file is no file either
    return false;
  }
}

/**
 * The folder holding `info/exclude` for a repository root: `.git` itself, or, where `.git` is
 * a file (a worktree, a submodule), the folder it points to — for a worktree, the main
 * repository's, named by its `commondir`.
 */
function gitCommonDir(repoRoot: string): string | null {
  const dotGit = join(repoRoot, '.git');
  if (!isFile(dotGit)) return dotGit;
  const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
  if (!m?.[1]) return null;
  const gitDir = resolve(repoRoot, m[1]);
  const common = join(gitDir, 'commondir');
  return isFile(common) ? resolve(gitDir, readFileSync(common, 'utf8').trim()) : gitDir;
}

/** One `.gitignore` (or `info/exclude`) file's lines as ESLint globs relative to `base`. */
function ignoreFileGlobs(file: string, base: string, folder: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- its successor in `eslint/config` needs ESLint 9.30+ (basePath); the peer range starts at 9.15
  const { ignores = [] } = includeIgnoreFile(file);
  const prefix = globPrefix(base, folder);
  return ignores.map((p) => rebase(p, prefix));
}

/**
 * The `.gitignore` rules that apply to the files under `scanRoot`, as ESLint globs relative
 * to `base` (the repository root, or the scan root outside a repository): `.git/info/exclude`
 * and the `.gitignore` files of the folders from the repository root down to the scan root,
 * then every nested `.gitignore` under it, each relative to its own folder — the order git
 * reads them in, so a nested `!negation` wins over a parent's rule. Folders that are ignored
 * (and node_modules) are not searched for more `.gitignore` files. When the scan root itself
 * is ignored by the files above it, those are left out: a folder named on the command line
 * is scanned.
 */
export function gitignoreGlobs(base: string, scanRoot: string, repoRoot: string | null): string[] {
  const above: string[] = [];
  if (repoRoot !== null) {
    const gitDir = gitCommonDir(repoRoot);
    const exclude = gitDir === null ? null : join(gitDir, 'info', 'exclude');
    if (exclude !== null && isFile(exclude)) above.push(...ignoreFileGlobs(exclude, base, repoRoot));
    // The folders from the repository root down to the scan root's parent (the walk below reads the scan root's own).
    const chain: string[] = [];
    for (let dir = dirname(scanRoot); scanRoot !== repoRoot; dir = dirname(dir)) {
      chain.unshift(dir);
      if (dir === repoRoot || dirname(dir) === dir) break;
    }
    for (const dir of chain) {
      const file = join(dir, '.gitignore');
      if (isFile(file)) above.push(...ignoreFileGlobs(file, base, dir));
    }
    // The scan root, or a folder between it and the repository root, is ignored: named on the command line.
    const aboveMatchers = matchers(above);
    for (let dir = scanRoot; dir !== repoRoot && dir.startsWith(repoRoot); dir = dirname(dir)) {
      if (folderIgnored(aboveMatchers, relative(base, dir).split(sep).join('/'))) {
        above.length = 0;
        break;
      }
    }
  }
  const globs = [...above];
  const skip = matchers([...DEFAULT_IGNORES.map((p) => rebase(p, globPrefix(base, scanRoot))), ...above]);
  const walk = (dir: string): void => {
    const file = join(dir, '.gitignore');
    if (isFile(file)) {
      const own = ignoreFileGlobs(file, base, dir);
      globs.push(...own);
      skip.push(...matchers(own));
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name === '.git') continue;
      const child = join(dir, entry.name);
      if (folderIgnored(skip, relative(base, child).split(sep).join('/'))) continue;
      walk(child);
    }
  };
  if (statSync(scanRoot, { throwIfNoEntry: false })?.isDirectory()) walk(scanRoot);
  return globs;
}

export interface IgnoreChoices {
  /** ESLint's cwd. */
  base: string;
  /** The folder the scan covers (the common folder of the paths given). */
  scanRoot: string;
  repoRoot: string | null;
  /** The built-in folders and `.gitignore`: only without `--config`. */
  builtIn: boolean;
  /** `--no-tests`. */
  skipTests: boolean;
  /** `--ignore-pattern` globs, relative to `cwd`. */
  patterns: readonly string[];
  /** The user's current folder. */
  cwd: string;
}

/** Every global ignore of a scan, relative to `base`, in the order ESLint applies them. */
export function scanIgnores(c: IgnoreChoices): string[] {
  const scanPrefix = globPrefix(c.base, c.scanRoot);
  const out: string[] = [];
  if (c.builtIn) {
    out.push(...DEFAULT_IGNORES.map((p) => rebase(p, scanPrefix)));
    out.push(...gitignoreGlobs(c.base, c.scanRoot, c.repoRoot));
  }
  if (c.skipTests) out.push(...TEST_FILE_GLOBS.map((p) => rebase(p, scanPrefix)));
  // Like ESLint's --ignore-pattern, relative to the current folder; relative to the scan root
  // when the current folder is outside what ESLint sees (globs cannot climb out of its cwd).
  const fromCwd = relative(c.base, c.cwd);
  const userPrefix = fromCwd.startsWith('..') || isAbsolute(fromCwd) ? scanPrefix : globPrefix(c.base, c.cwd);
  for (const p of c.patterns) {
    const negated = p.startsWith('!');
    const body = negated ? p.slice(1) : p;
    const glob = isAbsolute(body) ? rebase(relative(c.base, body).split(sep).join('/'), '') : rebase(body.replace(/^\.\//, ''), userPrefix);
    out.push(`${negated ? '!' : ''}${glob}`);
  }
  return out;
}

export function selectedRules(spec: Pick<ScanSpec, 'preset' | 'rules'>): Linter.RulesRecord {
  if (spec.rules.length > 0) return Object.fromEntries(spec.rules.map((r) => [`leaks/${r}`, 'error']));
  return plugin.configs[spec.preset].rules;
}

const requireHere = createRequire(__filename);

/** The `package.json` at or above a resolved file, with the given package name. */
interface FoundPackage {
  version: string;
  dir: string;
  peerDependencies: Record<string, string>;
}

function packageJsonOf(file: string, name: string): FoundPackage | null {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string; peerDependencies?: Record<string, string> };
    if (json.name === name) return { version: json.version ?? '0.0.0', dir, peerDependencies: json.peerDependencies ?? {} };
  }
  return null;
}

/** The `typescript` package the parser would load: resolved from typescript-estree, as it does. */
export function installedTypeScript(): FoundPackage | null {
  let estree: string;
  try {
    estree = createRequire(requireHere.resolve('@typescript-eslint/parser')).resolve('@typescript-eslint/typescript-estree');
  } catch {
    return null;
  }
  const fromEstree = createRequire(estree);
  for (const id of ['typescript/package.json', 'typescript']) {
    try {
      const found = packageJsonOf(fromEstree.resolve(id), 'typescript');
      if (found) return found;
    } catch {
      // not resolvable this way; try the next
    }
  }
  return null;
}

/** Without TypeScript, JavaScript files are still scanned; each TypeScript file says why it is not. */
const withoutTypeScript: Linter.Parser = {
  meta: { name: 'leaks/no-typescript' },
  parse() {
    throw Object.assign(new Error('TypeScript is not installed, so TypeScript files cannot be parsed (npm install --save-dev typescript)'), { lineNumber: 1, column: 1 });
  },
};

/**
 * `@typescript-eslint/parser`, loaded only for a zero-config scan, after checking the
 * TypeScript it would load: TypeScript 7 has no API the parser can use (it logs a banner
 * and throws while being loaded), which would reach the user as a stack trace.
 */
export function typescriptParser(): Linter.Parser {
  const ts = installedTypeScript();
  if (!ts) return withoutTypeScript;
  const parserPkg = packageJsonOf(requireHere.resolve('@typescript-eslint/parser'), '@typescript-eslint/parser');
  const supported = parserPkg?.peerDependencies.typescript ?? '';
  const where = relative(process.cwd(), ts.dir) || ts.dir;
  if (Number(ts.version.split('.')[0]) >= 7) {
    throw new ScanSetupError(
      `TypeScript ${ts.version} (${where}) is not supported by @typescript-eslint/parser ${parserPkg?.version ?? ''}, which parses the TypeScript files${supported ? ` (it supports typescript ${supported})` : ''}: install typescript@6 or older for it, or run with --config and your own parser setup`,
    );
  }
  try {
    // Loaded only once the TypeScript it loads is known to work.
    return requireHere('@typescript-eslint/parser') as Linter.Parser;
  } catch (e) {
    throw new ScanSetupError(`@typescript-eslint/parser cannot load TypeScript ${ts.version} (${where}): ${((e as Error).message.split('\n')[0] ?? '').trim()}`);
  }
}

/** A message that means the file was not linted at all: ESLint's parse (or preprocess) failure. */
export function isParseError(m: Linter.LintMessage): boolean {
  return m.fatal === true && /^(?:Parsing|Preprocessing) error\b/.test(m.message);
}

/** The ESLint options of a scan: the project's config, or the built-in zero-config setup. */
export function eslintOptions(spec: ScanSpec): ESLint.Options {
  const common: ESLint.Options = {
    cwd: spec.root,
    errorOnUnmatchedPattern: false,
    // A file named on the command line (a pre-commit hook's staged files) that is ignored is skipped in silence.
    warnIgnored: false,
    cache: spec.cache,
    ...(spec.cacheLocation ? { cacheLocation: spec.cacheLocation } : {}),
    ...(spec.concurrency !== undefined ? { concurrency: spec.concurrency } : {}),
  };
  if (spec.config) {
    return { ...common, overrideConfigFile: spec.config, ...(spec.ignores.length > 0 ? { overrideConfig: [{ ignores: spec.ignores }] } : {}) };
  }
  return {
    ...common,
    overrideConfigFile: true,
    overrideConfig: [
      { ignores: spec.ignores },
      {
        files: [...TS_FILES, ...JS_FILES],
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        plugins: { leaks: plugin },
        rules: selectedRules(spec),
      },
      // JavaScript: espree, ESLint's own parser. JSX is on for .js as well as .jsx: React
      // projects put JSX in .js files, and a zero-config scan must not call them broken.
      {
        files: ['**/*.js', '**/*.jsx'],
        languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
      },
      { files: ['**/*.mjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
      { files: ['**/*.cjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },
      // TypeScript: the file's extension tells the parser whether JSX is allowed (.tsx) or not.
      { files: TS_FILES, languageOptions: { parser: typescriptParser(), sourceType: 'module' } },
    ],
  };
}
