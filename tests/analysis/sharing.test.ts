import { debugSharing } from '../../src/analysis/fate/sharing-debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const shared = { messageId: 'shared' as const };
const perCall = { messageId: 'perCall' as const };

const cases = {
  valid: ['const x = 1;'],
  invalid: [
    // dropped with the call, or kept in a local
    { code: 'function f() { const c = make(); use(c); }', errors: [perCall] },
    { code: 'function f() { use(new Make()); }', errors: [perCall] },
    // kept past the call: a module variable, a lazy singleton, a global and its alias, `this`
    { code: 'let c; function f() { c = make(); }', errors: [shared] },
    { code: 'let c; function f() { c ??= make(); return c; }', errors: [shared] },
    { code: 'let c; function f() { return c || make(); }', errors: [shared] },
    { code: 'function f() { globalThis.db = make(); }', errors: [shared] },
    { code: 'const g = globalThis;\nfunction f() { g.db = make(); }', errors: [shared] },
    { code: 'function f() { const g = globalThis; g.db = make(); }', errors: [shared] },
    { code: 'class S { init() { this.db = make(); } }', errors: [shared] },
    // …but `this` of an instance made per request is no long-lived home
    { code: "class S { constructor() { this.db = make(); } }\napp.get('/x', () => new S());", errors: [perCall] },
    // a per-key registry: the collection keeps it
    { code: 'const m = new Map(); function f(k) { m.set(k, make()); }', errors: [shared] },
    { code: 'const m = new Map(); function f(k) { const c = make(); m.set(k, c); return 1; }', errors: [shared] },
    // closed in the call
    { code: 'async function f() { const p = make(); try { await p.query(); } finally { await p.end(); } }', errors: [shared] },
    // returned: a factory hands it to its caller, a handler hands it to the framework
    { code: 'function factory() { return make(); }', errors: [shared] },
    { code: "app.get('/x', () => { return make(); });", errors: [perCall] },
    // a local of another function (a closure) outlives this call
    { code: 'function outer() { let c; return function inner() { c = make(); }; }', errors: [shared] },
    // a factory whose callers run once or keep it shares it; one whose caller, run many times, drops it does not
    { code: 'function factory() { return make(); }\nconst c = factory();', errors: [shared] },
    { code: 'let c;\nfunction factory() { return make(); }\nexport function get() { return (c ??= factory()); }', errors: [shared] },
    { code: 'function factory() { return make(); }\nexport function run() { use(factory()); }', errors: [perCall] },
    { code: 'function factory() { const v = make(); return v; }\nexport async function run() { const x = await factory(); x.go(); }', errors: [perCall] },
    // stored into an object the caller passed: handed back as a return is
    { code: 'export function create(opts) { opts.stream = make(); return build(opts); }', errors: [shared] },
    { code: 'function create(opts) { opts.stream = make(); }\nexport function run() { const o = {}; create(o); }', errors: [perCall] },
    // read by the closure the call returns: kept as long as that closure
    { code: 'export function mw() { const t = make(); return (req) => t(req); }', errors: [shared] },
  ],
};

ruleTester.run('sharing (TS parser)', debugSharing, cases);
jsRuleTester.run('sharing (espree)', debugSharing, cases);
