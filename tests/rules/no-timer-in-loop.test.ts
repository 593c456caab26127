import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TIMER_FUNCTION_SCHEMA } from '../../src/analysis/vocabulary/timers';
import { settingsSchema } from '../../src/analysis/engine/settings';
import rule from '../../rules/no-timer-in-loop';
import { jsRuleTester, ruleTester } from '../rule-tester';

const SLEEP = 'const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));\n';

ruleTester.run('no-timer-in-loop', rule, {
  valid: [
    // a deferred whose timer is cleared when the source settles; a timer that is the deferred's only settle
    'function timeout(source, ms) { const d = defer(); const t = setTimeout(() => d.reject(new Error("t")), ms); source.then((v) => { clearTimeout(t); d.resolve(v); }, (e) => { clearTimeout(t); d.reject(e); }); return d.promise; }',
    'function later(ms) { const d = defer(); setTimeout(() => d.resolve(), ms); return d.promise; }',
    // kept in a registry whose eviction clears it (\`clearTimeout(entry.timer)\`, \`clearTimeout(timeouts.get(id))\`)
    'class Rpc { pending = new Map(); call(id) { return new Promise((resolve, reject) => { const timer = setTimeout(() => { this.pending.delete(id); reject(new Error("t")); }, 15000); this.pending.set(id, { resolve, reject, timer }); }); } onReply(id, v) { const c = this.pending.get(id); if (!c) return; clearTimeout(c.timer); c.resolve(v); } }',
    'const listeners = new Map(); const timeouts = new Map();\nfunction request(id) { return new Promise((resolve, reject) => { listeners.set(id, { resolve, reject }); timeouts.set(id, setTimeout(() => { listeners.delete(id); reject(new Error("t")); }, 5000)); }); }\nfunction onReply(id, v) { clearTimeout(timeouts.get(id)); timeouts.delete(id); listeners.get(id)?.resolve(v); }',
    // ...also through a local entry first (socket.io's cluster adapter: `const entry = { resolve, timeout }; this.requests.set(id, entry)`)
    'class Adapter { requests = new Map(); fetch(id) { return new Promise((resolve, reject) => { const timeout = setTimeout(() => { reject(new Error("t")); this.requests.delete(id); }, 5000); const entry = { resolve, timeout }; this.requests.set(id, entry); send(id); }); } onReply(id, v) { const r = this.requests.get(id); if (r) { clearTimeout(r.timeout); r.resolve(v); this.requests.delete(id); } } }',
    // AbortSignal.timeout: short, in a start-up probe run once, or with an unknown delay
    'export async function get(url) { return fetch(url, { signal: AbortSignal.timeout(5000) }); }',
    'async function probe(url) { await fetch(url, { signal: AbortSignal.timeout(60_000) }); }\nasync function main() { await probe(process.env.URL); }\nmain();',
    'export async function get(url, ms) { return fetch(url, { signal: AbortSignal.timeout(ms) }); }',
    // a work-side clear on both outcomes of the work
    'function within(work, ms) { let t; return Promise.race([new Promise((r) => { t = setTimeout(r, ms); }), work.finally(() => clearTimeout(t))]); }',
    'function within(work, ms) { let t; return Promise.race([new Promise((r) => { t = setTimeout(r, ms); }), work.then((v) => { clearTimeout(t); return v; }, (e) => { clearTimeout(t); throw e; })]); }',
    // cleared by a closure written before \`const timeout = setTimeout(…).unref()\`: matched by binding, not position
    'function fetch(client, id) { return new Promise((resolve, reject) => { const cleanup = () => { clearTimeout(timeout); client.off("chunk", onChunk); }; const timeout = setTimeout(() => { cleanup(); reject(new Error("t")); }, 10000).unref(); const onChunk = (c) => { if (c.id === id) { cleanup(); resolve(c); } }; client.on("chunk", onChunk); }); }',
    'function wait(client, id) { return new Promise((resolve) => { const onGuild = (g) => { if (g.id === id) { clearTimeout(timeout); resolve(g); } }; client.once("guild", onGuild); const timeout = setTimeout(() => resolve(null), 10000).unref(); }); }',
    // a raced grace period in a teardown runs once per instance
    'export async function shutdown(pending, timeout = 5000) { await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, timeout))]); }',
    // awaited sleep in a long-lived loop: at most one timer pending
    SLEEP + 'async function f() { while (true) { await sleep(1000); } }',
    'async function f() { for (;;) { await new Promise((r) => setTimeout(r, 100)); } }',
    "import { setTimeout as delay } from 'node:timers/promises';\nasync function f() { while (this.open) { await delay(50); } }",
    SLEEP + 'async function f() { while (true) { await sleep(10).then(() => tick()); } }',
    // cleared on every path out of the turn
    // a clear guarded by a test of the handle (question 4 is the same for timers and resources)
    'async function f(q) { while (true) { const t = setTimeout(warn, 1000); await q.next(); if (t) clearTimeout(t); } }',
    'while (running) { const t = setTimeout(warn, 1000); step(); if (t) clearTimeout(t); }',
    `async function f(sock) {
      for (;;) {
        const t = setTimeout(warn, 1000);
        try {
          const c = await sock.read();
          if (!c) continue;
        } finally {
          clearTimeout(t);
        }
      }
    }`,
    `async function f(q) {
      while (this.open) {
        const t = setTimeout(warn, 1000);
        const m = await q.next();
        clearTimeout(t);
        handle(m);
      }
    }`,
    `async function f(q) {
      while (this.open) {
        const t = setTimeout(warn, 1000);
        const m = await q.next();
        if (!m) { clearTimeout(t); continue; }
        clearTimeout(t);
      }
    }`,
    // reset pattern: the previous timer is cleared before the next is created
    `async function f(q) {
      while (this.open) {
        clearTimeout(this.idle);
        this.idle = setTimeout(() => this.close(), 30000);
        await q.next();
      }
    }`,
    // raced timer whose handle is cleared in finally
    `async function f(q) {
      while (true) {
        let t;
        try {
          await Promise.race([q.next(), new Promise((r) => { t = setTimeout(r, 5000); })]);
        } finally {
          clearTimeout(t);
        }
      }
    }`,
    // cancellable timers/promises timer
    `import { setTimeout as sleep } from 'node:timers/promises';
    async function f(q) {
      while (true) {
        const ac = new AbortController();
        try { await Promise.race([q.next(), sleep(5000, undefined, { signal: ac.signal })]); } finally { ac.abort(); }
      }
    }`,
    // created once outside the loop and refreshed
    `async function f(q) {
      const watchdog = setTimeout(onStall, 5000);
      while (true) { await q.next(); watchdog.refresh(); }
    }`,
    // bounded loops: one-shot timers are fine
    "for (let i = 0; i < 3; i++) { setTimeout(() => show(i), i * 100); }",
    "['a', 'b'].forEach((id, i) => { setTimeout(() => reveal(id), i * 100); });",
    'async function retry(op) { for (let attempt = 0; attempt < 5; attempt++) { await Promise.race([op(), new Promise((r) => setTimeout(r, 1000))]).catch(() => {}); break; } }'.replace(
      'await Promise.race([op(), new Promise((r) => setTimeout(r, 1000))]).catch(() => {}); break;',
      'try { return await op(); } catch { await new Promise((r) => setTimeout(r, 1000)); }',
    ),
    'function drain(queue) { while (queue.length > 0) { const job = queue.shift(); setTimeout(() => job.run(), 10); } }',
    'function walk(node) { while (node) { setTimeout(() => mark(node), 10); node = node.parent; } }',
    'function f(items) { for (const item of items) { setTimeout(() => item.expire(), item.ttl); } }',
    // deferrals, not timers
    'async function f() { while (true) { setTimeout(flush, 0); setTimeout(flush); setImmediate(flush); queueMicrotask(flush); requestAnimationFrame(draw); await next(); } }',
    // timers in callbacks the loop only registers
    'async function f(q) { while (true) { const m = await q.next(); m.on("done", () => setTimeout(cleanup, 1000)); } }',
    // handle handed to someone else
    'async function f(q) { while (true) { const m = await q.next(); this.pending.set(m.id, setTimeout(() => expire(m), 5000)); } }',
    'async function f(q) { while (true) { const m = await q.next(); const t = setTimeout(() => expire(m), 5000); m.once("ack", () => clearTimeout(t)); } }',
    'async function f(q) { while (true) { const m = await q.next(); timers.push(setTimeout(() => expire(m), 5000)); } }',
    // AbortSignal.timeout passed to the request it bounds
    'async function poll(url) { while (true) { await fetch(url, { signal: AbortSignal.timeout(5000) }); await sleep(1000); } }',
    // a shadowed setTimeout is not the global one
    'function setTimeout(fn, ms) { return 0; }\nasync function f() { while (true) { setTimeout(g, 10); await next(); } }',
    'async function f(setInterval) { for (const x of xs) { setInterval(x, 10); } }',
    // intervals cleared in the same turn, or handed off
    'function f(xs) { for (const x of xs) { const id = setInterval(tick, 10); run(x); clearInterval(id); } }',
    'function f(xs) { for (const x of xs) { this.intervals.push(setInterval(() => poll(x), 1000)); } }',
    // timers/promises setInterval consumed by for await
    "import { setInterval } from 'timers/promises';\nasync function f(jobs) { for (const j of jobs) { for await (const _ of setInterval(100)) { if (j.done) break; } } }",
    // rxjs interval not subscribed here
    "import { interval } from 'rxjs';\nfunction f(xs) { return xs.map((x) => interval(x)); }",
    // one-shot timers in test files
    {
      code: SLEEP + 'it("x", async () => { while (true) { await Promise.race([next(), sleep(100)]); } });',
      filename: 'src/__tests__/queue.test.ts',
    },
    // race at module top level runs once
    SLEEP + 'await Promise.race([ready(), sleep(5000)]);',
    // a race whose timer is cleared via .finally()
    'function withTimeout(p, ms) { let t; return Promise.race([p, new Promise((_, rej) => { t = setTimeout(() => rej(new Error("t")), ms); })]).finally(() => clearTimeout(t)); }',
    // counters and regex walks in the condition are bounded
    'async function f() { let retries = 3; while (retries--) { setTimeout(tick, 100); await attempt(); } }',
    'function f(re, s) { let m; while ((m = re.exec(s)) !== null) { setTimeout(() => show(m), 10); } }',
    // an executor whose other settle path clears the timer
    'function withTimeout(op, ms) { return new Promise((resolve, reject) => { const t = setTimeout(() => reject(new Error("t")), ms); op.then((v) => { clearTimeout(t); resolve(v); }, reject); }); }',
    // an imported sleep that is awaited, not raced
    "import { sleep } from './util';\nasync function f() { while (true) { await sleep(100); } }",
    // a local function named like a timer that creates none
    'function timeout(ms) { return { ms }; }\nasync function f(op) { return Promise.race([op, timeout(5)]); }',
    // polling: the timer's own callback settles the promise or re-arms the timer
    'function probe(check, ms) { return new Promise((resolve, reject) => { function tick() { if (check()) resolve(); else setTimeout(tick, ms); } setTimeout(tick, ms); }); }',
    // a race against a sub-second literal timer outside loops leaves nothing to pile up
    'async function frame() { await new Promise((resolve) => { requestAnimationFrame(() => resolve()); setTimeout(resolve, 100); }); }',
    // non-race Promise.all with a sleep
    SLEEP + 'async function f() { while (true) { await Promise.all([work(), sleep(100)]); } }',
  ],
  invalid: [
    // the same entry, but nothing ever clears the timer: it stays pending after the reply
    { code: 'class Adapter { requests = new Map(); fetch(id) { return new Promise((resolve, reject) => { const timeout = setTimeout(() => reject(new Error("t")), 5000); const entry = { resolve, timeout }; this.requests.set(id, entry); send(id); }); } onReply(id, v) { const r = this.requests.get(id); if (r) { r.resolve(v); this.requests.delete(id); } } }', errors: [{ messageId: 'raceTimer' }] },
    // story 5: a timer per turn of the write loop
    {
      code: SLEEP + 'async function f(q) { while (this.open) { const m = await Promise.race([q.next(), sleep(5000)]); } }',
      errors: [{ messageId: 'timerPerTurn', line: 2, column: 83, data: { timer: 'sleep', loop: '`while (this.open)` loop', how: 'raced against other work and never cleared' } }],
    },
    {
      code: 'async function f(q) { for (;;) { await Promise.race([q.next(), new Promise((r) => setTimeout(r, 5000))]); } }',
      errors: [{ messageId: 'timerPerTurn', line: 1, column: 83 }],
    },
    // helper defined after the loop (hoisted)
    {
      code: 'async function f(q) { while (true) { await Promise.race([q.next(), wait(5000)]); } }\nfunction wait(ms) { return new Promise((r) => setTimeout(r, ms)); }',
      errors: [{ messageId: 'timerPerTurn', line: 1, column: 68 }],
    },
    // helper of a helper
    {
      code: SLEEP + 'const pause = (ms) => sleep(ms);\nasync function f(q) { while (true) { await Promise.race([q.next(), pause(50)]); } }',
      errors: [{ messageId: 'timerPerTurn', line: 3, column: 68 }],
    },
    // timers/promises under an alias, required
    {
      code: "const { setTimeout: delay } = require('timers/promises');\nasync function f(q) { while (this.running) { await Promise.race([q.next(), delay(5000)]); } }",
      errors: [{ messageId: 'timerPerTurn', line: 2, column: 76 }],
    },
    // renamed to names without a timer word: the fast path reads the binding, not the call
    {
      code: "const { setTimeout: later } = require('timers/promises');\nasync function f(q) { while (this.running) { await Promise.race([q.next(), later(5000)]); } }",
      errors: [{ messageId: 'timerPerTurn', line: 2, column: 76 }],
    },
    {
      code: "import { setTimeout as later } from 'node:timers/promises';\nasync function f(q) { while (this.running) { await Promise.race([q.next(), later(5000)]); } }",
      errors: [{ messageId: 'timerPerTurn', line: 2, column: 76 }],
    },
    {
      code: "import { interval as every } from 'rxjs';\nfunction f(items) { for (const item of items) { every(1000).subscribe(() => poll(item)); } }",
      errors: [{ messageId: 'intervalPerTurn', line: 2, column: 49 }],
    },
    // fire-and-forget per turn
    {
      code: 'async function f(q) { while (true) { const m = await q.next(); setTimeout(() => ack(m), 1000); } }',
      errors: [{ messageId: 'timerPerTurn', line: 1, column: 64, data: { timer: 'setTimeout', loop: '`while (true)` loop', how: 'fire-and-forget' } }],
    },
    {
      code: 'async function f(q) { while (true) { const m = await q.next(); window.setTimeout(() => ack(m), 1000); } }',
      errors: [{ messageId: 'timerPerTurn', line: 1, column: 64 }],
    },
    // for await over a stream
    {
      code: 'async function f(stream) { for await (const chunk of stream) { setTimeout(() => log(chunk), 5000); } }',
      errors: [{ messageId: 'timerPerTurn', line: 1, column: 64 }],
    },
    // do … while with a non-counter condition
    {
      code: 'async function f(q) { do { setTimeout(tick, 100); await q.next(); } while (!q.closed); }',
      errors: [{ messageId: 'timerPerTurn', line: 1, column: 28 }],
    },
    // stored and never cleared, with a suggestion to clear it in finally
    {
      code: `async function f(q) {
  while (true) {
    const t = setTimeout(warn, 1000);
    const m = await q.next();
    if (!m) continue;
    handle(m);
  }
}`,
      errors: [
        {
          messageId: 'timerPerTurn',
          line: 3,
          column: 15,
          data: { timer: 'setTimeout', loop: '`while (true)` loop', how: 'stored in `t` and never cleared' },
          suggestions: [
            {
              messageId: 'clearInFinally',
              data: { handle: 't' },
              output: `async function f(q) {
  while (true) {
    const t = setTimeout(warn, 1000);
    try {
      const m = await q.next();
      if (!m) continue;
      handle(m);
    } finally {
      clearTimeout(t);
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // stored in a field that the next turn overwrites
    {
      code: 'async function f(q) { while (this.open) { this.idle = setTimeout(() => this.close(), 30000); await q.next(); } }',
      errors: [{ messageId: 'timerPerTurn', data: { timer: 'setTimeout', loop: '`while (this.open)` loop', how: 'stored in `this.idle`, which the next turn overwrites' } }],
    },
    // path-sensitive: continue skips the clear
    {
      code: `async function f(sock) {
        for (;;) {
          const t = setTimeout(warn, 1000);
          const c = await sock.read();
          if (!c) continue;
          clearTimeout(t);
        }
      }`,
      errors: [
        {
          messageId: 'timerPerTurn',
          line: 3,
          column: 21,
          data: { timer: 'setTimeout', loop: '`for (;;)` loop', how: 'not cleared on the `continue` on line 5' },
          suggestions: [
            {
              messageId: 'clearInFinally',
              data: { handle: 't' },
              output: `async function f(sock) {
        for (;;) {
          const t = setTimeout(warn, 1000);
          try {
            const c = await sock.read();
            if (!c) continue;
          } finally {
            clearTimeout(t);
          }
        }
      }`,
            },
          ],
        },
      ],
    },
    // path-sensitive: break skips the clear
    {
      code: `async function f(q) {
        while (this.open) {
          const t = setTimeout(warn, 1000);
          const m = await q.next();
          if (m === null) break;
          clearTimeout(t);
        }
      }`,
      errors: [
        {
          messageId: 'timerPerTurn',
          line: 3,
          column: 21,
          data: { timer: 'setTimeout', loop: '`while (this.open)` loop', how: 'not cleared on the `break` on line 5' },
          suggestions: [
            {
              messageId: 'clearInFinally',
              data: { handle: 't' },
              output: `async function f(q) {
        while (this.open) {
          const t = setTimeout(warn, 1000);
          try {
            const m = await q.next();
            if (m === null) break;
          } finally {
            clearTimeout(t);
          }
        }
      }`,
            },
          ],
        },
      ],
    },
    // path-sensitive: throw skips the clear
    {
      code: `async function f(q) {
        while (true) {
          const t = setTimeout(warn, 1000);
          const m = await q.next();
          if (!m.ok) throw new Error('bad');
          clearTimeout(t);
        }
      }`,
      errors: [
        {
          messageId: 'timerPerTurn',
          line: 3,
          column: 21,
          data: { timer: 'setTimeout', loop: '`while (true)` loop', how: 'not cleared on the `throw` on line 5' },
          suggestions: [
            {
              messageId: 'clearInFinally',
              data: { handle: 't' },
              output: `async function f(q) {
        while (true) {
          const t = setTimeout(warn, 1000);
          try {
            const m = await q.next();
            if (!m.ok) throw new Error('bad');
          } finally {
            clearTimeout(t);
          }
        }
      }`,
            },
          ],
        },
      ],
    },
    // path-sensitive: return skips the clear
    {
      code: `async function f(q) {
        while (true) {
          const t = setTimeout(warn, 1000);
          const m = await q.next();
          if (m.last) return m;
          clearTimeout(t);
        }
      }`,
      errors: [
        {
          messageId: 'timerPerTurn',
          line: 3,
          column: 21,
          data: { timer: 'setTimeout', loop: '`while (true)` loop', how: 'not cleared on the `return` on line 5' },
          suggestions: [
            {
              messageId: 'clearInFinally',
              data: { handle: 't' },
              output: `async function f(q) {
        while (true) {
          const t = setTimeout(warn, 1000);
          try {
            const m = await q.next();
            if (m.last) return m;
          } finally {
            clearTimeout(t);
          }
        }
      }`,
            },
          ],
        },
      ],
    },
    // a flag the body never advances
    {
      code: 'async function f() { let running = true; process.on("SIGTERM", () => { running = false; }); while (running) { setTimeout(beat, 1000); await work(); } }',
      errors: [{ messageId: 'timerPerTurn' }],
    },
    // awaited read in the condition
    {
      code: 'async function f(sock) { let m; while ((m = await sock.read()) !== null) { setTimeout(() => expire(m), 5000); } }',
      errors: [{ messageId: 'timerPerTurn' }],
    },
    // AbortSignal.timeout created and dropped
    {
      code: 'async function f(q) { while (true) { AbortSignal.timeout(1000); await q.next(); } }',
      errors: [{ messageId: 'timerPerTurn' }],
    },
    // intervals in any loop, bounded or not
    {
      code: "for (const sensor of ['a', 'b']) { setInterval(() => poll(sensor), 1000); }",
      errors: [{ messageId: 'intervalPerTurn', line: 1, column: 36, data: { timer: 'setInterval', loop: '`for…of` loop' } }],
    },
    {
      code: 'sensors.forEach((s) => { const id = setInterval(() => poll(s), 1000); });',
      errors: [{ messageId: 'intervalPerTurn', line: 1, column: 37, data: { timer: 'setInterval', loop: '`.forEach()` callback' } }],
    },
    {
      code: "import { interval } from 'rxjs';\nfunction f(xs) { for (const x of xs) { interval(1000).pipe(map(() => x)).subscribe(render); } }",
      errors: [{ messageId: 'intervalPerTurn', line: 2, column: 40 }],
    },
    {
      code: "import { timer } from 'rxjs';\nfunction f(xs) { xs.forEach((x) => { const sub = timer(0, 500).subscribe(() => x.tick()); }); }",
      errors: [{ messageId: 'intervalPerTurn', line: 2, column: 50 }],
    },
    {
      code: "import * as timers from 'node:timers';\nfunction f(xs) { for (let i = 0; i < xs.length; i++) { timers.setInterval(() => xs[i].poll(), 50); } }",
      errors: [{ messageId: 'intervalPerTurn' }],
    },
    {
      code: 'it("polls", () => { for (const x of xs) setInterval(() => x.poll(), 10); });',
      filename: 'poll.test.ts',
      errors: [{ messageId: 'intervalPerTurn' }],
    },
    // a racing helper called per turn, and the race inside it
    {
      code: `function withTimeout(p, ms) {
        return Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]);
      }
      async function loop(q) {
        while (true) { await withTimeout(q.next(), 5000); }
      }`,
      errors: [
        { messageId: 'raceTimer', line: 2, column: 57, data: { timer: 'setTimeout', race: '`Promise.race`' } },
        { messageId: 'helperPerTurn', line: 5, column: 30, data: { timer: 'withTimeout', loop: '`while (true)` loop' } },
      ],
    },
    // an entry that keeps settle callbacks but not the timer: nothing can clear it
    {
      code: 'class Rpc { pending = new Map(); call(id) { return new Promise((resolve, reject) => { this.pending.set(id, { resolve, reject }); setTimeout(() => { this.pending.delete(id); reject(new Error("t")); }, 15000); }); } onReply(id, v) { const c = this.pending.get(id); if (!c) return; this.pending.delete(id); c.resolve(v); } }',
      errors: [{ messageId: 'raceTimer' }],
    },
    // a deferred settled by the source and by a timer nobody clears
    {
      code: 'function timeout(source, ms) { const d = defer(); setTimeout(() => d.reject(new Error("t")), ms); source.then((v) => d.resolve(v), (e) => d.reject(e)); return d.promise; }',
      errors: [{ messageId: 'raceTimer', data: { timer: 'setTimeout', race: 'deferred, which can settle another way,' } }],
    },
    // a long AbortSignal.timeout per call: its timer cannot be cleared
    {
      code: 'export class Http {\n  constructor(private readonly timeoutMs = 120_000) {}\n  async get(url) { return fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) }); }\n}',
      errors: [{ messageId: 'signalTimeout', line: 3, data: { why: 'per call (`get()`, called from outside this file)' } }],
    },
    // cleared only when the work fulfils: a rejection leaves the timer pending
    {
      code: 'function within(work, fallback, ms) { let t; return Promise.race([new Promise((r) => { t = setTimeout(() => r(fallback), ms); }), work.then((v) => { clearTimeout(t); return v; })]); }',
      errors: [{ messageId: 'raceTimer' }],
    },
    // \`.unref()\` keeps the handle, but nothing clears it
    {
      code: 'function wait(client, id) { return new Promise((resolve) => { client.once("guild", resolve); const timeout = setTimeout(() => resolve(null), 10000).unref(); }); }',
      errors: [{ messageId: 'raceTimer' }],
    },
    // a race against a fresh timer in a per-request function, no loop
    {
      code: SLEEP + 'export async function handler(req) { return Promise.race([load(req.id), sleep(3000).then(() => null)]); }',
      // reported at the helper's own timer, where the fix goes (issue 18; it was at the race, line 2 column 73)
      errors: [{ messageId: 'raceTimer', line: 1, column: 56, data: { timer: 'setTimeout', race: '`Promise.race` on line 2' } }],
    },
    {
      code: "import { setTimeout } from 'node:timers/promises';\napp.get('/x', async (req, res) => { res.json(await Promise.race([db.get(req.id), setTimeout(1000, null)])); });",
      errors: [{ messageId: 'raceTimer', line: 2, column: 82 }],
    },
    {
      code: 'async function get(url) { const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("t")), 1000)); return Promise.race([fetch(url), timeout]); }',
      errors: [{ messageId: 'raceTimer', line: 1, column: 70 }],
    },
    // an executor that settles another way and never clears its timer
    {
      code: 'function withTimeout(op, ms) { return new Promise((resolve, reject) => { setTimeout(() => reject(new Error("t")), ms); op.then(resolve, reject); }); }',
      errors: [{ messageId: 'raceTimer', line: 1, column: 74, data: { timer: 'setTimeout', race: 'promise, which can settle another way,' } }],
    },
    {
      code: `async function read(sock) {
        while (sock.open) {
          await new Promise((resolve) => { sock.once('data', resolve); setTimeout(resolve, 5000); });
        }
      }`,
      errors: [{ messageId: 'timerPerTurn', line: 3, column: 72 }],
    },
    // an imported sleep/timeout raced against work
    {
      code: "import { sleep } from './util';\nexport async function get(id) { return Promise.race([load(id), sleep(3000)]); }",
      errors: [{ messageId: 'raceTimer', line: 2, column: 64, data: { timer: 'sleep', race: '`Promise.race`' } }],
    },
    {
      code: "import { timeout } from '../lib/async';\nasync function f(q) { while (!q.closed) { await Promise.race([q.next(), timeout(5000)]); } }",
      errors: [{ messageId: 'timerPerTurn', line: 2, column: 73 }],
    },
    // the most reported shape: a timeout promise stored, then raced, never cleared
    {
      code: `export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
        const timeoutPromise = new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), ms));
        return (await Promise.race([promise, timeoutPromise])) as T;
      }`,
      errors: [{ messageId: 'raceTimer', line: 2, column: 59 }],
    },
    // a class method that builds the timeout promise, raced per call
    {
      code: `class Client {
        private createTimeoutPromise(ms: number) { return new Promise<never>((_, reject) => { setTimeout(() => reject(new Error('timeout')), ms); }); }
        async call(req: unknown) { return Promise.race([this.send(req), this.createTimeoutPromise(30_000)]); }
      }`,
      // reported at the helper's own timer, where the fix goes (issue 18; it was at the race, line 3 column 73)
      errors: [{ messageId: 'raceTimer', line: 2, column: 95, data: { timer: 'setTimeout', race: '`Promise.race` on line 3' } }],
    },
    {
      code: "import { createTimeoutPromise } from './utils';\nexport async function run(task) { return Promise.race([task(), createTimeoutPromise(60000)]); }",
      errors: [{ messageId: 'raceTimer', line: 2, column: 64 }],
    },
    // class method helpers through this
    {
      code: `class Client {
        delay(ms) { return new Promise((r) => setTimeout(r, ms)); }
        async run() { while (this.connected) { await Promise.race([this.read(), this.delay(1000)]); } }
      }`,
      errors: [{ messageId: 'timerPerTurn', line: 3, column: 81 }],
    },
    // options: checkBoundedLoops, extra timers, longLivedConditions
    {
      code: 'async function f(users) { for (const u of users) { await Promise.race([notify(u), new Promise((r) => setTimeout(r, 5000))]); } }',
      options: [{ checkBoundedLoops: true }],
      errors: [{ messageId: 'timerPerTurn', line: 1, column: 102, data: { timer: 'setTimeout', loop: '`for…of` loop', how: 'raced against other work and never cleared' } }],
    },
    // a clear through a namespace (`window.clearTimeout`) is a clear, not a hand-off of the id
    {
      code: 'async function f(q) {\n  while (true) {\n    const t = setTimeout(warn, 1000);\n    if (await q.skip()) continue;\n    window.clearTimeout(t);\n  }\n}',
      errors: [{ messageId: 'timerPerTurn', line: 3, column: 15, data: { timer: 'setTimeout', loop: '`while (true)` loop', how: 'not cleared on the `continue` on line 4' }, suggestions: [{ messageId: 'clearInFinally', data: { handle: 't' }, output: 'async function f(q) {\n  while (true) {\n    const t = setTimeout(warn, 1000);\n    try {\n      if (await q.skip()) continue;\n    } finally {\n      clearTimeout(t);\n    }\n  }\n}' }] }],
    },
    // a helper name added in settings (registry `timerHelperNames`) is a timer when raced, even in a file the built-in words miss
    {
      code: "import { nap } from '@acme/async';\nasync function f(q) { for (;;) { await Promise.race([q.next(), nap(100)]); } }",
      settings: { leaks: { names: { timerHelperNames: ['nap'] } } },
      errors: [{ messageId: 'timerPerTurn', line: 2, column: 64 }],
    },
    {
      code: "import { wait } from '@acme/async';\nasync function f(q) { while (true) { await Promise.race([q.next(), wait(100)]); } }",
      options: [{ timers: [{ name: 'wait', source: '@acme/async' }] }],
      errors: [{ messageId: 'timerPerTurn', line: 2, column: 68 }],
    },
    {
      code: 'async function f(q) { while (tries < max && isRunning) { setTimeout(beat, 1000); await q.next(); } }',
      options: [{ longLivedConditions: ['isRunning'] }],
      errors: [{ messageId: 'timerPerTurn' }],
    },
    {
      code: "import { wait } from '@acme/async';\nasync function f(q) { while (true) { await Promise.race([q.next(), wait(100)]); } }",
      settings: { leaks: { timers: [{ name: 'wait', source: '@acme/async' }] } },
      errors: [{ messageId: 'timerPerTurn', line: 2, column: 68 }],
    },
  ],
});

jsRuleTester.run('no-timer-in-loop (plain JS)', rule, {
  valid: [
    'const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\nasync function f() { while (true) { await sleep(1000); } }',
    'for (const x of xs) { setTimeout(() => x.show(), 10); }',
  ],
  invalid: [
    {
      code: 'const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\nasync function f(q) { while (true) { await Promise.race([q.next(), sleep(5000)]); } }',
      errors: [{ messageId: 'timerPerTurn', line: 2, column: 68 }],
    },
    {
      code: 'xs.forEach((x) => { setInterval(() => x.poll(), 10); });',
      errors: [{ messageId: 'intervalPerTurn', line: 1, column: 21 }],
    },
  ],
});

const rearmCases = {
  valid: [
    // a guard on the handle, or clearing it first, keeps one timer at a time
    'class P { t = null; stop() { clearTimeout(this.t); } close() { if (this.t === null) { this.t = setTimeout(() => this.end(), 30000); } } }',
    'class P { t = null; stop() { clearTimeout(this.t); } close() { clearTimeout(this.t); this.t = setTimeout(() => this.end(), 30000); } }',
    'class P { t = null; stop() { clearTimeout(this.t); } close() { if (this.t) return; this.t = setTimeout(() => this.end(), 30000); } }',
    // a constructor runs once per instance; a handle nothing clears is not escaped by an overwrite
    'class P { constructor() { this.t = setTimeout(() => this.end(), 30000); } stop() { clearTimeout(this.t); } }',
    'class P { close() { this.t = setTimeout(() => this.end(), 30000); } }',
    // the handle\'s own timer callback re-arms it: the previous timer has fired
    'let timer = null; export function start() { if (timer) return; arm(); } function arm() { timer = setTimeout(() => { timer = null; arm(); }, 1000); } export function stop() { clearTimeout(timer); }',
    // a self-rescheduling chain with a stop flag, a cleared handle, a bounded count, or started once
    'class S { on = false; start() { this.on = true; this.tick(); } tick() { setTimeout(() => { if (this.on) this.tick(); }, 100); } }',
    'class S { start() { if (this.t) return; this.tick(); } private tick() { this.t = setTimeout(() => this.tick(), 100); } stop() { clearTimeout(this.t); } }',
    'class S { constructor() { this.tick(); } private tick() { this.t = setTimeout(() => this.tick(), 100); } stop() { clearTimeout(this.t); } }',
    'export function retry(n) { setTimeout(() => { if (n > 0) retry(n - 1); }, 100); }',
    'function poll() { setTimeout(() => { check(); poll(); }, 1000); } poll();',
    'class S { constructor() { this.tick(); } private tick() { setTimeout(() => this.tick(), 100); } }',
  ],
  invalid: [
    {
      code: 'class P { t = null; cleanup() { clearTimeout(this.t); } terminate() { if (this.closed) return; this.t = setTimeout(() => this.end(), 30000); } }',
      errors: [{ messageId: 'overwrittenTimer' as const, line: 1, column: 105 }],
    },
    {
      code: 'let timer = null; function next() { timer = setTimeout(() => { poll().finally(() => next()); }, 1000); }\nexport function start() { next(); next(); }\nexport function stop() { clearTimeout(timer); }',
      errors: [{ messageId: 'overwrittenTimer' as const, line: 1, column: 45 }],
    },
    {
      code: 'class V { run() { this.refresh(); return work(); } private refresh() { setTimeout(async () => { try { await step(); } finally { this.refresh(); } }, 100); } }',
      errors: [{ messageId: 'endlessChain' as const, line: 1, column: 72 }],
    },
  ],
};

/** A kept handle overwritten uncleared by code that runs again, and self-rescheduling chains nothing stops (issue 18). */
ruleTester.run('no-timer-in-loop: re-armed handles and chains', rule, rearmCases);
const plain = (c: string | { code: string }) => !(typeof c === 'string' ? c : c.code).includes('private ');
jsRuleTester.run('no-timer-in-loop: re-armed handles and chains (plain JS)', rule, { valid: rearmCases.valid.filter(plain), invalid: rearmCases.invalid.filter(plain) });

describe('one schema for extra timers', () => {
  it('the rule option `timers` is an alias of `settings.leaks.timers`, with the same schema', () => {
    const option = (rule.meta.schema as unknown as { properties: { timers: { items: unknown } } }[])[0]?.properties.timers.items;
    assert.equal(option, TIMER_FUNCTION_SCHEMA);
    assert.equal(settingsSchema.properties.timers.items, TIMER_FUNCTION_SCHEMA);
  });
});
