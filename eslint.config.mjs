// Self-lint: typescript-eslint's strict type-checked rules, eslint-plugin-eslint-plugin on
// the rules, and the plugin's own recommended rules on its own code (dogfooding, from dist/).
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';
import leaks from './dist/src/index.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'examples/', 'tests/fixtures/', 'coverage/', '.prof/', '.perf/'] },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
    },
  },
  {
    files: ['rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      'eslint-plugin/require-meta-docs-url': 'off', // added by createRule
      'eslint-plugin/require-meta-default-options': 'error',
      'eslint-plugin/require-meta-schema-description': 'error',
    },
  },
  {
    // node:test's describe/it return promises that the runner itself awaits.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
  { ...leaks.configs.all, files: ['src/**/*.ts', 'rules/**/*.ts', 'scripts/**/*.ts'] },
  {
    // espree's AST has none of TypeScript's fields: a plain read throws on JavaScript files.
    // src/analysis/syntax/ast.ts holds the accessors that read them safely.
    files: ['src/**/*.ts', 'rules/**/*.ts'],
    ignores: ['src/analysis/syntax/ast.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[computed=false] > Identifier.property[name=/^(decorators|typeAnnotation|typeParameters|typeArguments|returnType|accessibility|definite|declare|abstract|override|superTypeArguments|implements)$/]',
          message: 'espree leaves TypeScript-only fields out: read them through the accessors in src/analysis/syntax/ast.ts.',
        },
      ],
    },
  },
  {
    // The root of @typescript-eslint/utils loads the whole scope manager (TypeScript's lib type
    // tables) on import: every pre-commit run would pay it. Types from it are free.
    files: ['src/**/*.ts', 'rules/**/*.ts'],
    ignores: ['src/cli.ts', 'src/scan.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@typescript-eslint/utils',
              allowTypeImports: true,
              message: "import values from '@typescript-eslint/utils/ast-utils' or '/eslint-utils', node types from '@typescript-eslint/types', scope enums from src/analysis/scope/scope-types.ts",
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.mjs', '**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
