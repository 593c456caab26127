import * as ESLintUtils from '@typescript-eslint/utils/eslint-utils';

/**
 * Which preset a rule belongs to: `recommended` rules are also in `strict`, and every rule is
 * in `all`. `strict` also turns on each rule's opt-in checks (src/configs.ts).
 */
export type RulePreset = 'recommended' | 'strict';

export interface LeaksRuleDocs {
  /** The narrowest preset that enables the rule. */
  recommended: RulePreset;
  /** True when the rule only sharpens with type information; it never needs it. */
  requiresTypeChecking?: false;
}

export const REPO_URL = 'https://github.com/eslint-plugin-leaks/eslint-plugin-leaks';

const withDocsUrl = ESLintUtils.RuleCreator<LeaksRuleDocs>((name) => `${REPO_URL}/blob/main/docs/rules/${name}.md`);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Two option values equal as JSON (plain objects, arrays, primitives), without serialising them. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!Object.hasOwn(y, k) || !sameJson(x[k], y[k])) return false;
    n++;
  }
  for (const k in y) if (Object.hasOwn(y, k)) n--;
  return n === 0;
}

/**
 * typescript-eslint's rule creator, except that the options merged with their defaults are
 * kept while the configured options stay the same: the creator deep-clones and merges them
 * for every file, which on a codebase of small files cost about as much as a rule's own
 * work. The kept options are frozen, so no rule can change them for the next file.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, LeaksRuleDocs>>,
): ReturnType<typeof withDocsUrl<Options, MessageIds>> {
  const created = withDocsUrl(rule);
  const defaults = (rule.meta.defaultOptions ?? []) as Options;
  let lastRaw: readonly unknown[] = [];
  let known = false;
  let lastOptions: Options = defaults;
  return {
    ...created,
    create(context) {
      const raw = context.options;
      // ESLint may hand each file a fresh deep copy of the options merged with the rule's defaults,
      // so they are compared by value: by a walk, cheaper than serialising them for every file.
      if (!known || !sameJson(raw, lastRaw)) {
        lastOptions = deepFreeze(ESLintUtils.applyDefault(defaults, raw) as Options);
        lastRaw = raw;
        known = true;
      }
      return rule.create(context, lastOptions);
    },
  };
}
