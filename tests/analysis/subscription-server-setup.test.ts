import rule from '../../rules/no-leaked-subscription';
import { debugTargetLifetime } from '../../src/analysis/lifetime/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

/*
 * Issue 19 (i19r): a server's connection listener (`serverSetupEvents`) added by a function
 * that is handed the server and that nothing in its file calls is that server's set-up, run
 * once per server by its caller (`applyWSSHandler({ wss, router })`). Same-file call sites
 * still decide; a module-level server, a listener added in a callback the function hands on
 * (per request) and any other event on a handed-in target are judged as before.
 */
const lifetime = (l: string) => ({ messageId: 'lifetime' as const, data: { lifetime: l } });

const cases = {
  valid: [
    // The server comes in through an options bag, as a plain parameter or destructured.
    "export function applyHandler(opts) { const serve = makeHandler(opts); opts.wss.on('connection', (client, req) => serve(client, req)); return { stop: () => {} }; }",
    "export function serveRouter(server, router) { server.on('connection', (socket) => handle(router, socket)); }",
    "export function serveRouter({ wss, router }) { wss.on('connection', (socket) => handle(router, socket)); }",
    // A pool's set-up of each connection it opens.
    "export function tunePool(pool) { pool.on('connection', (conn) => conn.query('SET time_zone = \"+00:00\"')); }",
  ],
  invalid: [
    // Not the server's set-up event: an `abort` on a handed-in signal keeps the call's state.
    {
      code: "export function serveOnce(opts) { const d = defer(); opts.signal.addEventListener('abort', () => d.reject()); return d.promise; }",
      errors: [{ messageId: 'inlineHandler' as const, line: 1 }],
    },
    // A module-level server, listened on per call of an exported function.
    {
      code: "const wss = new WebSocketServer({ port: 1 });\nexport function start() { wss.on('connection', (c) => serve(c)); }",
      errors: [{ messageId: 'inlineHandler' as const, line: 2 }],
    },
    // Added per request, in a callback the set-up function hands on.
    {
      code: "export function routes(app, io) { app.get('/', (req, res) => { io.on('connection', (s) => s.emit('hi', req.query)); res.end(); }); }",
      errors: [{ messageId: 'inlineHandler' as const, line: 1 }],
    },
    // The file calls it per request with the same server: its call sites decide.
    {
      code: "const wss = new WebSocketServer({ port: 1 });\nfunction serve(server, req) { server.on('connection', (c) => c.send(req.url)); }\nexport const onRequest = (req) => serve(wss, req);",
      errors: [{ messageId: 'inlineHandler' as const, line: 2 }],
    },
  ],
};
ruleTester.run('no-leaked-subscription: a server set up by its caller (TS parser)', rule, cases);
jsRuleTester.run('no-leaked-subscription: a server set up by its caller (espree)', rule, cases);

const answers = {
  valid: ['const x = 1;'],
  invalid: [
    { code: "export function serveRouter(server) { server.on('connection', (socket) => handle(socket)); }", errors: [lifetime('self')] },
    { code: "export function serveRouter(server) { server.on('message', (m) => handle(m)); }", errors: [lifetime('long')] },
  ],
};
ruleTester.run('server set-up target lifetime (TS parser)', debugTargetLifetime, answers);
jsRuleTester.run('server set-up target lifetime (espree)', debugTargetLifetime, answers);

/*
 * Issue 19 (i19r): `src.pipe(dest)` keeps its listeners on `dest` until `src` ends. A stream the
 * call makes, writes to and never ends, piped into a longer-lived destination, is one more
 * source on it per call (`frame.encode().pipe(leaderSocket)` per message).
 */
