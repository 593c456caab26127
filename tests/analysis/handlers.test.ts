import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from '../../src/index';
import { debugPerRequest } from '../../src/analysis/frequency/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const per = (p: string, label: string) => ({ messageId: 'perRequest' as const, data: { per: p, label } });
const none = { messageId: 'none' as const };

const cases = {
  valid: ['const x = 1;'],
  invalid: [
    // module-level code, and callbacks that run as often as it (`.then`, `setTimeout`, an event that fires once)
    { code: 'here();', errors: [none] },
    { code: 'init().then(() => { here(); });', errors: [none] },
    { code: "server.on('listening', () => { here(); });", errors: [none] },
    { code: "server.on('request', (req, res) => { here(); });", errors: [per('message', "this `on('request')` handler")] },
    // route handlers, middleware, servers, queue workers, option keys
    { code: "app.get('/x', (req, res) => { here(); });", errors: [per('request', "this `app.get('/x')` handler")] },
    { code: 'http.createServer((req, res) => { here(); });', errors: [per('request', 'this `createServer()` request handler')] },
    { code: "new Worker('emails', async (job) => { here(); });", errors: [per('job', 'this queue worker')] },
    { code: "fastify.route({ url: '/x', handler: async () => { here(); } });", errors: [per('request', 'this `handler`')] },
    { code: 'consumer.run({ eachMessage: async () => { here(); } });', errors: [per('message', 'this `eachMessage`')] },
    { code: 'export const handler = async () => { here(); };', errors: [per('request', 'the exported `handler` handler')] },
    { code: 'export async function GET() { here(); }', filename: 'app/api/x/route.ts', errors: [per('request', 'the `GET` route handler')] },
    { code: 'export async function GET() { here(); }', filename: 'src/lib/get.ts', errors: [per('call', '`GET()`, which runs on every call')] },
    // every call of a named function not proven to run once: exported, a method, called from code that runs often
    { code: 'function main() { here(); }\nmain();', errors: [none] },
    { code: 'const boot = async () => { here(); };\nif (process.env.X) boot().then(() => {});', errors: [none] },
    { code: 'function setup() { here(); }\nfunction main() { setup(); }\nmain();', errors: [none] },
    { code: 'function query() { here(); }\nexport function a() { query(); }', errors: [per('call', '`query()`, which runs on every call')] },
    { code: 'function query() { here(); }\nmodule.exports = { query };', errors: [per('call', '`query()`, which runs on every call')] },
    { code: 'class Db { connect() { here(); } }', errors: [per('call', '`connect()`, which runs on every call')] },
    { code: 'function f() { items.forEach(() => { here(); }); }\nexport { f };', errors: [per('call', '`f()`, which runs on every call')] },
    // a callback handed to an unknown callee is left undecided
    { code: 'program.action(async () => { here(); });', errors: [none] },
    // a helper called from a handler, a loop turn, a class made per request
    { code: "function helper() { here(); }\napp.get('/x', () => helper());", errors: [per('request', "`helper()`, called from this `app.get('/x')` handler (line 2)")] },
    { code: 'export function f(xs) { for (const x of xs) here(); }', errors: [per('loop turn', 'this `for…of` loop')] },
    // a callback of a callee the table does not know runs as often as the code around it
    { code: 'export function f(p) { zlib.gzip(p, (err, z) => { here(); }); }', errors: [per('call', '`f()`, which runs on every call')] },
    { code: 'zlib.gzip(p, (err, z) => { here(); });', errors: [none] },
    // a returned function runs on every call of it; an API object's methods on every call
    { code: 'export function mw(o) { return (req, res, next) => { here(); }; }', errors: [per('call', 'the function `mw()` returns, which runs on every call')] },
    { code: 'export const api = { render(m) { here(); } };', errors: [per('call', '`render()`, which runs on every call')] },
    { code: 'register({ start() { here(); } });', errors: [none] },
    { code: "class Svc { constructor() { here(); } static make() { here(); } }\napp.get('/x', () => new Svc());", errors: [per('request', "class `Svc`, which this `app.get('/x')` handler instantiates (line 2)"), per('call', '`make()`, which runs on every call')] },
  ],
};

ruleTester.run('per-request code (TS parser)', debugPerRequest, cases);
jsRuleTester.run('per-request code (espree)', debugPerRequest, {
  valid: cases.valid,
  invalid: cases.invalid.filter((c) => !c.code.includes('export async function GET')),
});

