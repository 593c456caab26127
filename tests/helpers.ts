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
      ...plugin.configs.recommended,
      files: ['**/*.ts', '**/*.tsx', '**/*.js'],
      languageOptions: { parser: tsParser },
    },
  ];
}

/** `// expect: leaks/a, leaks/b` in an example's first line. */
export function expectedRules(source: string): string[] {
  const m = /^\/\/ expect: (.*)$/m.exec(source.split('\n')[0] ?? '');
  return m?.[1] ? m[1].split(',').map((s) => s.trim()) : [];
}

/**
 * espree leaves TypeScript-only fields out of its AST altogether; `@typescript-eslint/parser`
 * fills them in everywhere (`decorators: []`, `optional: false`, `typeAnnotation: undefined`).
 * This parser removes them wherever they carry nothing, so TypeScript snippets reach the
 * rules in the shape espree gives every JavaScript construct.
 */
const TS_ONLY_FIELDS = ['decorators', 'typeAnnotation', 'typeParameters', 'typeArguments', 'returnType', 'accessibility', 'optional', 'definite', 'declare', 'abstract', 'override', 'readonly', 'implements', 'superTypeArguments', 'importKind', 'exportKind'];
// ESTree itself has `optional` on these (optional chaining); espree sets it.
const ESTREE_OPTIONAL = new Set(['MemberExpression', 'CallExpression']);

export const espreeShapedTsParser = {
  meta: { name: 'espree-shaped-typescript' },
  parseForESLint(code: string, options?: tsParser.ParserOptions): ReturnType<typeof tsParser.parseForESLint> {
    const result = tsParser.parseForESLint(code, options);
    const seen = new Set<object>();
    const strip = (node: unknown): void => {
      if (!node || typeof node !== 'object' || seen.has(node)) return;
      seen.add(node);
      if (Array.isArray(node)) {
        for (const x of node) strip(x);
        return;
      }
      const record = node as Record<string, unknown>;
      const type = record.type;
      if (typeof type === 'string' && !type.startsWith('TS')) {
        for (const key of TS_ONLY_FIELDS) {
          if (key === 'optional' && ESTREE_OPTIONAL.has(type)) continue;
          const v = record[key];
          if (key in record && (v === undefined || v === null || v === false || (Array.isArray(v) && v.length === 0) || (key === 'importKind' || key === 'exportKind' ? v === 'value' : false))) {
            // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the point is to remove the key
            delete record[key];
          }
        }
      }
      for (const [key, v] of Object.entries(record)) if (key !== 'parent' && key !== 'loc' && key !== 'range' && key !== 'tokens' && key !== 'comments') strip(v);
    };
    strip(result.ast);
    return result;
  },
} as unknown as Linter.Parser;
