import { debugRelease, debugReleaseInFinally } from '../../src/analysis/release/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const v = (verdict: string) => ({ messageId: 'verdict' as const, data: { verdict } });

/** Question 4: released on every exit? One walk for timers and resources alike. */
const cases = {
  valid: ['const h = acquire(); release(h);'],
  invalid: [
    // written out on every path, in `finally`, through an alias, guarded by a test of the handle
    { code: 'function f(a) { const h = acquire(); if (a) { release(h); return; } release(h); }', errors: [v('released')] },
    { code: 'async function f() { const h = acquire(); try { await work(h); } finally { release(h); } }', errors: [v('released')] },
    { code: 'function f() { const h = acquire(); const copy = h; copy.close(); }', errors: [v('released')] },
    { code: 'function f() { let h; try { h = acquire(); use(h); } finally { if (h) release(h); } }', errors: [v('released')] },
    // a `catch` covered by a releasing `finally`; an await in that `finally` before its release
    { code: 'async function f() { const h = acquire(); try { await work(h); } catch (e) { await undo(h); throw e; } finally { release(h); } }', errors: [v('released')] },
    { code: 'async function f() { const h = acquire(); try { await work(h); } finally { await flush(h); release(h); } }', errors: [v('released')] },
    // a generator's `yield` inside try/finally; a list released by iterating it
    { code: 'async function* f() { const h = acquire(); try { yield h.next(); } finally { release(h); } }', errors: [v('released')] },
    { code: 'async function f(n) { const all = []; const h = acquire(); all.push(h); try { await work(); } finally { all.forEach((x) => release(x)); } }', errors: [v('released')] },
    // `using` disposes on every exit
    { code: 'async function f() { await using h = await acquire(); await work(h); }', errors: [v('released')] },
    // a paired release on the receiver that handed it out
    { code: 'async function f(pool) { await pool.acquire(); try { await work(); } finally { pool.release(); } }', errors: [v('released')] },
    // never; an early return; a rejecting await; a shadowing name is another variable
    { code: 'function f() { const h = acquire(); use(h); }', errors: [v('never')] },
    { code: 'function f(a) {\n  const h = acquire();\n  if (a) return;\n  release(h);\n}', errors: [v('exit return 3')] },
    { code: 'async function f() {\n  const h = acquire();\n  await work();\n  release(h);\n}', errors: [v('throws 3')] },
    { code: 'function f() { const h = acquire(); (function (h) { release(h); })(other); }', errors: [v('never')] },
    // a generator left at `yield` by a consumer that stops: `catch` does not run
    { code: 'function* f() {\n  const h = acquire();\n  try {\n    yield 1;\n    release(h);\n  } catch (e) { release(h); throw e; }\n}', errors: [v('yield 4')] },
    // a loop turn: `continue` ends the turn; a release before the acquisition releases the previous turn's
    { code: 'async function f(q) {\n  while (true) {\n    const h = acquire();\n    if (await q.skip()) continue;\n    release(h);\n  }\n}', errors: [v('exit continue 4')] },
    { code: 'async function f(q) { let h; while (true) { release(h); h = acquire(); await q.next(); } }', errors: [v('released')] },
  ],
};

ruleTester.run('release on every exit (TS parser)', debugRelease, cases);
jsRuleTester.run('release on every exit (espree)', debugRelease, cases);

/** The shared "release in finally" suggestion: the release statements move into the `finally`. */
ruleTester.run('release in finally', debugReleaseInFinally, {
  valid: [],
  invalid: [
    {
      code: 'async function f() {\n  const h = acquire();\n  await work(h);\n  release(h);\n}',
      errors: [{ messageId: 'verdict', suggestions: [{ messageId: 'fix', output: 'async function f() {\n  const h = acquire();\n  try {\n    await work(h);\n  } finally {\n    release(h);\n  }\n}' }] }],
    },
    // a release nested elsewhere cannot move, and releasing twice is not safe: no suggestion
    { code: 'async function f(a) {\n  const h = acquire();\n  if (a) { release(h); return; }\n  await work(h);\n  release(h);\n}', errors: [{ messageId: 'verdict', suggestions: [] }] },
  ],
});
