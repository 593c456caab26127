import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TSESLint } from '@typescript-eslint/utils';
import { DefinitionType, ScopeType } from '../../src/analysis/scope/scope-types';
import { ROOT } from '../helpers';

describe('the scope enums the analysis reads by value', () => {
  it('are the scope manager\'s own values', () => {
    for (const [k, v] of Object.entries(DefinitionType)) assert.equal(v, TSESLint.Scope.DefinitionType[k as keyof typeof DefinitionType], k);
    for (const [k, v] of Object.entries(ScopeType)) assert.equal(v, TSESLint.Scope.ScopeType[k as keyof typeof ScopeType], k);
  });

  it('importing the built plugin loads neither the scope manager nor TypeScript', () => {
    const loaded = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(ROOT, 'dist', 'src', 'index.js'))}); console.log(JSON.stringify(Object.keys(require.cache)))`], { encoding: 'utf8' });
    const modules = JSON.parse(loaded) as string[];
    assert.ok(modules.some((m) => m.includes(join('dist', 'rules'))), 'the rules were loaded');
    assert.deepEqual(modules.filter((m) => /[\\/]node_modules[\\/](?:@typescript-eslint[\\/]scope-manager|typescript)[\\/]/.test(m)), []);
  });
});
