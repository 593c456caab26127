import rule from '../../rules/no-leaked-subscription';
import { jsRuleTester, ruleTester } from '../rule-tester';

const tsx = { parserOptions: { ecmaFeatures: { jsx: true } } };

ruleTester.run('no-leaked-subscription', rule, {
  valid: [
    // the function waits for the stream's end with `events.once`, as a `stream.on('end')` listener would show
    "import { once } from 'node:events';\nexport async function read(stream) { const chunks = []; stream.on('data', (c) => chunks.push(c)); await once(stream, 'end'); return chunks; }",
    "import Events from 'node:events';\nexport function read(stream) { return (async () => { const chunks = []; stream.on('data', (c) => chunks.push(c)); await Events.once(stream, 'end'); return chunks; })(); }",
    // ── process lifetime: module top level and bootstrap functions register once
    "process.on('SIGTERM', () => server.close());",
    "window.addEventListener('resize', onResize);",
    "const id = setInterval(reportMetrics, 60_000);",
    "function main() { process.on('SIGINT', shutdown); setInterval(flush, 1000); }\nmain();",
    "app.listen(3000, () => { process.on('uncaughtException', log); });",
    // ── self-owned targets die together
    "function connect(url) { const ws = new WebSocket(url); ws.addEventListener('message', onMessage); return ws; }",
    "function open(url) { const ws = new WebSocket(url); ws.on('message', (m) => handle(m)); }",
    "server.on('connection', (socket) => { socket.on('data', (d) => handle(socket, d)); });",
    "app.get('/x', (req, res) => { req.on('close', () => cleanup(res)); });",
    "class MyEl extends HTMLElement { connectedCallback() { this.addEventListener('click', this.onClick); } }",
    "function make() { const el = document.createElement('div'); el.addEventListener('click', () => go()); return el; }",
    // ── disposal in the same call, on every path
    "export function sendWithAck(bus, msg) { const onAck = (id) => { if (id === msg.id) { bus.off('ack', onAck); resolve(msg); } }; bus.on('ack', onAck); bus.emit('send', msg); }",
    "function waitFor(target) { const h = () => {}; target.addEventListener('load', h); work(); target.removeEventListener('load', h); }",
    // ── { once: true }, once(), { signal } in every spelling
    "function f(target) { target.addEventListener('load', () => done(), { once: true }); }",
    "export function f(bus) { bus.once('ready', () => go()); }",
    "function f(target, signal) { target.addEventListener('abort', onAbort, { signal }); }",
    "function f(target, opts) { target.addEventListener('x', onX, opts); }",
    "function f(target) { const { signal } = controller; target.addEventListener('x', onX, { signal: signal }); }",
    // ── handles returned by the add call
    "export function track(store) { return store.subscribe(render); }",
    "export function listen(emitter) { const off = emitter.on('x', handle); return off; }",
    // ── React: effect cleanup, handler by reference, capture flag matches
    {
      code: "function C() { useEffect(() => { const onResize = () => set(window.innerWidth); window.addEventListener('resize', onResize); return () => window.removeEventListener('resize', onResize); }, []); return <div />; }",
      languageOptions: tsx,
    },
    {
      code: "function C() { useEffect(() => { document.addEventListener('keydown', onKey, true); return () => { document.removeEventListener('keydown', onKey, true); }; }, []); return null; }",
      languageOptions: tsx,
    },
    "function C() { useEffect(() => { const ac = new AbortController(); window.addEventListener('scroll', onScroll, { signal: ac.signal }); return () => ac.abort(); }, []); }",
    "function C() { useEffect(() => { const id = setInterval(tick, 1000); return () => clearInterval(id); }, []); }",
    "function C() { useEffect(() => store.subscribe(render), []); }",
    "function C() { useEffect(() => { const unsub = store.subscribe(render); return unsub; }, []); }",
    "function C() { useEffect(() => { const sub = source$.subscribe(render); return () => sub.unsubscribe(); }, []); }",
    "function C() { useEffect(() => { const ro = new ResizeObserver(measure); ro.observe(ref.current); return () => ro.disconnect(); }, []); }",
    "function C() { useEffect(() => { const sub = AppState.addEventListener('change', onChange); return () => sub.remove(); }, []); }",
    "function C() { useEffect(() => { const off = bus.on('x', handle); return () => off(); }, []); }",
    // one hop: the cleanup calls a local function that removes
    "function C() { useEffect(() => { const cleanup = () => window.removeEventListener('resize', onResize); window.addEventListener('resize', onResize); return cleanup; }, []); }",
    { code: "function C() { useIsoEffect(() => { window.addEventListener('x', h); return () => window.removeEventListener('x', h); }); }", options: [{ effectHooks: ['useIsoEffect'] }] },
    // ── React class components
    "class C extends React.Component { componentDidMount() { window.addEventListener('resize', this.onResize); } componentWillUnmount() { window.removeEventListener('resize', this.onResize); } }",
    // ── Angular
    "@Component({}) class C { private sub; ngOnInit() { this.sub = this.store.select(x).subscribe(v => this.v = v); } ngOnDestroy() { this.sub.unsubscribe(); } }",
    "@Component({}) class C { destroy$ = new Subject(); ngOnInit() { this.store.select(x).pipe(takeUntil(this.destroy$)).subscribe(v => this.v = v); } ngOnDestroy() { this.destroy$.next(); } }",
    "@Component({}) class C { ngOnInit() { this.http.get('/api').subscribe(v => this.v = v); this.route.params.subscribe(p => this.id = p.id); } }",
    "@Component({}) class C { ngOnInit() { this.store.select(x).pipe(takeUntilDestroyed(this.destroyRef)).subscribe(); } }",
    "@Component({}) class C { constructor() { const sub = this.store.select(x).subscribe(); inject(DestroyRef).onDestroy(() => sub.unsubscribe()); } }",
    "@Component({}) class C { ngOnInit() { of(1, 2).subscribe(log); this.svc.load().pipe(take(1)).subscribe(log); } }",
    "@Component({}) class C { subs = new Subscription(); ngOnInit() { this.subs.add(this.store.select(x).subscribe()); } ngOnDestroy() { this.subs.unsubscribe(); } }",
    // ── Vue / Solid / Svelte
    "import { onMounted, onUnmounted } from 'vue';\nexport function useResize() { onMounted(() => window.addEventListener('resize', h)); onUnmounted(() => window.removeEventListener('resize', h)); }",
    "import { createEffect, onCleanup } from 'solid-js';\nfunction C() { createEffect(() => { window.addEventListener('x', h); onCleanup(() => window.removeEventListener('x', h)); }); }",
    "import { onMount } from 'svelte';\nonMount(() => { window.addEventListener('x', h); return () => window.removeEventListener('x', h); });",
    // ── custom elements, plain classes with teardown, Symbol.dispose
    "class El extends HTMLElement { connectedCallback() { window.addEventListener('resize', this.onResize); } disconnectedCallback() { window.removeEventListener('resize', this.onResize); } }",
    "class Poller { start() { this.timer = setInterval(() => this.poll(), 1000); } stop() { clearInterval(this.timer); } }",
    "class Watcher { constructor(bus) { this.bus = bus; bus.on('x', this.onX); } [Symbol.dispose]() { this.bus.off('x', this.onX); } }",
    "class W { constructor(bus) { this.off = bus.on('x', this.onX); } dispose() { this.off(); } }",
    "class Ext { activate(context) { context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(this.reload)); } }",
    "class W { init() { this._register(this.editor.onDidChangeModel(() => this.update())); } dispose() { super.dispose(); } }",
    // a plain class without teardown registering once in its constructor (a singleton, say)
    "class Service { constructor(bus) { bus.on('x', (e) => this.handle(e)); } }",
    // ── look-alikes: routers, jQuery, servers
    "function routes(router) { router.on('GET', '/x', handler); }",
    "function init(el) { $(el).on('click', '.item', onClick); }",
    "function setup(app) { app.on('/path', handler); }",
    "function f(emitter) { emitter.on(handlers); }",
    // ── intervals handed off, in loops (no-timer-in-loop's case), finite rxjs
    "export function start() { return setInterval(tick, 1000); }",
    // a DOM target keeps one listener per function: adding the same module-level function again adds nothing
    "import { onScroll } from './handlers';\nfunction onResize() { layout(); }\nexport function mount() { window.addEventListener('resize', onResize); window.addEventListener('scroll', onScroll); }",
    // the handle handed on inside a literal: returned, or kept by a member (set-harmonic-interval's buckets)
    "export function start(fn, ms) { const timer = setInterval(fn, ms); return { ms, timer }; }",
    "const buckets = {};\nexport function start(fn, ms) { const timer = setInterval(fn, ms); buckets[ms] = { ms, timer }; }\nexport function stop(ms) { clearInterval(buckets[ms].timer); delete buckets[ms]; }",
    "function f(xs) { for (const x of xs) setInterval(() => x.poll(), 1000); }",
    "function f(ids) { firstValueFrom(source$); of(ids).subscribe(log); }",
    // ── a one-shot rAF is not a loop
    "function C() { useEffect(() => { requestAnimationFrame(() => measure()); }, []); }",
    // ── the signal's controller is aborted in teardown
    "class C extends HTMLElement { #ac = new AbortController(); connectedCallback() { window.addEventListener('x', h, { signal: this.#ac.signal }); } disconnectedCallback() { this.#ac.abort(); } }",
    // ── custom pair from options
    { code: 'export function f(bus) { bus.listen("x", h); work(); bus.unlisten("x", h); }', options: [{ registrations: [{ register: 'listen', dispose: 'unlisten' }] }] },
    // ── once per state: a lazy initialiser guarded by what it sets
    "class Req { get signal() { let ac = this.ac; if (ac) return ac.signal; ac = new AbortController(); this.ac = ac; this.raw.on('close', () => ac.abort()); return ac.signal; } }",
    "class Stream { bind() { if (this.bound) return; this.bound = true; this.source.on('data', (d) => this.emit('data', d)); } }",
    // ── a function that waits for its target's end treats it as finite
    "function pump(src, res) { src.on('data', (d) => res.write(d)); src.on('end', () => res.end()); }",
    "export function sendfile(res, file) { file.on('directory', onDirectory); file.pipe(res); }",
    "function attachSocket(client, socket) { socket.on('data', (d) => client.feed(d)); }",
    // ── rxjs plumbing: a subscriber object takes over the subscription; observables handed in
    "function map(project) { return (source) => new Observable((subscriber) => source.subscribe(createOperatorSubscriber(subscriber, (v) => subscriber.next(project(v))))); }",
    "export function firstValue(source) { return new Promise((resolve) => { source.subscribe({ next: resolve }); }); }",
    "function relay(x) { innerFrom(x).subscribe(destination); }",
    // ── a polling frame loop that ends
    "function C() { useEffect(() => { function check() { if (ready()) done(); else requestAnimationFrame(check); } check(); }, []); }",
    // ── a local handle disposed once its value arrives
    "class Q { fetch() { let unsubscribe = () => {}; return new Promise((resolve) => { unsubscribe = this.cache.subscribe((e) => { if (e.ok) { unsubscribe(); resolve(e); } }); }); } destroy() {} }",
    // ── children a class creates die with it
    "class Pool { constructor() { this.conn = new Connection(); this.conn.on('error', (e) => this.fail(e)); } close() { this.closed = true; } }",
    "class Sock { setSocket(socket) { socket.on('close', this.onClose); socket.on('data', this.onData); } close() {} }",
    "class R { constructor() { this.target = new Target(); this.target.addEventListener('resize', this.onResize); } dispose() { this.target.dispose(); } }",
    // ── declarations and interfaces
    'interface Emitter { on(event: string, h: () => void): this; }\ndeclare function on(e: string): void;',
    // ── a parameter the function adopts (stored in a field or a collection) is its own
    "class Registry { keep(task) { tasks.set(task.id, task); task.on('destroyed', () => this.drop(task)); } }",
    "class World { setContext(context) { context.on('console', this.onConsole.bind(this)); this.context = context; } }",
    // ── a helper called only with fresh objects: each call's target is new
    "function watchSocket(socket) { socket.on('data', onData); }\nserver.on('connection', (s) => watchSocket(s));",
    // ── a returned disposer hands the removal to the caller
    "export function follow(el, h) { el.addEventListener('change', h); return () => unfollow(el, h); }\nfunction unfollow(el, h) { el.removeEventListener('change', h); }",
    "function addListeners(server, map) { for (const event of Object.keys(map)) server.on(event, map[event]); return function removeListeners() { for (const event of Object.keys(map)) server.removeListener(event, map[event]); }; }",
    // ── the handler is returned, so the caller can remove it (swap the previous one out)
    "export function swap(target, current, next) { if (current) target.removeEventListener('x', current); target.addEventListener('x', next); return next; }",
    // ── routers and jQuery by import, whatever the local name
    "import jq from 'jquery';\nconst body = jq(document.body);\nexport function f(h) { body.on('click', h); }",
    // ── a subscription that completes by its own pipe (ngneat's untilDestroyed too)
    "@Component({}) class C { ngOnInit() { this.store.select(x).pipe(untilDestroyed(this)).subscribe(v => this.v = v); } }",
    // ── a frame loop that returns early is a poll that ends
    "function C() { useEffect(() => { function loop() { if (done()) return; draw(); requestAnimationFrame(loop); } loop(); }, []); }",
    // ── a handle handed to a collection whose name says it disposes (`cleanups`)
    "class W { start() { this.off = this.bus.on('x', this.onX); } keep() { this._cleanups.set('x', this.off); } dispose() {} }",
    // ── a helper given what its only caller just made: a `let` every write of which creates it
    "export class S { listenTo(server) { server.on('stream', this.onStream); } make(tls) { let server; if (tls) server = http2.createSecureServer(o); else server = http2.createServer(o); this.listenTo(server); return server; } }",
    // ── a field whose own initialiser makes the target: the instance's child
    "export class C { emitter = new EventEmitter(); init() { this.emitter.on('x', (w) => this.a.add(w)); } dispose() {} }",
    "export class C { accessor emitter = new EventEmitter(); init() { this.emitter.on('x', (w) => this.a.add(w)); } dispose() {} }",
    "export class C { #emitter = new EventEmitter(); init() { this.#emitter.on('x', (w) => this.a.add(w)); } dispose() {} }",
    // ── removal in a callback the instance registers on itself (`this.once('end', …)` in the constructor)
    "class C extends Base { constructor(client) { super(); this.client = client; this.client.on('message', this.handleCollect); this.once('end', () => { this.client.removeListener('message', this.handleCollect); }); } dispose(m) { return m.id; } }",
    "class C extends Base { constructor(client) { super(); const onDelete = (m) => this.drop(m); client.on('delete', onDelete); this.on('end', function () { client.off('delete', onDelete); }); } dispose(m) { return m.id; } }",
  ],
  invalid: [
    // ...not a function given again on each call, nor an emitter, which keeps every copy
    { code: "let current = () => {};\nexport function mount(f) { current = f; window.addEventListener('resize', current); }", errors: [{ messageId: 'perCall', line: 2 }] },
    { code: "import { EventEmitter } from 'node:events';\nfunction onTick() { log(); }\nconst bus = new EventEmitter();\nexport function mount() { bus.on('tick', onTick); }", errors: [{ messageId: 'perCall', line: 4 }] },
    // a literal kept in a local and dropped hands nothing on
    { code: 'export function start(fn, ms) { const timer = setInterval(fn, ms); const rec = { ms, timer }; log(rec); }', errors: [{ messageId: 'perCall', line: 1 }] },
    // waiting for another emitter's end says nothing of this one
    {
      code: "import { once } from 'node:events';\nconst bus = getBus();\nexport async function read(stream) { stream.on('data', (c) => log(c)); await once(bus, 'end'); }",
      errors: [{ messageId: 'inlineHandler', line: 3 }],
    },
    // an anonymous class expression is named by the binding it is given, in the message
    {
      code: "export const Sync = class { constructor(bus) { this.bus = bus; } subscribe(storage) { this.bus.subscribe('set', { handler: (m) => storage.set(m) }); } };",
      errors: [{ messageId: 'perCall', data: { what: '`this.bus.subscribe()`', target: 'long-lived `this.bus`', owner: '`Sync.subscribe()`', thing: 'subscription', fix: 'unsubscribe before the function returns (or end the pipe with `takeUntil`)' } }],
    },
    // A `let` one write of which takes an existing object is not made by the caller.
    {
      code: "export class S { listenTo(server) { server.on('stream', this.onStream); } make(tls) { let server; if (tls) server = http2.createSecureServer(o); else server = this.shared; this.listenTo(server); return server; } }",
      errors: [{ messageId: 'perCall', line: 1 }],
    },
    // A field initialised with a long-lived object, injected, or replaced by a parameter is no child.
    {
      code: "export class C { target = window; init() { this.target.addEventListener('resize', this.onResize); } dispose() {} }",
      errors: [{ messageId: 'notDisposed', line: 1 }],
    },
    {
      code: "export class C { bus = inject(Bus); init() { this.bus.on('x', this.onX); } dispose() {} }",
      errors: [{ messageId: 'notDisposed', line: 1 }],
    },
    {
      code: "export class C { bus = new EventEmitter(); constructor(shared) { this.bus = shared; } init() { this.bus.on('x', this.onX); } dispose() {} }",
      errors: [{ messageId: 'notDisposed', line: 1 }],
    },
    // A self callback that removes another handler, or none, does not release the registration.
    {
      code: "class C extends Base { constructor(client) { super(); this.client = client; this.client.on('message', this.handleCollect); this.client.on('delete', this.handleDelete); this.once('end', () => { this.client.removeListener('message', this.handleCollect); }); } dispose() { this.stopped = true; } }",
      errors: [{ messageId: 'notDisposed', line: 1 }],
    },
    {
      code: "class C extends Base { constructor(client) { super(); this.client = client; this.client.on('message', this.handleCollect); this.once('end', () => { this.log('ended'); }); } dispose() { this.stopped = true; } }",
      errors: [{ messageId: 'notDisposed', line: 1 }],
    },
    // The rule skips the calls of functions whose text holds no registering or removing
    // call; a registration in a nested function, after a cold one, is still seen.
    {
      code: "function cold(x) { return x.map((y) => y + 1); }\nexport function outer(bus) { cold([]); return function inner(m) { bus.on('ack', () => done(m)); }; }\nexport function drop(el) { el.removeEventListener('click', () => go()); }",
      errors: [
        { messageId: 'inlineHandler', line: 2 },
        { messageId: 'removesNothing', line: 3 },
      ],
    },
    // story 2: a listener added per call on a long-lived bus
    {
      code: "export function sendWithAck(bus, msg) { bus.on('ack', (id) => { if (id === msg.id) resolveAck(msg); }); bus.emit('send', msg); }",
      errors: [{ messageId: 'inlineHandler', line: 1, column: 45, data: { what: "`bus.on('ack')`", target: '`bus`', how: 'an inline function' } }],
    },
    {
      code: "const bus = new EventEmitter();\nexport function track(id) { const onDone = () => finish(id); bus.on('done', onDone); }",
      errors: [{ messageId: 'perCall', line: 2, column: 66 }],
    },
    // per request on a shared AbortSignal
    {
      code: "const shutdown = new AbortController();\napp.get('/x', (req, res) => { shutdown.signal.addEventListener('abort', () => res.end()); });",
      errors: [{ messageId: 'inlineHandler', line: 2, column: 47 }],
    },
    // a disposal that an early return skips
    {
      code: "export function waitFor(target) { const h = () => {}; target.addEventListener('load', h); if (ready()) return; target.removeEventListener('load', h); }",
      errors: [{ messageId: 'perCall', line: 1, column: 62 }],
    },
    // per render
    {
      code: "function C() { window.addEventListener('resize', onResize); return <div />; }",
      languageOptions: tsx,
      errors: [{ messageId: 'perCall', line: 1, column: 23 }],
    },
    // ── React effect without cleanup, cleanup that misses, capture flag mismatch
    {
      code: "function C() { useEffect(() => { window.addEventListener('resize', onResize); }, []); }",
      errors: [{ messageId: 'noTeardown', line: 1, column: 41, data: { what: "`window.addEventListener('resize')`", owner: 'this `useEffect()`', teardown: 'it returns no cleanup', target: '`window`', thing: 'listener', fix: 'call `removeEventListener` with the same handler in a returned cleanup' } }],
    },
    {
      code: "function C() { useEffect(() => { document.addEventListener('keydown', onKey, true); return () => document.removeEventListener('keydown', onKey); }, []); }",
      errors: [{ messageId: 'notDisposed', line: 1, column: 43 }],
    },
    {
      code: "function C() { useEffect(() => { const id = setInterval(tick, 1000); }, []); }",
      errors: [{ messageId: 'noTeardown', line: 1, column: 45 }],
    },
    {
      code: "function C() { useEffect(() => { source$.subscribe(render); return () => {}; }, []); }",
      errors: [{ messageId: 'notDisposed', line: 1, column: 42 }],
    },
    {
      code: "function C() { useEffect(() => { const ro = new ResizeObserver(measure); ro.observe(el); }, []); }",
      errors: [{ messageId: 'noTeardown', line: 1, column: 77 }],
    },
    {
      code: "function C() { useEffect(() => { function loop() { draw(); requestAnimationFrame(loop); } loop(); }, []); }",
      errors: [{ messageId: 'noTeardown', line: 1, column: 60 }],
    },
    // the signal's controller is never aborted
    {
      code: "function C() { useEffect(() => { const ac = new AbortController(); window.addEventListener('scroll', onScroll, { signal: ac.signal }); return () => {}; }, []); }",
      errors: [{ messageId: 'signalNeverAborted', line: 1, column: 122, data: { controller: 'ac', owner: 'this `useEffect()`', where: ' in the cleanup it returns', target: '`window`' } }],
    },
    // ── cross-component pairing must not excuse a leak
    {
      code: "function A() { useEffect(() => { window.addEventListener('resize', h); }, []); }\nfunction B() { useEffect(() => () => window.removeEventListener('resize', h), []); }",
      errors: [{ messageId: 'noTeardown', line: 1, column: 41 }],
    },
    // ── React class component
    {
      code: "class C extends React.Component { componentDidMount() { window.addEventListener('resize', this.onResize); } }",
      errors: [{ messageId: 'noTeardown', line: 1, column: 64 }],
    },
    {
      code: "class C extends Component { componentDidMount() { window.addEventListener('resize', this.onResize); } componentWillUnmount() { window.removeEventListener('resize', this.onResize.bind(this)); } }",
      errors: [
        { messageId: 'notDisposed', line: 1, column: 58 },
        { messageId: 'removesNothing', line: 1, column: 165 },
      ],
    },
    // ── Angular
    {
      code: "@Component({}) class C { ngOnInit() { this.store.select(x).subscribe(v => this.v = v); } }",
      errors: [{ messageId: 'noTeardown', line: 1, column: 60 }],
    },
    {
      code: "@Component({}) class C { ngOnInit() { this.sub = this.store.select(x).subscribe(); } ngOnDestroy() {} }",
      errors: [{ messageId: 'notDisposed', line: 1, column: 71 }],
    },
    // ── Vue, Solid
    {
      code: "import { onMounted } from 'vue';\nexport function useResize() { onMounted(() => window.addEventListener('resize', h)); }",
      errors: [{ messageId: 'noTeardown', line: 2, column: 54 }],
    },
    {
      code: "import { createEffect } from 'solid-js';\nfunction C() { createEffect(() => { bus.on('x', h); }); }",
      errors: [{ messageId: 'noTeardown', line: 2, column: 41 }],
    },
    // ── custom elements and plain classes with a teardown that forgets
    {
      code: "class El extends HTMLElement { connectedCallback() { window.addEventListener('resize', this.onResize); } disconnectedCallback() {} }",
      errors: [{ messageId: 'notDisposed', line: 1, column: 61 }],
    },
    {
      code: "class Poller { start() { this.timer = setInterval(() => this.poll(), 1000); } stop() { this.running = false; } }",
      errors: [{ messageId: 'notDisposed', line: 1, column: 39 }],
    },
    {
      code: "class W { constructor(private bus: Bus) { bus.on('x', this.onX); } dispose() {} }",
      errors: [{ messageId: 'notDisposed', line: 1, column: 47 }],
    },
    // ── a dependency handed to the constructor outlives the instance (a shared pool)
    {
      code: "class Subscriber { constructor(pool) { this.pool = pool; this.pool.on('-node', (key) => this.drop(key)); } stop() { this.started = false; } }",
      errors: [{ messageId: 'notDisposed', line: 1, column: 68 }],
    },
    {
      code: "@Injectable() class S { constructor(private readonly bus: Bus) { this.bus.on('x', this.onX); } ngOnDestroy() {} }",
      errors: [{ messageId: 'notDisposed', line: 1, column: 75 }],
    },
    // ── a per-call method on a class without teardown
    {
      code: "class Client { send(msg) { this.socket.on('ack', (a) => this.done(a, msg)); this.socket.write(msg); } }",
      errors: [{ messageId: 'inlineHandler', line: 1, column: 40 }],
    },
    // ── per-call: interval, watcher, VS Code disposable, subscribe on a long-lived store
    {
      code: "export function watchJob(job) { setInterval(() => job.poll(), 1000); }",
      errors: [{ messageId: 'perCall', line: 1, column: 33 }],
    },
    {
      code: "import fs from 'node:fs';\nexport function follow(path) { fs.watch(path, () => reload(path)); }",
      errors: [{ messageId: 'perCall', line: 2, column: 35 }],
    },
    {
      code: "import * as vscode from 'vscode';\nexport function onOpen(doc) { vscode.workspace.onDidChangeTextDocument((e) => lint(doc, e)); }",
      errors: [{ messageId: 'perCall', line: 2, column: 48 }],
    },
    {
      code: "import { store } from './store';\nexport function renderRow(row) { store.subscribe(() => update(row)); }",
      errors: [{ messageId: 'perCall', line: 2, column: 40 }],
    },
    // ── removes nothing
    {
      code: "function f() { window.removeEventListener('resize', () => layout()); }",
      errors: [{ messageId: 'removesNothing', line: 1, column: 53, data: { method: 'removeEventListener', how: 'a new inline function' } }],
    },
    // ── checkOnce
    {
      code: "function C() { useEffect(() => { window.addEventListener('load', onLoad, { once: true }); }, []); }",
      options: [{ checkOnce: true }],
      errors: [{ messageId: 'noTeardown', line: 1, column: 41 }],
    },
    // ── custom pair, long-lived target option
    {
      code: 'export function f(bus) { bus.listen("x", h); }',
      options: [{ registrations: [{ register: 'listen', dispose: 'unlisten' }] }],
      errors: [{ messageId: 'perCall', line: 1, column: 30 }],
    },
    {
      code: "export function f() { eventBus.addEventListener('x', h); }",
      options: [{ longLivedTargets: ['eventBus'] }],
      errors: [{ messageId: 'perCall', line: 1, column: 32 }],
    },

    // ── names decide nothing by prefix: `settle` is no `set`, and handlers are judged like any function
    {
      code: "export function settle(bus) { bus.on('done', onDone); }",
      errors: [{ messageId: 'perCall', line: 1, column: 35 }],
    },
    {
      code: "export function handleMessage(bus) { bus.on('done', onDone); }",
      errors: [{ messageId: 'perCall', line: 1, column: 42 }],
    },
    {
      code: "export function onMessage(bus) { bus.on('done', onDone); }",
      errors: [{ messageId: 'perCall', line: 1, column: 38 }],
    },
    {
      code: "export function processItem(bus) { bus.on('done', onDone); }",
      errors: [{ messageId: 'perCall', line: 1, column: 40 }],
    },
    // ── call sites decide over the name: a helper handed a shared bus adds to it per call
    {
      code: "const shared = new EventEmitter();\nfunction attachBus(bus) { bus.on('data', onData); }\nexport function f() { attachBus(shared); }",
      errors: [{ messageId: 'perCall', line: 2, column: 31 }],
    },
    // ── a comment naming takeUntilDestroyed silences nothing: the subscription's own pipe decides
    {
      code: "@Component({}) class C {\n  // elsewhere we use takeUntilDestroyed\n  ngOnInit() { this.store.select(x).subscribe(v => this.v = v); }\n}",
      errors: [{ messageId: 'noTeardown', line: 3, column: 37 }],
    },
    // ── a string saying 'no return' does not stop a frame loop
    {
      code: "function C() { useEffect(() => { function loop() { if (debug) log('no return'); draw(); requestAnimationFrame(loop); } loop(); }, []); }",
      errors: [{ messageId: 'noTeardown', line: 1, column: 89 }],
    },
    // ── identity, not text: a shadowing handler, a constant event, two `.bind()` results
    {
      code: "function C() { useEffect(() => { window.addEventListener('resize', onResize); return () => { const onResize = () => {}; window.removeEventListener('resize', onResize); }; }, []); }",
      errors: [{ messageId: 'notDisposed', line: 1, column: 41 }],
    },
    {
      code: "const EVT = 'resize';\nfunction C() { useEffect(() => { window.addEventListener(EVT, h); return () => window.removeEventListener('scroll', h); }, []); }",
      errors: [{ messageId: 'notDisposed', line: 2, column: 41 }],
    },
    {
      code: "class C extends Component { componentDidMount() { window.addEventListener('resize', this.onResize.bind(this)); } componentWillUnmount() { window.removeEventListener('resize', this.onResize.bind(this)); } }",
      errors: [
        { messageId: 'notDisposed', line: 1, column: 58 },
        { messageId: 'removesNothing', line: 1, column: 176 },
      ],
    },
    // ── a receiver's name is matched by whole words: `restore` is no disposing `store`
    {
      code: "class W { start() { this.off = this.bus.on('x', this.onX); } keep() { this.restore.set('x', this.off); } dispose() {} }",
      errors: [{ messageId: 'notDisposed', line: 1, column: 41 }],
    },
    // ── Vue's setup style comes from an import, not from a string that mentions one
    {
      code: "const note = \"import { ref } from 'vue'\";\nexport function setup() { window.addEventListener('x', h); }",
      errors: [{ messageId: 'perCall', line: 2, column: 34 }],
    },
  ],
});

