import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from '../../src/index';
import { debugCallbackFrequency, debugLoopTurn } from '../../src/analysis/frequency/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const run = (runs: string, label: string) => ({ messageId: 'run' as const, data: { run: runs, label } });

const cases = {
  valid: [
    // a function that is not handed to anything is not a callback
    'const f = () => 1; function g() {} const o = { m() {} };',
  ],
  invalid: [
    // in place: iteration, executors, IIFEs
    { code: 'xs.forEach((x) => x);', errors: [run('in place', 'this `.forEach()` iteration callback')] },
    { code: 'Array.from(xs, (x) => x * 2);', errors: [run('in place', 'this `.from()` mapping callback')] },
    { code: 'new Promise((resolve) => resolve(1));', errors: [run('in place', 'this promise executor')] },
    { code: '(() => 1)();', errors: [run('in place', 'this immediately invoked function')] },
    // once: promise callbacks, one-shot timers, one-time listeners, events that fire once
    { code: 'p.then(() => 1).catch(() => 2).finally(() => 3);', errors: [run('once', 'this `.then()` promise callback'), run('once', 'this `.catch()` promise callback'), run('once', 'this `.finally()` promise callback')] },
    { code: 'setTimeout(() => tick(), 10);', errors: [run('once', 'this `setTimeout()` deferred callback')] },
    { code: "bus.once('ready', () => go());", errors: [run('once', 'this `.once()` one-time listener')] },
    { code: "server.on('listening', () => log());", errors: [run('once', "this `on('listening')` listener")] },
    // per event: listeners, intervals, route handlers, servers, queue processors
    { code: "sock.on('data', (d) => handle(d));", errors: [run('per event', "this `on('data')` listener")] },
    { code: 'setInterval(function () { poll(); }, 1000);', errors: [run('per event', 'this `setInterval()` interval callback')] },
    { code: "app.get('/x', (req, res) => res.end());", errors: [run('per event', 'this `.get()` route handler')] },
    { code: 'http.createServer((req, res) => res.end());', errors: [run('per event', 'this `.createServer()` request handler')] },
    { code: "queue.process('job', async (job) => work(job));", errors: [run('per event', 'this `.process()` processor')] },
    // `map.get(k)` with one argument is no route; an unknown callee is unknown
    { code: 'cache.get(key, () => compute());', errors: [run('per event', 'this `.get()` route handler')] },
    { code: 'doSomething(() => 1);', errors: [run('unknown', 'this `doSomething()` callback')] },
    // a bare `forEach(fn)` is someone's own function, not array iteration
    { code: 'forEach(() => 1);', errors: [run('unknown', 'this `forEach()` callback')] },
  ],
};

ruleTester.run('callback frequency (TS parser)', debugCallbackFrequency, cases);
jsRuleTester.run('callback frequency (espree)', debugCallbackFrequency, cases);

/** Every rule asks the same table, so they agree on how often a callback runs. */
describe('rules agree on how often a callback runs', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string): string[] =>
    linter
      .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, rules: plugin.configs.all.rules }], 'x.ts')
      .map((m) => `${m.ruleId ?? 'fatal'} ${m.line}`);

  it("a listener on an event that fires once runs once: `server.on('listening')`", () => {
    // per-request-cache and subscription both see module start-up here
    const once = `
      import http from 'node:http';
      import { LRUCache } from 'lru-cache';
      const server = http.createServer();
      server.on('listening', () => {
        const cache = new LRUCache({ max: 10 });
        process.on('SIGTERM', () => cache.clear());
      });
    `;
    assert.deepEqual(lint(once), []);
    const perEvent = once.replace("'listening'", "'connection'");
    assert.deepEqual(lint(perEvent), ['leaks/no-per-request-cache 6', 'leaks/no-leaked-subscription 7']);
  });

  it('a `.then` callback at module level runs as often as the module: once', () => {
    const direct = `
      const handlers = [];
      init();
      process.on('message', (m) => handlers.forEach((h) => h(m)));
    `;
    const viaThen = `
      const handlers = [];
      init().then(() => {
        process.on('message', (m) => handlers.forEach((h) => h(m)));
      });
    `;
    assert.deepEqual(lint(direct), []);
    assert.deepEqual(lint(viaThen), lint(direct));
  });

  it('growth inside `.then` and inside `.catch` are judged alike', () => {
    const viaThen = `
      const log = [];
      export function call(req) {
        return send(req).then((r) => { log.push(r); });
      }
    `;
    const viaCatch = viaThen.replace('.then(', '.catch(');
    const viaFinally = viaThen.replace('.then((r) =>', '.finally(() =>').replace('log.push(r)', 'log.push(req)');
    assert.deepEqual(lint(viaThen), ['leaks/no-unbounded-collection 2']);
    assert.deepEqual(lint(viaCatch), lint(viaThen));
    assert.deepEqual(lint(viaFinally), lint(viaThen));
    // …and at start-up, neither grows per call.
    const atStartup = `
      const log = [];
      load().then((r) => { log.push(r); }).catch((e) => { log.push(e); });
    `;
    assert.deepEqual(lint(atStartup), []);
  });
});

