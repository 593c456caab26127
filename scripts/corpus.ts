import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
// The built plugin, as users run it (a TS loader's helpers would distort the timings).
import plugin from '../dist/src/index';
import { ROOT } from './docs-lib';

/**
 * `npm run corpus`: lint the dev corpus (real third-party code, ../shared/corpus) with
 * `configs.all` and write a report a person reads and diffs between versions.
 *   LEAKS_CORPUS_DIR   where the corpus lives (default ~/.cache/eslint-plugin-leaks/corpus)
 *   --rule NAME        only this rule; --out DIR   report folder (default corpus-report/)
 */
export const CORPUS_DIR = process.env.LEAKS_CORPUS_DIR ?? join(homedir(), '.cache', 'eslint-plugin-leaks', 'corpus');
const SCRIPT = process.env.LEAKS_CORPUS_SCRIPT ?? join(ROOT, '..', 'shared', 'corpus', 'corpus.sh');

/** The package lists of the script's parts, as it writes them into `SPEC.sha256`. */
function partBlocks(): Record<Part, string> {
  const script = existsSync(SCRIPT) ? readFileSync(SCRIPT, 'utf8') : '';
  const block = (part: Part): string => new RegExp(`^${part.toUpperCase()}=\\$\\(cat <<'EOF'\\n([\\s\\S]*?)\\nEOF$`, 'm').exec(script)?.[1] ?? '';
  return { libs: block('libs'), apps: block('apps') };
}

/** The hash corpus.sh records for a full build (both parts, typescript.js included). */
export function expectedSpecHash(): string {
  const blocks = partBlocks();
  const spec = `${blocks.libs}\n${blocks.apps}\n`.split('\n').filter((l) => l !== '').join('\n');
  return createHash('sha256').update(`${spec}\n`).digest('hex');
}

/** Build the corpus when it is missing or was built from another package list. */
export function ensureCorpus(): void {
  const specFile = join(CORPUS_DIR, 'SPEC.sha256');
  const built = existsSync(specFile) ? readFileSync(specFile, 'utf8').trim() : null;
  if (existsSync(join(CORPUS_DIR, 'MANIFEST.tsv')) && built === expectedSpecHash()) return;
  if (!existsSync(SCRIPT)) throw new Error(`corpus script not found at ${SCRIPT} (set LEAKS_CORPUS_SCRIPT)`);
  console.error(built === null ? `building the corpus in ${CORPUS_DIR}` : `the corpus in ${CORPUS_DIR} was built from another package list: rebuilding`);
  mkdirSync(CORPUS_DIR, { recursive: true });
  execFileSync('bash', [SCRIPT, CORPUS_DIR], { stdio: 'inherit', env: { ...process.env, PARTS: 'libs apps', SKIP_STRESS: '0' } });
}

/**
 * The corpus's parts, read from the script that builds it (one source of truth): `libs` are
 * popular libraries, `apps` long-running server and client code with a triage ledger.
 */
export type Part = 'libs' | 'apps';
let packageParts: Map<string, Part> | undefined;
export function partOf(pkg: string): Part {
  if (!packageParts) {
    packageParts = new Map();
    for (const [part, block] of Object.entries(partBlocks()) as [Part, string][]) {
      for (const line of block.split('\n')) {
        const spec = line.split('\t')[0] ?? '';
        const name = spec.slice(0, spec.lastIndexOf('@'));
        if (name) packageParts.set(name.replace(/\//g, '__'), part);
      }
    }
  }
  return packageParts.get(pkg) ?? 'libs';
}

export interface CorpusFile {
  pkg: string;
  part: Part;
  path: string;
  rel: string;
  text: string;
  lines: number;
}

export function corpusFiles(): CorpusFile[] {
  const base = join(CORPUS_DIR, 'files');
  const out: CorpusFile[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(name) && !/\.d\.[cm]?ts$/.test(name)) {
        const text = readFileSync(p, 'utf8');
        const rel = relative(base, p);
        const pkg = rel.split('/')[0] ?? '';
        out.push({ pkg, part: partOf(pkg), path: p, rel, text, lines: text.split('\n').length });
      }
    }
  };
  walk(base);
  return out;
}

/** Files a user's flat config lints with each parser: espree (ESLint's default) for JavaScript. */
export const JS_FILES = ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.jsx'];
export const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

/**
 * The flat config a user would write: JavaScript through espree (`ecmaVersion: 'latest'`,
 * as ESLint's defaults), TypeScript through `@typescript-eslint/parser`. Which block applies
 * is decided by the file name, exactly as ESLint decides it.
 */
export function configFor(rules: Linter.RulesRecord, sourceType: 'module' | 'commonjs', inlineConfig = true): Linter.Config[] {
  // The corpus's own `/* eslint … */` comments would switch on core rules in a benchmark.
  const linterOptions = { reportUnusedDisableDirectives: 'off' as const, noInlineConfig: !inlineConfig };
  return [
    { files: JS_FILES, languageOptions: { ecmaVersion: 'latest', sourceType }, linterOptions, plugins: { leaks: plugin }, rules },
    { files: TS_FILES, languageOptions: { parser: tsParser, sourceType }, linterOptions, plugins: { leaks: plugin }, rules },
  ];
}