jsRuleTester.run('no-leaked-subscription (plain JS)', rule, {
  valid: ["window.addEventListener('load', init);"],
  invalid: [
    {
      code: "export function sendWithAck(bus, msg) { bus.on('ack', function (id) { if (id === msg.id) done(msg); }); }",
      errors: [{ messageId: 'inlineHandler', line: 1, column: 45 }],
    },
  ],
});

// Issue 19, pairing and removal: registrations are paired with removals across their whole
// class (or object), through aliases, helpers, handle lists, `.finally()` and compiled optional calls.
const pairing = {
  valid: [
    // ── removal in a callback the constructor registers on the instance itself
    "class Collector extends EventEmitter { constructor(client) { super(); this.client = client; this.onMsg = this.onMsg.bind(this); this.client.on('message', this.onMsg); this.once('end', () => { this.client.removeListener('message', this.onMsg); }); } onMsg() {} dispose(item) { return item.id; } }",
    "class Collector extends EventEmitter { constructor(client) { super(); const onDel = (m) => this.stop(m); client.on('delete', onDel); this.once('end', () => client.off('delete', onDel)); } }",
    // ── a sibling `stop()` of a per-call start method, in a class and on an object
    "class Core { _init() { this.listener.once('listening', () => { this.onConn = (c) => this.add(c); this.listener.on(this.tls ? 'secure' : 'conn', this.onConn); }); } async _stop() { this.listener.close(() => { this.listener.removeListener(this.tls ? 'secure' : 'conn', this.onConn); }); } }",
    "export default function (God) { let timer = null; God.Worker.start = function () { timer = setInterval(tick, 1000); }; God.Worker.stop = function () { if (timer !== null) clearInterval(timer); }; }",
    // ── a teardown that calls a helper, private or given the target as an argument
    "class T { #timer; constructor(ws) { this.ws = ws; } #start(ms) { this.#timer = setInterval(() => this.ws.ping(), ms); } #stop() { clearInterval(this.#timer); } close() { this.#stop(); this.ws.close(); } }",
    "class R { constructor(t) { this.t = t; this.onDispose = this.onDispose.bind(this); } setTarget(t) { this.t = t; this.t.addEventListener('dispose', this.onDispose); } onDispose(e) { this._destroy(e.target); } dispose() { this._destroy(this.t); } _destroy(target) { target.removeEventListener('dispose', this.onDispose); } }",
    // ── handlers kept in a list that the teardown loops over
    "class Server { setup() { for (const signal of ['SIGINT', 'SIGTERM']) { const listener = () => this.stop(); this.listeners.push({ name: signal, listener }); process.on(signal, listener); } } stop() { for (const item of this.listeners) { process.removeListener(item.name, item.listener); } } }",
    // ── `.finally(() => unsubscribe())` on the promise the subscription feeds
    "class App { ngOnDestroy() {} whenStable() { let subscription; return new Promise((resolve) => { subscription = this.isStable.subscribe({ next: (s) => { if (s) resolve(); } }); }).finally(() => { subscription.unsubscribe(); }); } }",
    // ── compiled optional calls: `(_a = ref.current) === null || _a === void 0 ? void 0 : _a.removeEventListener(…)`
    {
      code: "function useExternal(ref) { useEffect(() => { const handler = () => {}; ref.current.addEventListener('load', handler); return () => { var _a; (_a = ref.current) === null || _a === void 0 ? void 0 : _a.removeEventListener('load', handler); }; }, []); }",
      languageOptions: tsx,
    },
    // ── an alias of the handler, removed by a sibling callback of the same handler object
    "export function fetching(fetchParams, connection) { return dispatch({ onConnect(controller) { const abort = (r) => controller.abort(r); fetchParams.controller.on('terminated', abort); this.abort = connection.abort = abort; }, onEnd() { if (this.abort) fetchParams.controller.off('terminated', this.abort); } }); }",
    // ── off the old emitter, on the new one: a swap, not a pile-up
    "export function bubble(handlers) { return { set(emitter) { const handler = handlers.get(this); const old = get.call(this); if (old !== undefined) old.off('*', handler); if (emitter === undefined) return; emitter.on('*', handler); set.call(this, emitter); } }; }",
  ],
  invalid: [
    // ── the sibling removes another handler, or another event
    {
      code: "class Core { _init() { this.listener.on('conn', this.onConn); } _stop() { this.listener.removeListener('conn', this.onOther); } }",
      errors: [{ messageId: 'perCall' }],
    },
    {
      code: "const EV = 'conn';\nclass Core { _init() { this.listener.on(EV, this.onConn); } _stop() { this.listener.removeListener('other', this.onConn); } }",
      errors: [{ messageId: 'perCall' }],
    },
    // ── the sibling stop() clears two timers but not the third, whose id is dropped
    {
      code: "export default function (God) { let timer = null; God.Worker.start = function () { timer = setInterval(tick, 1000); setInterval(check, 86400000); }; God.Worker.stop = function () { clearInterval(timer); }; }",
      errors: [{ messageId: 'perCall', column: 117 }],
    },
    // ── the helper the teardown calls removes another listener from the target it is given
    {
      code: "class R { setTarget(t) { this.t = t; this.t.addEventListener('resize', this.onResize); } dispose() { this._destroy(this.t); } _destroy(target) { target.removeEventListener('dispose', this.onDispose); } }",
      errors: [{ messageId: 'notDisposed' }],
    },
    // ── a swap in a class with a teardown that forgets the current target
    {
      code: "class R { setTarget(t) { this.t.removeEventListener('resize', this.onResize); this.t = t; this.t.addEventListener('resize', this.onResize); } dispose() { this.backend.dispose(); } }",
      errors: [{ messageId: 'notDisposed' }],
    },
    // ── a list looped over in stop() that never got the handler
    {
      code: "class Server { setup() { const listener = () => this.stop(); this.others.push({ listener }); process.on('SIGINT', listener); } stop() { for (const item of this.listeners) process.removeListener(item.name, item.listener); } }",
      errors: [{ messageId: 'notDisposed' }],
    },
  ],
} as const;
ruleTester.run('no-leaked-subscription (pairing across the owner)', rule, pairing);
jsRuleTester.run('no-leaked-subscription (pairing across the owner) (plain JS)', rule, pairing);