/** The table is data a user extends for their own API, through one setting every rule reads. */
describe('settings.leaks.callbacks and settings.leaks.onceEvents', () => {
  const linter = new Linter({ configType: 'flat' });
  const lint = (code: string, leaks?: unknown): string[] =>
    linter
      .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, rules: plugin.configs.all.rules, ...(leaks === undefined ? {} : { settings: { leaks } }) }], 'x.ts')
      .map((m) => `${m.ruleId ?? 'fatal'} ${m.line}${m.fatal ? ` ${m.message}` : ''}`);

  const perJob = `
    import { LRUCache } from 'lru-cache';
    const seen = [];
    queue.onJob((job) => {
      const cache = new LRUCache({ max: 10 });
      seen.push(job.id);
      return cache;
    });
  `;

  it("a user's callee that runs its callback per event makes the callback per event for every rule", () => {
    assert.deepEqual(lint(perJob), []);
    assert.deepEqual(lint(perJob, { callbacks: [{ name: 'onJob', run: 'per event' }] }), ['leaks/no-unbounded-collection 3', 'leaks/no-per-request-cache 5']);
  });

  it("a user's event that fires once runs its listener once", () => {
    const code = `
      import { LRUCache } from 'lru-cache';
      pool.on('drained', () => { const cache = new LRUCache({ max: 10 }); use(cache); });
    `;
    assert.deepEqual(lint(code), ['leaks/no-per-request-cache 3']);
    assert.deepEqual(lint(code, { onceEvents: ['drained'] }), []);
  });

  it('rejects a malformed entry with the setting named', () => {
    assert.throws(() => lint(perJob, { callbacks: [{ name: 'onJob', run: 'sometimes' }] }), /settings\.leaks\.callbacks\[0\]\.run must be "in place", "once" or "per event"/);
    assert.throws(() => lint(perJob, { callbacks: [{ name: 'onJob', run: 'once', argument: -1 }] }), /settings\.leaks\.callbacks\[0\]\.argument must be a whole number/);
    assert.throws(() => lint(perJob, { onceEvents: 'drained' }), /settings\.leaks\.onceEvents must be an array of strings/);
  });
});

const turn = (label: string, life: 'long-lived' | 'bounded') => ({ messageId: 'turn' as const, data: { label, life } });
const loopCases = {
  valid: [],
  invalid: [
    // a loop whose condition never changes, or is a long-lived flag, may run for the process
    { code: 'while (true) { probe(); }', errors: [turn('`while (true)` loop', 'long-lived')] },
    { code: 'while (this.isRunning) { probe(); }', errors: [turn('`while (this.isRunning)` loop', 'long-lived')] },
    { code: 'for (;;) { probe(); }', errors: [turn('`for (;;)` loop', 'long-lived')] },
    // a loop over a list, or with a counter that advances, ends
    { code: 'for (const x of xs) { probe(); }', errors: [turn('`for…of` loop', 'bounded')] },
    { code: 'for (let i = 0; i < n; i++) probe();', errors: [turn('`for` loop', 'bounded')] },
    { code: 'xs.forEach(() => probe());', errors: [turn('`.forEach()` callback', 'bounded')] },
    // a body that moves what the condition reads, the same variable or member by scope, walks finite data
    { code: 'while (node) { probe(); node = node.next; }', errors: [turn('`while (node)` loop', 'bounded')] },
    { code: 'class W { run() { while (this.cursor) { probe(); this.cursor = this.cursor.next; } } }', errors: [turn('`while (this.cursor)` loop', 'bounded')] },
    // … not another thing of the same name, and not a stop flag set to a constant
    { code: 'let pos; while (state.pos) { probe(); pos = next(); }', errors: [turn('`while (state.pos)` loop', 'long-lived')] },
    { code: 'while (node) { probe(); function f(node) { node = node.next; } }', errors: [turn('`while (node)` loop', 'long-lived')] },
    // executors and IIFEs run in place; a callback registered in a loop runs later, not per turn
    { code: 'while (true) { await new Promise((r) => { probe(); r(); }); }', errors: [turn('`while (true)` loop', 'long-lived')] },
    { code: 'while (true) { el.on("x", () => probe()); }', errors: [{ messageId: 'none' as const }] },
    { code: 'probe();', errors: [{ messageId: 'none' as const }] },
  ],
};
ruleTester.run('loop turns (TS parser)', debugLoopTurn, loopCases);
jsRuleTester.run('loop turns (espree)', debugLoopTurn, { valid: [], invalid: loopCases.invalid.filter((c) => !c.code.includes('await')) });
