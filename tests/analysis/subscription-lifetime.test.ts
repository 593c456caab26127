import { debugDisposal, debugOwner, debugTargetLifetime } from '../../src/analysis/lifetime/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

/*
 * Question 2 for listener targets, part of issue 19: what keeps a registration alive is decided
 * by where its target was made and how often the registering code runs — not by names.
 */
const lifetime = (l: string) => ({ messageId: 'lifetime' as const, data: { lifetime: l } });
const undone = (by: string) => ({ messageId: 'undone' as const, data: { by } });
const owner = (kind: string, label: string, teardown = '-') => ({ messageId: 'owner' as const, data: { kind, label, teardown } });

const targets = {
  valid: ['const x = 1;'],
  invalid: [
    // A method's `this` is the reused instance: it outlives the call…
    { code: "class D extends EventEmitter { status() { return new Promise((r) => this.on('status', r)); } }", errors: [lifetime('long')] },
    { code: "function D() {}\nD.prototype.wait = function () { this.on('x', h); };", errors: [lifetime('long')] },
    // …with a handler to keep: `this.subscribe()` notifies, it keeps no closure
    { code: "class F { setState(s) { this.state = s; this.subscribe(); } }", errors: [lifetime('self')] },
    // …but not the code of a plain function, whose `this` is whatever it is called on.
    { code: "export function f() { this.on('x', h); }", errors: [lifetime('self')] },
    // A member the call itself just made: each call listens on a new object.
    { code: "const Dash = {};\nDash.init = function () { this.list = blessed.list({}); this.list.on('select', h); };", errors: [lifetime('self')] },
    { code: "const Mon = {};\nMon.init = function () { this.multi = multimeter(process); this.multi.on('^C', h); };", errors: [lifetime('self')] },
    // made after the registration, or only added to: the member is whatever it was before
    { code: "const Dash = {};\nDash.init = function () { this.list.on('select', h); this.list = blessed.list({}); };", errors: [lifetime('long')] },
    { code: "const Dash = {};\nDash.init = function () { this.list = this.list || blessed.list({}); this.list.on('select', h); };", errors: [lifetime('long')] },
    { code: "const Dash = {};\nDash.init = function (list) { this.list = list; this.list.on('select', h); };", errors: [lifetime('long')] },
    // a module-level variable the call itself fills with a fresh object on every path first
    { code: "let child = null;\nexport function run() { if (fork) child = fork(a); else child = spawn(a); child.stdout.on('data', h); }", errors: [lifetime('self')] },
    { code: "let child = null;\nexport function run() { child = spawn(a); if (x) { child.on('exit', h); } }", errors: [lifetime('self')] },
    // …not on one path only, not after the registration, not a shared value
    { code: "let child = null;\nexport function run() { if (fork) child = fork(a); child.stdout.on('data', h); }", errors: [lifetime('long')] },
    { code: "let child = null;\nexport function run() { child.stdout.on('data', h); child = spawn(a); }", errors: [lifetime('long')] },
    { code: "let child = null;\nexport function run() { child = current; child.on('data', h); }", errors: [lifetime('long')] },
    { code: "let child = null;\nexport function run() { for (const a of xs) child = spawn(a); child.on('data', h); }", errors: [lifetime('long')] },
    // `.pipe(new X())` returns the stream it made: listeners chained on it are on that child.
    { code: "export function f(src) { return src.pipe(new Transform()).on('error', h); }", errors: [lifetime('self')] },
    { code: "class C { constructor(socket) { this.socket = socket; this.out = this.socket.pipe(new Transform()).on('error', h); } close() {} }", errors: [lifetime('self')] },
    // an operator `pipe(map(f))` makes no child: the source decides
    { code: "class C { constructor(obs) { this.obs = obs; this.obs.pipe(map(f)).subscribe(h); } close() {} }", errors: [lifetime('long')] },
    // A local that only names a global or a field (`window.visualViewport ?? window`) lives as long.
    { code: "class V extends LitElement { firstUpdated() { const target = window.visualViewport ?? window; target.addEventListener('resize', h); } }", errors: [lifetime('long')] },
    { code: "class V extends LitElement { firstUpdated() { const target = cond ? window : document; target.addEventListener('resize', h); } }", errors: [lifetime('long')] },
    { code: "class V extends LitElement { firstUpdated() { const target = this.renderRoot ?? make(); target.addEventListener('resize', h); } }", errors: [lifetime('unknown')] },
    { code: "class V extends LitElement { firstUpdated() { let target = window; target = make(); target.addEventListener('resize', h); } }", errors: [lifetime('unknown')] },
  ],
};
ruleTester.run('target lifetimes, issue 19 (TS parser)', debugTargetLifetime, targets);
jsRuleTester.run('target lifetimes, issue 19 (espree)', debugTargetLifetime, targets);

