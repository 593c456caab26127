import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
// The built plugin, as users run it (a TS loader's helpers would distort the timings).
import plugin from '../dist/src/index';
import { ROOT } from './docs-lib';
import { type Finding, LINE_SLACK, type LedgerRow, type RuleTally, emptyTally, matchLedger, parseLedger, precision, tally } from './ledger';

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

const SHARED_LEDGER = join(ROOT, '..', 'shared', 'corpus', 'verdicts.tsv');
/** The project's own verdicts on reports the shared ledger does not judge. */
export const OWN_LEDGER = join(ROOT, 'scripts', 'corpus-verdicts.tsv');

export function loadLedger(): LedgerRow[] {
  const rows: LedgerRow[] = [];
  for (const file of [SHARED_LEDGER, OWN_LEDGER]) {
    if (existsSync(file)) rows.push(...parseLedger(readFileSync(file, 'utf8'), relative(ROOT, file)));
  }
  return rows;
}

interface CorpusFinding extends Finding {
  part: Part;
  package: string;
  code: string;
}

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(0)}%`);

/** The ledger table of one part: what is still reported, what was lost, what nobody judged yet. */
function ledgerTable(part: Part, tallies: Map<string, RuleTally>, ruleNames: readonly string[]): string[] {
  const row = (name: string, t: RuleTally): string =>
    `| ${name} | ${t.reports} | ${t.judged} | ${t.tp} | ${t.noise['OWNER-LIFE']} | ${t.noise.BOUNDED} | ${t.noise.FP} | ${t.unjudged} | ${t.tpLost} | ${t.noiseGone} | ${pct(precision(t))} |`;
  return [
    `### ${part}`,
    '',
    '| rule | reports | judged | TP | OWNER-LIFE | BOUNDED | FP | unjudged | TP lost | noise gone | precision |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...ruleNames.map((r) => row(r, tallies.get(r) ?? emptyTally())),
    row('**all**', tallies.get('all') ?? emptyTally()),
    '',
  ];
}

