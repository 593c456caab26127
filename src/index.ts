import type { TSESLint } from '@typescript-eslint/utils';
import { ruleLevels, type ConfigName } from './configs';
import { rules } from './rules';

import { packageInfo as pkg } from './package-info';

interface FlatConfig {
  name: string;
  plugins: Record<string, TSESLint.FlatConfig.Plugin>;
  rules: Record<string, TSESLint.SharedConfig.RuleLevel>;
}

interface LeaksPlugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: Record<ConfigName, FlatConfig>;
}

const plugin: LeaksPlugin = {
  meta: { name: pkg.name, version: pkg.version },
  rules,
  configs: {} as Record<ConfigName, FlatConfig>,
};

for (const name of ['recommended', 'strict', 'all'] as const) {
  plugin.configs[name] = {
    name: `leaks/${name}`,
    plugins: { leaks: plugin },
    rules: ruleLevels(rules, name),
  };
}

export = plugin;
