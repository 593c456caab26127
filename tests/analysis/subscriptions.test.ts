import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { type TSESTree } from '@typescript-eslint/utils';
import plugin from '../../src/index';
import { nameWords } from '../../src/analysis/syntax/ast';
import { isDisposableEventName } from '../../src/analysis/lifetime/registrations';
import { createDebugRule } from '../../src/analysis/engine/debug';
import { constantString, sameEvent } from '../../src/analysis/scope/identity';
import { OWNER_TEARDOWNS } from '../../src/analysis/lifetime/owners';
import { debugDisposal, debugHandleFate, debugOwner, debugTargetLifetime } from '../../src/analysis/lifetime/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const owner = (kind: string, label: string, teardown = '-') => ({ messageId: 'owner' as const, data: { kind, label, teardown } });
const lifetime = (l: string) => ({ messageId: 'lifetime' as const, data: { lifetime: l } });
const fate = (f: string) => ({ messageId: 'fate' as const, data: { fate: f } });
const undone = (by: string) => ({ messageId: 'undone' as const, data: { by } });

// ── owners: the one owner-teardown table
const owners = {
  valid: ['const x = 1;'],
  invalid: [
    { code: "process.on('SIGTERM', stop);", errors: [owner('process', 'module initialisation')] },
    { code: "function C() { useEffect(() => { window.addEventListener('x', h); }, []); }", errors: [owner('effect', 'this `useEffect()`', 'the cleanup it returns')] },
    { code: "import { onMount } from 'svelte';\nonMount(() => { window.addEventListener('x', h); });", errors: [owner('effect', 'this `onMount()`', 'the cleanup it returns')] },
    { code: "function C() { onMount(() => { window.addEventListener('x', h); }); }", errors: [owner('effect', 'this `onMount()`', 'the cleanup it returns')] },
    { code: "function C() { onActivated(() => bus.on('x', h)); }", errors: [owner('effect', 'this `onActivated()`', '`onDeactivated`')] },
    { code: "function C() { createEffect(() => bus.on('x', h)); }", errors: [owner('effect', 'this `createEffect()`', '`onCleanup`')] },
    { code: "class El extends HTMLElement { connectedCallback() { window.addEventListener('x', h); } }", errors: [owner('class', 'class `El`', '`disconnectedCallback`')] },
    { code: "class C extends Vue { mounted() { window.addEventListener('x', h); } }", errors: [owner('class', 'class `C`', '`beforeUnmount` (Vue 2: `beforeDestroy`)')] },
    { code: "@Component({}) class C { ngOnInit() { this.s.subscribe(h); } }", errors: [owner('class', 'class `C`', '`ngOnDestroy`')] },
    { code: "@Component({}) class C extends Component { ngOnInit() { this.s.subscribe(h); } }", errors: [owner('class', 'class `C`', '`ngOnDestroy`')] },
    { code: "class W { start() { bus.on('x', h); } stop() {} }", errors: [owner('class', 'class `W`', '`stop`')] },
    { code: "class C { constructor() { inject(DestroyRef).onDestroy(() => {}); bus.on('x', h); } }", errors: [owner('class', 'class `C`', '`DestroyRef.onDestroy`')] },
    { code: "class S { constructor(bus) { bus.on('x', h); } }", errors: [owner('process', 'a setup method of a class without teardown')] },
    { code: "export function track(bus) { bus.on('x', h); }", errors: [owner('perCall', '`track()`')] },
    // Vue's `setup()` runs once per component in a file that imports Vue; a string saying so is no import.
    { code: "import { ref } from 'vue';\nexport function setup() { window.addEventListener('x', h); }", errors: [owner('effect', '`setup()`', '`onUnmounted`/`onScopeDispose`')] },
    { code: "const note = \"import { ref } from 'vue'\";\nexport function setup() { window.addEventListener('x', h); }", errors: [owner('perCall', '`setup()`')] },
  ],
};
ruleTester.run('owners (TS parser)', debugOwner, owners);
jsRuleTester.run('owners (espree)', debugOwner, { valid: owners.valid, invalid: owners.invalid.filter((c) => !c.code.includes('@Component')) });

