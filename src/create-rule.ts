import { ESLintUtils } from '@typescript-eslint/utils';

/** Which preset a rule belongs to. `strict` rules are also in `all`; every rule is in `all`. */
export type RulePreset = 'recommended' | 'strict';

export interface LeaksRuleDocs {
  /** The narrowest preset that enables the rule. */
  recommended: RulePreset;
  /** True when the rule only sharpens with type information; it never needs it. */
  requiresTypeChecking?: false;
}

export const REPO_URL = 'https://github.com/eslint-plugin-leaks/eslint-plugin-leaks';

export const createRule = ESLintUtils.RuleCreator<LeaksRuleDocs>(
  (name) => `${REPO_URL}/blob/main/docs/rules/${name}.md`,
);