/** Lint one file; CommonJS files that fail as modules get a second try as scripts. */
export function lintFile(linter: Linter, f: CorpusFile, rules: Linter.RulesRecord): Linter.LintMessage[] {
  const first = linter.verify(f.text, configFor(rules, 'module'), f.path);
  if (first.some((m) => m.fatal)) {
    const second = linter.verify(f.text, configFor(rules, 'commonjs'), f.path);
    if (!second.some((m) => m.fatal)) return second;
  }
  return first;
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.includes('--rule') ? args[args.indexOf('--rule') + 1] : undefined;
  const outDir = args.includes('--out') ? (args[args.indexOf('--out') + 1] ?? 'corpus-report') : join(ROOT, 'corpus-report');
  ensureCorpus();
  const files = corpusFiles();
  const rules: Linter.RulesRecord = only ? { [`leaks/${only}`]: 'error' } : plugin.configs.all.rules;
  const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
  const findings: { package: string; file: string; line: number; column: number; rule: string; message: string; code: string }[] = [];
  const parseErrors: { file: string; message: string }[] = [];
  const exceptions: { file: string; rule: string; error: string }[] = [];
  const started = Date.now();
  for (const f of files) {
    let messages: Linter.LintMessage[];
    try {
      messages = lintFile(linter, f, rules);
    } catch {
      // Find which rule threw, one at a time, so the report names it.
      for (const rule of Object.keys(rules)) {
        try {
          lintFile(linter, f, { [rule]: 'error' });
        } catch (err) {
          exceptions.push({ file: f.rel, rule, error: String((err as Error).stack ?? err).split('\n').slice(0, 4).join(' | ') });
        }
      }
      continue;
    }
    for (const m of messages) {
      if (m.fatal || !m.ruleId) parseErrors.push({ file: f.rel, message: m.message });
      // The corpus's own directives name rules that are not loaded here: not findings.
      else if (m.ruleId.startsWith('leaks/')) {
        findings.push({
          package: f.pkg, file: f.rel, line: m.line, column: m.column, rule: m.ruleId, message: m.message,
          code: (f.text.split('\n')[m.line - 1] ?? '').trim().slice(0, 200),
        });
      }
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const totalLines = files.reduce((n, f) => n + f.lines, 0);
  const byRule = new Map<string, number>();
  const byPackage = new Map<string, { files: number; lines: number; findings: number }>();
  for (const f of files) {
    const p = byPackage.get(f.pkg) ?? { files: 0, lines: 0, findings: 0 };
    p.files++;
    p.lines += f.lines;
    byPackage.set(f.pkg, p);
  }
  for (const x of findings) {
    byRule.set(x.rule, (byRule.get(x.rule) ?? 0) + 1);
    const p = byPackage.get(x.package);
    if (p) p.findings++;
  }
  const per10k = (n: number, lines: number): string => ((n * 10_000) / Math.max(1, lines)).toFixed(2);
  const lines = [
    `# Corpus report`,
    '',
    `${files.length} files, ${totalLines} lines, ${findings.length} findings (${per10k(findings.length, totalLines)} per 10k lines), ${parseErrors.length} parse errors, ${exceptions.length} rule exceptions; ${seconds.toFixed(1)}s`,
    '',
    '| rule | findings | per 10k lines |',
    '| --- | ---: | ---: |',
    ...Object.keys(rules).map((r) => `| ${r} | ${byRule.get(r) ?? 0} | ${per10k(byRule.get(r) ?? 0, totalLines)} |`),
    '',
    '| package | files | lines | findings | per 10k lines |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...[...byPackage].map(([p, s]) => `| ${p} | ${s.files} | ${s.lines} | ${s.findings} | ${per10k(s.findings, s.lines)} |`),
    '',
    ...(parseErrors.length ? ['## Parse errors', '', ...parseErrors.map((e) => `- ${e.file}: ${e.message}`), ''] : []),
    ...(exceptions.length ? ['## Rule exceptions', '', ...exceptions.map((e) => `- ${e.rule} on ${e.file}: ${e.error}`), ''] : []),
    '## Findings',
    '',
    ...findings.map((x) => `- ${x.file}:${x.line}:${x.column} ${x.rule}\n  \`${x.code}\`\n  ${x.message}`),
  ];
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'report.md'), `${lines.join('\n')}\n`);
  writeFileSync(join(outDir, 'findings.json'), `${JSON.stringify(findings, null, 2)}\n`);
  console.log(lines.slice(0, 10 + Object.keys(rules).length + byPackage.size).join('\n'));
  console.log(`\nfull report: ${relative(process.cwd(), join(outDir, 'report.md'))}, findings: ${relative(process.cwd(), join(outDir, 'findings.json'))}`);
  if (exceptions.length > 0) process.exitCode = 1;
}

if (require.main === module) main();
