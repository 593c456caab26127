import { mkdirSync, symlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import type { Linter } from 'eslint';
import plugin from '../src/index';

export const ROOT = join(__dirname, '..');
export const CONSUMER = join(ROOT, 'tests', 'fixtures', 'consumer');

/** Make `eslint-plugin-leaks` resolvable from the consumer fixture, as after `npm install`. */
export function linkConsumer(): void {
  const dir = join(CONSUMER, 'node_modules');
  mkdirSync(dir, { recursive: true });
  const link = join(dir, 'eslint-plugin-leaks');
  if (!existsSync(link)) symlinkSync(ROOT, link, 'dir');
}

/** The recommended config over TS/JS files, as a user would write it. */
export function recommendedConfig(): Linter.Config[] {
  return [
    {
      files: ['**/*.ts', '**/*.tsx', '**/*.js'],
      languageOptions: { parser: tsParser },
      ...plugin.configs.recommended,
    },
  ];
}

/** `// expect: leaks/a, leaks/b` in an example's first line. */
export function expectedRules(source: string): string[] {
  const m = /^\/\/ expect: (.*)$/m.exec(source.split('\n')[0] ?? '');
  return m?.[1] ? m[1].split(',').map((s) => s.trim()) : [];
}
