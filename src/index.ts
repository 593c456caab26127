import type { ESLint, Linter } from 'eslint';
import { CONFIG_NAMES, FILES, configRules, describeConfig } from './configs';
import { packageInfo } from './package-info';
import { rules } from './rules';

/**
 * The public type is written in ESLint's own terms (not typescript-eslint's), so that a
 * user's `eslint.config.ts` typed with `Linter.Config[]` accepts the plugin and its configs.
 * It names nothing from this package's other modules: `index.d.ts` is the only declaration
 * file the package ships.
 */
interface LeaksPlugin extends ESLint.Plugin {
  meta: { name: string; version: string };
  rules: NonNullable<ESLint.Plugin['rules']>;
  configs: Record<
    'recommended' | 'strict' | 'all',
    // `files` is set (src/configs.ts FILES) but typed as ESLint types it, optional: a
    // required `files` would make `{ files, ...config }` a type error (TS2783).
    Linter.Config & { name: string; plugins: { leaks: ESLint.Plugin }; rules: Linter.RulesRecord }
  >;
}

const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version },
  rules: rules as unknown as LeaksPlugin['rules'],
  configs: {},
} as LeaksPlugin;

for (const name of CONFIG_NAMES) {
  const config: LeaksPlugin['configs'][typeof name] & { files: string[] } = {
    name: `leaks/${name}`,
    files: [...FILES],
    plugins: { leaks: plugin },
    rules: configRules(rules, name),
  };
  // For eslint-doc-generator's configs list in the README. Not enumerable: ESLint rejects
  // unknown keys in a config object, and `{ ...config, files }` leaves it behind.
  Object.defineProperty(config, 'description', { value: describeConfig(rules, name), enumerable: false });
  plugin.configs[name] = config;
}

export = plugin;
