import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, it } from 'node:test';
import * as tsParser from '@typescript-eslint/parser';
import { Linter, type Rule } from 'eslint';
import plugin from '../src/index';
import { FunctionIndex } from '../src/analysis/syntax/functions';

/*
 * Nothing of a rule's per-file analysis may stay reachable from the file's AST once the lint is
 * over. ESLint 10 keeps a linted file's SourceCode, AST included, alive until the next full
 * collection (docs/performance.md, "Sixth session"); a cache entry under an AST node that holds
 * the file's index or closures would keep them alive as long, and every scavenge until then
 * would copy them. The test keeps the AST itself, as ESLint does, and asks whether the file's
 * function index (which the rules' analyses all reach) can still be collected.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const code = `
import { EventEmitter } from 'node:events';
export class Feed {
  private bus: EventEmitter;
  constructor(bus: EventEmitter) { this.bus = bus; this.once('ready', () => this.start()); }
  start(): void { this.bus.on('tick', this.onTick); }
  stop(): void { this.bus.off('tick', this.onTick); }
  once(_e: string, _f: () => void): void {}
  onTick = (): void => {};
}
export function watch(target: EventTarget, f: () => void): void { target.addEventListener('x', f); }
`;

describe('per-file analysis is not kept by the AST after the lint', () => {
  for (const rule of Object.keys(plugin.rules)) {
    it(`${rule}: the file's function index can be collected while its AST is still held`, async () => {
      const kept: { ast?: object; index?: WeakRef<object> } = {};
      // Runs first in the file, so the index it builds is the one every rule of the file shares.
      const probe: Rule.RuleModule = {
        meta: { type: 'problem', schema: [] },
        create(context) {
          const { index, listeners } = FunctionIndex.of(context.sourceCode as never);
          kept.ast = context.sourceCode.ast;
          kept.index = new WeakRef(index);
          return listeners as Rule.RuleListener;
        },
      };
      const linter = new Linter({ configType: 'flat' });
      linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { probe: { rules: { index: probe } }, leaks: plugin }, rules: { 'probe/index': 'error', [`leaks/${rule}`]: 'error' } }], 'src/feed.ts');
      // A WeakRef's target lives until the end of the job that made it.
      await new Promise((done) => setImmediate(done));
      gc();
      gc();
      assert.ok(kept.ast, 'the probe saw the file');
      assert.equal(kept.index?.deref(), undefined, 'something reachable from the AST keeps the index');
    });
  }
});