// Issue 19, what keeps a registration alive: observers by what they observe, handles that
// registrations return (MobX disposers, VS Code Disposables given a store), and identity.
ruleTester.run('no-leaked-subscription (handles, observers, identity)', rule, {
  valid: [
    // ── React Native's addEventListener returns a subscription; its `remove()` counts
    {
      code: "function C() { useEffect(() => { const sub = Dimensions.addEventListener('change', onChange); return () => sub.remove(); }, []); return null; }",
      languageOptions: tsx,
    },
    // ── an observer kept in a field and disconnected in the teardown
    "class Carousel extends React.Component { componentDidMount() { this.ro = new ResizeObserver(() => this.resize()); this.ro.observe(this.list); } componentWillUnmount() { this.ro.disconnect(); } }",
    // ── a local observer returned to the caller, or one that disconnects itself on its first notification
    "class W { ngOnDestroy() { this.observer?.disconnect(); } init() { const observer = new PerformanceObserver((l) => this.take(l)); observer.observe({ type: 'paint' }); return observer; } }",
    "class H { dispose() {} async visible(el) { return new Promise((resolve) => { const observer = new IntersectionObserver((e) => { resolve(e[0].intersectionRatio); observer.disconnect(); }); observer.observe(el); }); } }",
    // ── a MobX reaction disposed in the teardown; `when(pred)` is a promise; a `reaction` not from MobX
    "import { reaction } from 'mobx';\nclass Page extends React.Component { done = reaction(() => this.props.x, (x) => go(x)); componentWillUnmount() { this.done(); } }",
    "import { when } from 'mobx';\nclass Page extends React.Component { ready = when(() => this.props.ok); }",
    "import { reaction } from './reactions';\nclass Page extends React.Component { done = reaction(() => this.props.x, (x) => go(x)); }",
    "import { autorun } from 'mobx';\nclass Store { constructor() { this.stop = autorun(() => save(this)); } dispose() { this.stop(); } }",
    // ── a VS Code event told where to put its Disposable
    "import * as vscode from 'vscode';\nexport function activate(context) { vscode.workspace.onDidSaveTextDocument((doc) => run(doc), null, context.subscriptions); }",
    // ── `{ once: true }` on an abort of the call's own controller
    "export function f(target) { const ac = new AbortController(); ac.signal.addEventListener('abort', () => target.close(), { once: true }); return ac; }",
  ],
  invalid: [
    // ── what addEventListener returned is undefined: removing it removes nothing
    {
      code: "function C() { useEffect(() => { const onScroll = () => set(window.scrollY); const listener = window.addEventListener('scroll', onScroll); return () => window.removeEventListener('scroll', listener); }, []); return null; }",
      languageOptions: tsx,
      errors: [{ messageId: 'notDisposed' }],
    },
    // ── an observer the class makes and never disconnects, whatever the field is called
    {
      code: "class Carousel extends React.Component { componentDidMount() { this.ro = new ResizeObserver(() => this.resize()); this.ro.observe(this.list); window.addEventListener('resize', this.onResize); } componentWillUnmount() { window.removeEventListener('resize', this.onResize); } }",
      errors: [{ messageId: 'notDisposed', column: 123 }],
    },
    // ── a partial unobserve of another node does not release observe(y)
    {
      code: "class Box extends HTMLElement { connectedCallback() { this.io = new IntersectionObserver(cb); this.io.observe(this.head); this.io.observe(this.body); } disconnectedCallback() { this.io.unobserve(this.head); } }",
      errors: [{ messageId: 'notDisposed', column: 131 }],
    },
    // ── a MobX reaction in a class field of a component with no teardown
    {
      code: "import { reaction } from 'mobx';\nclass Page extends React.Component { done = reaction(() => this.props.x, (x) => go(x)); render() { return null; } }",
      errors: [{ messageId: 'noTeardown', line: 2 }],
    },
    // ── a VS Code event given no store drops its Disposable
    {
      code: "import * as vscode from 'vscode';\nclass Ext { activate() { vscode.workspace.onDidSaveTextDocument((doc) => run(doc), null, undefined); } dispose() {} }",
      errors: [{ messageId: 'notDisposed' }],
    },
  ],
});

