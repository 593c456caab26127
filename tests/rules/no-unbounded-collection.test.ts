import rule from '../../rules/no-unbounded-collection';
import { jsRuleTester, ruleTester } from '../rule-tester';

ruleTester.run('no-unbounded-collection', rule, {
  valid: [
    // function-local collections
    'function f(xs) { const out = []; for (const x of xs) out.push(x); return out; }',
    'function f(xs) { const seen = new Set(); xs.forEach((x) => seen.add(x)); return seen.size; }',
    // filled only at module initialisation
    "const table = new Map(); table.set('a', 1); table.set('b', 2);",
    "const codes = []; for (const c of ['x', 'y']) codes.push(c);",
    "const byName = new Map(entries);",
    "const registry = []; function register(x) { registry.push(x); } register(1); register(2);",
    "const handlers = {}; ['a', 'b'].forEach((k) => { handlers[k] = () => k; });",
    // weak collections and bounded caches are the fix
    'const meta = new WeakMap(); export function tag(o) { meta.set(o, Date.now()); }',
    "import { LRUCache } from 'lru-cache'; const cache = new LRUCache({ max: 100 }); export function put(k, v) { cache.set(k, v); }",
    // queues with a consumer, pending maps deleted on settle, per-connection maps deleted on close
    'const queue = []; export function enqueue(j) { queue.push(j); } export function next() { return queue.shift(); }',
    'const pending = new Map(); export function call(id, resolve) { pending.set(id, resolve); } export function settle(id, v) { pending.get(id)?.(v); pending.delete(id); }',
    "const clients = new Set(); server.on('connection', (ws) => { clients.add(ws); ws.on('close', () => clients.delete(ws)); });",
    // cleared periodically or on an event
    'const log = []; export function write(l) { log.push(l); } setInterval(() => { log.length = 0; }, 60_000);',
    // cleared on every turn of the program's main loop (a worker's `while (true)`): it runs again and again
    'const seen = new Map(); export function note(k, v) { seen.set(k, v); } while (true) { seen.clear(); await step(); }',
    // a `for await` over a method's cursor fills the instance's map once per call, with the cursor's documents
    'export class Merger { constructor() { this.errors = new Map(); } async merge(cursor) { for await (const d of cursor) this.errors.set(d.idx, d); return this.errors; } }',
    'let buf = []; export function add(x) { buf.push(x); } export function flush() { send(buf); buf = []; }',
    'let recent = []; export function seen(x) { recent = [...recent, x].slice(-100); }',
    // a size guard that leads to removal
    'const log = []; export function write(l) { log.push(l); if (log.length > 1000) log.shift(); }',
    'const cache = new Map(); export function put(k, v) { while (cache.size >= 500) cache.delete(cache.keys().next().value); cache.set(k, v); }',
    // a set-up API exported the CommonJS way (`exports.registerX = registerX`), which nothing in its file calls
    { code: "const registered = [];\nfunction registerAdminService(def, handlers) { registered.push({ def, handlers }); }\nexports.registerAdminService = registerAdminService;" },
    // a memo whose lookup is assigned to an existing variable (`hit = cache[k]`), as long.js and bson cache small ints
    'var CACHE = {}; export function fromInt(v) { var hit; hit = CACHE[v]; if (hit) return hit; const o = make(v); CACHE[v] = o; return o; }',
    // growth capped by a loop's own test: `for (; c.length <= n;)` and `do … while (c.length < n)` pad it up to `n`
    'const mergers = [null, null]; export function merge(n) { for (; mergers.length <= n;) mergers.push(null); return mergers[n]; }',
    'const pads = []; export function pad(n) { do { pads.push(0); } while (pads.length < n); }',
    // a stack popped in a `do … while` until its mark: the body runs at least once, so each end balances a start
    'const stack = []; export function start(e) { stack.push(e); } export function end(e) { let top; do { top = stack.pop(); } while (top !== e); }',
    // growth capped at insert
    'const samples = []; const MAX_SAMPLES = 100; export function sample(x) { if (samples.length < MAX_SAMPLES) samples.push(x); }',
    // a balanced stack: push and pop in the same function
    'const stack = []; export function withContext(ctx, fn) { stack.push(ctx); try { return fn(); } finally { stack.pop(); } }',
    // exported, returned, handed to another module: the consumer may trim it
    'export const events = []; export function record(e) { events.push(e); }',
    'const items = []; export function add(x) { items.push(x); } export function getItems() { return items; }',
    "import { drain } from './sink'; const out = []; export function add(x) { out.push(x); } export function flush() { drain(out); }",
    // class fields that are evicted, reset, or only filled in the constructor
    'class Conn { pending = new Map(); send(id, cb) { this.pending.set(id, cb); } onReply(id) { this.pending.delete(id); } }',
    'class Table { rows = []; constructor(data) { for (const d of data) this.rows.push(d); } }',
    'class Buf { items = []; add(x) { this.items.push(x); } reset() { this.items = []; } }',
    // set-up APIs that nothing in the file calls: other modules' start-up code registers
    'const resolvers = {}; export function registerResolver(scheme, impl) { resolvers[scheme] = impl; }',
    'const services = []; export function registerAdminService(def, handlers) { services.push({ def, handlers }); }',
    'class Redis { scripts = new Map(); defineCommand(name, def) { this.scripts.set(name, { sha: hash(def.lua), lua: def.lua }); } }',
    'class App { stack = []; use(fn) { this.stack.push(fn); } close() {} }',
    // a public method of an instance made elsewhere that stores its caller's argument
    'export class Transport { listeners = []; addDisconnectListener(l) { this.listeners.push(l); } shutdown() { this.listeners.forEach((l) => l()); } }',
    'export class Wrapper { watchers = new Set(); addWatcher(w) { this.watchers.add(w); } destroy() { for (const w of this.watchers) w.destroy(); } }',
    'export class Conn { emitters = []; pipeTo(e) { this.emitters.push(e); } emit(t, x) { for (const e of this.emitters) e.emit(t, x); } close() {} }',
    // a static list the constructor fills, trimmed when an instance closes
    'export class Sock { static all = []; constructor() { Sock.all.push(this); } onClose() { const i = Sock.all.indexOf(this); if (i !== -1) Sock.all.splice(i, 1); } }',
    // a made object with a teardown whose request map is evicted on reply and on timeout
    "export function createRpc(t) {\n  const pending = new Map();\n  t.on('packet', (p) => { pending.get(p.id)?.(p); pending.delete(p.id); });\n  function request(id, cb) { pending.set(id, cb); setTimeout(() => pending.delete(id), 1000); }\n  return { request, dispose() { pending.clear(); } };\n}",
    // a timeout that evicts, cancelled by a reply handler that evicts too
    'export class Client { pending = {}; send(id, cb) { const timer = setTimeout(() => { delete this.pending[id]; }, 5000); this.pending[id] = { cb, timer }; } onReply(r) { const p = this.pending[r.id]; if (!p) return; clearTimeout(p.timer); delete this.pending[r.id]; p.cb(r); } close() {} }',
    // a delete by the key the entry was stored under
    'export class Jobs { tasks = new Map(); run(p, t) { this.tasks.set(p, t); } cancel(p) { const t = this.tasks.get(p); if (t) this.tasks.delete(p); } }',
    // metric labels with finite values: the route template, the method, a status
    "import { Histogram } from 'prom-client';\nconst h = new Histogram({ name: 'd', help: 'd', labelNames: ['method', 'route'] });\nexport function mw(req, res, next) { const end = h.startTimer(); res.on('finish', () => end({ method: req.method, route: req.route?.path ?? 'unmatched', status: String(res.statusCode) })); next(); }",
    "import { Counter } from 'prom-client';\nconst c = new Counter({ name: 'c', help: 'c', labelNames: ['path'] });\nexport function mw(req) { c.inc({ path: normalize(req) }); }",
    // a series removed when its subject goes away
    "import { Gauge } from 'prom-client';\nconst g = new Gauge({ name: 'g', help: 'g', labelNames: ['room'] });\nexport function join(req) { g.inc({ room: req.params.room }); }\nexport function close(room) { g.remove({ room }); }",
    // a local `Histogram` class is no library metric
    "class Histogram { observe() {} }\nconst h = new Histogram();\nexport function mw(req) { h.observe({ path: req.path }, 1); }",
    // a record's list grown per event, but the record dies with the call
    "export function watch(proc) { const rec = { logs: [] }; proc.on('data', (l) => rec.logs.push(l)); }",
    // a made object's handler list, filled by its `onConnect(fn)` for callers not in sight
    "export function bridge(impl) {\n  const connected = [];\n  impl.on('connection', (c) => { for (const fn of connected) fn(c); });\n  return { onConnect(fn) { connected.push(fn); }, close() {} };\n}",
    // a record handed to a recursive helper grows as the helper's argument
    'function walk(out, n) { for (const c of n.kids) { const node = { kind: c.kind, children: [] }; out.push(node); walk(node.children, c); } }',
    // a record's list grown by a method of the object the maker returns, not per event
    'export function createApi(o) { const opts = { tags: [...(o.tags || [])] }; return { enhance(add) { for (const t of add) if (!opts.tags.includes(t)) opts.tags.push(t); } }; }',
    // one entry per element of a literal list, in code not run per event
    "export class Srv { listeners = []; init() { const signals = ['SIGINT', 'SIGTERM']; for (const signal of signals) { const listener = () => this.stop(); this.listeners.push({ name: signal, listener }); process.on(signal, listener); } } stop() {} }",
    // a pattern registration: the key is a RegExp the program writes
    'export class Io { parents = new Map(); of(name, fn) { if (name instanceof RegExp) this.parents.set(name, fn); } close() {} }',
    // a record's list capped through a same-file helper
    "const MAX = 500;\nfunction append(logs, l) { logs.push(l); if (logs.length > MAX) logs.splice(0, logs.length - MAX); }\nexport class Host { servers = new Map(); start(name, proc) { const rec = { name, logs: [] }; proc.on('data', (l) => append(rec.logs, l)); this.servers.set(name, rec); } stop(n) { this.servers.delete(n); } }",
    // a refcount updated in place adds no key; the first write is a memo-like insert
    'const used = {}; export function acquire(p) { if (used[p] === undefined) used[p] = 1; else used[p] += 1; return () => { used[p] -= 1; }; }',
    'class Q { #q = []; put(x) { this.#q.push(x); } take() { return this.#q.shift(); } }',
    // an instance field of a short-lived object (a builder) goes with its instance
    'class ShaderBuilder { nodes = []; add(n) { this.nodes.push(n); } build() { return this.nodes.join(); } }',
    'class ValidationError extends Error { errors = {}; addError(path, e) { this.errors[path] = e; } }',
    // ...unless the instance is kept at module level
    // dictionaries written with literal keys are records, not maps
    "const config = {}; export function init() { config['mode'] = 'x'; }",
    // closures that do not outlive their maker
    'function count(xs) { const seen = {}; xs.forEach((x) => { seen[x] = true; }); return Object.keys(seen).length; }',
    // a helper's returned closure lives only as long as its caller keeps it
    'function entries(symbols) { const uniques = new Map(); return { has: (n) => uniques.has(n), add: (n) => uniques.set(n, true) }; }',
    // handed to a helper that removes from it
    'const projects = []; export function open(p) { projects.push(p); } export function close(p) { removeItem(projects, p); }',
    // memo caches: looked up, computed on a miss, stored — bounded by their key domain
    'const cache = new Map(); export function typeLength(t) { let n = cache.get(t); if (n === undefined) { n = compute(t); cache.set(t, n); } return n; }',
    'const byName = {}; export function lookup(name) { if (name in byName) return byName[name]; return (byName[name] = load(name)); }',
    // a memo whose variable is read first and written again on a miss stays a memo; a dedup set
    // or a per-key accumulator keyed by a constant is bounded by that key
    'const cache = new Map(); export function get(k) { let v = cache.get(k); if (!v) { v = build(k); cache.set(k, v); } return v; }',
    "const WARNED = 'deprecated'; const warned = new Set(); export function warn() { if (warned.has(WARNED)) return; warned.add(WARNED); console.warn(WARNED); }",
    "const hits = new Map(); export function hit() { const list = (hits.get('all') ?? []).filter(Boolean); list.push(Date.now()); hits.set('all', list); }",
    // warn-once sets: one notice per message, feature or code, a finite set
    "const emitted = new Set(); export function warnOnce(message) { if (!emitted.has(message)) { emitted.add(message); process.emitWarning(message); } }",
    "const marked = new Set(); export function markFeature(f) { if (marked.has(f)) return; marked.add(f); performance.mark('feature', { detail: f }); }",
    // an update under a test of the old entry adds no key; the miss path is a memo
    'const subs = new Map(); export function add(slot, xs) { const cur = subs.get(slot); if (!cur) subs.set(slot, xs); else subs.set(slot, cur.concat(xs)); }',
    "const gens = new Map(); export function bump(sid) { const g = gens.get(sid); if (g == null) throw new Error('missing'); else gens.set(sid, g + 1); }",
    // per-key state that is evicted when it empties
    'const windows = new Map(); export function hit(ip) { const ts = (windows.get(ip) ?? []).filter((t) => Date.now() - t < 1000); if (ts.length === 0) { windows.delete(ip); return; } windows.set(ip, ts); }',
    // a finite key type bounds the collection
    'class QueryObserver { #tracked = new Set<keyof Result>(); track(k: keyof Result) { this.#tracked.add(k); } destroy() {} }',
    "const flags = new Map<'a' | 'b', boolean>(); export function set(k: 'a' | 'b') { flags.set(k, true); }",
    // a dictionary entry released by assigning null
    'const timers = {}; export function arm(k) { timers[k] = setTimeout(() => fire(k), 10); } function fire(k) { timers[k] = null; }',
    // instance lifetime comes from how instances are made, not from the class name:
    // nothing in the file says these live long, whatever they are called
    'class Tally { seen = new Set(); mark(x) { this.seen.add(x); } }',
    'class TallyService { seen = new Set(); mark(x) { this.seen.add(x); } }',
    'class Client { sendLogs = []; send(m) { this.sendLogs.push(m); } }',
    // made per call and dropped with it
    'class SessionStore { seen = new Set(); mark(x) { this.seen.add(x); } dispose() {} }\nexport function handle(req) { const s = new SessionStore(); s.mark(req.id); }',
    // growth in a `.then` or a `.catch` at module level runs once, as a direct call there does
    'const log = []; load().then((r) => { log.push(r); });',
    'const log = []; load().catch((e) => { log.push(e); });',
    // growth in a `.then` or a `.catch` in the constructor runs once per instance
    'class Loader { items = []; constructor() { load().then((r) => { this.items.push(r); }); } dispose() {} }',
    'class Loader { items = []; constructor() { load().catch((e) => { this.items.push(e); }); } dispose() {} }',
    // a closure's maker that is neither exported nor kept: its returned object dies with the caller's call
    'function createIndex() { const seen = []; return { add: (x) => seen.push(x) }; }\nexport function count(xs) { const i = createIndex(); xs.forEach(i.add); return 1; }',
    // …and one whose callers are not in sight holds it as long as they keep it, like an instance made elsewhere
    'export function createTracker() { const seen = []; return { track(x) { seen.push(x); } }; }',
    // a listener on an object the same call made lives as long as that object
    "export async function scan(client) { const ops = []; const stream = client.scan(); stream.on('data', (k) => ops.push(k)); await done(stream); return 1; }",
    // caps are comparisons of the collection's size, or a bound named by whole words
    'const log = []; export function write(l) { if (log.length >= 100) return; log.push(l); }',
    'const log = []; export function write(l, n) { if (n < MAX_ENTRIES) log.push(l); }',
    // a literal key or a key from a literal list cannot outgrow its domain
    "const seen = new Map(); export function mark() { seen.set('ready', Date.now()); }",
    "const seen = new Map(); export function mark() { for (const k of ['a', 'b']) seen.set(k, Date.now()); }",
    // a same-file helper that is seen to trim the collection it is given
    'const projects = []; export function open(p) { projects.push(p); } export function close(p) { drop(projects, p); }\nfunction drop(xs, x) { xs.splice(xs.indexOf(x), 1); }',
    // the bound words are a registry list, extended through settings.leaks.names
    { code: 'const log = []; export function write(l, n) { if (n < budget) log.push(l); }', settings: { leaks: { names: { collectionBoundWords: ['budget'] } } } },
    // a record keyed by the instance's own other state mirrors it (a props descriptor's keys, the element's own attributes)
    'class Store { defs = {}; values = {}; load(src) { for (const k of Object.keys(this.defs)) this.values[k] = src[k]; } destroy() {} }',
    'class El extends HTMLElement { d = {}; connectedCallback() { for (const a of this.attributes) this.d[a.name] = a.value; } disconnectedCallback() {} }',
    // a same-file function of such a key maps a finite domain to a finite one
    'class El extends HTMLElement { d = {}; connectedCallback() { for (const a of this.attributes) { const name = this.propOf(a.name); this.d[name] = a.value; } } propOf(n) { return n.toLowerCase(); } disconnectedCallback() {} }',
    // `attributeChangedCallback` gets only the names `observedAttributes` lists, also through a rewrite of the parameter
    'class El extends HTMLElement { values = {}; attributeChangedCallback(name, _old, v) { name = this.propOf(name); this.values[name] = v; } propOf(n) { return n.toLowerCase(); } disconnectedCallback() {} }',
    // a function that ends the process runs once; the exits are a registry list, extended through settings.leaks.names
    'const seen = []; export function main(x) { seen.push(x); process.exit(0); }',
    { code: 'const seen = []; export function main(x) { seen.push(x); Bun.exit(0); }', settings: { leaks: { names: { processExits: ['Bun.exit'] } } } },
    // declared-key callbacks are a registry list, extended through settings.leaks.names
    { code: 'class W extends Widget { state = {}; optionChanged(key, v) { this.state[key] = v; } destroy() {} }', settings: { leaks: { names: { declaredKeyCallbacks: ['optionChanged'] } } } },
    // a map read back by a class (`x.constructor`) is keyed by classes: one entry per class, like decorator metadata
    'const meta = new Map();\nexport function decorate(target, key) { const s = meta.get(target) ?? new Set(); s.add(key); meta.set(target, s); }\nexport function keysOf(obj) { return meta.get(obj.constructor); }',
    'export class Links { static links = new Map(); static add(target, key) { const s = this.links.get(target) ?? new Set(); s.add(key); this.links.set(target, s); } static of(w) { return this.links.get(w.instance?.constructor ?? w.type); } }',
    // `??=` stores only on a miss: a memo by itself, skipped like one (keyed by property names here)
    'const descriptors = {};\nexport function descriptor(p) { return descriptors[p] ??= { enumerable: true, get() { return this.inner[p]; } }; }',
    // option: checkClassFields off
    { code: 'class C { log = []; write(l) { this.log.push(l); } }', options: [{ checkClassFields: false }] },
    // option: maxSizeHints
    { code: 'const hits = []; export function hit(x) { if (counter < quota) hits.push(x); }', options: [{ maxSizeHints: ['quota'] }] },
    // option: custom shrink method
    { code: 'const q = new Map(); export function put(k, v) { q.set(k, v); } export function trim() { q.evictOldest(); }', options: [{ shrinkMethods: ['evictOldest'] }] },
  ],
  invalid: [
    // the same API handed to a listener in its own file runs per event
    { code: "const registered = [];\nfunction registerAdminService(def) { registered.push(def); }\nexports.registerAdminService = registerAdminService;\nbus.on('add', registerAdminService);", errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // the same memo is reported when memo caches are checked
    { code: 'var CACHE = {};\nexport function fromInt(v) { var hit; hit = CACHE[v]; if (hit) return hit; const o = make(v); CACHE[v] = o; return o; }', options: [{ checkMemoCaches: true }], errors: [{ messageId: 'unbounded', line: 1, column: 5 }] },
    // a counted loop's test is no cap: each call still adds `n` entries
    { code: 'const log = [];\nexport function write(n, x) { for (let i = 0; i < n; i++) log.push(x); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // an anonymous class expression is named by the binding it is given
    { code: 'export const Store = class { items = []; add(x) { this.items.push(x); } close() {} };', errors: [{ messageId: 'unbounded', data: { name: 'items', lifetime: 'a field of each `Store`', sites: '`push` on line 1', where: ' in the class' } }] },
    // grown on every turn of the program's main loop, and never emptied
    { code: 'const log = [];\nwhile (true) {\n  log.push(await next());\n}', errors: [{ messageId: 'unbounded', line: 1, column: 7, data: { name: 'log', lifetime: 'module-level, alive for the process', sites: '`push` on line 3', where: ' in this module' } }] },
    // an exit the registry does not list ends nothing, unless the settings add it (valid above)
    { code: 'const seen = []; export function main(x) { seen.push(x); Bun.exit(0); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // story 5: the logger that appends every line
    {
      code: 'const lines: string[] = [];\nexport function log(line: string) { lines.push(line); }',
      errors: [{ messageId: 'unbounded', line: 1, column: 7, data: { name: 'lines', lifetime: 'module-level, alive for the process', sites: '`push` on line 2', where: ' in this module' } }],
    },
    // story 5: each client keeps every message it sent
    {
      code: 'class Client {\n  private readonly sendLogs: string[] = [];\n  send(msg: string) { this.write(msg); this.sendLogs.push(msg); }\n  write(m: string) {}\n  close() {}\n}',
      errors: [{ messageId: 'unbounded', line: 2, column: 20, data: { name: 'sendLogs', lifetime: 'a field of each `Client`', sites: '`push` on line 3', where: ' in the class' } }],
    },
    // seeded with entries, and nothing else in the file looks like a collection: the fast path still opens it
    { code: "const history = ['boot'];\nexport function note(line) { history.push(line); }", errors: [{ messageId: 'unbounded', line: 1, column: 7, data: { name: 'history', lifetime: 'module-level, alive for the process', sites: '`push` on line 2', where: ' in this module' } }] },
    { code: 'const registry: Array<[string, number]> = [["a", 1]];\nexport function register(n: string) { registry.push([n, 0]); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // maps and sets, dictionaries
    { code: 'const sessions = new Map();\nexport function login(id, s) { sessions.set(id, s); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: 'const seen = new Set();\nexport function mark(id) { seen.add(id); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: 'const byId = {};\nexport function remember(o) { byId[o.id] = o; }', errors: [{ messageId: 'unbounded', line: 1, column: 7, data: { name: 'byId', lifetime: 'module-level, alive for the process', sites: '`[key] =` on line 2', where: ' in this module' } }] },
    { code: 'const byId = Object.create(null);\nexport function remember(o) { byId[o.id] = o; }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: 'const a = new Array();\nexport function f(x) { a.unshift(x); a.splice(1, 0, x); a[a.length] = x; }', errors: [{ messageId: 'unbounded', data: { name: 'a', lifetime: 'module-level, alive for the process', sites: '`unshift` on line 2, `splice` on line 2, `[length] =` on line 2', where: ' in this module' } }] },
    // a dedup set is not a memo: it remembers every id it is shown
    { code: 'const seen = new Set();\nexport function onMessage(m) { if (seen.has(m.id)) return; seen.add(m.id); show(m); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: 'class Overlay {\n  seenIds = new Set();\n  enqueue(m) { if (this.seenIds.has(m.id)) return; this.seenIds.add(m.id); }\n  dispose() {}\n}', errors: [{ messageId: 'unbounded', line: 2, column: 3 }] },
    // per-key state read and written back on every call keeps every key (a rate limiter's clients)
    { code: 'const limits = new Map();\nexport function check(ip) { const ts = (limits.get(ip) ?? []).filter((t) => Date.now() - t < 1000); ts.push(Date.now()); limits.set(ip, ts); return ts.length < 10; }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: 'const counts = {};\nexport function count(path) { const n = counts[path] || 0; counts[path] = n + 1; }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: 'let history = [];\nexport function f(x) { history = [...history, x]; }', errors: [{ messageId: 'unbounded', line: 1, column: 5 }] },
    { code: 'let history = [];\nexport function f(x) { history = history.concat(x); }', errors: [{ messageId: 'unbounded', line: 1, column: 5 }] },
    // grown per request
    { code: "const hits = [];\napp.get('/x', (req, res) => { hits.push(req.url); res.end(); });", errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // a pop that is unrelated to size does not bound a push on every call
    { code: 'const undo = [];\nexport function edit(op) { undo.push(op); }\nexport function cancel(requested) { if (requested) undo.pop(); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // static fields, aliases, getters, constructor-assigned fields, private fields
    { code: 'class Registry {\n  static all = new Set();\n  track(x) { Registry.all.add(x); }\n}', errors: [{ messageId: 'unbounded', line: 2, column: 10, data: { name: 'all', lifetime: 'a static field of `Registry`, alive for the process', sites: '`add` on line 3', where: ' in the class' } }] },
    { code: 'class JobQueue {\n  queue = [];\n  put(x) { const q = this.queue; q.push(x); }\n}\nexport const jobs = new JobQueue();', errors: [{ messageId: 'unbounded', line: 2, column: 3 }] },
    { code: 'class ItemStore {\n  _items = [];\n  get items() { return this._items; }\n  add(x) { this.items.push(x); }\n  dispose() {}\n}', errors: [{ messageId: 'unbounded', line: 2, column: 3 }] },
    { code: 'class Audit {\n  constructor() { this.log = []; }\n  write(l) { this.log.push(l); }\n  close() {}\n}', errors: [{ messageId: 'unbounded', line: 2, column: 24 }] },
    { code: 'class Hub {\n  #events = new Map();\n  on(k, v) { this.#events.set(k, v); }\n}\nexport default new Hub();', errors: [{ messageId: 'unbounded', line: 2, column: 3, data: { name: '#events', lifetime: 'a field of each `Hub`', sites: '`set` on line 3', where: ' in the class' } }] },
    // an instance kept at module level lives for the process
    { code: 'class Tally {\n  seen = new Set();\n  mark(x) { this.seen.add(x); }\n}\nexport default new Tally();', errors: [{ messageId: 'unbounded', line: 2, column: 3 }] },
    // a variable captured by a long-lived closure
    {
      code: 'export function createTracker() {\n  const seen = [];\n  return { track(x) { seen.push(x); } };\n}\nexport const tracker = createTracker();',
      errors: [{ messageId: 'unbounded', line: 2, column: 9, data: { name: 'seen', lifetime: 'held by a long-lived closure of `createTracker()`', sites: '`push` on line 3', where: '' } }],
    },
    {
      code: "export function start(server) {\n  const log = [];\n  server.on('request', (req) => { log.push(req.url); });\n}",
      errors: [{ messageId: 'unbounded', line: 2, column: 9 }],
    },
    // the same class, made once at module level or kept for the process, is reported whatever its name
    { code: 'class Tally {\n  seen = new Set();\n  mark(x) { this.seen.add(x); }\n}\nexport const tally = new Tally();', errors: [{ messageId: 'unbounded', line: 2, column: 3 }] },
    { code: 'class TallyService {\n  seen = new Set();\n  mark(x) { this.seen.add(x); }\n}\nexport const tally = new TallyService();', errors: [{ messageId: 'unbounded', line: 2, column: 3 }] },
    { code: 'class Tally {\n  static instance;\n  seen = new Set();\n  static get() { return (Tally.instance ??= new Tally()); }\n  mark(x) { this.seen.add(x); }\n}', errors: [{ messageId: 'unbounded', line: 3, column: 3 }] },
    { code: 'class Tally {\n  seen = new Set();\n  mark(x) { this.seen.add(x); }\n}\nfunction main() { const t = new Tally(); t.mark(1); }\nmain();', errors: [{ messageId: 'unbounded', line: 2, column: 3 }] },
    // a class a dependency-injection container makes once (registered with a host)
    { code: "@Injectable({ providedIn: 'root' })\nclass Tally {\n  seen = new Set();\n  mark(x) { this.seen.add(x); }\n}", errors: [{ messageId: 'unbounded', line: 3, column: 3 }] },
    // a listener registered by the instance grows it per event: the source keeps the instance alive
    { code: "class Tally {\n  seen = [];\n  constructor(sock) { sock.on('data', (d) => { this.seen.push(d); }); }\n}", errors: [{ messageId: 'unbounded', line: 2, column: 3 }] },
    // a closure's maker kept at module level, whatever it is called
    { code: 'function tracker() {\n  const seen = [];\n  return { track(x) { seen.push(x); } };\n}\nexport const t = tracker();', errors: [{ messageId: 'unbounded', line: 2, column: 9 }] },
    // …and without that setting, `budget` is no bound word
    { code: 'const log = [];\nexport function write(l, n) { if (n < budget) log.push(l); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // `escapeAt` is no cap: a bound is a whole word
    { code: 'const log = [];\nexport function write(l, escapeAt) { if (escapeAt > 0) log.push(l); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // passed to a global that only reads it: no escape
    { code: 'const log = [];\nexport function write(l) { log.push(l); console.log(log); JSON.stringify(log); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // a same-file helper it is given only reads it
    { code: 'const log = [];\nexport function write(l) { log.push(l); show(log); }\nfunction show(xs) { return xs.length; }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // an eviction that runs once (at start-up, at shutdown) bounds nothing that grows per call
    { code: "const seen = new Map();\nexport function mark(k) { seen.set(k, 1); }\nprocess.on('SIGTERM', () => seen.clear());", errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // growth in `.then` and in `.catch` of a per-call promise alike
    { code: 'const log = [];\nexport function call(r) { return send(r).then((x) => { log.push(x); }); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: 'const log = [];\nexport function call(r) { return send(r).catch((x) => { log.push(x); }); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // …and so in a closure: the promise is made per request
    { code: "export function start(server) {\n  const log = [];\n  server.on('request', (req) => { send(req).then((r) => { log.push(r); }); });\n}", errors: [{ messageId: 'unbounded', line: 2, column: 9 }] },
    { code: "export function start(server) {\n  const log = [];\n  server.on('request', (req) => { send(req).catch((e) => { log.push(e); }); });\n}", errors: [{ messageId: 'unbounded', line: 2, column: 9 }] },
    // the options extend the vocabulary: built-in methods still count
    { code: 'const bag = new Map();\nexport function f(x) { bag.upsert(x); bag.set(x, 1); }', options: [{ growthMethods: ['upsert'] }], errors: [{ messageId: 'unbounded', data: { name: 'bag', lifetime: 'module-level, alive for the process', sites: '`upsert` on line 2, `set` on line 2', where: ' in this module' } }] },
    // options: checkMemoCaches, checkExported, growth methods
    { code: 'const cache = new Map();\nexport function f(k) { if (!cache.has(k)) cache.set(k, compute(k)); return cache.get(k); }', options: [{ checkMemoCaches: true }], errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: 'export const events = [];\nexport function record(e) { events.push(e); }', options: [{ checkExported: true }], errors: [{ messageId: 'unbounded', line: 1, column: 14 }] },
    // a set-up API called per mount in its own file grows per mount
    { code: "const mapped = {};\nfunction registerNode(name, node) { mapped[name] = node; }\nexport class Target extends React.Component { componentDidMount() { registerNode(this.props.name, this.node); } }", errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // a setter called with no lookup first stores every value it is given
    { code: 'const cache = {};\nfunction getParsed(t) { return cache[t]; }\nfunction setParsed(t, v) { cache[t] = v; }\nexport function parse(t) { const r = compute(t); setParsed(t, r); return getParsed(t); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: 'const cache = {};\nfunction getParsed(t) { return cache[t]; }\nfunction setParsed(t, v) { cache[t] = v; }\nexport function parse(t) { let r = getParsed(t); if (!r) { r = compute(t); setParsed(t, r); } return r; }', options: [{ checkMemoCaches: true }], errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // a set-up API reached per event is growth per event
    { code: "const nodes = [];\nfunction registerNode(n) { nodes.push(n); }\nfunction registerAll(n) { registerNode(n); }\nbus.on('node', registerAll);", errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: "const nodes = [];\nfunction registerNode(n) { nodes.push(n); }\nbus.on('node', (n) => registerNode(n));", errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // `useThing` is a hook run per render, not `use(fn)`
    { code: 'const seen = [];\nexport function useTracker(x) { seen.push(x); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // a process-lived instance that stores its caller's argument still leaks (the callers decide, and they run per navigation)
    { code: "@Injectable({ providedIn: 'root' })\nexport class Events { callbacks = [];\n listen(cb) { this.callbacks.push(cb); } }", errors: [{ messageId: 'unbounded', line: 2, column: 23 }] },
    // a static list pushed in the constructor: one entry per instance, for the process
    { code: 'export class Sock { static all = [];\n constructor() { Sock.all.push(this); } }', errors: [{ messageId: 'unbounded', line: 1, column: 28 }] },
    // a made object with a teardown method lives long: its request map is never evicted
    { code: "export function createRpc(t) {\n  const pending = new Map();\n  t.on('packet', (p) => { pending.get(p.id)?.(p); });\n  function request(id, cb) { pending.set(id, cb); }\n  return { request, dispose() {} };\n}", errors: [{ messageId: 'unbounded', line: 2, column: 9 }] },
    // the timeout evicts, but the reply path clears the timer and evicts nothing
    { code: 'export class Client { pending = {};\n send(id, cb) { const timer = setTimeout(() => { delete this.pending[id]; }, 5000); this.pending[id] = () => { clearTimeout(timer); cb(); }; }\n onReply(r) { this.pending[r.id]?.(); } close() {} }', errors: [{ messageId: 'unbounded', line: 1, column: 23 }] },
    // a delete by the value read from the map removes nothing; the scheduled delete is cancelled through that value
    { code: 'export class Dom { tasks = new Map();\n schedule(fn) { let task; const p = new Promise((r) => { task = sched(() => { this.tasks.delete(p); r(fn()); }); }); this.tasks.set(p, task); return p; }\n clear(p) { const task = this.tasks.get(p); sched.clear(task); this.tasks.delete(task); } }', errors: [{ messageId: 'unbounded', line: 1, column: 20 }] },
    // a metric labelled with request data keeps a series per distinct value
    { code: "import { Histogram } from 'prom-client';\nconst h = new Histogram({ name: 'd', help: 'd', labelNames: ['path'] });\nexport function mw(req, res, next) { const end = h.startTimer(); res.on('finish', () => end({ method: req.method, path: req.path })); next(); }", errors: [{ messageId: 'labels', line: 2, column: 7 }] },
    { code: "const client = require('prom-client');\nconst c = new client.Counter({ name: 'c', help: 'c', labelNames: ['user'] });\nexports.mw = (req) => { c.inc({ user: req.params.id }); };", errors: [{ messageId: 'labels', line: 2, column: 7 }] },
    // a record kept in a long-lived map: its list grows per event for as long as the record lives
    { code: "export class Host { servers = new Map();\n start(name, proc) { const rec = { name, logs: [] };\n proc.on('data', (l) => rec.logs.push(l)); this.servers.set(name, rec); return rec; }\n stop(n) { this.servers.delete(n); } }", errors: [{ messageId: 'unbounded', line: 2, column: 42 }] },
    // a loop over a literal list per event still grows per event
    { code: "const log = [];\nserver.on('request', () => { for (const k of ['a', 'b']) log.push({ k, at: Date.now() }); });", errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // `typeof fn === 'function'` is no pattern test
    { code: "export class Hub { handlers = new Map();\n add(name, fn) { if (typeof fn === 'function') this.handlers.set(name, { fn, at: Date.now() }); } close() {} }", errors: [{ messageId: 'unbounded', line: 1, column: 20 }] },
    // a list of the caller's data, not called back, is a log
    { code: 'export class Audit { entries = [];\n add(e) { this.entries.push(e); } print() { for (const e of this.entries) console.log(e); } close() {} }', errors: [{ messageId: 'unbounded', line: 1, column: 22 }] },
    // a value made by the method is not its caller's argument
    { code: 'export class Log { lines = [];\n write(l) { this.lines.push(`${Date.now()} ${l}`); } close() {} }', errors: [{ messageId: 'unbounded', line: 1, column: 20 }] },
    { code: 'const bag = new Map();\nexport function f(x) { bag.upsert(x); }', options: [{ growthMethods: ['upsert'] }], errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // the same `??=` per request keeps one entry per URL; with memo caches checked it is reported too
    { code: "const seen = {};\nserver.on('request', (req) => { seen[req.url] ??= { at: Date.now() }; });", errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: 'const descriptors = {};\nexport function descriptor(p) { return descriptors[p] ??= { enumerable: true }; }', options: [{ checkMemoCaches: true }], errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // the same map read back by data, or grown per event, is no class registry
    { code: 'const meta = new Map();\nexport function decorate(target, key) { const s = meta.get(target) ?? new Set(); s.add(key); meta.set(target, s); }\nexport function keysOf(obj) { return meta.get(obj.id); }', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    { code: "const meta = new Map();\nserver.on('request', (req) => { meta.set(req.url, Date.now()); });\nexport function keysOf(obj) { return meta.get(obj.constructor); }", errors: [{ messageId: 'unbounded', line: 1, column: 7 }] },
    // keys from another method's parameter, from request data enumerated, from a rewrite in a loop, from a function not in the file
    { code: 'class El extends HTMLElement { d = {}; onMessage(name, v) { this.d[name] = v; } disconnectedCallback() {} }', errors: [{ messageId: 'unbounded', line: 1, column: 32 }] },
    { code: 'class C { seen = {}; handle(req) { for (const k in req.query) this.seen[k] = true; } close() {} }', errors: [{ messageId: 'unbounded', line: 1, column: 11 }] },
    { code: 'class El extends HTMLElement { d = {}; attributeChangedCallback(name) { while (more()) { name = this.next(name); this.d[name] = 1; } } next(n) { return n + 1; } disconnectedCallback() {} }', errors: [{ messageId: 'unbounded', line: 1, column: 32 }] },
    { code: "import { norm } from './n';\nclass El extends HTMLElement { d = {}; connectedCallback() { for (const a of this.attributes) { const name = norm(a.name); this.d[name] = a.value; } } disconnectedCallback() {} }", errors: [{ messageId: 'unbounded', line: 2, column: 32 }] },
  ],
});

jsRuleTester.run('no-unbounded-collection (plain JS)', rule, {
  valid: ['const q = []; module.exports.add = (x) => q.push(x); module.exports.take = () => q.shift();'],
  invalid: [{ code: 'const log = [];\nmodule.exports.write = (l) => { log.push(l); };', errors: [{ messageId: 'unbounded', line: 1, column: 7 }] }],
});