// ── targets: how long the receiver lives relative to its owner
const targets = {
  valid: ['const x = 1;'],
  invalid: [
    { code: "export function f() { window.addEventListener('x', h); }", errors: [lifetime('long')] },
    { code: "const bus = new EventEmitter();\nexport function f() { bus.on('x', h); }", errors: [lifetime('long')] },
    { code: "export function f(url) { const ws = new WebSocket(url); ws.on('x', h); }", errors: [lifetime('self')] },
    { code: "export function f(url) { const ws = openSocket(url); ws.on('x', h); }", errors: [lifetime('self')] },
    // a name that merely starts with a factory word's letters is no factory
    { code: "export function f(url) { const ws = opener(url); ws.on('x', h); }", errors: [lifetime('unknown')] },
    { code: "server.on('connection', (socket) => { socket.on('data', h); });", errors: [lifetime('process'), lifetime('self')] },
    // a parameter: waited for, consumed, adopted, or fresh at every call site
    { code: "export function pump(src) { src.on('data', h); src.on('end', done); }", errors: [lifetime('self'), lifetime('self')] },
    { code: "export function keep(task) { tasks.set(task.id, task); task.on('done', h); }", errors: [lifetime('self')] },
    { code: "export function keep(socket) { this.socket = socket; socket.on('data', h); }", errors: [lifetime('self')] },
    { code: "function watchSocket(socket) { socket.on('data', h); }\nserver.on('connection', (s) => watchSocket(s));", errors: [lifetime('self'), lifetime('process')] },
    { code: "const shared = new EventEmitter();\nfunction watchBus(bus) { bus.on('data', h); }\nexport function f() { watchBus(shared); }", errors: [lifetime('long')] },
    // no call sites: an adopting name is the last evidence, matched as a whole first word
    { code: "export function attachSocket(socket) { socket.on('data', h); }", errors: [lifetime('self')] },
    { code: "export function settle(bus) { bus.on('data', h); }", errors: [lifetime('long')] },
    { code: "export function handleMessage(bus) { bus.on('data', h); }", errors: [lifetime('long')] },
    { code: "export function onMessage(bus) { bus.on('data', h); }", errors: [lifetime('long')] },
    // classes: injected dependencies outlive the instance, children die with it
    { code: "class W { constructor(bus) { this.bus = bus; } start() { this.bus.on('x', h); } stop() {} }", errors: [lifetime('long')] },
    { code: "class W { constructor() { this.conn = new Conn(); } start() { this.conn.on('x', h); } stop() {} }", errors: [lifetime('self')] },
    { code: "class W { start() { this.svc.on('x', h); } stop() {} }", errors: [lifetime('long')] },
  ],
};
ruleTester.run('target lifetimes (TS parser)', debugTargetLifetime, targets);
jsRuleTester.run('target lifetimes (espree)', debugTargetLifetime, targets);

// ── handles: where the handle of a registration goes
const handles = {
  valid: ['const x = 1;'],
  invalid: [
    { code: "export function f(s) { return s.subscribe(h); }", errors: [fate('escaped')] },
    { code: "export function f(s) { const sub = s.subscribe(h); }", errors: [fate('stored')] },
    { code: "export function f(s) { s.subscribe(h); }", errors: [fate('none')] },
    { code: "export function f(s) { subs.add(s.subscribe(h)); }", errors: [fate('escaped')] },
    // DOM addEventListener returns nothing: only a kept result is a handle
    { code: "export function f(el) { return el.addEventListener('x', h); }", errors: [fate('none')] },
    // an effect's returned value is its cleanup; Vue's onMounted ignores it
    { code: "function C() { useEffect(() => s.subscribe(h), []); }", errors: [fate('escaped')] },
    { code: "function C() { onMounted(() => s.subscribe(h)); }", errors: [fate('none')] },
    // destructured to one binding, or several (someone else's object); a class field keeps it
    { code: "export function f(s) { const { remove } = s.subscribe(h); }", errors: [fate('stored')] },
    { code: "export function f(s) { const { data: { subscription } } = s.subscribe(h); }", errors: [fate('stored')] },
    { code: "export function f(s) { const { a, b } = s.subscribe(h); }", errors: [fate('escaped')] },
    { code: "class C { sub = s.subscribe(h); }", errors: [fate('stored')] },
  ],
};
ruleTester.run('handle fates (TS parser)', debugHandleFate, handles);
jsRuleTester.run('handle fates (espree)', debugHandleFate, handles);

