import rule from '../../rules/no-recursion-in-try';
import { jsRuleTester, ruleTester } from '../rule-tester';

ruleTester.run('no-recursion-in-try', rule, {
  valid: [
    // rescheduling instead of recursing
    'async function pump(sock) { try { handle(await sock.read()); } catch {} setImmediate(() => void pump(sock)); }',
    'async function poll() { try { await check(); } finally { setTimeout(() => poll(), 1000); } }',
    'function tick() { try { draw(); } finally { requestAnimationFrame(tick); } }',
    'async function pump(sock) { try { handle(await sock.read()); } catch (e) { log(e); } void pump(sock); }',
    'async function pump(sock) { try { handle(await sock.read()); pump(sock); } catch {} }',
    'function loop() { try { step(); } catch {} queueMicrotask(() => loop()); }',
    'async function loop() { try { await step(); } catch {} process.nextTick(loop); }',
    'function next() { fetchIt().then(next); }',
    // bounded recursion on smaller data
    'function walk(node) { try { visit(node); for (const child of node.children) walk(child); } catch (e) { report(e); } }',
    'function sum(list) { try { return list.length ? list[0] + sum(list.slice(1)) : 0; } catch { return 0; } }',
    'function fact(n) { try { return n <= 1 ? 1 : n * fact(n - 1); } finally { done(); } }',
    'async function walkDir(dir) { try { for (const e of await readdir(dir)) if (e.isDirectory()) await walkDir(join(dir, e.name)); } catch {} }',
    'function visit(node) { try { if (node.left) visit(node.left); if (node.right) visit(node.right); } catch {} }',
    'function parse(tokens, [head, ...rest]) { try { return rest.length ? parse(tokens, rest) : head; } catch {} }',
    // retries with a finite decreasing counter
    'async function fetchRetry(url, retries = 3) { try { return await fetch(url); } catch (e) { if (retries > 0) return fetchRetry(url, retries - 1); throw e; } }',
    'async function connect(attempt = 0) { try { return await open(); } catch (e) { if (attempt >= 5) throw e; await sleep(100); return connect(attempt + 1); } }',
    'async function send(msg, opts) { try { return await post(msg); } catch (e) { if (opts.retries <= 0) throw e; return send(msg, { ...opts, retries: opts.retries - 1 }); } }',
    'function depthLimited(node, depth) { if (depth > 10) return; try { depthLimited(node, depth + 1); } catch {} }',
    // bounds resolved through constants
    'const MAX_RETRIES = 5;\nasync function connect(attempt = 0) { try { return await open(); } catch (e) { if (attempt >= MAX_RETRIES) throw e; return connect(attempt + 1); } }',
    // a constant argument switches the recursing branch off: retry once, alias dispatch, a flag field
    'async function get(u, retried = false) { try { return await fetch(u); } catch (e) { if (retried) throw e; return get(u, true); } }',
    "async function inState(state, id) { if (state === 'waiting') return (await inState('wait', id)) || (await inState('paused', id)); return has(state, id); }",
    'function flushSync(fn) { try { if (fn) { flushSync(); return fn(); } drain(); } finally { done(); } }',
    'async function sock(o) { if (o.proxy != null) return await viaProxy(o); return open(o); }\nasync function viaProxy(o) { const raw = await sock({ ...o, proxy: undefined }); return wrap(raw); }',
    // progress through a closure's state: a counter, a queue, a pending hand-off
    'function run(tasks) { let next = 0; function worker() { if (next >= tasks.length) return; const i = next++; return Promise.resolve(tasks[i]()).then(() => worker()); } return worker(); }',
    'function drain(queue) { const step = () => { const job = queue.shift(); if (!job) return; try { job(); } catch { step(); return; } step(); }; step(); }',
    'class Group { async reset(a) { try { await this.apply(a); } finally { if (this.pending) { const p = this.pending; this.pending = null; await this.reset(p); } } } }',
    // a `try` holds the calls of its own function only: not those of a callback inside it, nor a self-call of the outer function from a callback's `try`
    'function f(xs) { try { xs.map(() => f(xs)); } catch {} }',
    'function f(xs) { xs.map(() => { try { f(xs); } catch {} }); }',
    // recursion in a nested function that is not the one being defined
    'function outer() { try { const inner = () => inner2(); function inner2() {} inner(); } catch {} }',
    'async function pump(sock) { sock.on("data", async () => { try { await pump(sock); } catch {} }); }',
    // sync recursion outside try is not this rule's business
    'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }',
    // async outside try, with the option off
    { code: 'async function loop() { await work(); await loop(); }', options: [{ checkAsyncOutsideTry: false }] },
    // async recursion on smaller data, outside try
    'async function flatten(node) { const kids = await Promise.all(node.children.map(flatten)); return [node, ...kids.flat()]; }',
    'async function walk(node) { await visit(node); for (const c of node.children) await walk(c); }',
    // generators delegate, they do not nest frames the same way
    'function* gen(x) { try { yield x; yield* gen(x); } finally {} }',
    // a scheduler from the options
    { code: 'async function pump() { try { await read(); } catch {} defer(() => pump()); }', options: [{ schedulers: ['defer'] }] },
    // a field counter reset only where recursion stops (success, giving up)
    'class Link { attempts = 0; async connect() { try { await open(); this.attempts = 0; } catch (e) { this.attempts++; if (this.attempts > 5) { this.attempts = 0; throw e; } return this.connect(); } } }',
    // the argument changes kind: the next round takes the branch that does not recurse
    'async function bulkDelete(messages) { if (Array.isArray(messages)) return remove(messages); if (!isNaN(messages)) { const list = await fetchIds(messages); return bulkDelete(list); } throw new TypeError(); }',
    // `.then` settles the promise the path tested: the next round sees a plain value
    'function handleReply(res) { const body = typeof res.data === "function" ? res.data() : res.data; if (isPromise(body)) return body.then((data) => handleReply({ ...res, data })); send(body); }',
    // state changed elsewhere before the call: a lazy connect that sets the tested field, another class clearing a token
    'class Client { sendCommand(c, a) { if (!this.raw) return this.connect().then(() => this.sendCommand(c, a)); return this.raw.send(c, a); } async connect() { if (!this.raw) await this.materialize(); } async materialize() { this.raw = await make(); } }',
    'class Flow { async execute(conn, creds) { if (this.cache.hasAccessToken) { try { return await this.finish(conn, creds); } catch (e) { if (!isAuthError(e)) throw e; this.cache.removeAccessToken(); return await this.execute(conn, creds); } } return this.fresh(conn, creds); } }',
    // a local function with the same name in a different scope
    'function a() { try { b(); } catch {} } function b() { const a = () => 1; a(); }',
    // a cycle of two whose other function advances the queue and tests it before calling back (tslib's async generator)
    'export function gen(g) { var q = []; function resume(n, v) { try { step(g[n](v)); } catch (e) { settle(q[0][3], e); } } function step(r) { settle(q[0][2], r); } function settle(f, v) { if (f(v), q.shift(), q.length) resume(q[0][0], q[0][1]); } return resume; }',
    // a step along a linked list, tested before calling back (Babel's async generator helper)
    'export function Gen(e) { var t, n; function resume(k, v) { try { var r = e[k](v); settle(!!r.done, r.value); } catch (x) { settle(2, x); } } function settle(d, r) { t.resolve(r); (t = t.next) ? resume(t.key, t.arg) : n = null; } this.go = function (k, v) { t = n = { key: k, arg: v, next: null }; resume(k, v); }; }',
    // an async iterator's awaited step, tested before the call: the walk ends with the iterator
    'export async function find(dirs) { const search = async () => { try { if (await has(dirs)) return true; } catch {} const step = await dirs.next(); if (!step.done) return await search(); return null; }; return await search(); }',
    // mutual recursion that walks down: the call back passes an element of what it was given
    'class Store { async has(key) { if (Array.isArray(key)) return this.hasMany(key); return this.store.has(key); } async hasMany(keys) { const out = []; for (const k of keys) out.push(await this.has(k)); return out; } }',
    'async function visit(node) { try { await visitAll(node.children); } catch {} }\nasync function visitAll(nodes) { for (const n of nodes) await visit(n); }',
  ],
  invalid: [
    // a `try` anywhere in the function's own body, also in a nested block or around a class body, holds its calls
    { code: 'function loop() { if (ready) { try { step(); loop(); } catch {} } }', errors: [{ messageId: 'recursionInTry', line: 1, column: 46 }] },
    { code: 'function loop() { try { step(); } catch { class Retry { static again = loop(); } } }', errors: [{ messageId: 'recursionInTry', line: 1, column: 72 }] },
    // story 1: the pump that recurses from inside try and catch
    {
      code: `async function pump(sock) {
  try {
    const msg = await sock.read();
    handle(msg);
    await pump(sock);
  } catch {
    await pump(sock);
  }
}`,
      errors: [
        {
          messageId: 'recursionInTry',
          line: 5,
          column: 11,
          data: { name: '`pump()`', part: 'try', why: 'called again with the same arguments', promise: ' and its promise' },
          suggestions: [
            {
              messageId: 'rewriteAsLoop',
              data: { name: '`pump`' },
              output: `async function pump(sock) {
  for (;;) {
    try {
      const msg = await sock.read();
      handle(msg);
    } catch {
    }
  }
}`,
            },
          ],
        },
        {
          messageId: 'recursionInTry',
          line: 7,
          column: 11,
          data: { name: '`pump()`', part: 'catch', why: 'called again with the same arguments', promise: ' and its promise' },
          suggestions: [
            {
              messageId: 'rewriteAsLoop',
              data: { name: '`pump`' },
              output: `async function pump(sock) {
  for (;;) {
    try {
      const msg = await sock.read();
      handle(msg);
    } catch {
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // sync recursion inside try: every turn keeps a stack frame
    {
      code: 'function loop() { try { step(); loop(); } catch (e) { log(e); } }',
      errors: [{ messageId: 'recursionInTry', line: 1, column: 33, data: { name: '`loop()`', part: 'try', why: 'called with no arguments', promise: '' } }],
    },
    // catch-only retry with no bound
    {
      code: 'async function connect(url) { try { return await open(url); } catch { await sleep(1000); return connect(url); } }',
      errors: [{ messageId: 'recursionInTry', line: 1, column: 97, data: { name: '`connect()`', part: 'catch', why: 'called again with the same arguments', promise: ' and its promise' } }],
    },
    // retries whose bound defaults to Infinity
    {
      code: 'async function retry(op, attempt = 0, max = Infinity) { try { return await op(); } catch { if (attempt < max) return retry(op, attempt + 1, max); throw new Error("gave up"); } }',
      errors: [{ messageId: 'recursionInTry', data: { name: '`retry()`', part: 'catch', why: 'a retry counter with no finite bound', promise: ' and its promise' } }],
    },
    // a counter nobody tests
    {
      code: 'async function reconnect(n = 0) { try { await open(); } catch { return reconnect(n + 1); } }',
      errors: [{ messageId: 'recursionInTry', data: { name: '`reconnect()`', part: 'catch', why: 'a retry counter with no finite bound', promise: ' and its promise' } }],
    },
    // finally
    {
      code: 'async function serve(queue) { try { await handle(await queue.take()); } finally { await serve(queue); } }',
      errors: [{ messageId: 'recursionInTry', data: { name: '`serve()`', part: 'finally', why: 'called again with the same arguments', promise: ' and its promise' } }],
    },
    // arrow bound to a const, named function expression
    {
      code: 'const loop = async () => { try { await tick(); } catch {} return loop(); };',
      errors: [{ messageId: 'asyncRecursion', line: 1, column: 66, data: { name: '`loop()`', how: 'returns', why: 'called with no arguments' } }],
    },
    {
      code: 'const run = async function again(ch) { try { await ch.recv(); await again(ch); } catch {} };',
      errors: [
        {
          messageId: 'recursionInTry',
          data: { name: '`again()`', part: 'try', why: 'called again with the same arguments', promise: ' and its promise' },
          suggestions: [
            {
              messageId: 'rewriteAsLoop',
              output: 'const run = async function again(ch) { for (;;) {\n                                         try {\n                                           await ch.recv();\n                                         } catch {\n                                           break;\n                                         }\n                                       } };',
            },
          ],
        },
      ],
    },
    // methods via this and via the class name
    {
      code: 'class Worker { async run() { try { await this.step(); await this.run(); } catch (e) { this.log(e); } } }',
      errors: [{ messageId: 'recursionInTry', line: 1, column: 61, data: { name: '`run()`', part: 'try', why: 'called with no arguments', promise: ' and its promise' } }],
    },
    {
      code: 'class Poller { static async poll() { try { await Poller.check(); } catch {} return Poller.poll(); } }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`poll()`', how: 'returns', why: 'called with no arguments' } }],
    },
    // async outside try: awaited, returned, return await
    {
      code: 'async function loop(q) { const job = await q.take(); await run(job); await loop(q); }',
      errors: [{ messageId: 'asyncRecursion', line: 1, column: 76, data: { name: '`loop()`', how: 'awaits', why: 'called again with the same arguments' } }],
    },
    {
      code: 'async function drain(stream) { const chunk = await stream.read(); if (chunk === null) return; write(chunk); return await drain(stream); }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`drain()`', how: 'awaits', why: 'called again with the same arguments' } }],
    },
    // pagination: recursion after awaiting I/O, with a fresh argument
    {
      code: 'async function fetchAll(cursor) { const page = await api.list(cursor); save(page.items); if (page.next) return fetchAll(page.next); }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`fetchAll()`', how: 'returns', why: 'called after awaiting I/O, with no base case on a shrinking argument' } }],
    },
    // a returned .then chain
    {
      code: 'function poll(url) { return fetch(url).then(() => poll(url)); }',
      errors: [{ messageId: 'asyncRecursion', line: 1, column: 51, data: { name: '`poll()`', how: 'chains', why: 'called again with the same arguments' } }],
    },
    // an iterator that is rewound each round cycles forever
    {
      code: 'function connect(it) { const go = async () => { const e = it.next(); if (e.done) { it.reset(); await sleep(1000); return go(); } try { return await open(e.value); } catch { return go(); } }; return go(); }',
      errors: [
        { messageId: 'asyncRecursion', data: { name: '`go()`', how: 'returns', why: 'called with no arguments' } },
        { messageId: 'recursionInTry', data: { name: '`go()`', part: 'catch', why: 'called with no arguments', promise: ' and its promise' } },
      ],
    },
    // a constant that does not turn the branch off: the test it feeds is not on the path
    {
      code: 'async function loop(first) { try { if (first) init(); await work(); } catch {} await loop(false); }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`loop()`', how: 'awaits', why: 'called after awaiting I/O, with no base case on a shrinking argument' } }],
    },
    // a bound above maxRetryBound, through a constant
    {
      code: 'const LIMIT = 1e9;\nasync function reconnect(n = 0) { try { await open(); } catch { if (n < LIMIT) return reconnect(n + 1); } }',
      errors: [{ messageId: 'recursionInTry', data: { name: '`reconnect()`', part: 'catch', why: 'a retry counter with no finite bound', promise: ' and its promise' } }],
    },
    // a counter that is tested only to pick a log line, and a strategy that never gives up
    {
      code: 'class S { async retry(n) { if (n > 0) this.emit("reconnecting"); try { return await this.open(); } catch (e) { if (!this.isOpen) throw e; const wait = this.strategy(n, e); if (wait instanceof Error) throw wait; await sleep(wait); return this.retry(n + 1); } } }',
      errors: [{ messageId: 'recursionInTry', data: { name: '`retry()`', part: 'catch', why: 'a retry counter with no finite bound', promise: ' and its promise' } }],
    },
    // a retry limit that a sentinel switches off
    {
      code: 'const INFINITE = -1;\nfunction exec(op, policy, n = 0) { return op().catch(async (e) => { const ok = policy.max === INFINITE || n < policy.max; if (!ok) throw e; await sleep(10); return exec(op, policy, n + 1); }); }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`exec()`', how: 'chains', why: 'a retry counter with no finite bound' } }],
    },
    // a consumer that takes from a queue but sleeps and goes on when it is empty
    {
      code: 'class Consumer { run() { const next = async () => { if (!this.running) return; const m = this.queue.shift(); if (!m) await sleep(100); else await this.handle(m); await next(); }; return next(); } }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`next()`', how: 'awaits', why: 'called with no arguments' } }],
    },
    // retry from a nested promise callback, and a forever helper returning through `?:`
    {
      code: 'class R { report(n) { return Promise.resolve(this.state()).then((s) => this.api.patch(s)).catch(() => sleep(2 ** n).then(() => this.report(n + 1))); } }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`report()`', how: 'chains', why: 'a retry counter with no finite bound' } }],
    },
    {
      code: 'function forever(fn, v) { return Promise.resolve(v).then(fn).then((x) => (x === end ? undefined : forever(fn, x))); }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`forever()`', how: 'chains', why: 'no base case on a shrinking argument' } }],
    },
    {
      code: 'function filtered(src, keep) { const next = () => src.next().then((p) => { if (p.done) return p; return Promise.resolve(keep(p.value)).then((k) => (k ? p : next())); }); return next; }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`next()`', how: 'chains', why: 'called with no arguments' } }],
    },
    // a counter reset on the path that recurses
    {
      code: 'class Link { async connect() { this.attempts++; if (this.attempts > 5) throw new Error("down"); try { this.attempts = 0; await open(); } catch { return this.connect(); } } }',
      errors: [{ messageId: 'recursionInTry', data: { name: '`connect()`', part: 'catch', why: 'called with no arguments', promise: ' and its promise' } }],
    },
    // a lazy connect that does not set what the path tests
    {
      code: 'class Client { sendCommand(c) { if (!this.raw) return this.connect().then(() => this.sendCommand(c)); return this.raw.send(c); } async connect() { await this.ping(); } }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`sendCommand()`', how: 'chains', why: 'called again with the same arguments' } }],
    },
    // a cycle that starts each round from something new (a config read from a file): the call back's parts are no part of the first round's
    {
      code: 'export async function rules(config) { try { return await extendsOf(config.extends); } catch { return null; } }\nasync function extendsOf(items) { for (const item of items) { const c = await load(item); await rules(c); } }',
      errors: [{ messageId: 'asyncRecursion', line: 2, data: { name: '`extendsOf()` (through `rules()`)', how: 'awaits', why: 'called after awaiting I/O, with no base case on a shrinking argument' } }],
    },
    // the same step, not tested: nothing stops at the end of the list
    {
      code: 'export function Spin(e) { var t; function resume(k, v) { try { var r = e[k](v); settle(!!r.done, r.value); } catch (x) { settle(2, x); } } function settle(d, r) { t.resolve(r); t = t.next; resume(t.key, t.arg); } this.go = resume; }',
      errors: [{ messageId: 'recursionInTry', data: { name: '`resume()` (through `settle()`)', part: 'catch', why: 'no base case on a shrinking argument', promise: '' } }],
    },
    // the other function advances the queue but calls back whatever it holds
    {
      code: 'export function spin(g) { var q = []; function resume(n, v) { try { step(g[n](v)); } catch (e) { settle(q[0][3], e); } } function step(r) { settle(q[0][2], r); } function settle(f, v) { f(v); q.shift(); resume(q[0][0], q[0][1]); } return resume; }',
      errors: [{ messageId: 'recursionInTry', data: { name: '`resume()` (through `settle()`)', part: 'catch', why: 'no base case on a shrinking argument', promise: '' } }],
    },
    // a parameter given a new value before the call is not called again with the same arguments
    {
      code: 'export async function resolveIndex(filename) { filename = join(filename, "index"); const stats = await stat(filename); if (stats.isDirectory()) return resolveIndex(filename); return filename; }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`resolveIndex()`', how: 'returns', why: 'called after awaiting I/O, with no base case on a shrinking argument' } }],
    },
    // the step is taken but never tested: nothing stops the next round
    {
      code: 'export async function spin(dirs) { const search = async () => { try { await work(); } catch {} await dirs.next(); return await search(); }; return await search(); }',
      errors: [{ messageId: 'asyncRecursion', data: { name: '`search()`', how: 'awaits', why: 'called with no arguments' } }],
    },
    // a local that shadows the parameter is not the parameter: identity by scope, not by name
    {
      code: 'function expand(args) { const out = []; for (const a of args) { try { let args = []; for (const line of read(a)) args.push(line); args = expand(args); out.push(...args); } catch {} } return out; }',
      errors: [{ messageId: 'recursionInTry', data: { name: '`expand()`', part: 'try', why: 'no base case on a shrinking argument', promise: '' } }],
    },
    // mutual recursion: the call back hands on what it was given, or a part of something else
    {
      code: 'async function poll(q) { try { return await drain(q); } catch { return null; } }\nasync function drain(queue) { const cur = others[0]; await wait(); return poll(cur); }',
      errors: [{ messageId: 'recursionInTry' }, { messageId: 'asyncRecursion' }],
    },
    {
      code: 'async function readLoop(c) { try { await onData(c); } catch {} }\nasync function onData(c) { await c.read(); await readLoop(c); }',
      errors: [
        { messageId: 'recursionInTry', line: 1, column: 42, data: { name: '`readLoop()` (through `onData()`)', part: 'try', why: 'called again with the same arguments', promise: ' and its promise' } },
        { messageId: 'asyncRecursion', line: 2, column: 50, data: { name: '`onData()` (through `readLoop()`)', how: 'awaits', why: 'called again with the same arguments' } },
      ],
    },
  ],
});

jsRuleTester.run('no-recursion-in-try (plain JS)', rule, {
  valid: ['function walk(n) { try { n.kids.forEach(walk); } catch {} }'],
  invalid: [
    {
      code: 'async function pump(s) { try { await s.read(); await pump(s); } catch { await pump(s); } }',
      errors: [
        { messageId: 'recursionInTry', line: 1, column: 54, suggestions: [{ messageId: 'rewriteAsLoop', output: 'async function pump(s) { for (;;) {\n                           try {\n                             await s.read();\n                           } catch {\n                           }\n                         } }' }] },
        { messageId: 'recursionInTry', line: 1, column: 79, suggestions: [{ messageId: 'rewriteAsLoop', output: 'async function pump(s) { for (;;) {\n                           try {\n                             await s.read();\n                           } catch {\n                           }\n                         } }' }] },
      ],
    },
  ],
});
