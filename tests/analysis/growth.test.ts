import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { debugGrowth, debugInstanceLifetime } from '../../src/analysis/growth/debug';
import { createDebugRule } from '../../src/analysis/engine/debug';
import { AST_NODE_TYPES } from '../../src/analysis/syntax/node-types';
import { isPrivateMember, nameWords } from '../../src/analysis/syntax/ast';
import { thisClassOf } from '../../src/analysis/scope/identity';
import { jsRuleTester, ruleTester } from '../rule-tester';

const verdict = (name: string, v: string, rest = '') => ({ messageId: 'verdict' as const, data: { name, verdict: v, holder: rest, exposure: '' } });
const site = (effect: string, op: string, name: string, run: string, why: string, bounded = '') => ({ messageId: 'site' as const, data: { effect, op, name, run, why, bounded } });

/** Question 5: growth and eviction sites, each with how often it runs, and the verdict. */
const growthCases = {
  valid: [
    // a function's own collection that no nested function touches is no candidate
    'function f(xs) { const out = []; for (const x of xs) out.push(x); return out; }',
  ],
  invalid: [
    // module level: growth per call of an exported function, eviction per tick
    {
      code: 'const log = [];\nexport function write(l) { log.push(l); }\nsetInterval(() => { log.length = 0; }, 1000);',
      errors: [
        verdict('log', 'bounded'),
        site('grow', 'push', 'log', 'many', '`write()`, called from outside this file'),
        site('shrink', 'length =', 'log', 'many', 'this `setInterval()` interval callback'),
      ],
    },
    // module initialisation, directly or through `.then`/`.catch`: once, like the direct call
    {
      code: 'const log = [];\nlog.push(1);\nload().then((r) => { log.push(r); }).catch((e) => { log.push(e); });',
      errors: [
        verdict('log', 'filled once'),
        site('grow', 'push', 'log', 'once', 'module initialisation', ', not counted: runs once per module initialisation'),
        site('grow', 'push', 'log', 'once', 'module initialisation', ', not counted: runs once per module initialisation'),
        site('grow', 'push', 'log', 'once', 'module initialisation', ', not counted: runs once per module initialisation'),
      ],
    },
    // a function called only at start-up runs once; a listener runs per event
    {
      code: "const seen = new Set();\nfunction boot() { seen.add('a'); }\nboot();\nbus.on('x', (k) => seen.add(k));",
      errors: [
        verdict('seen', 'unbounded'),
        site('grow', 'add', 'seen', 'once', '`boot()`, called only from line 3', ', not counted: runs once per `boot()`, called only from line 3'),
        site('grow', 'add', 'seen', 'many', "this `on('x')` listener"),
      ],
    },
    // a cap is a comparison of the collection's own size; a literal key is a finite domain
    {
      code: "const m = new Map();\nexport function put(k, v) { if (m.size < 10) m.set(k, v); m.set('total', v); }",
      errors: [
        verdict('m', 'filled once'),
        site('grow', 'set', 'm', 'many', '`put()`, called from outside this file', ', not counted: under a size check'),
        site('grow', 'set', 'm', 'many', '`put()`, called from outside this file', ', not counted: its key is from a finite domain'),
      ],
    },
    // a memo computes on a miss; a per-key accumulator and a dedup set are no memos; a warn-once set is
    {
      code: 'const m = new Map();\nexport function get(k) { let v = m.get(k); if (!v) { v = make(k); m.set(k, v); } return v; }',
      errors: [verdict('m', 'unbounded (memo)'), site('grow', 'set', 'm', 'many', '`get()`, called from outside this file')],
    },
    {
      code: 'const m = new Map();\nexport function hit(k) { const ts = (m.get(k) ?? []).filter(fresh); ts.push(1); m.set(k, ts); }',
      errors: [verdict('m', 'unbounded'), site('grow', 'set', 'm', 'many', '`hit()`, called from outside this file')],
    },
    {
      code: 'const seen = new Set();\nexport function take(m) { if (seen.has(m.id)) return; seen.add(m.id); show(m); }',
      errors: [verdict('seen', 'unbounded'), site('grow', 'add', 'seen', 'many', '`take()`, called from outside this file')],
    },
    {
      code: 'const seen = new Set();\nexport function once(m) { if (seen.has(m)) return; seen.add(m); console.warn(m); }',
      errors: [verdict('seen', 'unbounded (memo)'), site('grow', 'add', 'seen', 'many', '`once()`, called from outside this file')],
    },
    // an eviction at shutdown runs once: it bounds nothing
    {
      code: "const m = new Map();\nexport function put(k, v) { m.set(k, v); }\nprocess.on('SIGTERM', () => m.clear());",
      errors: [
        verdict('m', 'unbounded'),
        site('grow', 'set', 'm', 'many', '`put()`, called from outside this file'),
        site('shrink', 'clear', 'm', 'once', 'module initialisation'),
      ],
    },
    // a turn of a loop that can run for the life of the process runs again and again, even in module code;
    // a loop over data fills once
    {
      code: 'const m = new Map();\nexport function put(k, v) { m.set(k, v); }\nwhile (true) { m.clear(); step(); }',
      errors: [
        verdict('m', 'bounded'),
        site('grow', 'set', 'm', 'many', '`put()`, called from outside this file'),
        site('shrink', 'clear', 'm', 'many', 'a turn of the `while (true)` loop'),
      ],
    },
    {
      code: 'const log = [];\nwhile (running()) { log.push(read()); }\nfor (const x of list) log.push(x);',
      errors: [
        verdict('log', 'unbounded'),
        site('grow', 'push', 'log', 'many', 'a turn of the `while (running())` loop'),
        site('grow', 'push', 'log', 'once', 'module initialisation', ', not counted: runs once per module initialisation'),
      ],
    },
    // class fields: the constructor runs once per instance, its listeners per event
    {
      code: "class A {\n  items = [];\n  constructor(s) { this.items.push(0); s.on('data', (d) => this.items.push(d)); }\n}",
      errors: [
        verdict('items', 'unbounded', "; holder lives long: made outside this file; it grows in this `on('data')` listener"),
        site('grow', 'push', 'items', 'once', 'the constructor', ', not counted: runs once per the constructor'),
        site('grow', 'push', 'items', 'many', "this `on('data')` listener"),
      ],
    },
    // exposure: returned, handed to another module; a getter is another name for it, `console.log` only reads it
    {
      code: "import { drain } from './sink';\nconst out = [];\nexport function add(x) { out.push(x); }\nexport function flush() { drain(out); }",
      errors: [
        { messageId: 'verdict' as const, data: { name: 'out', verdict: 'unbounded', holder: '', exposure: '; exposed: passed' } },
        site('grow', 'push', 'out', 'many', '`add()`, called from outside this file'),
      ],
    },
    {
      code: 'const out = [];\nexport function add(x) { out.push(x); console.log(out); }\nexport function all() { return out; }',
      errors: [
        { messageId: 'verdict' as const, data: { name: 'out', verdict: 'unbounded', holder: '', exposure: '; exposed: returned' } },
        site('grow', 'push', 'out', 'many', '`add()`, called from outside this file'),
      ],
    },
    {
      code: "class A {\n  #items = [];\n  get items() { return this.#items; }\n  add(x) { this.items.push(x); console.log(this.#items); }\n  close() {}\n}",
      errors: [
        verdict('#items', 'unbounded', '; holder lives long: made outside this file; it has a teardown method'),
        site('grow', 'push', '#items', 'many', '`add()`, called from outside this file'),
      ],
    },
    // a set-up API nothing in the file calls registers; the same call per event grows
    {
      code: "const resolvers = {};\nexport function registerResolver(s, impl) { resolvers[s] = impl; }",
      errors: [
        verdict('resolvers', 'filled once'),
        site('grow', '[key] =', 'resolvers', 'many', '`registerResolver()`, called from outside this file', ', not counted: stored by `registerResolver()`, a set-up API nothing in this file calls'),
      ],
    },
    // a scheduled eviction that the reply path cancels without evicting is listed, but bounds nothing
    {
      code: 'class C {\n  p = {};\n  send(id, cb) { const t = setTimeout(() => { delete this.p[id]; }, 10); this.p[id] = () => { clearTimeout(t); cb(); }; }\n  close() {}\n}',
      errors: [
        verdict('p', 'unbounded', '; holder lives long: made outside this file; it has a teardown method'),
        site('shrink', 'delete', 'p', 'many', '`send()`, called from outside this file'),
        site('grow', '[key] =', 'p', 'many', '`send()`, called from outside this file'),
      ],
    },
    // a record's list: counted per event while the record is kept
    {
      code: "export class H {\n  m = new Map();\n  start(n, proc) { const rec = { logs: [] }; proc.on('data', (l) => rec.logs.push(l)); this.m.set(n, rec); }\n  stop(n) { this.m.delete(n); }\n}",
      errors: [
        verdict('m', 'bounded', '; holder lives long: made outside this file; it has a teardown method'),
        verdict('rec.logs', 'unbounded'),
        site('grow', 'push', 'rec.logs', 'many', "this `on('data')` listener"),
        site('grow', 'set', 'm', 'many', '`start()`, called from outside this file'),
        site('shrink', 'delete', 'm', 'many', '`stop()`, called from outside this file'),
      ],
    },
    // exposure is reported as a fact
    {
      code: 'export const events = [];\nexport function record(e) { events.push(e); }',
      errors: [
        { messageId: 'verdict' as const, data: { name: 'events', verdict: 'unbounded', holder: '', exposure: '; exposed: exported' } },
        site('grow', 'push', 'events', 'many', '`record()`, called from outside this file'),
      ],
    },
  ],
};