ruleTester.run('per-request code: decorators (TS only)', debugPerRequest, {
  valid: [],
  invalid: [
    { code: "@Controller() class C { @Get(':id') find() { here(); } }", errors: [per('request', 'this `@Get()` method')] },
    // NestJS request scope, by the `Scope` import: the constructor runs per request
    {
      code: "import { Injectable, Scope } from '@nestjs/common';\n@Injectable({ scope: Scope.REQUEST }) class A { constructor() { here(); } }",
      errors: [per('request', 'request-scoped `A` (`@Injectable({ scope: Scope.REQUEST })`), which Nest builds on every request')],
    },
    { code: "import { Injectable, Scope } from '@nestjs/common';\n@Injectable({ scope: Scope.TRANSIENT }) class A { constructor() { here(); } }", errors: [per('call', '`constructor()`, which runs on every call')] },
  ],
});

ruleTester.run('per-request code: React render bodies (TSX)', debugPerRequest, {
  valid: [],
  invalid: [
    { code: 'export function Box() { here(); return <div />; }', filename: 'box.tsx', errors: [per('render', 'the body of `Box`, which runs on every render')] },
    { code: 'export function Box() { const [s] = useState(() => { here(); }); return <div />; }', filename: 'box.tsx', errors: [none] },
    { code: 'export function useThing() { useEffect(() => { here(); }, []); }', filename: 'use-thing.ts', errors: [none] },
  ],
});

/** Every rule asks the same frequency answers: start-up callbacks run once for all of them. */
describe('rules agree on per-request code', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string, rules: Record<string, 'error'> = plugin.configs.all.rules as Record<string, 'error'>): string[] =>
    linter
      .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, rules }], 'x.ts')
      .map((m) => `${m.ruleId ?? 'fatal'} ${m.line}`);

  it("a cache made in a `listening` callback is not per request; the same in `on('request')` is", () => {
    const listening = `
      import { LRUCache } from 'lru-cache';
      server.on('listening', () => {
        const cache = new LRUCache({ max: 10 });
        setInterval(() => cache.purgeStale(), 1000);
      });
    `;
    assert.deepEqual(lint(listening), []);
    assert.deepEqual(lint(listening.replace("'listening'", "'request'")), ['leaks/no-per-request-cache 4', 'leaks/no-leaked-subscription 5']);
  });

  it('a `.then` callback at module level runs once, as the direct call does', () => {
    const direct = `
      import { LRUCache } from 'lru-cache';
      const cache = new LRUCache({ max: 10 });
      async function poll() { try { await check(cache); } catch {} setTimeout(() => poll(), 1000); }
      poll();
    `;
    const viaThen = `
      import { LRUCache } from 'lru-cache';
      init().then(() => {
        const cache = new LRUCache({ max: 10 });
        async function poll() { try { await check(cache); } catch {} setTimeout(() => poll(), 1000); }
        poll();
      });
    `;
    assert.deepEqual(lint(direct), []);
    assert.deepEqual(lint(viaThen), lint(direct));
  });

  it('`handlers.callees` is an alias of a per-event `settings.leaks.callbacks` entry', () => {
    const code = "import { LRUCache } from 'lru-cache';\nbot.command('start', (ctx) => { const c = new LRUCache({ max: 1 }); use(c); });";
    const viaOption = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, rules: { 'leaks/no-per-request-cache': ['error', { handlers: { callees: ['command'] } }] } }], 'x.ts');
    const viaSettings = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, settings: { leaks: { callbacks: [{ name: 'command', run: 'per event' }] } }, rules: { 'leaks/no-per-request-cache': 'error' } }], 'x.ts');
    assert.equal(viaOption.length, 1);
    assert.deepEqual(viaOption.map((m) => m.message), viaSettings.map((m) => m.message));
  });

  it('handler names in the registry are extended through settings.leaks.names', () => {
    const code = "import { LRUCache } from 'lru-cache';\n@Controller() class C { @Action() find() { const c = new LRUCache({ max: 1 }); use(c); } }";
    const rules = { 'leaks/no-per-request-cache': 'error' as const };
    const verify = (settings: Record<string, unknown>) => linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, settings, rules }], 'x.ts');
    // A method nobody is seen calling runs on every call; the decorator says per request.
    assert.match(verify({})[0]?.message ?? '', /in `find\(\)`, which runs on every call, so every call/);
    assert.match(verify({ leaks: { names: { handlerDecorators: ['Action'] } } })[0]?.message ?? '', /in this `@Action\(\)` method, so every request/);
  });
});
