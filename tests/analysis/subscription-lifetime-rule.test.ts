import rule from '../../rules/no-leaked-subscription';
import { jsRuleTester, ruleTester } from '../rule-tester';

/*
 * Issue 19, frequency and target lifetime: what keeps a registration alive decides, not what
 * it listens on. Each leak ships with the look-alikes that are fine.
 */
const cases = {
  valid: [
    // ── a guard that sets what it tests runs the registration once per state
    "let alreadySetup = false;\nfunction setup() { if (alreadySetup) return; alreadySetup = true; process.on('SIGINT', () => exit()); }\nexport function addExitCallback(cb) { setup(); list.push(cb); }",
    "let listening = false;\nexport function addFormResetListener() { if (!listening) { listening = true; document.addEventListener('reset', (e) => reset(e)); } }",
    // set in a callback of the guarded function: still state that outlives the call
    "let ready = false;\nexport function init() { if (ready) return; later(() => { ready = true; }); document.addEventListener('x', (e) => onX(e)); }",
    "export class S { ensure() { if (!this.bound) { this.bound = true; window.addEventListener('resize', () => this.fit()); } } }",
    // ── a member the call itself just made is its own child
    "const Dash = {};\nDash.init = function () { this.list = blessed.list({}); this.list.on('select item', () => this.refresh()); return this; };\nmodule.exports = Dash;",
    // ── `.pipe(new X())` returns the stream it made
    "export class Connection { constructor(socket) { this.socket = socket; this.stream = this.socket.pipe(new SizedTransform({ connection: this })).on('error', this.onError.bind(this)); } destroy() { this.socket.destroy(); } }",
    // ── a forwarder: the caller hands in the handler and owns its removal
    "export class Wrapper { on(type, handler) { this.handlers.push(handler); this.emitter.on(type, handler); return this; } off(type, handler) { this.emitter.off(type, handler); return this; } }",
    "const bus = new EventEmitter();\nconst api = {};\napi.on = function (event, handler) { handlers.push(handler); bus.on(event, handler); return api; };\nmodule.exports = api;",
    // ── a promise executor's `this.once(…)` removes itself
    "export class D extends EventEmitter { status() { return new Promise((r) => this.once('status', r)); } }",
    // ── Vue Options API: removed in the component's teardown hook, directly or through a method
    "export default { data() { return { w: 0 }; }, mounted() { window.addEventListener('resize', this.onResize); }, beforeUnmount() { window.removeEventListener('resize', this.onResize); }, methods: { onResize() {} } };",
    "export default { mounted() { window.addEventListener('resize', this.onResize); }, beforeDestroy() { this.unbind(); }, methods: { onResize() {}, unbind() { window.removeEventListener('resize', this.onResize); } } };",
    // ── a plugin's `install` runs once per app
    "export const Plugin = { install(app) { window.addEventListener('resize', onResize, { passive: true }); } };",
    // ── a class observer: disconnected in its teardown, or observing its own child
    "export class Watcher { start() { this.observer = new MutationObserver(() => this.update()); this.observer.observe(document.body, { childList: true }); } stop() { this.observer.disconnect(); } update() {} }",
    "export class Watcher { start() { this.el = document.createElement('div'); this.observer = new MutationObserver(() => this.update()); this.observer.observe(this.el); } stop() {} update() {} }",
    // ── the constructor runs once per instance
    "export class D extends EventEmitter { constructor() { super(); this.on('error', (e) => log(e)); } }",
  ],
  invalid: [
    // a function that picks the event itself registers on its own account, handler or not
    {
      code: "export function show(bus, onTick) { bus.on('tick', onTick); }",
      errors: [{ messageId: 'perCall' as const }],
    },
    // a flag tested but never set guards nothing
    {
      code: "let alreadySetup = false;\nfunction setup() { if (alreadySetup) return; process.on('SIGINT', () => exit()); }\nexport function addExitCallback(cb) { setup(); list.push(cb); }",
      errors: [{ messageId: 'inlineHandler' as const }],
    },
    // the same guard with the flag never set
    {
      code: "let ready = false;\nexport function init() { if (ready) return; later(() => { done = true; }); document.addEventListener('x', (e) => onX(e)); }",
      errors: [{ messageId: 'inlineHandler' as const }],
    },
    // a local flag lives one call: it guards nothing across calls
    {
      code: "export function addListener() { let listening = false; if (!listening) { listening = true; document.addEventListener('reset', (e) => reset(e)); } }",
      errors: [{ messageId: 'inlineHandler' as const }],
    },
    // listeners on `this` added in a per-call method of a reused instance pile up
    {
      code: "export class D extends EventEmitter { status() { return new Promise((r) => this.on('status', r)); } }",
      errors: [{ messageId: 'perCall' as const }],
    },
    // a local naming `window.visualViewport ?? window` in a Lit element without teardown
    {
      code: "class V extends LitElement { firstUpdated() { const target = window.visualViewport ?? window; target.addEventListener('resize', () => this.evaluate()); } }",
      errors: [{ messageId: 'noTeardown' as const }],
    },
    // Vue Options API: a `mounted` listener with no teardown hook, or one that removes nothing
    {
      code: "export default { data() { return { w: 0 }; }, mounted() { window.addEventListener('resize', this.onResize); }, methods: { onResize() {} } };",
      errors: [{ messageId: 'noTeardown' as const }],
    },
    {
      code: "export default { mounted() { window.addEventListener('resize', this.onResize); }, beforeUnmount() { this.count = 0; } };",
      errors: [{ messageId: 'notDisposed' as const }],
    },
    // a class observer on `document.body` is kept alive by the page, past the instance
    {
      code: "export class Watcher { start() { this.observer = new MutationObserver(() => this.update()); this.observer.observe(document.body, { childList: true }); } stop() {} update() {} }",
      errors: [{ messageId: 'notDisposed' as const }],
    },
    // a member assigned elsewhere is whatever it was: still long-lived
    {
      code: "const Dash = {};\nDash.refresh = function () { this.list.on('select item', () => this.refresh()); };\nmodule.exports = Dash;",
      errors: [{ messageId: 'inlineHandler' as const }],
    },
    // a per-event callback mirroring listeners is no forwarder: nobody removes the copies
    {
      code: "export function mirror(client, internal) { client.on('newListener', (event, listener) => { internal.on(event, listener); }); }",
      errors: [{ messageId: 'inlineHandler' as const }, { messageId: 'perCall' as const }],
    },
  ],
};
ruleTester.run('no-leaked-subscription: lifetimes', rule, cases);
jsRuleTester.run('no-leaked-subscription: lifetimes (plain JS)', rule, { valid: cases.valid, invalid: cases.invalid.filter((c) => !c.code.includes('LitElement')) });
