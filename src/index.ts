import type { ESLint, Linter } from 'eslint';
import { ruleLevels, type ConfigName } from './configs';
import { packageInfo } from './package-info';
import { rules } from './rules';

/**
 * The public type is written in ESLint's own terms (not typescript-eslint's), so that a
 * user's `eslint.config.ts` typed with `Linter.Config[]` accepts the plugin and its configs.
 */
interface LeaksPlugin extends ESLint.Plugin {
  meta: { name: string; version: string };
  rules: NonNullable<ESLint.Plugin['rules']>;
  configs: Record<ConfigName, Linter.Config & { name: string; plugins: { leaks: ESLint.Plugin }; rules: Linter.RulesRecord }>;
}

const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version },
  rules: rules as unknown as LeaksPlugin['rules'],
  configs: {},
} as LeaksPlugin;

for (const name of ['recommended', 'strict', 'all'] as const) {
  plugin.configs[name] = {
    name: `leaks/${name}`,
    plugins: { leaks: plugin },
    rules: ruleLevels(rules, name),
  };
}

export = plugin;
