import { debugRearm } from '../../src/analysis/release/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const over = { messageId: 'overwrittenTimer' as const };
const chain = { messageId: 'endlessChain' as const };

/** Question 4 for timer handles kept across calls: overwritten uncleared, or an endless self-rescheduling chain. */
const cases = {
  valid: [
    // a test of the handle, a clear on the path, a clear in the other branch, a single-flight flag
    'class P { stop() { clearTimeout(this.t); } go() { if (!this.t) this.t = setTimeout(f, 1000); } }',
    'class P { stop() { clearTimeout(this.t); } go() { if (x) { clearTimeout(this.t); this.t = setTimeout(f, 1000); } } }',
    'class P { stop() { clearTimeout(this.t); } go() { if (this.started) { clearTimeout(this.t); this.t = setTimeout(f, 1); } else { this.t = setTimeout(f, 2); } } }',
    'class P { stop() { clearTimeout(this.t); } go() { if (this.busy) return; this.busy = true; this.t = setTimeout(f, 1000); } }',
    // once per holder: constructor, module initialisation, the declaring maker
    'class P { constructor() { this.t = setTimeout(f, 1000); } stop() { clearTimeout(this.t); } }',
    'let t = setTimeout(f, 1000); export function stop() { clearTimeout(t); }',
    'export function make() { let t; t = setTimeout(f, 1000); return () => clearTimeout(t); }',
    // passed to its own handle's timer; a function passed to code not shown; a bound anonymous function
    'let timer; const flush = () => { timer = null; if (more()) timer = setTimeout(flush, 100); }; export function stop() { clearTimeout(timer); } export function push() { if (!timer) flush(); }',
    'let t; const onCrash = () => { t = setTimeout(go, 100); }; start(onCrash); export function stop() { clearTimeout(t); }',
    'class P { stop() { clearTimeout(this.t); } go() { later(function () { this.t = setTimeout(f, 1); }.bind(this)); } }',
    // an internal step of the class by its name's prefix (registry `internalMethodPrefixes`), which settings extend
    'class P { stop() { clearTimeout(this.t); } _arm() { this.t = setTimeout(f, 1000); } }',
    { code: 'class P { stop() { clearTimeout(this.t); } $arm() { this.t = setTimeout(f, 1000); } }', settings: { leaks: { names: { internalMethodPrefixes: ['$'] } } } },
    // chains: a flag, a kept and cleared handle, an early return, started once
    'export function tick() { setTimeout(() => { if (on) tick(); }, 100); }',
    'export function tick() { if (!on) return; setTimeout(() => tick(), 100); }',
    'function tick() { setTimeout(() => tick(), 100); } tick();',
  ],
  invalid: [
    { code: 'class P { stop() { clearTimeout(this.t); } go() { this.t = setTimeout(f, 1000); } }', errors: [over] },
    { code: 'class P { stop() { clearTimeout(this.t); } $arm() { this.t = setTimeout(f, 1000); } }', errors: [over] },
    { code: 'let t; export function go() { t = setInterval(f, 1000); } export function stop() { clearInterval(t); }', errors: [over] },
    { code: 'let t; function arm() { t = setTimeout(f, 1000); } export function go() { arm(); } export function stop() { clearTimeout(t); }', errors: [over] },
    { code: 'let t; export function go() { emitter.on("x", () => { t = setTimeout(f, 1000); }); } export function stop() { clearTimeout(t); }', errors: [over] },
    { code: 'export function tick() { setTimeout(() => { work(); tick(); }, 100); }', errors: [chain] },
    { code: 'function tick() { setTimeout(async () => { try { await work(); } finally { tick(); } }, 100); } export function run() { tick(); }', errors: [chain] },
  ],
};

ruleTester.run('re-armed timer handles (TS parser)', debugRearm, cases);
jsRuleTester.run('re-armed timer handles (espree)', debugRearm, cases);