ruleTester.run('growth (TS parser)', debugGrowth, growthCases);
jsRuleTester.run('growth (espree)', debugGrowth, growthCases);

const life = (kind: string, why: string) => ({ messageId: 'life' as const, data: { kind, why } });

/** Question 2 for classes: how long an instance lives, from how it is made, never from its name. */
const lifetimeCases = {
  valid: [],
  invalid: [
    { code: 'class Store {}', errors: [life('unknown', 'made outside this file')] },
    { code: 'class Tally {}\nexport default new Tally();', errors: [life('process', 'made once, on line 2 (module initialisation)')] },
    { code: 'class Tally {}\nfunction main() { return use(new Tally()); }\nmain();', errors: [life('process', 'made once, on line 2 (`main()`, called only from line 3)')] },
    { code: 'class Tally {}\nlet t;\nexport function get() { t ??= new Tally(); return t; }', errors: [life('process', 'kept at module level or in a static, on line 3')] },
    { code: 'class Service {}\nexport function handle() { const s = new Service(); s.run(); }', errors: [life('call', 'made per call, on line 2 (`handle()`, called from outside this file), and dropped or replaced')] },
    // replaced on every call: each instance lives until the next one
    { code: 'class Batch {}\nlet current;\nexport function begin() { current = new Batch(); }', errors: [life('call', 'made per call, on line 3 (`begin()`, called from outside this file), and dropped or replaced')] },
    { code: 'class Tally {}\nlet t;\nexport function get() { if (!t) t = new Tally(); return t; }', errors: [life('process', 'kept at module level or in a static, on line 3')] },
    { code: 'class Batch {}\nlet current = null;\nexport function ensure() { if (current === null) current = new Batch(); return current; }\nexport function done() { current = null; }', errors: [life('call', 'made per call, on line 3 (`ensure()`, called from outside this file), and dropped or replaced')] },
    // a field of a long-lived instance, but assigned again and again: each part is replaced
    {
      code: 'class Part {}\nclass App { reset() { this.part = new Part(); } }\nexport const app = new App();',
      errors: [life('call', 'made per call, on line 2 (`reset()`, called from outside this file), and dropped or replaced'), life('process', 'made once, on line 3 (module initialisation)')],
    },
    // kept in a local that is returned: handed on
    { code: 'class Browser { static from() { const b = new Browser(); b.init(); return b; } }', errors: [life('unknown', 'made on line 1 and handed on')] },
    { code: 'class Conn {}\nexport function open() { return new Conn(); }', errors: [life('unknown', 'made on line 2 and handed on')] },
    {
      code: 'class Part {}\nclass App { constructor() { this.part = new Part(); } }\nexport const app = new App();',
      errors: [life('process', 'held by a field of an instance that lives for the process, on line 2'), life('process', 'made once, on line 3 (module initialisation)')],
    },
  ],
};

