import rule from '../../rules/no-leaked-subscription';
import { debugDisposal, debugTargetLifetime } from '../../src/analysis/lifetime/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

/*
 * Issue 19 (i19t): a set-up helper judged by its call sites (each run hands it a new target,
 * or the site runs once for its holder), a target its owner's teardown removes outright
 * (`ctx.remove()`), and a function that resets its target before it adds (`removeAllListeners`
 * first, directly or through same-file code). Each shape ships its look-alikes that leak.
 */
const lifetime = (l: string) => ({ messageId: 'lifetime' as const, data: { lifetime: l } });
const undone = (by: string) => ({ messageId: 'undone' as const, data: { by } });

// A helper called with the constructor's client, a client the call adopts, and a session reached from a run's own argument.
const helperClass = (third: string) =>
  `export class M {
  #client;
  constructor(client) { this.#client = client; this.hookEvents(this.#client); }
  swap(client) { this.#client = client; this.hookEvents(client); }
  attached(target) { ${third} }
  hookEvents(session) { session.on('frame', (e) => this.onFrame(e)); }
  onFrame(e) {}
}`;

// A wrapper object whose `reset()` reaches `removeAllListeners()` through an event on its bus.
const resetWrapper = (first: string, emitter = 'bus') =>
  `const bus = new EventEmitter();
const other = new EventEmitter();
const handlers = [];
function mon() {
  ${first}
  mon.on('start', () => go());
  return mon;
}
mon.on = function (event, handler) { handlers.push(handler); bus.on(event, handler); return mon; };
mon.removeAllListeners = function () { handlers.forEach((h) => bus.removeListener('start', h)); handlers.length = 0; return mon; };
mon.reset = function () { ${emitter}.emit('reset'); };
bus.on('reset', () => { mon.removeAllListeners(); });
module.exports = mon;`;

const cases = {
  valid: [
    // ── call sites: each run hands the helper a new target, or the site runs once per instance
    helperClass('this.hookEvents(target.session());'),
    "export class M { constructor(bus) { this.hook(bus); } hook(b) { b.on('x', () => this.y()); } y() {} }",
    "export class M { open(url) { this.hook(new Socket(url)); } hook(s) { s.on('data', (d) => this.push(d)); } push(d) {} }",
    // ── the teardown removes the target itself: a no-argument `remove()` takes its listeners along
    "export class C { constructor(ctx) { this.ctx = ctx; this.ctx.on('closed', () => this.end()); } async close() { await this.ctx.remove(); } end() {} }",
    "export class P { start() { this.el = document.querySelector('#p'); this.el.addEventListener('click', () => this.go()); } destroy() { this.el.remove(); } go() {} }",
    // ── the call resets its target first, so each call replaces the last one's listener
    "const bus = new EventEmitter();\nexport function start() { bus.removeAllListeners('tick'); bus.on('tick', () => work()); }",
    "const bus = new EventEmitter();\nexport function start() { bus.removeAllListeners(); bus.on('tick', () => work()); }",
    "const bus = new EventEmitter();\nfunction clear() { bus.removeAllListeners('tick'); }\nexport function start() { clear(); bus.on('tick', () => work()); }",
    resetWrapper('mon.reset();'),
  ],
  invalid: [
    // A site in a per-call method handing over a long-lived member, or a call's result reached from `this`, piles up.
    {
      code: helperClass('this.hookEvents(this.#client);'),
      errors: [{ messageId: 'inlineHandler' as const, line: 6 }],
    },
    {
      code: helperClass('this.hookEvents(this.session());'),
      errors: [{ messageId: 'inlineHandler' as const, line: 6 }],
    },
    {
      code: helperClass('this.hookEvents(target());'),
      errors: [{ messageId: 'inlineHandler' as const, line: 6 }],
    },
    {
      code: "const shared = new EventEmitter();\nexport class M { refresh() { this.hook(shared); } hook(b) { b.on('x', () => this.y()); } y() {} }",
      errors: [{ messageId: 'inlineHandler' as const, line: 2 }],
    },
    // `remove(x)` removes something from the target, not the target.
    {
      code: "export class C { constructor(ctx) { this.ctx = ctx; this.ctx.on('closed', () => this.end()); } async close() { await this.ctx.remove(this.page); } end() {} }",
      errors: [{ messageId: 'notDisposed' as const, line: 1 }],
    },
    // A reset only on some paths, of another event, of another target, or after the registration's statement does not replace it.
    {
      code: "const bus = new EventEmitter();\nexport function start(fresh) { if (fresh) bus.removeAllListeners('tick'); bus.on('tick', () => work()); }",
      errors: [{ messageId: 'perCall' as const, line: 2 }],
    },
    {
      code: "const bus = new EventEmitter();\nexport function start() { bus.removeAllListeners('tock'); bus.on('tick', () => work()); }",
      errors: [{ messageId: 'inlineHandler' as const, line: 2 }],
    },
    {
      code: "const bus = new EventEmitter();\nconst other = new EventEmitter();\nexport function start() { other.removeAllListeners(); bus.on('tick', () => work()); }",
      errors: [{ messageId: 'inlineHandler' as const, line: 3 }],
    },
    {
      code: resetWrapper('mon.reset();', 'other'),
      errors: [{ messageId: 'inlineHandler' as const, line: 6 }],
    },
    {
      code: resetWrapper('if (go) mon.reset();'),
      errors: [{ messageId: 'inlineHandler' as const, line: 6 }],
    },
  ],
};
ruleTester.run('no-leaked-subscription: call sites, removed targets, resets (TS parser)', rule, cases);
jsRuleTester.run('no-leaked-subscription: call sites, removed targets, resets (espree)', rule, cases);

// The engine's answers: the helper's target per call site; what undoes the registration.
const answers = {
  valid: ['const x = 1;'],
  invalid: [
    { code: helperClass('this.hookEvents(target.session());'), errors: [lifetime('self')] },
    { code: helperClass('this.hookEvents(this.#client);'), errors: [lifetime('long')] },
  ],
};
ruleTester.run('target lifetime by call sites (TS parser)', debugTargetLifetime, answers);
jsRuleTester.run('target lifetime by call sites (espree)', debugTargetLifetime, answers);

const disposals = {
  valid: ['const x = 1;'],
  invalid: [
    { code: "const bus = new EventEmitter();\nexport function start() { bus.removeAllListeners('tick'); bus.on('tick', () => work()); }", errors: [undone('removeAllListeners')] },
    { code: resetWrapper('mon.reset();'), errors: [undone('beside the call'), undone('nothing'), undone('nothing')] },
    { code: "export class C { constructor(ctx) { this.ctx = ctx; this.ctx.on('closed', () => this.end()); } close() { this.ctx.remove(); } end() {} }", errors: [undone('remove')] },
  ],
};
ruleTester.run('resets and removed targets (TS parser)', debugDisposal, disposals);
jsRuleTester.run('resets and removed targets (espree)', debugDisposal, disposals);
