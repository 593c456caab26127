import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';

/**
 * Debug rules: each reports what one question of the lifetime engine answers, so the
 * analysis is tested on its own (tests/analysis/). Each lives beside the module it reports
 * on (`frequency/debug.ts`, `scope/debug.ts`, …); they are registered by tests only, in no config.
 */
export const createDebugRule = ESLintUtils.RuleCreator.withoutDocs;
