import { after, describe, it } from 'node:test';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** TypeScript syntax, no type information: the default every rule must work in. */
export const ruleTester = new RuleTester();

/** Plain JavaScript through ESLint's own parser: every rule must work there too. */
export const jsRuleTester = new RuleTester({
  languageOptions: { parser: espree as never, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
});