ruleTester.run('instance lifetime (TS parser)', debugInstanceLifetime, lifetimeCases);
jsRuleTester.run('instance lifetime (espree)', debugInstanceLifetime, lifetimeCases);

describe('nameWords', () => {
  it('splits names into whole words, so a list of words never matches inside one', () => {
    assert.deepEqual(nameWords('MAX_SAMPLES'), ['max', 'samples']);
    assert.deepEqual(nameWords('maxSize'), ['max', 'size']);
    assert.deepEqual(nameWords('escapeAt'), ['escape', 'at']);
    assert.deepEqual(nameWords('HTTPLimit2'), ['http', 'limit']);
  });
});

describe('thisClassOf and isPrivateMember', () => {
  const linter = new Linter({ configType: 'flat' });
  const answers = (code: string): string[] => {
    const out: string[] = [];
    const rule = createDebugRule({
      meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { x: 'x' } },
      create: () => ({
        ThisExpression(node) {
          const owner = thisClassOf(node);
          out.push(owner ? `${owner.cls.id?.name ?? '?'}${owner.isStatic ? ' static' : ''}` : 'none');
        },
        MethodDefinition(node) {
          if (isPrivateMember(node)) out.push(`private ${node.key.type === AST_NODE_TYPES.Identifier ? node.key.name : '#'}`);
        },
      }),
    });
    linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { d: { rules: { r: rule } } as never }, rules: { 'd/r': 'error' } }], 'x.ts');
    return out;
  };

  it("is the class's instance in methods, fields and arrows; the class in statics; nothing in a plain function", () => {
    assert.deepEqual(answers('class A { x = this; m() { return () => this; } static s() { return this; } n() { return function () { return this; }; } }'), ['A', 'A', 'A static', 'none']);
  });

  it('knows `#m` and `private m` are callable only inside the class', () => {
    assert.deepEqual(answers('class A { #a() {} private b() {} c() {} }'), ['private #', 'private b']);
  });
});

