import { debugIdentity } from '../../src/analysis/scope/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const same = { messageId: 'same' as const };
const different = { messageId: 'different' as const };

/** Question 7: are two expressions the same thing? By scope, never by text. */
const cases = {
  valid: ['const a = 1; a;'],
  invalid: [
    // one variable, read twice; a shadowing parameter is another variable with the same name
    { code: 'const h = f(); same(h, h);', errors: [same] },
    { code: 'const h = f(); function g(h) { same(h, outer()); } same(h, (() => h)());', errors: [different, different] },
    { code: 'const h = f(); function g(h) { return h; } function k() { same(h, h); }', errors: [same] },
    { code: 'let h = f(); function g() { const h = 2; same(h, x); } function k(h) { same(h, y); }', errors: [different, different] },
    // unresolved globals are the same global
    { code: 'same(window, window); same(window, self);', errors: [same, different] },
    // members: dotted and computed names are one member; the objects must be the same
    { code: "const o = {}; same(o.k, o['k']); same(o.k, o.j); same(o.k, p.k);", errors: [same, different, different] },
    { code: 'const o = {}; const k = "x"; same(o[k], o[k]); same(o[k], o[j]);', errors: [same, different] },
    // this: the instance of one class, across its methods and fields; another class's is another
    { code: 'class A { t = 1; m() { same(this.t, this.t); } n() { return () => same(this.t, this.t); } }', errors: [same, same] },
    { code: 'class A { m() { function f() { same(this.t, g); } } }', errors: [different] },
    { code: 'class A { m() { return this.t; } } class B { m() { same(this.t, (new A()).t); } }', errors: [different] },
    // fresh values are never the same
    { code: 'same(f(), f()); same(new A(), new A()); same({}, {});', errors: [different, different, different] },
    { code: "same('a', 'a'); same(1, 2); same(`x`, 'x');", errors: [same, different, same] },
  ],
};

ruleTester.run('identity (TS parser)', debugIdentity, cases);
jsRuleTester.run('identity (espree)', debugIdentity, cases);