const pipes = {
  valid: [
    // The source is ended, unpiped, returned or kept; or it ends by itself (a file, a child's output).
    "let sock = null;\nexport function send(m) { const enc = frame.encode(); enc.pipe(sock); enc.write(m); enc.end(); }",
    "let sock = null;\nexport function send(m) { const enc = frame.encode(); enc.pipe(sock); enc.end(m); }",
    "let sock = null;\nexport function send(m) { const enc = frame.encode(); enc.pipe(sock); enc.write(m); setTimeout(() => enc.unpipe(sock), 10); }",
    "let sock = null;\nexport function open() { const enc = frame.encode(); enc.pipe(sock); enc.write('hello'); return enc; }",
    "let sock = null;\nlet current = null;\nexport function open() { const enc = frame.encode(); enc.pipe(sock); enc.write('hello'); current = enc; }",
    "export function dump(file) { const rs = fs.createReadStream(file); rs.pipe(process.stdout); }",
    "export function run(cmd) { const child = spawn(cmd); child.stdout.pipe(process.stdout); }",
    // The destination is the call's own, or the source lives longer than the call.
    "http.createServer((req, res) => { const enc = frame.encode(); enc.pipe(res); enc.write(req.url); });",
    "const enc = frame.encode();\nlet sock = null;\nexport function attach(s) { sock = s; enc.pipe(sock); enc.write('hi'); }",
    // Module start-up: once per process.
    "const enc = frame.encode();\nenc.pipe(process.stdout);\nenc.write('ready');",
    // rxjs pipes are no streams.
    "const s = new Subject();\nexport function f() { const o = of(1); o.pipe(map((x) => x)); }",
  ],
  invalid: [
    {
      code: "let sock = null;\nexport function send(m) { const enc = frame.encode(); enc.pipe(sock); enc.write(m); }",
      errors: [{ messageId: 'perCall' as const, line: 2 }],
    },
    {
      code: "export function log(line) { const t = new PassThrough(); t.pipe(process.stdout); t.write(line); }",
      errors: [{ messageId: 'perCall' as const, line: 1 }],
    },
    {
      code: "export class Link { constructor(sock) { this.sock = sock; } send(m) { const enc = frame.encode(); enc.pipe(this.sock); enc.write(m); } }",
      errors: [{ messageId: 'perCall' as const, line: 1 }],
    },
  ],
};
ruleTester.run('no-leaked-subscription: a fed source that never ends, piped (TS parser)', rule, pipes);
jsRuleTester.run('no-leaked-subscription: a fed source that never ends, piped (espree)', rule, pipes);

/*
 * Issue 19 (i19r): a constructor that hangs the handler it was given on the target it was given
 * holds nothing of the instance there: the listener is its caller's function on its caller's
 * object (`this.#client.on('Runtime.exceptionThrown', exceptionThrown)`). What the instance
 * adds itself, or adds to an object it did not get from its caller, is still its own.
 */
const worker = (ctor: string, extra = '') =>
  `export class Worker {
  #client;
  ${extra}
  constructor(client, onException) { ${ctor} }
  async close() { await this.#client.send('Target.close'); }
}`;
const wiring = {
  valid: [
    worker("this.#client = client; this.#client.on('Runtime.exceptionThrown', onException);"),
    worker("this.#client = client; client.on('Runtime.exceptionThrown', onException);"),
    "export class Worker { constructor(private client: Emitter, onException: (e: unknown) => void) { this.client.on('exception', onException); } close() {} }",
  ],
  invalid: [
    // The instance's own handler, a bound one, or one that closes over the instance.
    { code: worker("this.#client = client; this.#client.on('Runtime.exceptionThrown', (e) => this.fail(e));", 'fail(e) {}'), errors: [{ messageId: 'notDisposed' as const, line: 4 }] },
    { code: worker("this.#client = client; this.#client.on('Runtime.exceptionThrown', this.fail);", 'fail(e) {}'), errors: [{ messageId: 'notDisposed' as const, line: 4 }] },
    { code: worker("this.#client = client; this.#client.on('Runtime.exceptionThrown', onException.bind(this));"), errors: [{ messageId: 'notDisposed' as const, line: 4 }] },
    // The caller's handler on a target the class did not get from that caller.
    { code: worker("this.#client = client; process.on('exit', onException);"), errors: [{ messageId: 'notDisposed' as const, line: 4 }] },
    { code: `import { shared } from './bus';\n${worker("this.#client = client; shared.on('Runtime.exceptionThrown', onException);")}`, errors: [{ messageId: 'notDisposed' as const, line: 5 }] },
    // Wired later, per call of a method: one more per call.
    {
      code: "export class Worker { constructor(client) { this.client = client; } watch(onException) { this.client.on('exception', onException); } close() {} }",
      errors: [{ messageId: 'notDisposed' as const, line: 1 }],
    },
  ],
};
ruleTester.run('no-leaked-subscription: a constructor wiring its caller\'s handler to its caller\'s target (TS parser)', rule, wiring);
jsRuleTester.run('no-leaked-subscription: a constructor wiring its caller\'s handler to its caller\'s target (espree)', rule, { valid: wiring.valid.slice(0, 2), invalid: wiring.invalid });
