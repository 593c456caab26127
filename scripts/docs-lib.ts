import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The README's rules and configs lists and each docs page's header are generated from the
 * built plugin by eslint-doc-generator (`npm run docs`; `npm run docs:check` fails on drift),
 * configured in `.eslint-doc-generatorrc.json`. This module holds what the tests read.
 */
export const ROOT = join(__dirname, '..');

interface DocGeneratorConfig {
  ruleDocSectionInclude: string[];
}

/** The headings every rule page has: the sections eslint-doc-generator is told to require. */
export const REQUIRED_HEADINGS: readonly string[] = (
  JSON.parse(readFileSync(join(ROOT, '.eslint-doc-generatorrc.json'), 'utf8')) as DocGeneratorConfig
).ruleDocSectionInclude.map((title) => `## ${title}`);

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