const owners = {
  valid: ['const x = 1;'],
  invalid: [
    { code: "class D extends EventEmitter { status() { return new Promise((r) => this.on('status', r)); } }", errors: [owner('perCall', '`D.status()`')] },
    // start-up only, transitively: an IIFE, a CLI action at top level, a function called only by one
    { code: "(function main() { exec(); })();\nfunction exec() { process.on('message', h); }", errors: [owner('process', 'a function called only at startup')] },
    { code: "program.command('dev').action(() => { run(); });\nfunction run() { process.on('SIGINT', h); }", errors: [owner('process', 'a function called only at startup')] },
    { code: "function wire() { process.on('SIGINT', h); }\nfunction main() { wire(); }\nmain();", errors: [owner('process', 'a function called only at startup')] },
    // one caller that runs per event, or per call from outside, makes it many
    { code: "function wire() { process.on('SIGINT', h); }\nfunction main() { wire(); }\nmain();\nserver.on('request', () => wire());", errors: [owner('perCall', '`wire()`'), owner('process', 'module initialisation')] },
    { code: "function wire() { process.on('SIGINT', h); }\nexport function use() { wire(); }", errors: [owner('perCall', '`wire()`')] },
    { code: "function wire() { process.on('SIGINT', h); }\nsetInterval(() => wire(), 10);", errors: [owner('perCall', '`wire()`'), owner('process', 'module initialisation')] },
    // Vue Options API: a hook of a component's options object is owned by the component
    { code: "export default { data() { return {}; }, mounted() { window.addEventListener('resize', this.onResize); } };", errors: [owner('effect', "this component's `mounted()`", '`beforeUnmount` (Vue 2: `beforeDestroy`)')] },
    { code: "export default { mounted() { window.addEventListener('resize', this.onResize); }, beforeDestroy() {} };", errors: [owner('effect', "this component's `mounted()`", '`beforeDestroy`')] },
    { code: "Vue.component('x', { mounted() { window.addEventListener('resize', this.onResize); } });", errors: [owner('effect', "this component's `mounted()`", '`beforeUnmount` (Vue 2: `beforeDestroy`)')] },
    // an object with a `mounted` key, neither handed to the framework nor with a teardown hook, is no component
    { code: "export const hooks = { mounted() { window.addEventListener('resize', h); } };", errors: [owner('process', 'a setup method of an object')] },
    // an object's start-up method (`install`, `init`) is like a class's without teardown
    { code: "export const Plugin = { install(app) { window.addEventListener('resize', h); } };", errors: [owner('process', 'a setup method of an object')] },
    { code: "export const api = { refresh() { window.addEventListener('resize', h); } };", errors: [owner('perCall', 'this function')] },
    // an instance field's initialiser runs once per instance: the class owns it, each class its own
    {
      code: "class C extends Component { a = store.subscribe(() => this.forceUpdate()); }\nclass D extends Component { b = store.subscribe(h); componentWillUnmount() {} }",
      errors: [owner('class', 'class `C`', '`componentWillUnmount`'), owner('class', 'class `D`', '`componentWillUnmount`')],
    },
    { code: "class E { a = store.subscribe(h); }\nstore.subscribe(h);", errors: [owner('process', 'a field initialiser of a class without teardown'), owner('process', 'module initialisation')] },
    { code: "class E extends Component { static a = store.subscribe(h); }", errors: [owner('process', 'module initialisation')] },
    // recursion is no start-up
    { code: "function again() { process.on('SIGINT', h); again(); }\nagain();", errors: [owner('perCall', '`again()`')] },
  ],
};
ruleTester.run('owners, issue 19 (TS parser)', debugOwner, owners);
jsRuleTester.run('owners, issue 19 (espree)', debugOwner, owners);

// Vue Options API teardowns: the object's own teardown hooks and the `methods` they call through `this`
const vueDisposals = {
  valid: ['const x = 1;'],
  invalid: [
    {
      code: "export default { mounted() { window.addEventListener('resize', this.onResize); }, beforeUnmount() { this.unbind(); }, methods: { onResize() {}, unbind() { window.removeEventListener('resize', this.onResize); } } };",
      errors: [undone('removeEventListener')],
    },
    {
      code: "export default { mounted() { window.addEventListener('resize', this.onResize); }, beforeUnmount() { window.removeEventListener('resize', this.onResize); } };",
      errors: [undone('removeEventListener')],
    },
    // another object's `this.onResize` is another handler
    {
      code: "export default { mounted() { window.addEventListener('resize', this.onResize); }, beforeUnmount() { other.m({ f() { window.removeEventListener('resize', this.onResize); } }); } };",
      errors: [undone('nothing')],
    },
  ],
};
ruleTester.run('Vue options disposals, issue 19 (TS parser)', debugDisposal, vueDisposals);
jsRuleTester.run('Vue options disposals, issue 19 (espree)', debugDisposal, vueDisposals);
