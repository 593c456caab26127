import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ESLint } from 'eslint';

const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const NEVER = new Set(['node_modules', '.git']);

/**
 * How many files the scan will lint, for the progress line only: ESLint decides what is
 * linted; this asks it, file by file, whether a source file is ignored.
 */
export async function countLintable(eslint: ESLint, paths: string[]): Promise<number> {
  let n = 0;
  const visit = async (p: string): Promise<void> => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const entry of readdirSync(p, { withFileTypes: true })) {
        if (entry.isDirectory() && NEVER.has(entry.name)) continue;
        await visit(join(p, entry.name));
      }
    } else if (EXTENSIONS.has(extname(p)) && !p.endsWith('.d.ts') && !(await eslint.isPathIgnored(p))) n++;
  };
  for (const p of paths) await visit(p);
  return n;
}

/** `leaks: 120/480 files` on one self-rewriting stderr line, at most ten times a second. */
export class Progress {
  private done = 0;
  private last = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private total: number | null,
  ) {}

  setTotal(total: number): void {
    this.total = total;
  }

  tick(): void {
    this.done++;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const of = this.total !== null && this.total >= this.done ? `/${this.total}` : '';
    this.stream.write(`\rleaks: ${this.done}${of} files`);
  }

  end(): void {
    if (this.last > 0) this.stream.write('\r\x1b[K');
  }
}

/** A rule that lints nothing and counts the files it is run on. */
export function progressPlugin(progress: Progress): ESLint.Plugin {
  return {
    rules: {
      tick: {
        meta: { type: 'suggestion', schema: [] },
        create() {
          progress.tick();
          return {};
        },
      },
    },
  };
}
