import type { TSESLint } from '@typescript-eslint/utils';
import type { LeaksRule } from './rules';

export type ConfigName = 'recommended' | 'strict' | 'all';

/** Presets derive from `meta.docs.recommended`; nothing is listed twice. */
export function ruleLevels(
  rules: Record<string, LeaksRule>,
  config: ConfigName,
): Record<string, TSESLint.SharedConfig.RuleLevel> {
  const out: Record<string, TSESLint.SharedConfig.RuleLevel> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const preset = rule.meta.docs?.recommended;
    const on =
      config === 'all' ||
      (config === 'strict' && (preset === 'recommended' || preset === 'strict')) ||
      (config === 'recommended' && preset === 'recommended');
    if (on) out[`leaks/${name}`] = 'error';
  }
  return out;
}
