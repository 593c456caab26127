import { debugOwnership } from '../../src/analysis/fate/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const o = (ownership: string) => ({ messageId: 'ownership' as const, data: { ownership } });

/** Question 3 for handles: does ownership leave the acquiring function? Timers and resources, one answer. */
const cases = {
  valid: ['const h = other();'],
  invalid: [
    // returned, kept on `this` or an outer variable, handed to an adopter
    { code: 'function f() { const h = acquire(); return h; }', errors: [o('leaves: returned')] },
    { code: 'class A { m() { const h = acquire(); this.h = h; } }', errors: [o('leaves: stored')] },
    { code: 'let keep; function f() { const h = acquire(); keep = h; }', errors: [o('leaves: stored')] },
    { code: 'async function f(res) { const h = acquire(); await pipeline(h, res); }', errors: [o('leaves: adopted')] },
    { code: 'function f(res) { const h = acquire(); h.pipe(res); }', errors: [o('leaves: adopted')] },
    // where a local copy goes, the handle goes (`socket = tlsSocket; … return socket`)
    { code: 'function f() { let s; const h = acquire(); s = h; return s; }', errors: [o('leaves: returned')] },
    // a same-file helper that releases the parameter it is given in \`finally\` adopts it; one that
    // releases it on its straight path is a release at the call (release.ts \`helperReleases\`), not a hand-off
    { code: 'function done(x) { try { x.flush(); } finally { x.close(); } } function f() { const h = acquire(); done(h); }', errors: [o('leaves: adopted')] },
    { code: 'function done(x) { x.close(); } function f() { const h = acquire(); done(h); }', errors: [o('kept')] },
    { code: 'function log(x) { console.log(x); } function f() { const h = acquire(); log(h); }', errors: [o('kept')] },
    // a callback that releases it later
    { code: "function f(s) { const h = acquire(); s.on('end', () => release(h)); }", errors: [o('leaves: captured')] },
    // mere uses of a resource: a call, a property of a local object, a local copy
    { code: 'function f() { const h = acquire(); query(h); const o = {}; o.h = h; const c = h; }', errors: [o('kept')] },
    { code: "function f(s) { const h = acquire(); s.on('data', () => query(h)); }", errors: [o('kept')] },
    // a timer id's only use is to be cleared: any hand-off or closure may clear it, but its own clear does not
    { code: 'function f() { const h = timer(); track(h); }', errors: [o('leaves: adopted')] },
    { code: 'function f() { const h = timer(); const o = {}; o.h = h; }', errors: [o('leaves: stored')] },
    { code: 'function f(s) { const h = timer(); s.on("x", () => h.refresh()); }', errors: [o('leaves: captured')] },
    { code: 'function f() { const h = timer(); release(h); }', errors: [o('kept')] },
    // a registration's handle: any call but a release takes it, a local alias does not, nor does a closure by itself
    { code: 'function f() { const h = register(); track(h); }', errors: [o('leaves: adopted')] },
    { code: 'function f() { const h = register(); release(h); const c = h; }', errors: [o('kept')] },
    { code: 'function f(s) { const h = register(); s.on("x", () => h.close()); }', errors: [o('kept')] },
    { code: 'class A { m() { const h = register(); this.subs.h = h; } }', errors: [o('leaves: stored')] },
    { code: 'function f() { const h = register(); return h; }', errors: [o('leaves: returned')] },
  ],
};

ruleTester.run('ownership (TS parser)', debugOwnership, cases);
jsRuleTester.run('ownership (espree)', debugOwnership, cases);