// A cast or parentheses between the callee and the call hide nothing, from the fast path on.
ruleTester.run('no-leaked-subscription (casts)', rule, {
  valid: ["export function f(bus) { const h = () => {}; (bus.on as any)('x', h); (bus.off as any)('x', h); }"],
  invalid: [
    { code: "const bus = new EventEmitter();\nexport function f() { (bus.on as any)('x', () => go()); }", errors: [{ messageId: 'inlineHandler', line: 2 }] },
    { code: "export function f() { (window.addEventListener as any)('resize', () => go()); }", errors: [{ messageId: 'inlineHandler' }] },
    { code: "export function f() { (window.addEventListener)('resize', () => go()); }", errors: [{ messageId: 'inlineHandler' }] },
  ],
});

// A same-file function that makes an observer and hands it back registers at each call.
const maker = "function watchEl(el, cb) { const io = new IntersectionObserver((es) => { if (es[0].isIntersecting) { io.disconnect(); cb(); } }); io.observe(el); return { instance: io, el }; }\n";
const makers = {
  valid: [
    `${maker}class L extends React.Component { handleRef = (r) => { this.io = watchEl(r, go); }; componentWillUnmount() { const { instance, el } = this.io; instance.unobserve(el); instance.disconnect(); } }`,
    `${maker}class L extends React.Component { handleRef = (r) => { this.io = watchEl(r, go); }; componentWillUnmount() { this.io.instance.disconnect(); } }`,
    // a helper that keeps its observer to itself registers nothing at its call sites
    "function watchEl(el) { const io = new IntersectionObserver(cb); io.observe(el); }\nclass L extends React.Component { handleRef = (r) => { watchEl(r); }; }",
    // a plain function calling the maker is judged by its caller, not here
    `${maker}export function track(el) { return watchEl(el, go); }`,
  ],
  invalid: [
    {
      code: `${maker}class L extends React.Component { handleRef = (r) => { this.io = watchEl(r, go); }; render() { return null; } }`,
      errors: [{ messageId: 'noTeardown', line: 2 }],
    },
    {
      code: `${maker}class L extends React.Component { handleRef = (r) => { this.io = watchEl(r, go); }; componentWillUnmount() { this.other.disconnect(); } }`,
      errors: [{ messageId: 'notDisposed', line: 2 }],
    },
  ],
} as const;
ruleTester.run('no-leaked-subscription (observer makers)', rule, makers);
jsRuleTester.run('no-leaked-subscription (observer makers) (plain JS)', rule, makers);

