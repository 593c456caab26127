import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LeaksRule } from '../src/rules';

/**
 * The README's rules table and each docs page's header are generated from rule metadata
 * (`meta.docs`), so they cannot drift: `npm run docs` writes them, `--check` fails on drift.
 */
export const ROOT = join(__dirname, '..');

const CONFIG_EMOJI = { recommended: '✅', strict: '🔒' } as const;

export const REQUIRED_HEADINGS = [
  '## Examples',
  '## Options',
  '## With type information',
  '## When not to use it',
  '## Further reading',
];

function replaceBetween(text: string, begin: string, end: string, body: string, file: string): string {
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a === -1 || b === -1 || b < a) throw new Error(`${file}: missing markers ${begin} … ${end}`);
  return `${text.slice(0, a + begin.length)}\n${body}\n${text.slice(b)}`;
}

export function ruleHeader(name: string, rule: LeaksRule): string {
  const docs = rule.meta.docs;
  const preset = docs?.recommended ?? 'strict';
  const configs =
    preset === 'recommended'
      ? `💼 This rule is enabled in the ${CONFIG_EMOJI.recommended} \`recommended\`, ${CONFIG_EMOJI.strict} \`strict\` and \`all\` configs.`
      : `💼 This rule is enabled in the ${CONFIG_EMOJI.strict} \`strict\` and \`all\` configs.`;
  const extras: string[] = [];
  if (rule.meta.hasSuggestions) extras.push('💡 This rule provides suggestions that can be applied by hand in an editor.');
  if (rule.meta.fixable) extras.push('🔧 This rule is automatically fixable by `--fix`.');
  return [`# leaks/${name}`, '', `📝 ${docs?.description ?? ''}.`, '', configs, ...(extras.length ? ['', ...extras] : []), ''].join('\n');
}

export function rulesTable(rules: Record<string, LeaksRule>): string {
  const rows = Object.entries(rules).map(([name, rule]) => {
    const preset = rule.meta.docs?.recommended;
    const cfg = preset === 'recommended' ? `${CONFIG_EMOJI.recommended} ${CONFIG_EMOJI.strict}` : CONFIG_EMOJI.strict;
    return `| [${name}](docs/rules/${name}.md) | ${rule.meta.docs?.description ?? ''} | ${cfg} | ${rule.meta.hasSuggestions ? '💡' : ''} |`;
  });
  return [
    `💼 Configs: ${CONFIG_EMOJI.recommended} \`recommended\`, ${CONFIG_EMOJI.strict} \`strict\` (every rule is also in \`all\`). 💡 has suggestions.`,
    '',
    '| Name | Description | 💼 | 💡 |',
    '| :--- | :--- | :--- | :--- |',
    ...rows,
  ].join('\n');
}

export interface DocsDrift {
  file: string;
  expected: string;
}

/** Everything generated, as it should be; the caller writes it or compares. */
export function generatedDocs(rules: Record<string, LeaksRule>): DocsDrift[] {
  const out: DocsDrift[] = [];
  const readme = join(ROOT, 'README.md');
  out.push({
    file: readme,
    expected: replaceBetween(
      readFileSync(readme, 'utf8'),
      '<!-- begin auto-generated rules list -->',
      '<!-- end auto-generated rules list -->',
      rulesTable(rules),
      'README.md',
    ),
  });
  for (const [name, rule] of Object.entries(rules)) {
    const file = join(ROOT, 'docs', 'rules', `${name}.md`);
    out.push({
      file,
      expected: replaceBetween(
        readFileSync(file, 'utf8'),
        '<!-- begin auto-generated rule header -->',
        '<!-- end auto-generated rule header -->',
        ruleHeader(name, rule),
        file,
      ),
    });
  }
  return out;
}

export function checkDocs(rules: Record<string, LeaksRule>): string[] {
  return generatedDocs(rules)
    .filter((d) => readFileSync(d.file, 'utf8') !== d.expected)
    .map((d) => d.file);
}

export function writeDocs(rules: Record<string, LeaksRule>): string[] {
  const changed: string[] = [];
  for (const d of generatedDocs(rules)) {
    if (readFileSync(d.file, 'utf8') !== d.expected) {
      writeFileSync(d.file, d.expected);
      changed.push(d.file);
    }
  }
  return changed;
}

export function listDir(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => ext.test(f))
    .map((f) => f.replace(ext, ''))
    .sort();
}

export interface Block {
  kind: 'correct' | 'incorrect';
  lang: string;
  code: string;
  options: unknown;
  line: number;
}

/** Code fences tagged `incorrect` / `correct` (optionally followed by JSON options). */
export function docBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const re = /^```(\w+) (correct|incorrect)(?: (\{.*\}))?\n([\s\S]*?)^```/gm;
  for (const m of markdown.matchAll(re)) {
    const [, lang = 'ts', kind, opts, code = ''] = m;
    blocks.push({
      kind: kind as Block['kind'],
      lang,
      code,
      options: opts ? (JSON.parse(opts) as unknown) : undefined,
      line: markdown.slice(0, m.index).split('\n').length,
    });
  }
  return blocks;
}
