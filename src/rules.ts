import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import type { LeaksRuleDocs } from './create-rule';

export type LeaksRule = TSESLint.RuleModule<string, readonly unknown[], LeaksRuleDocs> & {
  name?: string;
};

/**
 * Every file in `rules/` is a rule named after the file, so adding a rule never means
 * editing a registry by hand. Works from the TypeScript sources (tests) and from `dist/`.
 */
function loadRules(): Record<string, LeaksRule> {
  const dir = join(__dirname, '..', 'rules');
  const rules: Record<string, LeaksRule> = {};
  const files = readdirSync(dir)
    .filter((f) => /\.(?:js|ts)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  for (const file of files) {
    const name = file.replace(/\.(?:js|ts)$/, '');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the registry is the folder
    const mod = require(join(dir, file)) as { default: LeaksRule };
    rules[name] = mod.default;
  }
  return rules;
}

export const rules: Record<string, LeaksRule> = loadRules();