// Handle-returning registrations: HTTP-client interceptors and destructured handles.
ruleTester.run('no-leaked-subscription (interceptors, destructured handles)', rule, {
  valid: [
    {
      code: "import { api } from './api';\nfunction C() { useEffect(() => { const id = api.interceptors.request.use((c) => auth(c)); return () => api.interceptors.request.eject(id); }, []); return null; }",
      languageOptions: tsx,
    },
    "import axios from 'axios';\naxios.interceptors.response.use((r) => r, onError);",
    "import express from 'express';\nconst app = express();\nexport function mount(router) { app.use(router); }",
    "export function makeClient() { const client = axios.create(); client.interceptors.request.use(sign); return client; }",
    {
      code: "function C({ store }) { useEffect(() => { const { remove } = store.subscribe(render); return () => remove(); }, [store]); return null; }",
      languageOptions: tsx,
    },
    {
      code: "function C({ auth }) { useEffect(() => { const { data: { subscription } } = auth.onAuthStateChange((e) => set(e)); return () => subscription.unsubscribe(); }, [auth]); return null; }",
      languageOptions: tsx,
    },
  ],
  invalid: [
    {
      code: "import { api } from './api';\nexport function withToken(token) { api.interceptors.request.use((c) => ({ ...c, token })); }",
      errors: [{ messageId: 'perCall', line: 2 }],
    },
    {
      code: "import { api } from './api';\nfunction C() { useEffect(() => { const id = api.interceptors.request.use((c) => auth(c)); return () => api.interceptors.request.eject(other); }, []); return null; }",
      languageOptions: tsx,
      errors: [{ messageId: 'notDisposed' }],
    },
    {
      code: "function C({ store }) { useEffect(() => { const { remove } = store.subscribe(render); return () => {}; }, [store]); return null; }",
      languageOptions: tsx,
      errors: [{ messageId: 'notDisposed' }],
    },
  ],
});

