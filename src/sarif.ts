import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint } from 'eslint';
import { rules as leakRules } from './rules';
import { packageInfo } from './package-info';
import { isParseError } from './scan';

/** The base id GitHub code scanning documents for paths relative to the repository root. */
export const SRCROOT = '%SRCROOT%';

/** The first paragraph of a rule's page after the generated header, on one line; '' when missing. */
function ruleIntro(name: string): string {
  const file = join(packageInfo.root, 'docs', 'rules', `${name}.md`);
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  const marker = '<!-- end auto-generated rule header -->';
  const body = text.includes(marker) ? text.slice(text.indexOf(marker) + marker.length) : text;
  const paragraph = body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .find((p) => p !== '' && !p.startsWith('#') && !p.startsWith('<!--'));
  return paragraph ? paragraph.replace(/\s*\r?\n\s*/g, ' ') : '';
}

/** SARIF `reportingDescriptor`s of every leak rule, with the descriptions and help GitHub shows. */
function ruleDescriptors(): object[] {
  return Object.entries(leakRules).map(([name, rule]) => {
    const description = rule.meta.docs?.description ?? name;
    const url = rule.meta.docs?.url;
    const intro = ruleIntro(name);
    const full = intro || description;
    return {
      id: `leaks/${name}`,
      name,
      shortDescription: { text: description },
      fullDescription: { text: full },
      help: {
        text: `${full}${url ? `\n\nDocumentation: ${url}` : ''}`,
        markdown: `**${description}**\n\n${intro}${url ? `${intro ? '\n\n' : ''}[Documentation of \`leaks/${name}\`](${url})` : ''}`,
      },
      ...(url ? { helpUri: url } : {}),
      properties: { tags: ['memory-leak', 'reliability'] },
      defaultConfiguration: { level: 'error' },
    };
  });
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, rule metadata with help, and
 * `artifactLocation.uri` relative to the repository root (`repoRoot`) with the `%SRCROOT%`
 * base id, so that an alert opens the file in the repository whichever folder was scanned.
 * A file outside the repository root gets an absolute `file://` URI and no base id.
 */
export function toSarif(results: ESLint.LintResult[], repoRoot: string): object {
  const rules = ruleDescriptors();
  const ruleIds = Object.keys(leakRules).map((r) => `leaks/${r}`);
  const sarifResults: object[] = [];
  const notifications: object[] = [];
  for (const r of results) {
    const rel = relative(repoRoot, r.filePath);
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    const artifactLocation = inside
      ? { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT }
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
        // Parse errors, and ESLint's own warnings (a legacy `/* eslint-env */` comment): about the run, not findings.
        notifications.push({ level: m.severity === 2 ? 'error' : 'warning', message: { text: m.message }, locations: [location] });
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
  const nothingParsed = results.length > 0 && results.every((r) => r.messages.some((m) => isParseError(m)));
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
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(repoRoot.endsWith(sep) ? repoRoot : `${repoRoot}${sep}`).href } },
        results: sarifResults,
        invocations: [{ executionSuccessful: !nothingParsed, toolExecutionNotifications: notifications }],
      },
    ],
  };
}
