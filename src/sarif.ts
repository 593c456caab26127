import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint } from 'eslint';
import { rules as leakRules } from './rules';
import { packageInfo } from './package-info';

/** SARIF 2.1.0 for code-scanning dashboards: one run, rule metadata with help URIs. */
export function toSarif(results: ESLint.LintResult[], root: string): object {
  const ruleIds = Object.keys(leakRules).map((r) => `leaks/${r}`);
  const rules = Object.entries(leakRules).map(([name, rule]) => ({
    id: `leaks/${name}`,
    name,
    shortDescription: { text: rule.meta.docs?.description ?? name },
    helpUri: rule.meta.docs?.url,
    properties: { tags: ['memory-leak', 'reliability'] },
    defaultConfiguration: { level: 'error' },
  }));
  const sarifResults: object[] = [];
  const notifications: object[] = [];
  for (const r of results) {
    // Relative to the scanned root (as code-scanning dashboards expect), absolute when outside it.
    const rel = relative(root, r.filePath);
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    const artifactLocation = inside
      ? { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: 'ROOT' }
      : { uri: pathToFileURL(r.filePath).href };
    for (const m of r.messages) {
      const location = {
        physicalLocation: {
          artifactLocation,
          region: {
            startLine: Math.max(1, m.line),
            startColumn: Math.max(1, m.column),
            ...(m.endLine ? { endLine: m.endLine } : {}),
            ...(m.endColumn ? { endColumn: m.endColumn } : {}),
          },
        },
      };
      if (m.fatal || !m.ruleId) {
        notifications.push({ level: 'error', message: { text: m.message }, locations: [location] });
        continue;
      }
      const index = ruleIds.indexOf(m.ruleId);
      sarifResults.push({
        ruleId: m.ruleId,
        ...(index >= 0 ? { ruleIndex: index } : {}),
        level: m.severity === 2 ? 'error' : 'warning',
        message: { text: m.message },
        locations: [location],
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eslint-plugin-leaks',
            version: packageInfo.version,
            informationUri: 'https://github.com/eslint-plugin-leaks/eslint-plugin-leaks',
            rules,
          },
        },
        originalUriBaseIds: { ROOT: { uri: pathToFileURL(root.endsWith('/') ? root : `${root}/`).href } },
        results: sarifResults,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      },
    ],
  };
}