// Identity through variables: const options are read, each `matchMedia(q)` is a new object.
ruleTester.run('no-leaked-subscription (identity through variables)', rule, {
  valid: [
    "const OPTS = { once: true };\nexport function f() { window.addEventListener('load', () => go(), OPTS); }",
    "export function f(opts) { window.addEventListener('load', () => go(), opts); }",
    {
      code: "function C({ q }) { useEffect(() => { const mq = window.matchMedia(q); mq.addEventListener('change', h); return () => mq.removeEventListener('change', h); }, [q]); return null; }",
      languageOptions: tsx,
    },
    {
      code: "const CAPTURE = true;\nfunction C() { useEffect(() => { document.addEventListener('keydown', h, CAPTURE); return () => document.removeEventListener('keydown', h, CAPTURE); }, []); return null; }",
      languageOptions: tsx,
    },
  ],
  invalid: [
    {
      code: "const OPTS = { passive: true };\nexport function f() { window.addEventListener('scroll', () => go(), OPTS); }",
      errors: [{ messageId: 'inlineHandler', line: 2 }],
    },
    {
      code: "function C({ q }) { useEffect(() => { window.matchMedia(q).addEventListener('change', h); return () => window.matchMedia(q).removeEventListener('change', h); }, [q]); return null; }",
      languageOptions: tsx,
      errors: [{ messageId: 'notDisposed' }],
    },
  ],
});

