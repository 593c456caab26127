import { isAbsolute, relative } from 'node:path';
import { minimatch } from 'minimatch';

const DEFAULT_TEST_PATTERNS = [
  /(?:^|[/\\])(?:__tests__|__mocks__|test|tests|spec|e2e|fixtures?)[/\\]/,
  /\.(?:test|spec|e2e|stories|story|bench)\.[cm]?[jt]sx?$/,
];

/**
 * `filename` relative to the project (ESLint's `cwd`) when it lies inside it, so that a
 * checkout under a folder named `test/` or `spec/` does not make every file a test file.
 */
function projectPath(filename: string, cwd: string | undefined): string {
  // The usual case without path.relative, which resolves both paths against the process's cwd.
  if (cwd !== undefined && cwd.length > 1 && filename.length > cwd.length + 1 && filename.startsWith(cwd) && filename[cwd.length] === '/' && !filename.includes('/.', cwd.length)) {
    return filename.slice(cwd.length + 1).replace(/\\/g, '/');
  }
  if (cwd !== undefined && isAbsolute(filename)) {
    const rel = relative(cwd, filename);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.replace(/\\/g, '/');
  }
  return filename.replace(/\\/g, '/');
}

/**
 * Does a user's glob match a project path? Matched with minimatch (braces, classes, `**`),
 * at any depth unless it starts at the root: `scripts/**` matches `tools/scripts/x.js` too.
 */
export function matchesGlob(path: string, glob: string): boolean {
  const options = { dot: true };
  if (glob.startsWith('/')) return minimatch(path, glob.slice(1), options);
  return minimatch(path, glob, options) || (!glob.startsWith('**/') && minimatch(path, `**/${glob}`, options));
}

/** Test files, stories and benchmarks run once and exit: process-lifetime findings do not apply. */
export function isTestFile(filename: string, extra: readonly string[] = [], cwd?: string): boolean {
  const f = projectPath(filename, cwd);
  if (DEFAULT_TEST_PATTERNS.some((re) => re.test(f))) return true;
  return extra.some((pattern) => matchesGlob(f, pattern));
}

/** Does the file match one of the user's globs (relative to the project, like ESLint's own)? */
export function fileMatches(filename: string, globs: readonly string[], cwd?: string): boolean {
  if (globs.length === 0) return false;
  const f = projectPath(filename, cwd);
  return globs.some((g) => matchesGlob(f, g));
}
