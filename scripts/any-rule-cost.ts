import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from 'eslint';
import plugin from '../dist/src/index';
import { CORPUS_DIR, configFor, corpusFiles, ensureCorpus, normalized } from './corpus';

/**
 * What ESLint itself charges once a config has any rule, and what the recommended set costs
 * on top of that. `node --expose-gc --import tsx scripts/any-rule-cost.ts [--max-lines 100]
 * [--rounds 7] [--sample 3]`
 *
 * Unlike `npm run bench`, each set lints all the files in a block, as a user's run does with
 * one config, and rounds alternate the order. Sets: no rules; core `no-debugger` alone (it
 * listens to one node type that almost never occurs); the recommended set with it. Each is
 * linted by two processes in turn: one with ESLint as it is, one with `FileContext#extend`
 * giving each rule context the class's own prototype instead of the file's context object
 * (the fix this script measures). One process each: the old generation one mode leaves
 * behind would be collected during the other's lints.
 *
 * Why it matters: ESLint 10 builds every rule's context with `Object.create(fileContext)`,
 * which turns each file's context into a prototype. V8 gives it a map of its own, and maps
 * live in the old generation, so until the next full collection an old object points at the
 * file's context, and through it at the file's `SourceCode` — AST, tokens, scopes. Every
 * scavenge until then keeps and copies them. A no-rules run never calls `extend`, so it never
 * pays this; any config with a rule does.
 */
const { values } = parseArgs({ options: { 'max-lines': { type: 'string', default: '100' }, rounds: { type: 'string', default: '7' }, sample: { type: 'string', default: '3' }, mode: { type: 'string' } } });
const maxLines = Number(values['max-lines']);
const rounds = Number(values.rounds);
const every = Number(values.sample);

type Extend = (this: object, extension: object) => object;
interface FileContextClass {
  prototype: { extend: Extend };
}
const eslintDir = dirname(createRequire(__filename).resolve('eslint/package.json'));
// The module `Linter` uses: patching its prototype reaches every context it makes.
const { FileContext } = createRequire(__filename)(join(eslintDir, 'lib', 'linter', 'file-context.js')) as { FileContext: FileContextClass };
const asShipped: Extend = FileContext.prototype.extend;
function ownPrototype(this: object, extension: object): object {
  return Object.freeze(Object.assign(Object.create(FileContext.prototype) as object, this, extension));
}

const collect = (globalThis as { gc?: () => void }).gc ?? ((): never => {
  console.error('any-rule-cost: run with node --expose-gc');
  process.exit(2);
});

function main(): void {
  ensureCorpus();
  const files = corpusFiles().filter((f) => f.part === 'apps' && f.lines < maxLines).filter((_, i) => i % every === 0);
  const linter = new Linter({ configType: 'flat', cwd: join(CORPUS_DIR, 'files') });
  const withPlugin = (rules: Linter.RulesRecord, kind: 'module' | 'commonjs') => normalized(linter, configFor(rules, kind, false).map((b) => ({ ...b, plugins: { ...b.plugins, leaks: plugin } })));
  // In this order: no rules, any rule (no-debugger), the recommended set with it.
  const sets: Linter.RulesRecord[] = [{}, { 'no-debugger': 'error' }, { 'no-debugger': 'error', ...plugin.configs.recommended.rules }];
  const configs = sets.map((rules) => ({ module: withPlugin(rules, 'module'), commonjs: withPlugin(rules, 'commonjs') }));
  const kinds = files.map((f) => (linter.verify(f.text, configs[0]?.module ?? [], f.path).some((m) => m.fatal) ? 'commonjs' : 'module'));
  const patched = values.mode === 'patched';
  // One total per measured round and set.
  const totals = sets.map((): number[] => []);
  if (patched) FileContext.prototype.extend = ownPrototype;
  try {
    for (let r = 0; r <= rounds; r++) {
      for (let k = 0; k < sets.length; k++) {
        const si = (k + r) % sets.length;
        const config = configs[si];
        if (!config) continue;
        // Each block starts from a collected heap: no block pays for another's old generation.
        collect();
        const t0 = performance.now();
        files.forEach((f, i) => linter.verify(f.text, config[kinds[i] ?? 'module'], f.path));
        // The first round warms the JIT and is not counted.
        if (r > 0) totals[si]?.push(performance.now() - t0);
      }
    }
  } finally {
    FileContext.prototype.extend = asShipped;
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
  if (!patched) console.log(`${files.length} apps files under ${maxLines} lines (1 in ${every}), ${rounds} rounds after a warm-up; per-file time, median of the rounds' totals`);
  const [none = 0, one = 0, rec = 0] = totals.map(median);
  const us = (ms: number): string => `${((ms * 1000) / files.length).toFixed(0)} µs`;
  console.log(`${patched ? 'extend() patched' : 'ESLint as shipped'}: no rules ${us(none)}; any rule ${us(one)} (${((one / none - 1) * 100).toFixed(1)}% over no rules); recommended ${us(rec)} (${((rec / one - 1) * 100).toFixed(1)}% over any rule, ${((rec / none - 1) * 100).toFixed(1)}% over no rules)`);
}

if (values.mode !== undefined && values.mode !== 'shipped' && values.mode !== 'patched') {
  console.error('any-rule-cost: --mode is shipped or patched (left out: both, one process each)');
  process.exit(2);
}
if (values.mode === undefined) {
  ensureCorpus();
  // Each mode in a fresh process, with the same options.
  for (const mode of ['shipped', 'patched']) {
    process.stdout.write(execFileSync(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2), '--mode', mode], { encoding: 'utf8' }));
  }
} else main();