// An observer of a long-lived node, made by a class: the node keeps it (and its creator) alive.
const longLivedObservers = {
  valid: [
    "class Menu extends HTMLElement { connectedCallback() { const mo = new MutationObserver(() => this.sync()); mo.observe(document.body, { childList: true }); this.mo = mo; } disconnectedCallback() { this.mo.disconnect(); } }",
    "class Menu extends HTMLElement { connectedCallback() { const mo = new MutationObserver(() => { if (this.ready) mo.disconnect(); }); mo.observe(document.body, { childList: true }); } disconnectedCallback() {} }",
    "class Menu extends HTMLElement { connectedCallback() { const mo = new MutationObserver(() => this.sync()); mo.observe(this, { childList: true }); } disconnectedCallback() {} }",
  ],
  invalid: [
    {
      code: "class Menu extends HTMLElement { connectedCallback() { const mo = new MutationObserver(() => this.sync()); mo.observe(document.body, { childList: true }); } disconnectedCallback() { this.teardown(); } }",
      errors: [{ messageId: 'notDisposed' }],
    },
  ],
} as const;
ruleTester.run('no-leaked-subscription (observers of long-lived nodes)', rule, longLivedObservers);
jsRuleTester.run('no-leaked-subscription (observers of long-lived nodes) (plain JS)', rule, longLivedObservers);

// Issue 19, start-up code in prototype style: `C.prototype.m = function` is reached by
// `this.m()` in C's own functions, by an alias of that `this`, and by `c.m()` on a `new C()`;
// a chain that starts at module top level runs once per process.
jsRuleTester.run('no-leaked-subscription (prototype start-up) (plain JS)', rule, {
  valid: [
    [
      'var Daemon = module.exports = function (opts) { this.opts = opts; };',
      'Daemon.prototype.start = function () { var that = this; run(function () { that.innerStart(); }); };',
      'Daemon.prototype.innerStart = function () { this.handleSignals(); };',
      "Daemon.prototype.handleSignals = function () { process.on('SIGTERM', this.exit.bind(this)); process.on('SIGHUP', function () {}); };",
      'if (require.main === module) { var daemon = new Daemon(); daemon.start(); }',
    ].join('\n'),
    // an object literal's method reached as `Runtime.m()` from a CLI action at top level
    [
      "program.command('start').action(function (cmd) { Runtime.boot(cmd); });",
      "var Runtime = { boot: function (cmd) { connect(function () { process.on('SIGINT', function () { Runtime.exit(); }); }); }, exit: function () {} };",
    ].join('\n'),
  ],
  invalid: [
    {
      // the same registration in a method only public callers reach: per use, a leak
      code: [
        'function Client() {}',
        'Client.prototype.connect = function () { this.wire(); };',
        "Client.prototype.wire = function () { process.on('SIGTERM', function () { close(); }); };",
        'module.exports = Client;',
      ].join('\n'),
      errors: [{ messageId: 'inlineHandler' }],
    },
    {
      // a same-named call on another object is no call of the method
      code: [
        'function Client() {}',
        "Client.prototype.wire = function () { process.on('SIGTERM', function () { close(); }); };",
        'other.wire();',
        'module.exports = Client;',
      ].join('\n'),
      errors: [{ messageId: 'inlineHandler' }],
    },
    {
      // an object literal's method only outside callers reach
      code: "var Runtime = { boot: function () { process.on('SIGINT', function () { Runtime.exit(); }); }, exit: function () {} };\nmodule.exports = Runtime;",
      errors: [{ messageId: 'inlineHandler' }],
    },
    {
      // called from a per-request handler: per use
      code: "var Api = { restart: function () { process.stdin.on('data', function (d) { go(d); }); } };\napp.get('/restart', function (req, res) { Api.restart(); });",
      errors: [{ messageId: 'inlineHandler' }],
    },
  ],
});

// Issue 19, name-only matches: an awaited remote `subscribe` call that hands over only the
// caller's parameters and data creates no local subscription; one given a handler does.
const remote = (method: string): string =>
  `class Context { #session: Session; #done = false; id = 1; constructor(session: Session) { this.#session = session; } ${method} dispose(): void { this.#done = true; } handle(m: unknown): void {} }`;