function main(): void {
  const { values } = parseArgs({ options: { rule: { type: 'string' }, out: { type: 'string' } } });
  const only = values.rule;
  const outDir = values.out ?? join(ROOT, 'corpus-report');
  ensureCorpus();
  const files = corpusFiles();
  const rules: Linter.RulesRecord = only ? { [`leaks/${only}`]: 'error' } : plugin.configs.all.rules;
  const ruleNames = Object.keys(rules).map((r) => r.replace(/^leaks\//, ''));
  const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
  const findings: CorpusFinding[] = [];
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
          part: f.part, package: f.pkg, path: f.rel, line: m.line, column: m.column, rule: m.ruleId.slice('leaks/'.length), message: m.message,
          code: (f.text.split('\n')[m.line - 1] ?? '').trim().slice(0, 200),
        });
      }
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const totalLines = files.reduce((n, f) => n + f.lines, 0);
  const byRule = new Map<string, number>();
  const byPackage = new Map<string, { part: Part; files: number; lines: number; findings: number }>();
  for (const f of files) {
    const p = byPackage.get(f.pkg) ?? { part: f.part, files: 0, lines: 0, findings: 0 };
    p.files++;
    p.lines += f.lines;
    byPackage.set(f.pkg, p);
  }
  for (const x of findings) {
    byRule.set(x.rule, (byRule.get(x.rule) ?? 0) + 1);
    const p = byPackage.get(x.package);
    if (p) p.findings++;
  }

  // The ledger: only verdicts on rules that ran and on files that are in the corpus count.
  const present = new Set(files.map((f) => f.rel));
  const ledger = loadLedger().filter((v) => ruleNames.includes(v.rule) && present.has(v.path));
  const { matched, unmatchedVerdicts } = matchLedger(findings, ledger);
  const partOfPath = new Map(files.map((f) => [f.rel, f.part]));
  const ledgerLines: string[] = [];
  const summary: string[] = [];
  for (const part of ['libs', 'apps'] as const) {
    const t = tally(matched.filter((m) => partOfPath.get(m.finding.path) === part), unmatchedVerdicts.filter((v) => partOfPath.get(v.path) === part));
    ledgerLines.push(...ledgerTable(part, t, ruleNames));
    const all = t.get('all') ?? emptyTally();
    summary.push(`${part}: ${all.reports} reports, ${all.judged} judged (${all.tp} TP, ${all.judged - all.tp} noise), precision ${pct(precision(all))}, ${all.unjudged} unjudged; TP verdicts lost ${all.tpLost}, noise verdicts gone ${all.noiseGone}`);
  }
  const unjudged = matched.filter((m) => m.verdict === null).map((m) => m.finding as CorpusFinding);
  const lostTP = unmatchedVerdicts.filter((v) => v.verdict === 'TP');

  const per10k = (n: number, lines: number): string => ((n * 10_000) / Math.max(1, lines)).toFixed(2);
  const head = [
    `# Corpus report`,
    '',
    `${files.length} files, ${totalLines} lines, ${findings.length} findings (${per10k(findings.length, totalLines)} per 10k lines), ${parseErrors.length} parse errors, ${exceptions.length} rule exceptions; ${seconds.toFixed(1)}s`,
    'JavaScript (.js/.cjs/.mjs) linted with espree, TypeScript with @typescript-eslint/parser; a module first, CommonJS when that does not parse.',
    '',
    ...summary,
    '',
    '## Against the triage ledger',
    '',
    `Verdicts: ${relative(ROOT, SHARED_LEDGER)} (apps, December 2026) and ${relative(ROOT, OWN_LEDGER)}. A report matches a verdict of the same rule and file within ±${LINE_SLACK} lines. precision = judged TP / judged reports.`,
    '',
    ...ledgerLines,
  ];
  const lines = [
    ...head,
    '| rule | findings | per 10k lines |',
    '| --- | ---: | ---: |',
    ...ruleNames.map((r) => `| ${r} | ${byRule.get(r) ?? 0} | ${per10k(byRule.get(r) ?? 0, totalLines)} |`),
    '',
    '| package | part | files | lines | findings | per 10k lines |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...[...byPackage].map(([p, s]) => `| ${p} | ${s.part} | ${s.files} | ${s.lines} | ${s.findings} | ${per10k(s.findings, s.lines)} |`),
    '',
    ...(parseErrors.length ? ['## Parse errors', '', ...parseErrors.map((e) => `- ${e.file}: ${e.message}`), ''] : []),
    ...(exceptions.length ? ['## Rule exceptions', '', ...exceptions.map((e) => `- ${e.rule} on ${e.file}: ${e.error}`), ''] : []),
    ...(lostTP.length ? ['## TP verdicts no longer reported', '', ...lostTP.map((v) => `- ${v.path}:${v.line}:${v.column} ${v.rule} (${v.source}): ${v.reason}`), ''] : []),
    ...(unjudged.length ? ['## Reports without a verdict (read and judge them)', '', ...unjudged.map((x) => `- ${x.part} ${x.path}:${x.line}:${x.column} ${x.rule}\n  \`${x.code}\`\n  ${x.message}`), ''] : []),
    '## Findings',
    '',
    ...matched.map(({ finding, verdict }) => {
      const x = finding as CorpusFinding;
      return `- ${x.path}:${x.line}:${x.column} ${x.rule} — ${verdict ? `**${verdict.verdict}** (${verdict.source})` : '**unjudged**'}\n  \`${x.code}\`\n  ${x.message}`;
    }),
  ];
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'report.md'), `${lines.join('\n')}\n`);
  writeFileSync(join(outDir, 'findings.json'), `${JSON.stringify(matched.map(({ finding, verdict }) => ({ ...finding, verdict: verdict?.verdict ?? null })), null, 2)}\n`);
  // Ready to judge: the ledger's columns with the verdict and reason left to fill in.
  writeFileSync(join(outDir, 'unjudged.tsv'), unjudged.map((x) => `${x.rule}\t${x.path}\t${x.line}\t${x.column}\t\t${x.message}`).join('\n') + (unjudged.length ? '\n' : ''));
  console.log(head.join('\n'));
  if (exceptions.length) console.log(`\n${exceptions.length} rule exceptions:\n${exceptions.map((e) => `- ${e.rule} on ${e.file}: ${e.error}`).join('\n')}`);
  if (lostTP.length) console.log(`\nTP verdicts no longer reported:\n${lostTP.map((v) => `- ${v.path}:${v.line} ${v.rule}`).join('\n')}`);
  if (unjudged.length) console.log(`\n${unjudged.length} reports without a verdict: ${relative(process.cwd(), join(outDir, 'unjudged.tsv'))} (judge them into ${relative(process.cwd(), OWN_LEDGER)})`);
  console.log(`\nfull report: ${relative(process.cwd(), join(outDir, 'report.md'))}, findings: ${relative(process.cwd(), join(outDir, 'findings.json'))}`);
  if (exceptions.length > 0) process.exitCode = 1;
}

if (require.main === module) main();

/**
 * The config array as ESLint normalizes it. `Linter#verify` given a plain array builds and
 * validates a new `FlatConfigArray` on every call — per-file work the CLI does once per
 * config — which would charge each rule's option merging to every file. Given the
 * normalized array (anything with `getConfig`), it reuses it and its per-file cache.
 */
export function normalized(linter: Linter, config: Linter.Config[]): Linter.Config[] {
  const internal = linter as unknown as { _verifyWithFlatConfigArray?: (...a: unknown[]) => unknown };
  const original = internal._verifyWithFlatConfigArray;
  if (typeof original !== 'function') return config;
  let captured: unknown = null;
  internal._verifyWithFlatConfigArray = function (this: unknown, ...a: unknown[]) {
    captured = a[1];
    return original.apply(this, a);
  };
  try {
    linter.verify('', config, join(CORPUS_DIR, 'files', 'probe.js'));
  } finally {
    internal._verifyWithFlatConfigArray = original;
  }
  return Array.isArray(captured) ? (captured as Linter.Config[]) : config;
}

/**
 * Each of `sets` sets' whole round (`round(si)`: its time over every file, in ms), `rounds` times
 * after a warm-up round, the sets' order reversed every other round and a young-generation
 * collection before each, so no set pays for another's garbage: per set, its rounds' times.
 */
export function timeInRounds(sets: number, rounds: number, round: (si: number) => number): number[][] {
  const gc = (globalThis as { gc?: () => void }).gc;
  const times = Array.from({ length: sets }, (): number[] => []);
  for (let r = 0; r <= rounds; r++) {
    const order = Array.from({ length: sets }, (_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const si of order) {
      gc?.();
      const ms = round(si);
      if (r > 0) times[si]?.push(ms);
    }
  }
  return times;
}
