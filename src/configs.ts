
import type { LeaksRule } from './rules';

export type ConfigName = 'recommended' | 'strict' | 'all';

/** Presets derive from `meta.docs.recommended`; nothing is listed twice. */
export function ruleLevels(
  rules: Record<string, LeaksRule>,
  config: ConfigName,
): Record<string, 'error'> {
  const out: Record<string, 'error'> = {};
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
