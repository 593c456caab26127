import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ESLint, Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from './index';

/** What a scan lints, as plain JSON: worker threads rebuild the ESLint options from it. */
export interface ScanSpec {
  root: string;
  cache: boolean;
  preset: 'recommended' | 'strict' | 'all';
  rules: string[];
  config?: string;
  concurrency?: number | 'auto' | 'off';
}

export const SCAN_SPEC_ENV = 'LEAKS_SCAN_SPEC';

const SOURCE_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];
const IGNORES = ['**/node_modules/', '**/dist/', '**/build/', '**/coverage/', '**/.next/', '**/.nuxt/', '**/out/', '**/*.min.js', '**/*.d.ts'];

/** `.gitignore` lines of the scan root, as flat-config ignore globs. */
function gitignoreGlobs(root: string): string[] {
  const file = resolve(root, '.gitignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    .map((l) => {
      const anchored = l.startsWith('/');
      const body = anchored ? l.slice(1) : l;
      return anchored || (body.includes('/') && !body.endsWith('/')) ? body : `**/${body}`;
    });
}

export function selectedRules(spec: Pick<ScanSpec, 'preset' | 'rules'>): Linter.RulesRecord {
  if (spec.rules.length > 0) return Object.fromEntries(spec.rules.map((r) => [`leaks/${r}`, 'error']));
  return plugin.configs[spec.preset].rules;
}

/** The ESLint options of a scan: the project's config, or the built-in zero-config setup. */
export function eslintOptions(spec: ScanSpec): ESLint.Options {
  return {
    cwd: spec.root,
    errorOnUnmatchedPattern: false,
    cache: spec.cache,
    ...(spec.concurrency !== undefined ? { concurrency: spec.concurrency } : {}),
    ...(spec.config
      ? { overrideConfigFile: spec.config }
      : {
          overrideConfigFile: true,
          overrideConfig: [
            { ignores: [...IGNORES, ...gitignoreGlobs(spec.root)] },
            {
              files: SOURCE_FILES,
              languageOptions: {
                parser: tsParser,
                parserOptions: { ecmaFeatures: { jsx: true } },
                sourceType: 'module',
              },
              linterOptions: { reportUnusedDisableDirectives: 'off' },
              plugins: { leaks: plugin },
              rules: selectedRules(spec),
            },
            { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
          ],
        }),
  };
}
