import assert from 'node:assert/strict';
import { it } from 'node:test';
import { KEPT_ALIVE_TEXT } from '../../src/analysis/recursion/chains';
import { debugRecursion } from '../../src/analysis/recursion/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const at = (alive: string, progress: string, why: string) => ({ messageId: 'selfCall' as const, data: { alive, progress, why } });

const cases = {
  valid: [
    // a function that only calls others is no recursion
    'function a() { b(); } function b() {}',
  ],
  invalid: [
    // kept alive by a `try` around the call (frame), and by its promise when async
    { code: 'function loop() { try { step(); loop(); } catch {} }', errors: [at('kept alive by `try`', 'loop-like', 'called with no arguments')] },
    { code: 'async function pump(s) { try { await s.read(); } catch { await pump(s); } }', errors: [at('kept alive by `catch` and its promise', 'loop-like', 'called again with the same arguments')] },
    // kept alive by the promise chain: awaited, returned, `.then(() => self())`
    { code: 'async function loop(q) { await q.take(); await loop(q); }', errors: [at('kept alive: awaits', 'loop-like', 'called again with the same arguments')] },
    { code: 'function poll(u) { return fetch(u).then(() => poll(u)); }', errors: [at('kept alive: chains', 'loop-like', 'called again with the same arguments')] },
    // dropped or scheduled: nothing waits on the callee
    { code: 'async function pump(s) { await s.read(); void pump(s); }', errors: [at('not kept alive', 'loop-like', 'called again with the same arguments')] },
    { code: 'function poll() { check(); setTimeout(() => poll(), 1000); }', errors: [at('not kept alive (scheduled)', 'loop-like', 'called with no arguments')] },
    { code: "function poll() { check(); bus.on('tick', () => poll()); }", errors: [at('not kept alive (scheduled)', 'loop-like', 'called with no arguments')] },
    // progress: a shrinking argument, a bounded counter, state it advances and tests
    { code: 'function sum(l) { return l.length ? l[0] + sum(l.slice(1)) : 0; }', errors: [at('not kept alive', 'makes progress', 'an argument moves toward a bound')] },
    { code: 'async function f(n = 0) { if (n > 3) throw e; await f(n + 1); }', errors: [at('kept alive: awaits', 'makes progress', 'an argument moves toward a bound')] },
    { code: 'async function f(n = 0, max = Infinity) { if (n > max) throw e; await f(n + 1, max); }', errors: [at('kept alive: awaits', 'loop-like', 'a retry counter with no finite bound')] },
    { code: 'const MAX = 1e9; async function f(n = 0) { if (n > MAX) throw e; await f(n + 1); }', errors: [at('kept alive: awaits', 'loop-like', 'a retry counter with no finite bound')] },
    { code: 'const q = [];\nasync function drain() { const job = q.shift(); if (!job) return; await job(); await drain(); }', errors: [at('kept alive: awaits', 'makes progress', 'advances state it tests')] },
    // progress: a constant argument switches the recursing branch off
    { code: 'async function get(u, retried = false) { const r = await fetch(u); if (r.status === 401 && !retried) return get(u, true); return r; }', errors: [at('kept alive: returns', 'makes progress', 'a constant argument switches its branch off')] },
    { code: "async function inState(state, id) { if (state === 'waiting') return (await inState('wait', id)) || (await inState('paused', id)); return has(state, id); }", errors: [at('kept alive: awaits', 'makes progress', 'a constant argument switches its branch off'), at('kept alive: awaits', 'makes progress', 'a constant argument switches its branch off')] },
    { code: 'function flush(fn) { try { if (fn) { flush(); return fn(); } run(); } finally {} }', errors: [at('kept alive by `try`', 'makes progress', 'a constant argument switches its branch off')] },
    { code: "async function load(kind, id) { switch (kind) { case 'alias': return load('real', id); default: return get(id); } }", errors: [at('kept alive: returns', 'makes progress', 'a constant argument switches its branch off')] },
    { code: 'async function f(u, auth) { if (u.creds === undefined || auth) return u; await g(); return f(u, true); }', errors: [at('kept alive: returns', 'makes progress', 'a constant argument switches its branch off')] },
    // mutual: a field set to a constant turns the other function's branch off
    {
      code: 'async function sock(o) { if (o.proxy != null) return await viaProxy(o); return open(o); }\nasync function viaProxy(o) { const raw = await sock({ ...o, proxy: undefined }); return wrap(raw); }',
      errors: [at('kept alive: awaits', 'makes progress', 'a constant argument switches its branch off'), at('kept alive: awaits', 'makes progress', 'a constant argument switches its branch off')],
    },
    // …but not when a later spread may put it back, when the branch does not test it, or when the parameter is reassigned
    {
      code: 'async function sock(o) { if (o.proxy != null) return await viaProxy(o); return open(o); }\nasync function viaProxy(o) { const raw = await sock({ proxy: undefined, ...o }); return wrap(raw); }',
      errors: [at('kept alive: awaits', 'loop-like', 'called again with the same arguments'), at('kept alive: awaits', 'loop-like', 'called after awaiting I/O, with no base case on a shrinking argument')],
    },
    { code: 'async function loop(first) { if (first) init(); await work(); await loop(false); }', errors: [at('kept alive: awaits', 'loop-like', 'called after awaiting I/O, with no base case on a shrinking argument')] },
    { code: 'async function f(u, retried) { retried = false; if (!retried) return f(u, true); }', errors: [at('kept alive: returns', 'loop-like', 'no base case on a shrinking argument')] },
    // a counter tested where it does not decide the path, or bypassed by a sentinel, bounds nothing
    { code: 'async function retry(n) { if (n > 0) log(); try { return await open(); } catch { return retry(n + 1); } }', errors: [at('kept alive by `catch` and its promise', 'loop-like', 'a retry counter with no finite bound')] },
    { code: 'function exec(op, max, n = 0) { return op().catch(async (e) => { const ok = max === -1 || n < max; if (!ok) throw e; return exec(op, max, n + 1); }); }', errors: [at('kept alive: chains', 'loop-like', 'a retry counter with no finite bound')] },
    { code: 'function exec(op, max, n = 0) { return op().catch(async (e) => { const ok = n < max; if (!ok) throw e; return exec(op, max, n + 1); }); }', errors: [at('kept alive: chains', 'makes progress', 'an argument moves toward a bound')] },
    { code: 'async function retry(op, opts, n = 0) { const { retries = Infinity } = opts; try { return await op(); } catch (e) { if (n >= retries) throw e; return retry(op, opts, n + 1); } }', errors: [at('kept alive by `catch` and its promise', 'loop-like', 'a retry counter with no finite bound')] },
    // state taken off a queue bounds the recursion only when its test stops it
    { code: 'const q = [];\nconst next = async () => { const m = q.shift(); if (!m) await sleep(10); else await run(m); await next(); };', errors: [at('kept alive: awaits', 'loop-like', 'called with no arguments')] },
    // a reset counts where the next round follows it, not where recursion stops
    { code: 'class C { async connect() { this.n++; if (this.n > 5) throw e; try { await open(); } catch { this.n = 0; return this.connect(); } } }', errors: [at('kept alive by `catch` and its promise', 'loop-like', 'called with no arguments')] },
    { code: 'class C { async connect() { this.n++; if (this.n > 5) { this.n = 0; throw e; } try { await open(); this.n = 0; } catch { return this.connect(); } } }', errors: [at('kept alive by `catch` and its promise', 'makes progress', 'advances state it tests')] },
    { code: 'class C { async connect() { this.n++; if (this.n > 5) throw e; try { this.n = 0; await open(); } catch { return this.connect(); } } }', errors: [at('kept alive by `catch` and its promise', 'loop-like', 'called with no arguments')] },
    // a cursor that wraps around never reaches its stop; Euclid's remainder shrinks
    { code: 'async function connect(urls, i = 0) { try { return await open(urls[i]); } catch { await sleep(100); return connect(urls, (i + 1) % urls.length); } }', errors: [at('kept alive by `catch` and its promise', 'loop-like', 'a retry counter with no finite bound')] },
    { code: 'class P { async next() { this.i = (this.i + 1) % this.urls.length; if (this.i >= this.urls.length) return; try { await open(this.urls[this.i]); } catch { return this.next(); } } }', errors: [at('kept alive by `catch` and its promise', 'loop-like', 'called with no arguments')] },
    { code: 'function gcd(a, b) { try { return b === 0 ? a : gcd(b, a % b); } finally {} }', errors: [at('kept alive by `try`', 'makes progress', 'an argument moves toward a bound')] },
    // chains through nested promise callbacks and conditional returns
    { code: 'function report(n) { return send().catch(() => sleep(n).then(() => report(n + 1))); }', errors: [at('kept alive: chains', 'loop-like', 'a retry counter with no finite bound')] },
    { code: 'function forever(fn, v) { return Promise.resolve(v).then(fn).then((x) => (x === end ? undefined : forever(fn, x))); }', errors: [at('kept alive: chains', 'loop-like', 'no base case on a shrinking argument')] },
    { code: 'function report(n) { send().catch(() => sleep(n).then(() => report(n + 1))); }', errors: [at('not kept alive', 'loop-like', 'a retry counter with no finite bound')] },
    // conditions consumed before the call: the argument changes kind, a promise is settled, state changes elsewhere
    { code: 'async function del(m) { if (Array.isArray(m)) return drop(m); if (!isNaN(m)) { const list = await fetchIds(m); return del(list); } throw new TypeError(); }', errors: [at('kept alive: returns', 'makes progress', 'the argument changes kind, so the next round takes another branch')] },
    { code: 'async function del(m) { if (!isNaN(m)) { await sleep(m); return del(m); } }', errors: [at('kept alive: returns', 'loop-like', 'called again with the same arguments')] },
    { code: 'function reply(r) { const body = r.data; if (isPromise(body)) return body.then((v) => reply({ ...r, data: v })); send(body); }', errors: [at('kept alive: chains', 'makes progress', 'it passes the settled value of the promise it tested')] },
    { code: 'function reply(r) { const body = r.data; if (body) return body.then((v) => reply({ ...r, data: v })); send(body); }', errors: [at('kept alive: chains', 'loop-like', 'no base case on a shrinking argument')] },
    { code: 'class C { send(x) { if (!this.raw) return this.connect().then(() => this.send(x)); return this.raw.send(x); } async connect() { this.raw = await open(); } }', errors: [at('kept alive: chains', 'makes progress', 'the condition that led to the call is changed before it')] },
    { code: 'class C { send(x) { if (!this.raw) return this.connect().then(() => this.send(x)); return this.raw.send(x); } async connect() { await open(); } }', errors: [at('kept alive: chains', 'loop-like', 'called again with the same arguments')] },
    { code: 'class W { async run(c) { if (this.cache.has) { try { return await go(c); } catch (e) { this.cache.remove(); return await this.run(c); } } } }', errors: [at('kept alive by `catch` and its promise', 'makes progress', 'the condition that led to the call is changed before it')] },
    { code: 'class W { async run(c) { if (this.cache.has) { try { return await go(c); } catch (e) { const t = this.cache.peek(); return await this.run(c); } } } }', errors: [at('kept alive by `catch` and its promise', 'loop-like', 'called again with the same arguments')] },
  ],
};

ruleTester.run('recursion (TS parser)', debugRecursion, cases);
jsRuleTester.run('recursion (espree)', debugRecursion, cases);

// The rule's fast path skips files without these words: every self-call found kept alive must have one.
it('every kept-alive self-call is in a file the fast path opens', () => {
  const alive = cases.invalid.filter((c) => c.errors.some((e) => e.data.alive.startsWith('kept alive')));
  assert.ok(alive.length > 20);
  for (const c of alive) assert.ok(KEPT_ALIVE_TEXT.test(c.code), c.code);
  assert.equal(KEPT_ALIVE_TEXT.test('function walk(n) { return n ? walk(n - 1) : 0; }\nconst retryable = 1; entry.attempts++;'), false);
});
