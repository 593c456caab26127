import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../src/index';

/*
 * The questions of the lifetime engine have one answer each, so every rule gives the same
 * verdict on two snippets that differ only in what no question looks at: a function's name, a
 * class's name, `.then` for `.catch`, a comment or a string. Each pair below was once answered
 * differently by some rule (issue 16); the rules run with every `check*` option on.
 */
const linter = new Linter({ configType: 'flat', cwd: '/p' });
const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser },
    plugins: { leaks: plugin },
    rules: Object.fromEntries(Object.keys(plugin.rules).map((r) => [`leaks/${r}`, 'error'])),
  },
];
const findings = (code: string): string[] =>
  linter.verify(code, config, '/p/src/app.ts').map((m) => `${m.ruleId ?? 'fatal'}:${m.line}`);

function same(label: string, a: string, b: string, expected: 'some' | 'none' | 'either'): void {
  it(label, () => {
    const fa = findings(a);
    assert.deepEqual(findings(b), fa, 'both get the same findings');
    if (expected === 'some') assert.ok(fa.length > 0, `reported: ${fa.join(', ')}`);
    else if (expected === 'none') assert.deepEqual(fa, []);
  });
}

describe('one answer per question: look-alikes get the same verdict', () => {
  const perMessage = (name: string): string => `
    const seen: string[] = [];
    export function ${name}(msg: { id: string }) {
      seen.push(msg.id);
    }
    bus.on('message', ${name});
  `;
  same('a per-message function is judged by how it runs, not by its name (onMessage / handleMessage / settle / processItem)', perMessage('processItem'), perMessage('settle'), 'some');
  same('  … handleMessage', perMessage('processItem'), perMessage('handleMessage'), 'some');
  same('  … onMessage', perMessage('processItem'), perMessage('onMessage'), 'some');

  const onParam = (name: string): string => `export function ${name}(conn: Socket) { conn.on('data', (d) => log(d)); }`;
  same('a listener on a parameter is judged by structure, not by a name prefix (settle / processItem)', onParam('processItem'), onParam('settle'), 'either');

  const field = (cls: string): string => `export class ${cls} { seen = new Map<string, number>(); record(k: string) { this.seen.set(k, 1); } }`;
  same('an instance field is judged by how instances are made, not by the class name (Tally / TallyService)', field('Tally'), field('TallyService'), 'either');

  const guard = (name: string): string => `const log: string[] = []; export function record(line: string, ${name}: number) { if (${name} >= 0) log.push(line); }`;
  same('a test of a variable named like a limit is no cap (escapeAt / index)', guard('index'), guard('escapeAt'), 'either');

  const registry = (cls: string): string => `
    class ${cls} {
      private readonly seen = new Map<string, number>();
      record(key: string) { this.seen.set(key, Date.now()); }
    }
    export const tally = new ${cls}();
    app.post('/hit', (req, res) => { tally.record(req.body.key); res.end(); });
  `;
  same('a collection in a module-level instance is long-lived whatever its class is called (Tally / TallyService)', registry('Tally'), registry('TallyService'), 'some');

  const capped = (name: string): string => `
    const log: string[] = [];
    export function ${name}(line: string) {
      log.push(line);
    }
    app.post('/log', (req, res) => { ${name}(req.body); res.end(); });
  `;
  same('a name containing "cap" is no size cap (escapeAt / record)', capped('record'), capped('escapeAt'), 'some');

  const promiseGrowth = (how: 'then' | 'catch'): string => `
    const failures: unknown[] = [];
    app.get('/x', (req, res) => {
      load(req.params.id).${how}((e) => { failures.push(e); });
      res.end();
    });
  `;
  same('growth in a promise callback of a request handler: `.then` and `.catch` alike', promiseGrowth('then'), promiseGrowth('catch'), 'some');

  const listening = (event: string): string => `
    import { LRUCache } from 'lru-cache';
    server.on('${event}', () => {
      const cache = new LRUCache({ max: 100 });
      use(cache);
    });
  `;
  same("`on('listening')` runs once for every rule, like `once('listening')`", listening('listening'), listening('ready'), 'none');

  const moduleLevel = (via: 'then' | 'direct'): string =>
    via === 'then'
      ? `loadConfig().then((cfg) => { setInterval(() => refresh(cfg), 60_000); process.on('SIGHUP', reload); });`
      : `const cfg = loadConfig(); setInterval(() => refresh(cfg), 60_000); process.on('SIGHUP', reload);`;
  same('module-level code runs once, directly or in a `.then` of a module-level promise', moduleLevel('then'), moduleLevel('direct'), 'none');

  const untilDestroyed = (comment: string): string => `
    @Component({ selector: 'x' })
    export class Panel {
      ${comment}
      ngOnInit() { this.store.select(selectUser).subscribe((u) => (this.user = u)); }
    }
  `;
  same('a comment naming an operator does not dispose anything', untilDestroyed(''), untilDestroyed('// TODO: use takeUntilDestroyed here'), 'some');

  const animation = (text: string): string => `
    export function Canvas() {
      useEffect(() => {
        function frame() { if (debug) log('${text}'); draw(); requestAnimationFrame(frame); }
        frame();
      }, []);
      return null;
    }
  `;
  same('a string in a requestAnimationFrame loop changes nothing', animation('fps'), animation('no return'), 'some');

  it('a transaction is told by where its receiver comes from or by its own commit/rollback, not by a method name', () => {
    assert.deepEqual(findings('export function t(item: Item) { const tx = item.transaction(); tx.run(); }'), []);
    assert.deepEqual(findings("import knex from 'knex';\nconst db = knex({});\nexport async function t() { const tx = await db.transaction(); await tx.insert(1); }"), ['leaks/no-leaked-resource:3']);
    assert.deepEqual(findings('export async function t(db: Db) { const tx = await db.transaction(); await tx.insert(1); if (ok) await tx.commit(); }'), ['leaks/no-leaked-resource:1']);
  });
});
