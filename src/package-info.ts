import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PackageInfo {
  name: string;
  version: string;
  root: string;
}

/** The same lookup works from `src/` (tests via tsx) and from `dist/src/` (published). */
function find(): PackageInfo {
  let dir = __dirname;
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'eslint-plugin-leaks' && json.version) {
        return { name: json.name, version: json.version, root: dir };
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('eslint-plugin-leaks: cannot find its own package.json');
    dir = up;
  }
}

export const packageInfo: PackageInfo = find();
