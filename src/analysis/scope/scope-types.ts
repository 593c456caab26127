import type { TSESLint } from '@typescript-eslint/utils';

/*
 * The scope manager's enums, by value. Reading them through `@typescript-eslint/utils`' root
 * (`TSESLint.Scope.DefinitionType`) loads the whole scope manager — 178 modules, most of them
 * TypeScript's lib type tables — when the plugin is imported: about half of its load time in a
 * fresh process, paid by every pre-commit run. Their values are the strings ESLint's scope
 * objects carry; a test checks them against the real enums.
 */
type DefinitionTypes = typeof TSESLint.Scope.DefinitionType;
type ScopeTypes = typeof TSESLint.Scope.ScopeType;

export const DefinitionType = {
  FunctionName: 'FunctionName',
  ImportBinding: 'ImportBinding',
  Parameter: 'Parameter',
  Variable: 'Variable',
} as unknown as Pick<DefinitionTypes, 'FunctionName' | 'ImportBinding' | 'Parameter' | 'Variable'>;

export const ScopeType = {
  function: 'function',
  global: 'global',
  module: 'module',
} as unknown as Pick<ScopeTypes, 'function' | 'global' | 'module'>;