// ── disposals: a paired remove with the same receiver, event and handler, by identity
const disposals = {
  valid: ['const x = 1;'],
  invalid: [
    { code: "function C() { useEffect(() => { window.addEventListener('x', h); return () => window.removeEventListener('x', h); }); }", errors: [undone('removeEventListener')] },
    // another variable of the same name is another handler
    { code: "function C() { useEffect(() => { window.addEventListener('x', h); return () => { const h = () => {}; window.removeEventListener('x', h); }; }); }", errors: [undone('nothing')] },
    // constant event names are compared by value
    { code: "const EVT = 'resize';\nfunction C() { useEffect(() => { window.addEventListener(EVT, h); return () => window.removeEventListener('scroll', h); }); }", errors: [undone('nothing')] },
    { code: "const EVT = 'resize';\nfunction C() { useEffect(() => { window.addEventListener(EVT, h); return () => window.removeEventListener('resize', h); }); }", errors: [undone('removeEventListener')] },
    // two `.bind()` results are two functions
    { code: "class C extends Component { componentDidMount() { window.addEventListener('x', this.h.bind(this)); } componentWillUnmount() { window.removeEventListener('x', this.h.bind(this)); } }", errors: [undone('nothing')] },
    // the capture flag must match
    { code: "function C() { useEffect(() => { window.addEventListener('x', h, true); return () => window.removeEventListener('x', h); }); }", errors: [undone('nothing')] },
    // aliases: a constructor parameter and the field it becomes
    { code: "class W { constructor(bus) { this.bus = bus; bus.on('x', this.onX); } dispose() { this.bus.off('x', this.onX); } }", errors: [undone('off')] },
    // the handle: called, disposed, or passed to a release
    { code: "class W { constructor(bus) { this.off = bus.on('x', h); } dispose() { this.off(); } }", errors: [undone('off')] },
    // A callback the instance registers on itself is a teardown region of a class that has a teardown…
    { code: "class C { constructor(bus) { bus.on('x', h); this.once('end', () => { bus.removeListener('x', h); }); } dispose(m) { return m; } }", errors: [undone('removeListener'), undone('nothing')] },
    // …but does not make a class without one an owner.
    { code: "class C { constructor(bus) { bus.on('x', h); this.once('end', () => { bus.removeListener('x', h); }); } }", errors: [undone('nothing'), undone('nothing')] },
    { code: "class W { start() { this.sub = s.subscribe(h); } stop() { this.sub.unsubscribe(); } }", errors: [undone('unsubscribe')] },
    { code: "class W { start() { this.id = setInterval(tick, 10); } stop() { clearInterval(this.id); } }", errors: [undone('clearInterval')] },
    // ending the target ends every listener on it; removeAllListeners of another event does not
    { code: "class W { start() { this.bus.on('x', h); } stop() { this.bus.removeAllListeners('y'); } }", errors: [undone('nothing')] },
    { code: "class W { start() { this.bus.on('x', h); } stop() { this.bus.destroy(); } }", errors: [undone('destroy')] },
    // a teardown's private helper; a helper given the target as an argument (and not another one)
    { code: "class T { start() { this.t = setInterval(f, 9); } #halt() { clearInterval(this.t); } close() { this.#halt(); } }", errors: [undone('clearInterval')] },
    { code: "class R { add() { this.t.addEventListener('x', this.h); } dispose() { this.drop(this.t); } drop(t) { t.removeEventListener('x', this.h); } }", errors: [undone('removeEventListener')] },
    { code: "class R { add() { this.t.addEventListener('x', this.h); } dispose() { this.drop(this.u); } drop(t) { t.removeEventListener('x', this.h); } }", errors: [undone('nothing')] },
    // a local only ever given the target (compiled optional calls), a handler alias, a handler list
    { code: "function C(ref) { useEffect(() => { ref.current.addEventListener('x', h); return () => { var _a; (_a = ref.current) === null || _a === void 0 ? void 0 : _a.removeEventListener('x', h); }; }); }", errors: [undone('removeEventListener')] },
    { code: "function C(ref, other) { useEffect(() => { ref.current.addEventListener('x', h); return () => { var _a = other; _a.removeEventListener('x', h); }; }); }", errors: [undone('nothing')] },
    { code: "class S { start() { const l = () => {}; this.ls.push({ l }); process.on('x', l); } stop() { for (const i of this.ls) process.off('x', i.l); } }", errors: [undone('off')] },
    { code: "class S { start() { const l = () => {}; this.ls.push({ l }); process.on('x', l); } stop() { for (const i of this.other) process.off('x', i.l); } }", errors: [undone('nothing')] },
    // an event that cannot be told statically matches only a removal that cannot be told either
    { code: "class W { start(ev) { this.bus.on(ev, this.h); } stop() { this.bus.off('y', this.h); } }", errors: [undone('nothing')] },
    { code: "class W { start(ev) { this.bus.on(ev, this.h); } stop(ev) { this.bus.off(ev, this.h); } }", errors: [undone('off')] },
    // per call, undone beside the call: a sibling method, an outer handle, the same handler swapped off the old target
    { code: "class W { _init() { this.bus.on('x', this.h); } _end() { this.bus.off('x', this.h); } }", errors: [undone('beside the call')] },
    { code: "class W { _init() { this.bus.on('x', () => {}); } _end() { this.bus.destroy(); } }", errors: [undone('nothing')] },
    { code: "function make(o) { let t; o.start = function () { t = setInterval(f, 9); }; o.stop = function () { clearInterval(t); }; }", errors: [undone('beside the call')] },
    { code: "export function set(next, h) { prev.off('x', h); next.on('x', h); }", errors: [undone('beside the call')] },
    { code: "export function set(next, h) { next.on('x', h); prev.off('x', h); }", errors: [undone('nothing')] },
  ],
};
ruleTester.run('disposals (TS parser)', debugDisposal, disposals);
jsRuleTester.run('disposals (espree)', debugDisposal, disposals);

