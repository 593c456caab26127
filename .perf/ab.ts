// interleaved per-file A/B: none, noop (six rules returning {}), listeners-only (six rules with our listener keys, empty), recommended
import { Linter } from 'eslint';
import { createRequire } from 'node:module';
const req = createRequire(import.meta.url);
const corpus = req('/work/main/scripts/corpus.ts');
const plugin = req('/work/main/dist/src/index.js').default ?? req('/work/main/dist/src/index.js');
const [part, passesS, everyS] = process.argv.slice(2);
const every = +(everyS ?? 8);
const files = corpus.corpusFiles().filter((f: any) => f.part === part && f.pkg !== 'typescript').filter((_: any, i: number) => i % every === 0);
const noopRules: any = {}, emptyRules: any = {};
for (const [n, r] of Object.entries(plugin.rules) as [string, any][]) {
  noopRules[n] = { meta: r.meta, create: () => ({}) };
  emptyRules[n] = { meta: r.meta, create: (ctx: any) => { const l = r.create(ctx); const o: any = {}; for (const k of Object.keys(l)) o[k] = () => {}; return o; } };
}
const sets: Record<string, any> = process.env.PER_RULE ? { none: { rules: {}, plugin }, ...Object.fromEntries(Object.keys(plugin.rules).map((n) => [n, { rules: { ['leaks/' + n]: 'error' }, plugin }])) } : {
  none: { rules: {}, plugin },
  noop: { rules: plugin.configs.recommended.rules, plugin: { ...plugin, rules: noopRules } },
  keys: { rules: plugin.configs.recommended.rules, plugin: { ...plugin, rules: emptyRules } },
  rec: { rules: plugin.configs.recommended.rules, plugin },
};
const linter = new Linter({ configType: 'flat', cwd: corpus.CORPUS_DIR + '/files' });
const cfgs: Record<string, any> = {};
for (const [k, s] of Object.entries(sets)) cfgs[k] = { m: corpus.configFor(s.rules, 'module').map((c: any) => ({ ...c, plugins: { ...(c.plugins ?? {}), leaks: s.plugin } })), c: corpus.configFor(s.rules, 'commonjs').map((c: any) => ({ ...c, plugins: { ...(c.plugins ?? {}), leaks: s.plugin } })) };
const kinds = files.map((f: any) => (linter.verify(f.text, cfgs.none.m, f.path).some((m: any) => m.fatal) ? 'c' : 'm'));
const tot: Record<string, number> = Object.fromEntries(Object.keys(sets).map((k) => [k, 0]));
const names = Object.keys(sets);
for (let p = 0; p < +passesS; p++) files.forEach((f: any, i: number) => {
  for (let j = 0; j < names.length; j++) { const k = names[(i + p + j) % names.length]; const t = performance.now(); linter.verify(f.text, cfgs[k][kinds[i]], f.path); tot[k] += performance.now() - t; }
});
console.log(part, files.length, Object.fromEntries(Object.entries(tot).map(([k, v]) => [k, Math.round(v) + 'ms ' + (k === 'none' ? '' : ((v / tot.none - 1) * 100).toFixed(1) + '%')])));
