import rule from '../../rules/no-per-request-cache';
import { jsRuleTester, ruleTester } from '../rule-tester';

ruleTester.run('no-per-request-cache', rule, {
  valid: [
    // built once at module scope
    "import { LRUCache } from 'lru-cache';\nconst cache = new LRUCache({ max: 100 });\napp.get('/x', (req, res) => res.json(cache.get(req.query.id)));",
    "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();",
    // in a function called once at startup
    "import { Pool } from 'pg';\nfunction main() { const pool = new Pool(); app.get('/x', async (req, res) => res.json(await pool.query('select 1'))); }\nmain();",
    // lazy singletons
    "import { Pool } from 'pg';\nlet pool;\napp.get('/x', async (req, res) => { pool ??= new Pool(); res.json(await pool.query('q')); });",
    "import { Pool } from 'pg';\nlet client;\napp.get('/x', async (req, res) => { if (!client) client = new Pool(); res.end(); });",
    "import { PrismaClient } from '@prisma/client';\nconst globalForPrisma = globalThis;\nexport const prisma = globalForPrisma.prisma ?? new PrismaClient();",
    "import { PrismaClient } from '@prisma/client';\nexport async function GET() { globalThis.prisma ??= new PrismaClient(); return Response.json(await globalThis.prisma.user.findMany()); }",
    // cheap per-request objects
    "app.get('/x', (req, res) => { const u = new URL(req.url, 'http://x'); const d = new Date(); const m = new Map(); const ac = new AbortController(); const te = new TextEncoder(); res.end(); });",
    // per-key caches kept in a module-level registry: no-unbounded-collection's question
    "import { LRUCache } from 'lru-cache';\nconst tenants = new Map();\napp.get('/t/:id', (req, res) => { let c = tenants.get(req.params.id); if (!c) { c = new LRUCache({ max: 10 }); tenants.set(req.params.id, c); } res.end(); });",
    "import { LRUCache } from 'lru-cache';\nconst tenants = new Map();\napp.get('/t/:id', (req, res) => { tenants.set(req.params.id, new LRUCache({ max: 10 })); res.end(); });",
    // built and closed within the request
    "import { Client } from 'pg';\napp.get('/x', async (req, res) => { const c = new Client(); await c.connect(); try { res.json(await c.query('q')); } finally { await c.end(); } });",
    "import { Worker } from 'node:worker_threads';\napp.post('/render', (req, res) => { const w = new Worker('./render.js'); w.once('message', (m) => { res.json(m); w.terminate(); }); });",
    // a local class that happens to be named like a cache
    "class LRUCache { constructor(o) {} }\napp.get('/x', (req, res) => { const c = new LRUCache({ max: 1 }); res.end(); });",
    // a static field is built once per class
    "import { Pool } from 'pg';\nclass Repo { static pool = new Pool(); }\nexport const handler = async () => new Repo();",
    // Nest providers are singletons
    "import { PrismaClient } from '@prisma/client';\n@Injectable() class Db { client = new PrismaClient(); }",
    // test files and ignored files
    { code: "import { Pool } from 'pg';\nit('works', async () => { const pool = new Pool(); await pool.query('q'); });", filename: 'src/db.test.ts' },
    { code: "import { Pool } from 'pg';\napp.get('/x', () => { new Pool(); });", filename: 'scripts/seed.ts', options: [{ ignore: ['scripts/**'] }] },
    // a function that only module start-up calls runs once
    "import { Pool } from 'pg';\nasync function main() { const pool = new Pool(); await serve(pool); }\nmain();",
    "import { Pool } from 'pg';\nfunction setup() { const pool = new Pool(); listen(pool); }\nfunction main() { setup(); }\nif (require.main === module) main();",
    // a callback handed to an unknown callee is left undecided
    "import { Pool } from 'pg';\nprogram.action(async () => { const pool = new Pool(); await run(pool); });",
    // kept on a long-lived instance through a chained assignment, or through a fluent call
    "import { Worker } from 'node:worker_threads';\nclass Child { async init() { let parent; this.worker = parent = new Worker(file); parent.on('exit', () => {}); } }",
    "import mongoose from 'mongoose';\nlet connecting = null;\nexport async function connect() { connecting ??= mongoose.createConnection(url).asPromise(); return connecting; }",
    // per-user caches that server-side rendering builds per request by design
    "import { ApolloClient, InMemoryCache } from '@apollo/client';\nexport const getServerSideProps = async () => { const client = new ApolloClient({ cache: new InMemoryCache() }); return { props: await client.query(q) }; };",
    // a module-level loop builds a pool per configured database, once
    "import { Pool } from 'pg';\nconst pools = {};\nfor (const db of dbs) pools[db.name] = new Pool(db);",
    // React: once per mount through a hook's initialiser, or at module scope
    { code: "import { QueryClient, QueryClientProvider } from '@tanstack/react-query';\nimport { useState } from 'react';\nexport function Providers({ children }) { const [qc] = useState(() => new QueryClient()); return <QueryClientProvider client={qc}>{children}</QueryClientProvider>; }", filename: 'providers.tsx' },
    { code: "import { QueryClient, QueryClientProvider } from '@tanstack/react-query';\nconst qc = new QueryClient();\nexport function Providers({ children }) { return <QueryClientProvider client={qc}>{children}</QueryClientProvider>; }", filename: 'providers.tsx' },
    { code: "import { QueryClient } from '@tanstack/react-query';\nimport { useMemo } from 'react';\nexport function useClient() { return useMemo(() => new QueryClient(), []); }", filename: 'use-client.tsx' },
    // a QueryClient built per call outside a render body: server rendering does it per request on purpose
    "import { QueryClient } from '@tanstack/react-query';\nexport async function prefetch(id) { const qc = new QueryClient(); await qc.prefetchQuery({ queryKey: [id] }); return qc; }",
    // Nest singletons (the default scope) and other scopes
    "import { Injectable } from '@nestjs/common';\nimport { Sequelize } from 'sequelize-typescript';\n@Injectable() export class Db { constructor() { this.sequelize = new Sequelize({}); } }",
    "import { Injectable, Scope } from '@nestjs/common';\nimport { Sequelize } from 'sequelize-typescript';\n@Injectable({ scope: Scope.DEFAULT }) export class Db { constructor() { this.sequelize = new Sequelize({}); } }",
    // Ajv: a module-constant schema compiles once (Ajv keys its cache by the schema object), a lookup first, a memo
    "import Ajv from 'ajv';\nconst ajv = new Ajv();\nconst SCHEMA = { type: 'object' };\nexport function check(data) { return ajv.compile(SCHEMA)(data); }",
    "import Ajv from 'ajv';\nexport class V { constructor() { this.ajv = new Ajv(); } get(schema) { return this.ajv.getSchema(schema.$id) ?? this.ajv.compile(schema); } }",
    "import Ajv from 'ajv';\nconst ajv = new Ajv();\nconst memo = new WeakMap();\nexport function get(schema) { let v = memo.get(schema); if (!v) { v = ajv.compile(schema); memo.set(schema, v); } return v; }",
    // a compile on something that is not an Ajv instance
    "export function get(compiler, schema) { return compiler.compile(schema); }",
    // a template compiled in the factory and used by the closure it returns
    "import template from 'lodash/template';\nexport function accessLog(fmt) { const line = template(fmt); return (req, res, next) => { console.log(line(req)); next(); }; }",
    "import Handlebars from 'handlebars';\nconst tile = Handlebars.compile(source);\nexport const Renderer = { render(model) { return tile(model); } };",
    // gRPC clients kept on the instance or made once
    "import * as grpc from '@grpc/grpc-js';\nconst proto = grpc.loadPackageDefinition(def);\nexport class S { connect() { this.client ??= new proto.trace.Ingest(url, creds); return this.client.record(); } }",
    "import * as grpc from '@grpc/grpc-js';\nconst proto = grpc.loadPackageDefinition(def);\nconst client = new proto.trace.Ingest(url, creds);\nexport function send(x) { return client.record(x); }",
    // a factory: exported with no caller here, or called once at module level
    "import { Pool } from 'pg';\nexport function createPool(url) { return new Pool({ connectionString: url }); }",
    "import { Pool } from 'pg';\nfunction makePool() { return new Pool(); }\nconst pool = makePool();\nexport async function q(sql) { return pool.query(sql); }",
    // a factory whose per-call caller keeps the value in a module variable
    "import { Pool } from 'pg';\nlet pool;\nfunction makePool() { return new Pool(); }\nexport function getPool() { return (pool ??= makePool()); }",
    // the Apollo context hands every request the module-level pool
    "import { ApolloServer } from 'apollo-server-express';\nimport mariadb from 'mariadb';\nconst pool = mariadb.createPool({});\nexport const server = new ApolloServer({ context: async () => ({ sql: pool }) });",
    // a callback of an unknown callee that keeps what it builds in a module variable
    "import { Pool } from 'pg';\nlet pool;\nexport function init() { onReady(() => { pool = new Pool(); }); }",
    // a method of an option bag is left to the call that receives it
    "import { Pool } from 'pg';\nregister({ start() { const pool = new Pool(); serve(pool); } });",
    // winston's container: a stable id builds once and is looked up after; a lookup without options builds nothing new
    "import winston from 'winston';\nexport function getLogger(category) { if (!winston.loggers.has(category)) winston.loggers.add(category, { transports: [] }); return winston.loggers.get(category); }",
    "import winston from 'winston';\nexport function getLogger(category) { return winston.loggers.get(category, { transports: [] }); }",
    "import { loggers } from 'winston';\nexport function getLogger() { return loggers.get(`api-${process.pid}`, { transports: [] }); }",
    // DataLoader is request-scoped by design
    "import DataLoader from 'dataloader';\nexport function createContext() { return { users: new DataLoader(batch) }; }",
  ],
  invalid: [
    // story 3: a cache per request
    {
      code: "import { LRUCache } from 'lru-cache';\napp.get('/room/:id', async (req, res) => {\n  const cache = new LRUCache({ max: 10_000 });\n  res.json(await loadRoom(req.params.id, cache));\n});",
      errors: [{ messageId: 'perRequest', line: 3, column: 21, data: { a: 'a', what: 'new LRUCache()', kind: 'cache', where: "this `app.get('/room/:id')` handler", per: 'request', linger: ' that starts empty', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }],
    },
    // import aliasing, namespace imports, require, default imports
    { code: "import { LRUCache as Cache } from 'lru-cache';\nrouter.post('/x', (req, res) => { const c = new Cache({ max: 1 }); res.end(); });", errors: [{ messageId: 'perRequest', line: 2, column: 49 }] },
    { code: "import * as pg from 'pg';\napp.get('/x', async (req, res) => { const pool = new pg.Pool(); res.json(await pool.query('q')); });", errors: [{ messageId: 'perRequest', line: 2, column: 54, data: { a: 'a', what: 'new pg.Pool()', kind: 'database client', where: "this `app.get('/x')` handler", per: 'request', linger: ' whose connection pool and sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "const { Pool } = require('pg');\napp.get('/x', async (req, res) => { const pool = new Pool(); res.end(); });", errors: [{ messageId: 'perRequest', line: 2, column: 54 }] },
    { code: "import Redis from 'ioredis';\nexport const handler = async (event) => { const redis = new Redis(); return redis.get(event.key); };", errors: [{ messageId: 'perRequest', line: 2, column: 61, data: { a: 'a', what: 'new Redis()', kind: 'Redis client', where: 'the exported `handler` handler', per: 'request', linger: ' whose sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    // each resource family
    { code: "import { PrismaClient } from '@prisma/client';\nexport async function GET() { const prisma = new PrismaClient(); return Response.json(await prisma.user.findMany()); }", filename: 'app/api/users/route.ts', errors: [{ messageId: 'perRequest', line: 2, column: 50, data: { a: 'a', what: 'new PrismaClient()', kind: 'database client', where: 'the `GET` route handler', per: 'request', linger: ' whose connection pool and sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import mysql from 'mysql2/promise';\nexport default async function handler(req, res) { const pool = mysql.createPool({}); res.json(await pool.query('q')); }", filename: 'pages/api/items.ts', errors: [{ messageId: 'perRequest', line: 2, column: 64 }] },
    { code: "import { MongoClient } from 'mongodb';\nhttp.createServer(async (req, res) => { const client = new MongoClient(url); res.end(); });", errors: [{ messageId: 'perRequest', line: 2, column: 60 }] },
    { code: "import mongoose from 'mongoose';\nio.on('connection', (socket) => { const conn = mongoose.createConnection(url); });", errors: [{ messageId: 'perRequest', line: 2, column: 48, data: { a: 'a', what: 'mongoose.createConnection()', kind: 'database client', where: "this `on('connection')` handler", per: 'message', linger: ' whose connection pool and sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import { Sequelize } from 'sequelize';\nfastify.route({ method: 'GET', url: '/x', handler: async () => { const db = new Sequelize(url); return db.query('q'); } });", errors: [{ messageId: 'perRequest', line: 2, column: 81 }] },
    { code: "import knex from 'knex';\napp.get('/x', async (req, res) => { const db = knex({ client: 'pg' }); res.json(await db('t')); });", errors: [{ messageId: 'perRequest', line: 2, column: 48 }] },
    { code: "import { createClient } from 'redis';\nwss.on('connection', (ws) => { ws.on('message', async () => { const r = createClient(); await r.connect(); }); });", errors: [{ messageId: 'perRequest', line: 2, column: 73 }] },
    { code: "import https from 'node:https';\napp.get('/x', async (req, res) => { const agent = new https.Agent({ keepAlive: true }); res.end(); });", errors: [{ messageId: 'perRequest', line: 2, column: 55, data: { a: 'an', what: 'new https.Agent()', kind: 'HTTP agent', where: "this `app.get('/x')` handler", per: 'request', linger: ' whose sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import axios from 'axios';\napp.get('/x', async (req, res) => { const api = axios.create({ baseURL: u }); res.json((await api.get('/y')).data); });", errors: [{ messageId: 'perRequest', line: 2, column: 49 }] },
    { code: "import { Worker } from 'node:worker_threads';\napp.post('/x', (req, res) => { const w = new Worker('./job.js'); w.on('message', (m) => res.json(m)); });", errors: [{ messageId: 'perRequest', line: 2, column: 46, data: { a: 'a', what: 'new Worker()', kind: 'worker thread', where: "this `app.post('/x')` handler", per: 'request', linger: ' and its thread', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => { const s3 = new S3Client({}); };", errors: [{ messageId: 'perRequest', line: 2, column: 53, data: { a: 'an', what: 'new S3Client()', kind: 'SDK client', where: 'the exported `handler` handler', per: 'request', linger: ' whose sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import memoize from 'lodash/memoize';\napp.get('/x', (req, res) => { const price = memoize(compute); res.json(price(req.query.id)); });", errors: [{ messageId: 'perRequest', line: 2, column: 45, data: { a: 'a', what: 'memoize()', kind: 'memoizer', where: "this `app.get('/x')` handler", per: 'request', linger: ' that starts empty', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import nodemailer from 'nodemailer';\napp.post('/mail', async (req, res) => { const t = nodemailer.createTransport({ pool: true }); await t.sendMail(req.body); res.end(); });", errors: [{ messageId: 'perRequest', line: 2, column: 51, data: { a: 'a', what: 'nodemailer.createTransport()', kind: 'mail transport', where: "this `app.post('/mail')` handler", per: 'request', linger: ' whose sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import winston from 'winston';\nexport function log(msg) { const logger = winston.createLogger({ transports: [] }); logger.info(msg); }", errors: [{ messageId: 'perRequest', line: 2, column: 43, data: { a: 'a', what: 'winston.createLogger()', kind: 'logger', where: '`log()`, which runs on every call', per: 'call', linger: ' whose transports (files, sockets) linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import Ajv from 'ajv';\nexport function validate(schema, data) { const ajv = new Ajv(); return ajv.validate(schema, data); }", errors: [{ messageId: 'perRequest', line: 2, column: 58, data: { a: 'a', what: 'new Ajv()', kind: 'schema compiler', where: '`validate()`, which runs on every call', per: 'call', linger: ' that compiles every schema again', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    // NestJS controller methods, tRPC procedures, queue processors
    { code: "import { LRUCache } from 'lru-cache';\n@Controller() class C { @Get(':id') find() { const cache = new LRUCache({ max: 1 }); } }", errors: [{ messageId: 'perRequest', line: 2, column: 64, data: { a: 'a', what: 'new LRUCache()', kind: 'cache', where: 'this `@Get()` method', per: 'request', linger: ' that starts empty', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import { PrismaClient } from '@prisma/client';\nexport const router = t.router({ list: publicProcedure.query(async () => { const db = new PrismaClient(); return db.item.findMany(); }) });", errors: [{ messageId: 'perRequest', line: 2, column: 91 }] },
    { code: "import { Pool } from 'pg';\nnew Worker('emails', async (job) => { const pool = new Pool(); await pool.query('q'); });", errors: [{ messageId: 'perRequest', line: 2, column: 56, data: { a: 'a', what: 'new Pool()', kind: 'database client', where: 'this queue worker', per: 'job', linger: ' whose connection pool and sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    // loop bodies inside functions
    { code: "import { Pool } from 'pg';\nexport async function migrate(dbs) { for (const db of dbs) { const pool = new Pool(db); await pool.query('q'); } }", errors: [{ messageId: 'perRequest', line: 2, column: 79, data: { a: 'a', what: 'new Pool()', kind: 'database client', where: 'this `for…of` loop', per: 'loop turn', linger: ' whose connection pool and sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    // every call of a function nobody proves runs once: exported, a method, module.exports
    { code: "import { Pool } from 'pg';\nexport async function query(sql) { const pool = new Pool(); return (await pool.query(sql)).rows; }", errors: [{ messageId: 'perRequest', line: 2, column: 53, data: { a: 'a', what: 'new Pool()', kind: 'database client', where: '`query()`, which runs on every call', per: 'call', linger: ' whose connection pool and sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import nodeCache from 'node-cache';\nclass Repo { find(id) { const c = new nodeCache(); return c.get(id); } }", errors: [{ messageId: 'perRequest', line: 2, column: 39 }] },
    // a helper called from a handler
    { code: "import { Pool } from 'pg';\nfunction db() { return new Pool(); }\napp.get('/x', async (req, res) => { res.json(await db().query('q')); });", errors: [{ messageId: 'perRequest', line: 2, column: 28 }] },
    // a lazy `require` inside the handler still names the resource
    { code: "app.get('/x', async (req, res) => {\n  const Redis = require('ioredis');\n  const r = new Redis();\n  res.json(await r.get('k'));\n});", errors: [{ messageId: 'perRequest', line: 3, column: 17 }] },
    { code: "app.get('/x', async (req, res) => {\n  const { Pool } = await import('pg');\n  const p = new Pool();\n  res.json(await p.query('q'));\n});", errors: [{ messageId: 'perRequest', line: 3, column: 17 }] },
    // a binding declared after the handler that uses it
    { code: "app.get('/x', async (req, res) => { const r = new Redis(); res.json(await r.get('k')); });\nconst Redis = require('ioredis');", errors: [{ messageId: 'perRequest', line: 1, column: 51 }] },
    // a class instantiated per request
    { code: "import { LRUCache } from 'lru-cache';\nclass RoomService { constructor() { this.cache = new LRUCache({ max: 10_000 }); } }\napp.get('/room', (req, res) => { const svc = new RoomService(); res.end(); });", errors: [{ messageId: 'perRequest', line: 2, column: 54, data: { a: 'a', what: 'new LRUCache()', kind: 'cache', where: "class `RoomService`, which this `app.get('/room')` handler instantiates (line 3)", per: 'request', linger: ' that starts empty', fix: 'build one at start-up (a singleton provider or module scope) and inject it' } }] },
    { code: "import { Pool } from 'pg';\nclass Repo { pool = new Pool(); }\nexport const handler = async () => new Repo().pool.query('q');", errors: [{ messageId: 'perRequest', line: 2, column: 25 }] },
    // options: extra resources and handlers
    { code: "import { TenantCache } from '@acme/cache';\napp.get('/x', () => { const c = new TenantCache(); });", options: [{ resources: [{ name: 'TenantCache', source: '@acme/cache', kind: 'cache' }] }], errors: [{ messageId: 'perRequest', line: 2, column: 37 }] },
    { code: "import { LRUCache } from 'lru-cache';\nbot.command('start', (ctx) => { const c = new LRUCache({ max: 1 }); });", options: [{ handlers: { callees: ['command'] } }], errors: [{ messageId: 'perRequest', line: 2, column: 47 }] },
    { code: "import { LRUCache } from 'lru-cache';\nexport async function main(args) { const c = new LRUCache({ max: 1 }); }", options: [{ handlers: { exports: ['main'] } }], errors: [{ messageId: 'perRequest', line: 2, column: 50 }] },
    // React render bodies rebuild per-user caches on every render
    { code: "import { QueryClient, QueryClientProvider } from '@tanstack/react-query';\nexport function Providers({ children }) { const qc = new QueryClient(); return <QueryClientProvider client={qc}>{children}</QueryClientProvider>; }", filename: 'providers.tsx', errors: [{ messageId: 'perRequest', line: 2, column: 58, data: { a: 'a', what: 'new QueryClient()', kind: 'query cache', where: 'the body of `Providers`, which runs on every render', per: 'render', linger: ' with an empty cache, so nothing is deduplicated or kept', fix: 'create it once per mount with `useState(() => …)`, or at module scope' } }] },
    { code: "import { ApolloClient, InMemoryCache } from '@apollo/client';\nimport { useEffect } from 'react';\nexport const useGraph = () => { const client = new ApolloClient({ cache: new InMemoryCache() }); useEffect(() => {}, []); return client; };", filename: 'use-graph.ts', errors: [{ messageId: 'perRequest', line: 3, column: 52 }] },
    // NestJS request-scoped providers are built on every request
    { code: "import { Injectable, Scope } from '@nestjs/common';\nimport { Sequelize } from 'sequelize-typescript';\n@Injectable({ scope: Scope.REQUEST }) export class Db { constructor() { this.sequelize = new Sequelize({}); } }", errors: [{ messageId: 'perRequest', line: 3, column: 94, data: { a: 'a', what: 'new Sequelize()', kind: 'database client', where: 'request-scoped `Db` (`@Injectable({ scope: Scope.REQUEST })`), which Nest builds on every request', per: 'request', linger: ' whose connection pool and sockets linger after it', fix: 'build one at start-up (a singleton provider or module scope) and inject it' } }] },
    // an Apollo context factory runs per operation, and so does the helper it calls
    { code: "import { ApolloServer } from 'apollo-server-express';\nimport mariadb from 'mariadb';\nasync function open() { return mariadb.createConnection({}); }\nexport const server = new ApolloServer({ context: async () => ({ sql: await open() }) });", errors: [{ messageId: 'perRequest', line: 3, column: 32 }] },
    // a gRPC client constructor read from loadPackageDefinition, per reconnect
    { code: "import * as grpc from '@grpc/grpc-js';\nconst proto = grpc.loadPackageDefinition(def);\nexport class S { connect() { const Ingest = proto.trace.Ingest; const client = new Ingest(url, creds); return client.record(); } }", errors: [{ messageId: 'perRequest', line: 3, column: 84, data: { a: 'a', what: 'new Ingest()', kind: 'gRPC client', where: '`connect()`, which runs on every call', per: 'call', linger: ' whose channel (sockets, reconnect timers) lingers after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    // Ajv keeps every validator it compiles: compiling a schema received per call grows it, returned or not
    { code: "import Ajv from 'ajv';\nexport class V { constructor() { this.ajv = new Ajv(); } get(schema) { return this.ajv.compile(schema); } }", errors: [{ messageId: 'perRequest', line: 2, column: 79, data: { a: 'a', what: 'this.ajv.compile()', kind: 'compiled validator', where: '`get()`, which runs on every call', per: 'call', linger: ', and the compiler keeps every one of them', fix: 'compile once per schema or template and keep the result (at module scope, or in a map keyed by it)' } }] },
    { code: "import Ajv from 'ajv';\nexport class V { constructor() { this.ajv = new Ajv(); } get(schema) { return this.cache.get(schema) ?? this.ajv.compile(schema); } }", errors: [{ messageId: 'perRequest', line: 2, column: 105 }] },
    // template compilers: in an API object's method, in the closure a factory returns
    { code: "import Handlebars from 'handlebars';\nexport const Renderer = { render(src, model) { const t = Handlebars.compile(src); return t(model); } };", errors: [{ messageId: 'perRequest', line: 2, column: 58, data: { a: 'a', what: 'Handlebars.compile()', kind: 'template compiler', where: '`render()`, which runs on every call', per: 'call', linger: ' that parses and compiles the template again', fix: 'compile once per schema or template and keep the result (at module scope, or in a map keyed by it)' } }] },
    { code: "import template from 'lodash/template';\nexport function accessLog(fmt) { return (req, res, next) => { const line = template(fmt); console.log(line(req)); next(); }; }", errors: [{ messageId: 'perRequest', line: 2, column: 76, data: { a: 'a', what: 'template()', kind: 'template compiler', where: 'the function `accessLog()` returns, which runs on every call', per: 'call', linger: ' that parses and compiles the template again', fix: 'compile once per schema or template and keep the result (at module scope, or in a map keyed by it)' } }] },
    // a callback of a callee the table does not know runs as often as the code around it
    { code: "import https from 'node:https';\nimport zlib from 'node:zlib';\nexport class T { post(p) { zlib.gzip(p, (err, z) => { const agent = new https.Agent({ keepAlive: true }); https.request({ agent }).end(z); }); } }", errors: [{ messageId: 'perRequest', line: 3, column: 73 }] },
    // a factory whose caller, run many times, drops what it returns
    { code: "import { SubscriptionClient } from 'subscriptions-transport-ws';\nexport function createClient(url) { return new SubscriptionClient(url); }\nexport function run(url, op) { const link = new WebSocketLink(createClient(url)); return execute(link, op); }", errors: [{ messageId: 'perRequest', line: 2, column: 48 }] },
    // winston's container keeps a logger per id: an id new on every call builds and keeps one each time, returned or not
    { code: "import winston from 'winston';\nexport function getLogger(category) { const id = category + Math.floor(Math.random() * 1e9); return winston.loggers.get(id, { transports: [] }); }", errors: [{ messageId: 'perRequest', line: 2, column: 101, data: { a: 'a', what: 'winston.loggers.get()', kind: 'logger', where: '`getLogger()`, which runs on every call', per: 'call', linger: ' whose transports (files, sockets) linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import { loggers } from 'winston';\nimport { randomUUID } from 'node:crypto';\napp.get('/x', (req, res) => { loggers.add(`req-${randomUUID()}`, { transports: [] }); res.end(); });", errors: [{ messageId: 'perRequest', line: 3, column: 31 }] },
    // queues, brokers, telemetry, log destinations
    { code: "import { Queue } from 'bullmq';\nexport async function enqueue(job) { const q = new Queue('mail'); await q.add('send', job); }", errors: [{ messageId: 'perRequest', line: 2, column: 52, data: { a: 'a', what: 'new Queue()', kind: 'queue client', where: '`enqueue()`, which runs on every call', per: 'call', linger: ' whose sockets linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import { Kafka } from 'kafkajs';\nexport async function publish(msg) { const producer = new Kafka({ brokers }).producer(); await producer.connect(); await producer.send(msg); }", errors: [{ messageId: 'perRequest', line: 2, column: 59 }] },
    { code: "import amqp from 'amqplib';\nexport async function publish(msg) { const conn = await amqp.connect(url); const ch = await conn.createChannel(); ch.sendToQueue('q', msg); }", errors: [{ messageId: 'perRequest', line: 2, column: 57 }] },
    { code: "import mqtt from 'mqtt';\napp.post('/x', (req, res) => { const c = mqtt.connect(url); c.publish('t', req.body); res.end(); });", errors: [{ messageId: 'perRequest', line: 2, column: 42 }] },
    { code: "import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';\nexport function traced(span) { const exporter = new OTLPTraceExporter({ url }); exporter.export([span], () => {}); }", errors: [{ messageId: 'perRequest', line: 2, column: 53, data: { a: 'a', what: 'new OTLPTraceExporter()', kind: 'telemetry exporter', where: '`traced()`, which runs on every call', per: 'call', linger: ' whose export timers and connection linger after it', fix: 'build it once at module scope or lazily (`client ??= …`) and share it' } }] },
    { code: "import pino from 'pino';\nexport function audit(entry) { const log = pino(pino.destination('./audit.log')); log.info(entry); }", errors: [{ messageId: 'perRequest', line: 2, column: 49 }] },
  ],
});

jsRuleTester.run('no-per-request-cache (plain JS)', rule, {
  valid: [
    "const { LRUCache } = require('lru-cache');\nconst cache = new LRUCache({ max: 5 });\napp.get('/x', (req, res) => res.json(cache.get('k')));",
    "const template = require('lodash/template');\nmodule.exports = function accessLog(fmt) { const line = template(fmt); return (req, res, next) => { line(req); next(); }; };",
  ],
  invalid: [
    { code: "const template = require('lodash/template');\nmodule.exports = function accessLog(fmt) { return (req, res, next) => { template(fmt)(req); next(); }; };", errors: [{ messageId: 'perRequest', line: 2, column: 73 }] },
    { code: "const grpc = require('@grpc/grpc-js');\nconst proto = grpc.loadPackageDefinition(def);\nclass S { connect() { const client = new proto.Ingest(url); client.record(); } }\nmodule.exports = S;", errors: [{ messageId: 'perRequest', line: 3, column: 42 }] },
    { code: "const { LRUCache } = require('lru-cache');\napp.get('/x', (req, res) => { const cache = new LRUCache({ max: 5 }); res.end(); });", errors: [{ messageId: 'perRequest', line: 2, column: 49 }] },
  ],
});
