import { debugTimerHelpers } from '../../src/analysis/frequency/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const kind = (name: string, k: string) => ({ messageId: 'kind' as const, data: { name, kind: k } });
const turn = { messageId: 'turn' as const };

/** Question 1 for timer helpers: which same-file functions make a timer per call, and of which kind. */
const cases = {
  valid: [
    // a deferral is no timer; a helper whose timer is cleared or cancellable is neither kind
    'function later(f) { return new Promise((r) => setTimeout(r, 0)); }',
    'async function race(p, ms, signal) { return Promise.race([p, sleepFor(ms, { signal })]); } import { setTimeout as sleepFor } from "timers/promises";',
    // a callback registered in a loop does not run per turn
    'while (true) { on("x", () => probe()); }',
  ],
  invalid: [
    { code: 'function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }', errors: [kind('sleep', 'sleep')] },
    {
      code: 'function withTimeout(p, ms) { return Promise.race([p, new Promise((_, rej) => setTimeout(rej, ms))]); }',
      errors: [kind('withTimeout', 'racing')],
    },
    // helpers of helpers, to a fixed point
    {
      code: 'function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); } function guard(p) { return Promise.race([p, sleep(5000)]); } function fetchIt(u) { return guard(get(u)); }',
      errors: [kind('sleep', 'sleep'), kind('guard', 'racing'), kind('fetchIt', 'racing')],
    },
    // loop bodies and iteration callbacks are turns; executors and IIFEs run in place
    { code: 'for (;;) { probe(); new Promise(() => probe()); (() => probe())(); } xs.forEach(() => probe());', errors: [turn, turn, turn, turn] },
  ],
};

ruleTester.run('timer helpers (TS parser)', debugTimerHelpers, cases);
jsRuleTester.run('timer helpers (espree)', debugTimerHelpers, cases);
