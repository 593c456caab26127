import { Linter } from 'eslint';
import * as parser from '@typescript-eslint/parser';
import plugin from '../src/index';
const rule = process.argv[2]!;
const code = process.argv[3]!;
const linter = new Linter({ configType: 'flat' });
const msgs = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: parser as never }, plugins: { leaks: plugin as never }, rules: { [`leaks/${rule}`]: 'error' } }], 'file.ts');
for (const m of msgs) console.log(`${m.line}:${m.column} ${m.ruleId} ${m.message}`);
if (!msgs.length) console.log('(no reports)');
