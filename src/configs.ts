import type { Linter } from 'eslint';
import type { LeaksRule } from './rules';

export type ConfigName = 'recommended' | 'strict' | 'all';

export const CONFIG_NAMES: readonly ConfigName[] = ['recommended', 'strict', 'all'];

/**
 * Every extension ESLint's JavaScript language reads. Without `files`, ESLint lints only
 * `.js`, `.mjs` and `.cjs`, so `.jsx` and TypeScript files would be skipped in silence.
 * The configs set no parser: TypeScript files need the user's (typescript-eslint's).
 */
export const FILES: readonly string[] = ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'];

/**
 * The presets, derived from rule metadata so that nothing is listed by hand:
 *
 * - `recommended`: every rule whose `meta.docs.recommended` is `'recommended'` (precise on
 *   mature code), at its default options.
 * - `strict`: those plus every rule marked `'strict'`, each with its opt-in checks on (see
 *   {@link strictOptions}); every other option stays at its default.
 * - `all`: every rule, at its default options.
 */
export function inConfig(rule: LeaksRule, config: ConfigName): boolean {
  const preset = rule.meta.docs?.recommended;
  if (config === 'all') return true;
  if (config === 'strict') return preset === 'recommended' || preset === 'strict';
  return preset === 'recommended';
}

/**
 * Options named `check…Files` choose which files a rule reads (`checkTestFiles`), not how
 * strictly it judges the code it reads: test files, fixtures and scripts are short-lived by
 * the plugin's model of lifetimes (`settings.leaks.testFiles`), so `strict` leaves them off.
 */
export function isScopeOption(name: string): boolean {
  return /^check[A-Z]\w*Files$/.test(name);
}

interface ObjectSchema {
  type?: unknown;
  properties?: Record<string, { type?: unknown }>;
}

/**
 * A rule's opt-in checks: the boolean options of its options object named `check…` whose
 * default (`meta.defaultOptions`) is off, except scope options ({@link isScopeOption}).
 * `strict` turns each of them on. Options that are on by default are already in force, and
 * numbers and lists have no "stricter" value that metadata could tell.
 */
export function strictOptions(rule: LeaksRule): Record<string, true> {
  const schema = rule.meta.schema as unknown;
  const first = (Array.isArray(schema) ? (schema[0] as ObjectSchema | undefined) : undefined) ?? {};
  const defaults = ((rule.meta.defaultOptions as unknown[] | undefined)?.[0] ?? {}) as Record<string, unknown>;
  const on: Record<string, true> = {};
  for (const [name, prop] of Object.entries(first.properties ?? {})) {
    if (prop.type === 'boolean' && /^check[A-Z]/.test(name) && defaults[name] !== true && !isScopeOption(name)) on[name] = true;
  }
  return on;
}

/** The `rules` of a preset: `'error'`, or `['error', options]` where strict changes options. */
export function configRules(rules: Record<string, LeaksRule>, config: ConfigName): Linter.RulesRecord {
  const out: Linter.RulesRecord = {};
  for (const [name, rule] of Object.entries(rules)) {
    if (!inConfig(rule, config)) continue;
    const options = config === 'strict' ? strictOptions(rule) : {};
    out[`leaks/${name}`] = Object.keys(options).length > 0 ? ['error', options] : 'error';
  }
  return out;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/**
 * What a preset holds, in words, computed from what it holds. The README's configs list is
 * generated from it (eslint-doc-generator reads `config.description`), so the README says
 * what the configs do.
 */
export function describeConfig(rules: Record<string, LeaksRule>, config: ConfigName): string {
  const entries = Object.entries(rules);
  const count = (c: ConfigName): number => entries.filter(([, r]) => inConfig(r, c)).length;
  const n = `${count(config)} rule${count(config) === 1 ? '' : 's'}`;
  if (config === 'recommended') return `Every rule that is precise on mature code, at its default options (${n}). Start here.`;
  if (config === 'all') {
    const same = count('all') === count('recommended') ? ': today exactly `recommended`' : '';
    return `Every rule, at its default options (${n})${same}.`;
  }
  const strictOnly = entries.filter(([, r]) => r.meta.docs?.recommended === 'strict').map(([name]) => `\`${name}\``);
  const checks = entries
    .filter(([, r]) => inConfig(r, 'strict'))
    .map(([name, r]) => [name, Object.keys(strictOptions(r)).map((o) => `\`${o}\``)] as const)
    .filter(([, opts]) => opts.length > 0)
    .map(([name, opts]) => `\`${name}\` ${list(opts)}`);
  const base = strictOnly.length > 0 ? `\`recommended\` plus ${list(strictOnly)}` : '`recommended`';
  return checks.length > 0 ? `${base} with every opt-in check on (${n}): ${checks.join('; ')}.` : `${base}, at default options (${n}).`;
}
