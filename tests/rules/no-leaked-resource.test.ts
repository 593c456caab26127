import rule from '../../rules/no-leaked-resource';
import { jsRuleTester, ruleTester } from '../rule-tester';

ruleTester.run('no-leaked-resource', rule, {
  valid: [
    // the callback API of `fs` hands the descriptor to its callback, named or inline: the call returns nothing to release
    "import fs from 'node:fs';\nexport function a(path, cb) { fs.open(path, 'r', cb); }\nexport function b(path) { fs.open(path, 'r', onOpen); }\nfunction onOpen(err, fd) { use(fd); }",
    // Node documents that a \`for await\` over a readline interface left by \`break\`, \`throw\` or \`return\` calls \`rl.close()\`
    // (this was an invalid case before issue 18, which names it a valid one)
    "import readline from 'node:readline';\nasync function first(input) {\n  const rl = readline.createInterface({ input });\n  for await (const line of rl) return line;\n}",
    // \`for await\` over a readline interface runs it to the end, and \`break\` closes it
    "import readline from 'node:readline';\nimport fs from 'node:fs';\nexport async function count(p) { const rl = readline.createInterface({ input: fs.createReadStream(p) }); let n = 0; for await (const line of rl) { if (!line) break; n++; } return n; }",
    // a stream handed to the response (Fastify \`reply.send\`, Express-style \`res.send\`)
    "import fs from 'node:fs';\nexport async function file(req, reply) { const stream = fs.createReadStream(req.params.name); return reply.send(stream); }",
    "import fs from 'node:fs';\nexport function file(req, res) { const stream = fs.createReadStream(req.params.name); res.send(stream); }",
    // a flowing read stream closes itself at its end; a readline interface whose close (input end) is awaited
    "import fs from 'node:fs';\nexport function tail(p, cb) { let out = ''; const s = fs.createReadStream(p, { start: 10 }); s.on('data', (d) => { out += d; }); s.on('end', () => cb(out)); }",
    "import readline from 'node:readline';\nexport function attach(cb) { const rl = readline.createInterface({ input: process.stdin }); rl.on('close', () => cb()); }",
    // \`this.worker = w = new Worker()\`: the field holds it too
    "import { Worker } from 'node:worker_threads';\nclass Child { async init(file) { let w; this.worker = w = new Worker(file); w.on('exit', () => this.exited()); } kill() { return this.worker.terminate(); } }",
    // an acquire/release wrapper pair on the same lock collection: the callers pair them
    'const locks = {};\nexport const api = { async acquireBrokerLock(b) { await locks[b.id].acquire(); }, releaseBrokerLock(b) { locks[b.id].release(); } };',
    // a promise chain that releases on both outcomes: in a second \`.then\` argument, a \`.catch\` through an outer copy, \`.finally\`
    'function q(pool, sql) { return pool.connect().then((cli) => cli.query(sql).then((r) => { cli.release(); return r; }, (e) => { cli.release(); throw e; })); }',
    'function q(pool, sql) { let held; return pool.connect().then((cli) => { held = cli; return cli.query(sql).then((r) => { held = undefined; cli.release(); return r; }); }).catch((e) => { held?.release(); throw e; }); }',
    'function q(pool, sql) { return pool.connect().then((cli) => cli.query(sql).finally(() => cli.release())); }',
    // an error-first callback that releases on every settle; a connection that fails holds nothing
    "import mysql from 'mysql';\nconst pool = mysql.createPool({});\nexport function q(sql) { return new Promise((resolve, reject) => { pool.getConnection((err, con) => { if (err) return reject(err); con.query(sql, (e, rows) => { con.release(); if (e) return reject(e); resolve(rows); }); }); }); }",
    // every settle of the connect promise releases the socket or hands it over
    "import net from 'node:net';\nexport function open(port, ms) { return new Promise((resolve, reject) => { const socket = net.connect({ port }); const t = setTimeout(() => { socket.destroy(); reject(new Error('timeout')); }, ms); socket.once('connect', () => { clearTimeout(t); resolve(socket); }); socket.once('error', (e) => { clearTimeout(t); socket.destroy(); reject(e); }); }); }",
    // \`fs.open(p, flags, cb)\`: the callback gets the descriptor (and closes it)
    "import fs from 'node:fs';\nexport function touch(p, cb) { fs.open(p, 'w', (err, fd) => { if (err) return cb(err); fs.close(fd, cb); }); }",
    // a page of a browser acquired here closes with it; the browser closed in \`finally\`
    "import puppeteer from 'puppeteer';\nexport async function shot(url) { const browser = await puppeteer.launch(); try { const page = await browser.newPage(); await page.goto(url); return await page.screenshot(); } finally { await browser.close(); } }",
    // a page returned after setup that closes it (through a same-file helper) when setup throws
    'class R { async createPage(url) { const page = await this.browser.newPage(); try { await page.goto(url); return page; } catch (e) { await this.closePage(page); throw e; } } async closePage(p) { await p.close(); } }',
    'class R { async createPage() { const page = await this.browser.newPage(); return page; } }',
    // a temporary directory removed in \`finally\`; one never removed is not confirmed as held
    "import { mkdtemp, rm } from 'node:fs/promises';\nexport async function withDir(task) { const dir = await mkdtemp('/tmp/x-'); try { return await task(dir); } finally { await rm(dir, { recursive: true, force: true }); } }",
    "import { mkdtemp } from 'node:fs/promises';\nexport async function scratch() { const dir = await mkdtemp('/tmp/x-'); await write(dir); }",
    // a child process that runs to completion by itself; one stopped through a helper in \`finally\`
    "import { spawn } from 'node:child_process';\nexport function run(args) { const child = spawn('git', args, { stdio: 'inherit' }); child.on('exit', done); }",
    "import { spawn } from 'node:child_process';\nfunction start(out) { return spawn('ffmpeg', [out]); }\nfunction stop(p) { p.kill('SIGINT'); }\nexport async function record(page, out) { const rec = start(out); try { await page.goto(out); } finally { stop(rec); } }",
    // an iterator closed in \`finally\`; one iterated to its end with no release in sight
    'export async function* take(source, n) { const it = source[Symbol.asyncIterator](); try { for (let i = 0; i < n; i++) { const r = await it.next(); if (r.done) return; yield r.value; } } finally { await it.return?.(); } }',
    'export function first(source) { const it = source[Symbol.iterator](); return it.next().value; }',
    // `getConnection()` on a receiver known only by its name, never released anywhere: a getter of a shared
    // connection (a client's own fixed pool with no check-in), not a check-out
    'class Broker { constructor({ connectionPool }) { this.connectionPool = connectionPool; } async connect() { const connection = await this.connectionPool.getConnection(); await connection.authenticate(); } async disconnect() { await this.connectionPool.destroy(); } }',
    'async function schema(db) { const conn = await db.getConnection(); return conn.query("select 1"); }',
    // node-postgres' documented transaction: `ROLLBACK` awaited in `catch`, `release()` in `finally`
    "import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function move(a, b) {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('UPDATE a SET n = n - 1 WHERE id = $1', [a]);\n    await client.query('COMMIT');\n  } catch (e) {\n    await client.query('ROLLBACK');\n    throw e;\n  } finally {\n    client.release();\n  }\n}",
    // node-postgres' callback-style transaction: every error path rolls back, and the client goes back only in the end's callback
    "import pg from 'pg';\nconst pool = new pg.Pool();\nexport function insert(text: string, cb: (e?: Error) => void) {\n  pool.connect((err, client, done) => {\n    if (err) return cb(err);\n    const shouldAbort = (e: Error | null) => {\n      if (e) client.query('ROLLBACK', () => { done(); cb(e); });\n      return !!e;\n    };\n    client.query('BEGIN', (e) => {\n      if (shouldAbort(e)) return;\n      client.query('INSERT INTO t(x) VALUES($1)', [text], (e2) => {\n        if (shouldAbort(e2)) return;\n        client.query('COMMIT', (e3) => { done(); cb(e3 ?? undefined); });\n      });\n    });\n  });\n}",
    // look-alikes: a plain `SELECT`; a transaction whose client is never handed back (the caller's to judge); a client destroyed
    // with its error (`release(err)`); a batch that commits what it begins; a `ROLLBACK` before the hand-back
    "import pg from 'pg';\nconst pool = new pg.Pool();\nexport function one(cb: (e: Error | null, r?: unknown) => void) {\n  pool.connect((err, client, release) => {\n    if (err) return cb(err);\n    client.query('SELECT 1', (e, r) => { release(); cb(e, r); });\n  });\n}\nexport function never(cb: (e?: Error) => void) {\n  pool.connect((err, client, release) => {\n    if (err) return cb(err);\n    client.query('BEGIN', (e) => { cb(e ?? undefined); });\n  });\n}\nexport function destroyed(cb: (e?: Error) => void) {\n  pool.connect((err, client, release) => {\n    if (err) return cb(err);\n    client.query('BEGIN', (e) => {\n      if (e) { release(e); return cb(e); }\n      client.query('UPDATE t SET n = 1', (e2) => {\n        if (e2) { release(e2); return cb(e2); }\n        client.query('COMMIT', (e3) => { release(); cb(e3 ?? undefined); });\n      });\n    });\n  });\n}\nexport async function batch() {\n  const client = await pool.connect();\n  try { await client.query('BEGIN; UPDATE t SET n = 1; COMMIT'); } finally { client.release(); }\n}\nexport function rolled(cb: (e?: Error) => void) {\n  pool.connect((err, client, release) => {\n    if (err) return cb(err);\n    client.query('BEGIN', (e) => {\n      if (e) { release(); return cb(e); }\n      client.query('UPDATE t SET n = 1', (e2) => {\n        if (e2) { client.query('ROLLBACK'); release(); return cb(e2); }\n        client.query('COMMIT', (e3) => { release(); cb(e3 ?? undefined); });\n      });\n    });\n  });\n}",
    // an await in the releasing `finally`, before the release
    'async function* rows(pool) { const client = await pool.connect(); const cursor = client.query(q); try { while (true) { const r = await cursor.read(10); if (r.length === 0) return; yield* r; } } finally { await cursor.close(); client.release(); } }',
    // a generator that yields inside try/finally: a consumer's `return()` runs the finally
    'async function* events(pool) { const client = await pool.connect(); try { for (const r of await client.query("q")) yield r; } finally { client.release(); } }',
    // handles kept in a local list and released by iterating it in `finally`
    "import { Worker } from 'node:worker_threads';\nasync function all(jobs) { const workers = []; try { for (const j of jobs) { const w = new Worker(j); workers.push(w); } await Promise.all(jobs); } finally { await Promise.all(workers.map((x) => x.terminate())); } }",
    "import { Worker } from 'node:worker_threads';\nasync function all(jobs) { const workers = []; try { for (const j of jobs) { const w = new Worker(j); workers.push(w); } await run(workers); } finally { for (const x of workers) x.terminate(); } }",
    // released in finally
    'async function f(pool) { const client = await pool.connect(); try { return await client.query("q"); } finally { client.release(); } }',
    "import { open } from 'node:fs/promises';\nasync function read(p) { const fh = await open(p); try { return await fh.readFile(); } finally { await fh.close(); } }",
    // using / await using
    'async function f(pool) { await using client = await pool.connect(); return client.query("q"); }',
    // helpers that wrap the pattern
    'async function f(pool) { return pool.query("select 1"); }',
    'async function f(db) { return withClient(db, async (c) => c.query("q")); }',
    // ownership transferred: returned, stored in a field, handed to pipeline
    'async function checkout(pool) { const client = await pool.connect(); return client; }',
    'class Repo { async init(pool) { this.client = await pool.connect(); } async close() { this.client.release(); } }',
    "import { createReadStream } from 'node:fs';\nimport { pipeline } from 'node:stream/promises';\nasync function send(p, res) { const s = createReadStream(p); await pipeline(s, res); }",
    "import fs from 'node:fs';\nfunction serve(p, res) { const s = fs.createReadStream(p); s.pipe(res); }",
    // released on every path, written out
    'async function f(pool, id) { const c = await pool.connect(); if (!id) { c.release(); return null; } const r = c.query("q"); c.release(); return r; }',
    // released inside a callback that runs later
    "import readline from 'node:readline';\nfunction lines(input, cb) { const rl = readline.createInterface({ input }); rl.on('line', cb); input.on('end', () => rl.close()); }",
    // object URLs revoked, workers terminated, transactions committed or rolled back
    'function preview(blob) { const url = URL.createObjectURL(blob); img.src = url; img.onload = () => URL.revokeObjectURL(url); }',
    'function f(blob) { const url = URL.createObjectURL(blob); download(url); URL.revokeObjectURL(url); }',
    "import { Worker } from 'node:worker_threads';\nasync function run(data) { const w = new Worker('./job.js'); try { return await once(w, 'message'); } finally { await w.terminate(); } }",
    'async function move(db) { const tx = await db.transaction(); try { await tx.run(); await tx.commit(); } catch (e) { await tx.rollback(); throw e; } }',
    // a mutex released through the function it returned
    'async function critical(mutex) { const release = await mutex.acquire(); try { await work(); } finally { release(); } }',
    // a release guarded by a test of the handle itself
    "import fs from 'node:fs';\nfunction write(p, d) { let fd; try { fd = fs.openSync(p, 'w'); fs.writeSync(fd, d); } finally { if (fd !== undefined) fs.closeSync(fd); } }",
    // callback-style APIs hold and release for you
    'function read(sem) { sem.lock(async () => { await next(); }); }',
    // module initialisation runs once
    'const client = await pool.connect();',
    // sync work between acquire and release cannot throw past it (no await)
    'function f(blob) { const url = URL.createObjectURL(blob); a.href = url; a.click(); URL.revokeObjectURL(url); }',
    // a name that merely contains a receiver word is no database (`item` holds `em`): no release calls, no provenance, no transaction
    'async function f(item) { const t = await item.transaction(); await t.run(); }',
    'async function f(item) { await item.transaction(); }',
    // a lock released through the receiver that handed it out
    'class B { async connect() { await this.lock.acquire(); try { await this.open(); } finally { await this.lock.release(); } } }',
    // a local copy that is returned takes the handle with it
    "import tls from 'node:tls';\nasync function f(o) { let socket; const s = tls.connect(o); socket = s; try { await ready(socket); return socket; } catch (e) { socket.destroy(); throw e; } }",
    // a same-file helper that releases what it is given
    'function done(c) { c.release(); }\nasync function f(pool) { const c = await pool.connect(); try { return await c.query("q"); } finally { done(c); } }',
    // look-alikes
    'async function f(socket) { await socket.connect(); }',
    'async function f() { await mongoose.connect(uri); }',
  ],
  invalid: [
    // the promise API's handle, thrown away
    { code: "import fs from 'node:fs';\nexport async function d(path) { await fs.promises.open(path, 'r'); }", errors: [{ messageId: 'discarded', line: 2 }] },
    // descriptors handed to a child's stdio are used, not taken over: the parent's copies stay open
    { code: "import fs from 'node:fs';\nimport { spawn } from 'node:child_process';\nexport function run(p) { const out = fs.openSync(p, 'a'); spawn('x', [], { stdio: ['ignore', out, out] }); }", errors: [{ messageId: 'notReleased', line: 3, suggestions: [{ messageId: 'releaseInFinally', output: "import fs from 'node:fs';\nimport { spawn } from 'node:child_process';\nexport function run(p) { const out = fs.openSync(p, 'a'); try {\n                           spawn('x', [], { stdio: ['ignore', out, out] });\n                         } finally {\n                           fs.closeSync(out);\n                         } }" }] }] },
    // a callback-style transaction whose error path hands the client back without `ROLLBACK` (reported at the statement)
    { code: "import pg from 'pg';\nconst pool = new pg.Pool();\nexport function save(cb: (e?: Error) => void) {\n  pool.connect((err, client, release) => {\n    if (err) return cb(err);\n    client.query('BEGIN', (e) => {\n      if (e) { release(); return cb(e); }\n      client.query('UPDATE t SET n = 1', (e2) => {\n        if (e2) { release(); return cb(e2); }\n        client.query('COMMIT', (e3) => { release(); cb(e3 ?? undefined); });\n      });\n    });\n  });\n}", errors: [{ messageId: 'openTransaction', line: 6, column: 18, data: { handle: 'client', begin: "'BEGIN'", release: 'release()', line: 9 } }] },
    // a callback-style error path that settles the caller's callback with neither `ROLLBACK` nor release
    { code: "import pg from 'pg';\nconst pool = new pg.Pool();\nexport function save(cb: (e?: Error) => void) {\n  pool.connect((err, client, release) => {\n    if (err) return cb(err);\n    client.query('BEGIN', (e) => {\n      if (e) { release(); return cb(e); }\n      client.query('UPDATE t SET n = 1', (e2) => {\n        if (e2) return cb(e2);\n        client.query('COMMIT', (e3) => { release(); cb(e3 ?? undefined); });\n      });\n    });\n  });\n}", errors: [{ messageId: 'openTransactionOnSettle', line: 6, column: 18, data: { handle: 'client', begin: "'BEGIN'", release: 'cb()', line: 9 } }] },
    // awaited: a `catch` that releases without `ROLLBACK`
    { code: "import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function move() {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('UPDATE t SET n = 1');\n    await client.query('COMMIT');\n    client.release();\n  } catch (e) {\n    client.release();\n    throw e;\n  }\n}", errors: [{ messageId: 'openTransaction', line: 6, column: 24, data: { handle: 'client', begin: "'BEGIN'", release: 'client.release()', line: 11 } }] },
    // a pool whose clients go back by another method (settings.leaks.names.poolReturnMethods): the open transaction goes
    // back with it; `checkin()` is still no release of the pooled client itself
    { code: "export async function move(pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('COMMIT');\n    client.release();\n  } catch (e) {\n    client.checkin();\n    throw e;\n  }\n}", settings: { leaks: { names: { poolReturnMethods: ['checkin'] } } }, errors: [{ messageId: 'notReleased', line: 2, column: 9 }, { messageId: 'openTransaction', line: 4, column: 24, data: { handle: 'client', begin: "'BEGIN'", release: 'client.checkin()', line: 8 } }] },
    // a client never released is reported once, as a pooled client, not again for its transaction
    { code: "async function f(pool) {\n  const client = await pool.connect();\n  await client.query('BEGIN');\n  await client.query('UPDATE t SET n = 1');\n}", errors: [{ messageId: 'notReleased', line: 2, suggestions: [{ messageId: 'releaseInFinally', output: "async function f(pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('UPDATE t SET n = 1');\n  } finally {\n    client.release();\n  }\n}" }] }] },
    // a write stream is not closed by listening to it
    {
      code: "import fs from 'node:fs';\nexport function log(p, lines) { const s = fs.createWriteStream(p); s.on('data', () => {}); for (const l of lines) s.write(l); }",
      errors: [{ messageId: 'notReleased' }],
    },
    // released only when the query succeeds
    {
      code: 'function q(pool, sql) {\n  return pool.connect().then((cli) =>\n    cli.query(sql).then((r) => { cli.release(); return r; }),\n  ).catch(() => []);\n}',
      errors: [{ messageId: 'notReleased', line: 2, data: { using: '', handle: 'cli', what: 'pooled client', acquire: 'pool.connect()', path: 'if `cli.query()` rejects (line 3)', release: 'cli.release()' } }],
    },
    // a query error settles without releasing the connection the callback was given
    {
      code: "import mysql from 'mysql';\nconst pool = mysql.createPool({});\nexport function q(sql) {\n  return new Promise((resolve, reject) => {\n    pool.getConnection((err, con) => {\n      if (err) return reject(err);\n      con.query(sql, (e, rows) => {\n        if (e) return reject(e);\n        resolve(rows);\n        con.release();\n      });\n    });\n  });\n}",
      errors: [{ messageId: 'notReleasedOnSettle', line: 5, data: { handle: 'con', what: 'pooled connection', acquire: 'pool.getConnection()', path: 'on the path that settles through `reject()` on line 8', release: 'con.release()' } }],
    },
    // the timeout settles the connect promise without destroying the socket
    {
      code: "import net from 'node:net';\nexport function open(port, ms) {\n  return new Promise((resolve, reject) => {\n    const socket = net.connect({ port });\n    const t = setTimeout(() => reject(new Error('timeout')), ms);\n    socket.once('connect', () => { clearTimeout(t); resolve(socket); });\n    socket.once('error', (e) => { clearTimeout(t); socket.destroy(); reject(e); });\n  });\n}",
      errors: [{ messageId: 'notReleasedOnSettle', line: 4, data: { handle: 'socket', what: 'socket', acquire: 'net.connect()', path: 'on the path that settles through `reject()` on line 5', release: 'socket.end()' } }],
    },
    // a browser closed at the end of the nominal path only
    {
      code: "import puppeteer from 'puppeteer';\nexport async function shot(url) {\n  const browser = await puppeteer.launch();\n  const page = await browser.newPage();\n  await page.goto(url);\n  await browser.close();\n}",
      errors: [{ messageId: 'notReleased', line: 3, data: { using: '', handle: 'browser', what: 'browser', acquire: 'puppeteer.launch()', path: 'if `browser.newPage()` throws (line 4)', release: 'await browser.close()' }, suggestions: [{ messageId: 'releaseInFinally', output: "import puppeteer from 'puppeteer';\nexport async function shot(url) {\n  const browser = await puppeteer.launch();\n  try {\n    const page = await browser.newPage();\n    await page.goto(url);\n  } finally {\n    await browser.close();\n  }\n}" }] }],
    },
    // returned to the caller only on the paths that reach the \`return\`
    {
      code: 'class R {\n  async createPage(url) {\n    const page = await this.browser.newPage();\n    await page.goto(url);\n    return page;\n  }\n}',
      errors: [{ messageId: 'notReleased', line: 3, data: { using: '', handle: 'page', what: 'browser page', acquire: 'this.browser.newPage()', path: 'if `page.goto()` throws (line 4)', release: 'await page.close()' } }],
    },
    // a temporary directory removed only after the task succeeds
    {
      code: "import { mkdtemp, rm } from 'node:fs/promises';\nexport async function withDir(task) {\n  const dir = await mkdtemp('/tmp/x-');\n  const r = await task(dir);\n  await rm(dir, { recursive: true });\n  return r;\n}",
      errors: [{ messageId: 'notReleased', line: 3, data: { using: '', handle: 'dir', what: 'temporary directory', acquire: 'mkdtemp()', path: 'if `task()` throws (line 4)', release: 'await rm(dir, { recursive: true, force: true })' }, suggestions: [{ messageId: 'releaseInFinally', output: "import { mkdtemp, rm } from 'node:fs/promises';\nexport async function withDir(task) {\n  const dir = await mkdtemp('/tmp/x-');\n  try {\n    const r = await task(dir);\n    return r;\n  } finally {\n    await rm(dir, { recursive: true, force: true });\n  }\n}" }] }],
    },
    // a child process made by a same-file helper and stopped by another, after awaits that can throw
    {
      code: "import { spawn } from 'node:child_process';\nfunction start(out) { return spawn('ffmpeg', [out]); }\nfunction stop(p) { p.kill('SIGINT'); }\nexport async function record(page, out) {\n  const rec = start(out);\n  await page.goto(out);\n  stop(rec);\n}",
      errors: [{ messageId: 'notReleased', line: 5, data: { using: '', handle: 'rec', what: 'child process', acquire: 'start()', path: 'if `page.goto()` throws (line 6)', release: 'rec.kill()' } }],
    },
    // an iterator closed in \`catch\` only: a consumer that stops at \`yield\` never closes it
    {
      code: 'export async function* wrap(source) {\n  const it = source[Symbol.asyncIterator]();\n  try {\n    while (true) { const r = await it.next(); if (r.done) return; yield r.value; }\n  } catch (e) {\n    await it.return?.();\n    throw e;\n  }\n}',
      errors: [{ messageId: 'notReleased', line: 2, data: { using: '', handle: 'it', what: 'iterator', acquire: 'source[Symbol.asyncIterator]()', path: 'when the consumer stops at the `yield` on line 4 (only `finally` runs then)', release: 'await it.return?.()' } }],
    },
    // a generator left at `yield` runs only `finally`: a release in `catch` does not cover it
    {
      code: 'async function* events(pool) {\n  const client = await pool.connect();\n  try {\n    for (const r of await client.query("q")) yield r;\n    client.release();\n  } catch (e) {\n    client.release();\n    throw e;\n  }\n}',
      errors: [{ messageId: 'notReleased', data: { using: '', handle: 'client', what: 'pooled client', acquire: 'pool.connect()', path: 'when the consumer stops at the `yield` on line 4 (only `finally` runs then)', release: 'client.release()' } }],
    },
    // a list released only on the success path
    {
      code: "import { Worker } from 'node:worker_threads';\nasync function all(jobs) {\n  const workers = [];\n  for (const j of jobs) { const w = new Worker(j); workers.push(w); }\n  await run(workers);\n  for (const x of workers) x.terminate();\n}",
      errors: [{ messageId: 'notReleased' }],
    },
    // story 4: released only on the happy path
    {
      code: `async function exportReport(pool) {
  const client = await pool.connect();
  const rows = await client.query(SQL);
  if (rows.rowCount === 0) return null;
  client.release();
  return rows;
}`,
      errors: [
        {
          messageId: 'notReleased',
          line: 2,
          column: 9,
          data: { using: '', handle: 'client', what: 'pooled client', acquire: 'pool.connect()', path: 'on the early `return` on line 4', release: 'client.release()' },
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `async function exportReport(pool) {
  const client = await pool.connect();
  try {
    const rows = await client.query(SQL);
    if (rows.rowCount === 0) return null;
    return rows;
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    // a rejecting await skips the release
    {
      code: 'async function f(pool) {\n  const c = await pool.connect();\n  await c.query("q");\n  c.release();\n}',
      errors: [{ messageId: 'notReleased', line: 2, column: 9, data: { using: '', handle: 'c', what: 'pooled client', acquire: 'pool.connect()', path: 'if `c.query()` throws (line 3)', release: 'c.release()' }, suggestions: [{ messageId: 'releaseInFinally', output: 'async function f(pool) {\n  const c = await pool.connect();\n  try {\n    await c.query("q");\n  } finally {\n    c.release();\n  }\n}' }] }],
    },
    // a throw skips it
    {
      code: 'async function f(pool, ok) {\n  const c = await pool.getConnection();\n  if (!ok) throw new Error("no");\n  c.release();\n}',
      errors: [{ messageId: 'notReleased', line: 2, column: 9, data: { using: '', handle: 'c', what: 'pooled connection', acquire: 'pool.getConnection()', path: 'on the `throw` on line 3', release: 'c.release()' }, suggestions: [{ messageId: 'releaseInFinally', output: 'async function f(pool, ok) {\n  const c = await pool.getConnection();\n  try {\n    if (!ok) throw new Error("no");\n  } finally {\n    c.release();\n  }\n}' }] }],
    },
    // never released at all
    {
      code: "import { open } from 'node:fs/promises';\nasync function head(p) {\n  const fh = await open(p);\n  const { bytesRead } = await fh.read(Buffer.alloc(10), 0, 10, 0);\n  return bytesRead;\n}",
      errors: [{ messageId: 'notReleased', line: 3, column: 9, data: { using: ' or hold it with `await using`', handle: 'fh', what: 'file handle', acquire: 'open()', path: 'at all', release: 'await fh.close()' }, suggestions: [{ messageId: 'releaseInFinally', output: "import { open } from 'node:fs/promises';\nasync function head(p) {\n  const fh = await open(p);\n  try {\n    const { bytesRead } = await fh.read(Buffer.alloc(10), 0, 10, 0);\n    return bytesRead;\n  } finally {\n    await fh.close();\n  }\n}" }] }],
    },
    {
      code: "import fs from 'node:fs';\nfunction f(p) {\n  const fd = fs.openSync(p, 'r');\n  return fs.readSync(fd, buf);\n}",
      errors: [{ messageId: 'notReleased', line: 3, column: 9, data: { using: '', handle: 'fd', what: 'file descriptor', acquire: 'fs.openSync()', path: 'at all', release: 'fs.closeSync(fd)' }, suggestions: [{ messageId: 'releaseInFinally', output: "import fs from 'node:fs';\nfunction f(p) {\n  const fd = fs.openSync(p, 'r');\n  try {\n    return fs.readSync(fd, buf);\n  } finally {\n    fs.closeSync(fd);\n  }\n}" }] }],
    },
    // object URLs: no suggestion (the URL is still in use after the block)
    { code: 'function preview(blob) { const url = URL.createObjectURL(blob); img.src = url; }', errors: [{ messageId: 'notReleased', line: 1, column: 32, data: { using: '', handle: 'url', what: 'object URL', acquire: 'URL.createObjectURL()', path: 'at all', release: 'URL.revokeObjectURL(url)' } }] },
    {
      code: "import { Worker } from 'node:worker_threads';\nasync function run(d) {\n  const w = new Worker('./job.js');\n  return await once(w, 'message');\n}",
      errors: [{ messageId: 'notReleased', line: 3, column: 9, suggestions: [{ messageId: 'releaseInFinally', output: "import { Worker } from 'node:worker_threads';\nasync function run(d) {\n  const w = new Worker('./job.js');\n  try {\n    return await once(w, 'message');\n  } finally {\n    await w.terminate();\n  }\n}" }] }],
    },
    { code: "import net from 'node:net';\nasync function ping(port) { const s = net.connect(port); await once(s, 'connect'); s.write('x'); }", errors: [{ messageId: 'notReleased', line: 2, column: 35, data: { using: ' or hold it with `await using`', handle: 's', what: 'socket', acquire: 'net.connect()', path: 'at all', release: 's.end()' } }] },
    // transactions: committed only on the happy path, no suggestion (finally is not where a commit goes)
    { code: 'async function f(db) { const tx = await db.transaction(); await tx.run(); await tx.commit(); }', errors: [{ messageId: 'notReleased', line: 1, column: 30, data: { using: '', handle: 'tx', what: 'transaction', acquire: 'db.transaction()', path: 'if `tx.run()` throws (line 1)', release: 'await tx.rollback()' } }] },
    {
      code: 'async function f(mutex) {\n  const release = await mutex.acquire();\n  await work();\n  release();\n}',
      errors: [{ messageId: 'notReleased', line: 2, column: 9, data: { using: '', handle: 'release', what: 'lock', acquire: 'mutex.acquire()', path: 'if `work()` throws (line 3)', release: 'release()' }, suggestions: [{ messageId: 'releaseInFinally', output: 'async function f(mutex) {\n  const release = await mutex.acquire();\n  try {\n    await work();\n  } finally {\n    release();\n  }\n}' }] }],
    },
    // by name alone, but released on one path: it is a check-out, and the throw skips the release
    {
      code: 'async function f(db, ok) {\n  const c = await db.getConnection();\n  if (!ok) throw new Error("no");\n  c.release();\n}',
      errors: [{ messageId: 'notReleased', line: 2, column: 9, data: { using: '', handle: 'c', what: 'pooled connection', acquire: 'db.getConnection()', path: 'on the `throw` on line 3', release: 'c.release()' }, suggestions: [{ messageId: 'releaseInFinally', output: 'async function f(db, ok) {\n  const c = await db.getConnection();\n  try {\n    if (!ok) throw new Error("no");\n  } finally {\n    c.release();\n  }\n}' }] }],
    },
    // proven by provenance, a check-out never released is reported without any release in sight
    {
      code: "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({});\nexport async function q(sql) {\n  const c = await pool.getConnection();\n  return c.query(sql);\n}",
      errors: [{ messageId: 'notReleased', line: 4, data: { using: '', handle: 'c', what: 'pooled connection', acquire: 'pool.getConnection()', path: 'at all', release: 'c.release()' }, suggestions: [{ messageId: 'releaseInFinally', output: "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({});\nexport async function q(sql) {\n  const c = await pool.getConnection();\n  try {\n    return c.query(sql);\n  } finally {\n    c.release();\n  }\n}" }] }],
    },
    // acquired and discarded outright
    { code: 'async function warm(pool) { await pool.connect(); }', errors: [{ messageId: 'discarded', line: 1, column: 35, data: { what: 'pooled client', acquire: 'pool.connect()' } }] },
    // loops: break and continue skip the release
    {
      code: 'async function f(pool, ids) {\n  for (const id of ids) {\n    const c = await pool.connect();\n    if (!id) continue;\n    c.release();\n  }\n}',
      errors: [{ messageId: 'notReleased', line: 3, column: 11, data: { using: '', handle: 'c', what: 'pooled client', acquire: 'pool.connect()', path: 'on the `continue` on line 4', release: 'c.release()' }, suggestions: [{ messageId: 'releaseInFinally', output: 'async function f(pool, ids) {\n  for (const id of ids) {\n    const c = await pool.connect();\n    try {\n      if (!id) continue;\n    } finally {\n      c.release();\n    }\n  }\n}' }] }],
    },
    {
      code: 'async function f(pool, ids) {\n  for (const id of ids) {\n    const c = await pool.connect();\n    if (!id) break;\n    c.release();\n  }\n}',
      errors: [{ messageId: 'notReleased', line: 3, column: 11, data: { using: '', handle: 'c', what: 'pooled client', acquire: 'pool.connect()', path: 'on the `break` on line 4', release: 'c.release()' }, suggestions: [{ messageId: 'releaseInFinally', output: 'async function f(pool, ids) {\n  for (const id of ids) {\n    const c = await pool.connect();\n    try {\n      if (!id) break;\n    } finally {\n      c.release();\n    }\n  }\n}' }] }],
    },
    // nested try: the inner finally does not cover the outer await (and no suggestion: the release is not a statement of the block)
    {
      code: 'async function f(pool) {\n  const c = await pool.connect();\n  await c.query("a");\n  try { await c.query("b"); } finally { c.release(); }\n}',
      errors: [{ messageId: 'notReleased', line: 2, column: 9, data: { using: '', handle: 'c', what: 'pooled client', acquire: 'pool.connect()', path: 'if `c.query()` throws (line 3)', release: 'c.release()' } }],
    },
    // a lock released through its receiver, but only after an await that can throw
    {
      code: 'async function f() {\n  await this.lock.acquire();\n  await work();\n  this.lock.release();\n}',
      errors: [{ messageId: 'notReleased', line: 2, column: 9, data: { using: '', handle: 'this.lock', what: 'lock', acquire: 'this.lock.acquire()', path: 'if `work()` throws (line 3)', release: 'this.lock.release()' } }],
    },
    // a transaction on an unproven receiver counts once its own release calls show it is one
    { code: 'async function f(item) { const t = await item.transaction(); await t.run(); await t.commit(); }', errors: [{ messageId: 'notReleased', line: 1, column: 32 }] },
    // a transaction on a receiver made by a database module, even named `store`
    { code: "import knex from 'knex';\nconst store = knex({});\nasync function f() { const t = await store.transaction(); await t.run(); }", errors: [{ messageId: 'notReleased', line: 3, column: 28 }] },
    // custom pairs
    { code: 'async function f(pool) { const h = await pool.checkout(); await h.run(); h.checkin(); }', options: [{ pairs: [{ acquire: 'checkout', release: 'checkin' }] }], errors: [{ messageId: 'notReleased', line: 1, column: 32 }] },
  ],
});

jsRuleTester.run('no-leaked-resource (plain JS)', rule, {
  valid: ['async function f(pool) { const c = await pool.connect(); try { await c.query("q"); } finally { c.release(); } }'],
  invalid: [
    {
      code: 'async function f(pool) {\n  const c = await pool.connect();\n  await c.query("q");\n}',
      errors: [{ messageId: 'notReleased', line: 2, column: 9, suggestions: [{ messageId: 'releaseInFinally', output: 'async function f(pool) {\n  const c = await pool.connect();\n  try {\n    await c.query("q");\n  } finally {\n    c.release();\n  }\n}' }] }],
    },
  ],
});