// ── constant event names: literals, consts and members of const objects, never text
const debugConstant = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { value: '{{value}} {{same}}' } },
  create(context) {
    const scopeOf = (n: TSESTree.Node) => context.sourceCode.getScope(n);
    return {
      'CallExpression[callee.name="probe"]'(node: TSESTree.CallExpression) {
        const arg = node.arguments[0];
        const same = sameEvent(arg, 'a', scopeOf) ? 'may be a' : 'not a';
        context.report({ node, messageId: 'value', data: { value: constantString(arg, scopeOf) ?? 'dynamic', same } });
      },
    };
  },
});
const value = (v: string, same: string) => ({ messageId: 'value' as const, data: { value: v, same } });
const constants = {
  valid: ['const x = 1;'],
  invalid: [
    { code: "const A = 'a'; probe(A);", errors: [value('a', 'may be a')] },
    { code: "const E = { B: 'b' }; probe(E.B);", errors: [value('b', 'not a')] },
    { code: "let v = 'a'; v = next(); probe(v);", errors: [value('dynamic', 'may be a')] },
    { code: 'probe(`a`);', errors: [value('a', 'may be a')] },
  ],
};
ruleTester.run('constant strings (TS parser)', debugConstant, constants);
jsRuleTester.run('constant strings (espree)', debugConstant, constants);

describe('subscription vocabulary helpers', () => {
  it('nameWords splits identifiers into whole lower-case words', () => {
    assert.deepEqual(nameWords('createOperatorSubscriber'), ['create', 'operator', 'subscriber']);
    assert.deepEqual(nameWords('_toDispose'), ['to', 'dispose']);
    assert.deepEqual(nameWords('HTTPClient'), ['http', 'client']);
    assert.deepEqual(nameWords('settle'), ['settle']);
    assert.deepEqual(nameWords('$http'), ['http']);
  });

  it('the owner-teardown table names a teardown for every shape', () => {
    for (const entry of OWNER_TEARDOWNS) assert.ok(entry.teardown.length > 0, `${entry.framework} ${entry.shape}`);
  });

  it('settings.leaks.names.effectHooks and longLivedTargets extend the rule as its options do', () => {
    const lint = (code: string, settings: Record<string, unknown>, options: Record<string, unknown> = {}) =>
      new Linter({ configType: 'flat', cwd: '/p' })
        .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, settings, rules: { 'leaks/no-leaked-subscription': ['error', options] } }], '/p/src/x.ts')
        .map((m) => m.messageId);
    const hook = "function C() { useMyEffect(() => { window.addEventListener('x', h); }); }";
    // unknown, the hook's callback runs in place: per render of `C`
    assert.deepEqual(lint(hook, {}), ['perCall']);
    assert.deepEqual(lint(hook, { leaks: { names: { effectHooks: ['useMyEffect'] } } }), ['noTeardown']);
    assert.deepEqual(lint(hook, {}, { effectHooks: ['useMyEffect'] }), ['noTeardown']);
    const target = "export function f() { eventBus.addEventListener('x', h); }";
    assert.deepEqual(lint(target, {}), []);
    assert.deepEqual(lint(target, { leaks: { names: { longLivedTargets: ['eventBus'] } } }), ['perCall']);
    assert.deepEqual(lint(target, {}, { longLivedTargets: ['eventBus'] }), ['perCall']);
  });
});

describe('isDisposableEventName', () => {
  it('takes VS Code style `onDid…`/`onWill…` names with an upper-case word after the prefix', () => {
    for (const name of ['onDidChange', 'onWillSave', 'onDidX']) assert.equal(isDisposableEventName(name), true, name);
  });
  it('leaves other names alone', () => {
    for (const name of ['onDid', 'onWill', 'onDidchange', 'onWillsave', 'on', 'o', '', 'onDi', 'onChange', 'ondidChange', 'OnDidChange', 'xonDidChange', 'onWil1Save']) assert.equal(isDisposableEventName(name), false, name);
  });
});