describe('analyseCollection with verdictOnly (the rule asks only for the verdict)', () => {
  const linter = new Linter({ configType: 'flat' });
  /** The debug rule's reports: `verdict` per candidate, and how many sites each answer listed. */
  const answers = (code: string, verdictOnly: boolean): string[] =>
    linter
      .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { d: { rules: { growth: debugGrowth } } as never }, rules: { 'd/growth': ['error', { verdictOnly }] } }], 'x.ts')
      .map((m) => m.message);
  const bounded = 'const log = [];\nexport function write(l) { log.push(l); }\nsetInterval(() => { log.length = 0; }, 1000);';
  const filledOnce = "const names = [];\nnames.push('a');\nexport function reset() { names.length = 0; }";
  const unbounded = 'const log = [];\nexport function write(l) { log.push(l); }\nexport function first() { return log[0]; }';
  const verdicts = (messages: string[]): string[] => messages.filter((m) => !/^(grow|shrink|clear|pop|reset)/.test(m));

  it('gives the same verdicts as the whole answer', () => {
    for (const code of [bounded, filledOnce, unbounded]) assert.deepEqual(verdicts(answers(code, true)), verdicts(answers(code, false)), code);
  });
  it('stops before the evictions when no growth counts; keeps the growth and the eviction that bounds it', () => {
    assert.equal(answers(filledOnce, false).length, 3);
    assert.deepEqual(answers(filledOnce, true).length, 2);
    assert.deepEqual(answers(bounded, true), answers(bounded, false));
    assert.deepEqual(answers(unbounded, true), answers(unbounded, false));
  });
});