ruleTester.run('no-leaked-subscription (awaited remote subscribe)', rule, {
  valid: [
    remote('async subscribe(events: string[]): Promise<void> { await this.#session.subscribe(events, [this.id]); }'),
    remote('async addInterception(events: string[]): Promise<void> { await this.#session.subscribe(events, { contexts: [this.id] }); }'),
  ],
  invalid: [
    { code: remote('async listen(events: string[]): Promise<void> { await this.#session.subscribe(events, (m) => this.handle(m)); }'), errors: [{ messageId: 'notDisposed' }] },
    { code: remote('async listen(): Promise<void> { await this.#session.subscribe(onMessage); }'), errors: [{ messageId: 'notDisposed' }] },
    { code: remote('async listen(): Promise<void> { await this.#session.subscribe({ next: onMessage }); }'), errors: [{ messageId: 'notDisposed' }] },
    { code: remote('async listen(events: string[]): Promise<void> { await this.#session.subscribe(events, this.handle); }'), errors: [{ messageId: 'notDisposed' }] },
  ],
});

// Issue 19, D12: an `AbortSignal` handed in as an option may never abort, so an `'abort'`
// listener per call stays on it; an adopting name (`add`) adopts its item, not the option.
ruleTester.run('no-leaked-subscription (signal options)', rule, {
  valid: [
    'class Queue { async add(task: Task, { signal }: Opts = {}): Promise<void> { await new Promise((resolve, reject) => { const onAbort = () => reject(signal?.reason); signal?.addEventListener(\'abort\', onAbort, { once: true }); task({ signal }).then(resolve, reject).finally(() => signal?.removeEventListener(\'abort\', onAbort)); }); } }',
    // the item an adopting function is given is kept by its new owner
    "class Pool { addSocket(socket: Socket): void { socket.on('data', (d) => this.handle(d)); } handle(d: unknown): void {} }",
  ],
  invalid: [
    {
      code: "class Queue { async add(task: Task, { signal }: Opts = {}): Promise<void> { await new Promise((resolve, reject) => { signal?.addEventListener('abort', () => reject(signal.reason), { once: true }); task({ signal }).then(resolve, reject); }); } }",
      errors: [{ messageId: 'inlineHandler' }],
    },
    {
      code: "export function run(task: Task, signal: AbortSignal): Promise<void> { return new Promise((resolve, reject) => { signal.addEventListener('abort', () => reject(signal.reason)); task().then(resolve); }); }",
      errors: [{ messageId: 'inlineHandler' }],
    },
  ],
});

// Issue 19, D03: Vue stops a `watch()` with its component only while setup or a hook runs
// synchronously; after an `await` the watcher belongs to no instance until its stop is called.
const vue = (body: string): string => `import { defineComponent, onMounted, onUnmounted, watch } from 'vue';\nexport default defineComponent({ setup() { ${body} return () => null; } });`;
ruleTester.run('no-leaked-subscription (Vue watch after await)', rule, {
  valid: [
    vue('watch(locale, (next) => load(next));'),
    vue('onMounted(() => { watch(locale, (next) => load(next)); });'),
    vue('onMounted(async () => { watch(locale, (next) => load(next)); await load(locale.value); });'),
    vue('let stop; onMounted(async () => { await load(locale.value); stop = watch(locale, (next) => load(next)); }); onUnmounted(() => { stop?.(); });'),
    "import { watch } from 'chokidarx';\nasync function f() { await ready(); watch(dir); }",
  ],
  invalid: [
    { code: vue('onMounted(async () => { await load(locale.value); watch(locale, (next) => load(next)); });'), errors: [{ messageId: 'noTeardown' }] },
  ],
});

// Issue 19, removal through indirection: added in a callback inside `try`, removed in its `finally`.
jsRuleTester.run('no-leaked-subscription (finally removes a nested add) (plain JS)', rule, {
  valid: [
    "export async function run(job, signal) { let onAbort; try { await new Promise((resolve) => { const init = () => { onAbort = () => cancel(signal.reason); signal.addEventListener('abort', onAbort); resolve(); }; init(); }); } finally { if (onAbort) signal.removeEventListener('abort', onAbort); } }",
  ],
  invalid: [],
});

// Issue 19, code that runs once per process: a branch the process's own command line picks
// (`process.argv` through locals and a same-file function's returned field, a flag literal).
const commandLine = {
  valid: [
    "function parseEnv() { var args = process.argv.slice(2); return { complete: args[0] === 'completion', words: +process.env.COMP_CWORD }; }\nexports.complete = function (name, cb) { var env = parseEnv(); if (!env.complete) return cb(); if (!env.words) return script(name, function (err, out) { process.stdout.on('error', (er) => cb(er, out)); }); };",
    "export class Api {\n  list(opts, cb) { this.client.remote('list', (err, l) => { if (opts.rawArgs.indexOf('--watch') > -1) { setInterval(() => show(l), 900); return; } cb(l); }); }\n  stop() {}\n}",
    "export function tail() { const cmd = process.argv[2]; if (cmd === 'tail') process.stdin.on('data', (d) => print(d)); }",
  ],
  invalid: [
    // an ordinary option, configuration from the environment, or either an option or the command line
    { code: 'export function list(opts) { if (opts.watch) setInterval(show, 900); }', errors: [{ messageId: 'perCall' as const }] },
    { code: 'export function debug() { if (process.env.DEBUG) setInterval(dump, 1000); }', errors: [{ messageId: 'perCall' as const }] },
    { code: "export function list(opts) { if (opts.watch || process.argv.includes('--watch')) setInterval(show, 900); }", errors: [{ messageId: 'perCall' as const }] },
    // a per-event callback inside the branch still runs per event
    { code: "export function serve(server) { if (process.argv.includes('--log')) server.on('request', () => { setInterval(flush, 1000); }); }", errors: [{ messageId: 'perCall' as const }] },
  ],
};
ruleTester.run('no-leaked-subscription (command-line branches)', rule, commandLine);
jsRuleTester.run('no-leaked-subscription (command-line branches) (plain JS)', rule, commandLine);

// Issue 19, once per target: the function starts the very target it then listens on.
const startsTarget = {
  valid: [
    "export class Client {\n  cancel(client, query) {\n    if (client.activeQuery !== query) return;\n    const con = this.connection;\n    if (this.host) con.connect(this.host); else con.connect(this.port, this.host);\n    con.on('connect', function () { con.cancel(client.processID, client.secretKey); });\n  }\n}",
  ],
  invalid: [
    // no start call in the function, a start call only in another function, a start on another target
    { code: "export class Client { cancel(c) { const con = this.connection; con.on('connect', () => con.cancel(c.id)); } }", errors: [{ messageId: 'inlineHandler' as const }] },
    { code: "export class Client { open() { this.connection.connect(1); } cancel(c) { this.connection.on('connect', () => this.connection.cancel(c.id)); } }", errors: [{ messageId: 'inlineHandler' as const }] },
    { code: "export class Client { cancel(c) { const con = this.connection; con.connect(1); this.bus.on('connect', () => con.cancel(c.id)); } }", errors: [{ messageId: 'inlineHandler' as const }] },
  ],
};
ruleTester.run('no-leaked-subscription (once per target)', rule, startsTarget);
jsRuleTester.run('no-leaked-subscription (once per target) (plain JS)', rule, startsTarget);
