import type { JSONSchema, TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { escapeRegExp } from '../syntax/ast';
import { isModuleLevel, memberName, nameOf, type Resolved, resolveReference, unwrapExpression } from '../scope/references';
import { assignedValues } from '../scope/values';

/**
 * Heavy shared resources: built once and shared, never per request. Each entry names the
 * import sources it comes from; `distinctive` names are also recognised without an import
 * (a global, or a snippet), generic ones (`Pool`, `Client`, `Agent`) only through their source.
 */
export type ResourceKind =
  | 'cache' | 'database client' | 'Redis client' | 'HTTP agent' | 'HTTP client' | 'worker thread' | 'SDK client' | 'memoizer' | 'mail transport' | 'logger'
  | 'schema compiler' | 'GraphQL client' | 'queue client' | 'message broker client' | 'gRPC client' | 'telemetry exporter' | 'log destination' | 'template compiler'
  | 'query cache' | 'compiled validator';

export interface ResourceSpec {
  name: string;
  kind: ResourceKind;
  /** `new Name()` (constructor) or `name()` (factory call). */
  how: 'new' | 'call';
  sources: readonly string[];
  /** Recognised by name alone, without an import. */
  distinctive?: boolean;
  /** A member of a namespace/default import: `mysql.createPool`, `axios.create`, `http.Agent`. */
  member?: boolean;
  /**
   * Only in a React render body: a per-user cache that server-side rendering builds per
   * request on purpose (one user's data must not reach another's page), but a component
   * rebuilds on every render.
   */
  renderOnly?: boolean;
  /**
   * A keyed container's get-or-create (`winston.loggers.get(id, options)`): it builds, and
   * keeps for good, only on a key it has not seen, so it counts only when the key (the first
   * argument) is new on every call.
   */
  freshKey?: boolean;
}

/*
 * Apollo's `ApolloClient` and TanStack's `QueryClient` are `renderOnly`: per-user caches
 * that server-side rendering builds per request by design, so "built per call" says
 * something about them only in a React render body. `DataLoader` is not here: it is
 * request-scoped by design (its cache must not be shared between users).
 */
export const RESOURCES: readonly ResourceSpec[] = [
  { name: 'LRUCache', kind: 'cache', how: 'new', sources: ['lru-cache'], distinctive: true },
  { name: 'LRU', kind: 'cache', how: 'new', sources: ['lru-cache', 'tiny-lru'] },
  { name: 'default', kind: 'cache', how: 'new', sources: ['lru-cache', 'quick-lru', 'node-cache', '@isaacs/ttlcache', 'keyv', 'tiny-lru'] },
  { name: 'QuickLRU', kind: 'cache', how: 'new', sources: ['quick-lru'], distinctive: true },
  { name: 'NodeCache', kind: 'cache', how: 'new', sources: ['node-cache'], distinctive: true },
  { name: 'TTLCache', kind: 'cache', how: 'new', sources: ['@isaacs/ttlcache'], distinctive: true },
  { name: 'Keyv', kind: 'cache', how: 'new', sources: ['keyv'], distinctive: true },
  { name: 'memoize', kind: 'memoizer', how: 'call', sources: ['lodash', 'lodash-es', 'lodash/memoize', 'lodash.memoize', 'fast-memoize', 'micro-memoize', 'memoizee'] },
  { name: 'default', kind: 'memoizer', how: 'call', sources: ['lodash/memoize', 'lodash.memoize', 'fast-memoize', 'micro-memoize', 'memoizee', 'mem', 'moize', 'memoize-one'] },
  { name: 'mem', kind: 'memoizer', how: 'call', sources: ['mem'] },
  { name: 'moize', kind: 'memoizer', how: 'call', sources: ['moize'] },
  { name: 'PrismaClient', kind: 'database client', how: 'new', sources: ['@prisma/client'], distinctive: true },
  { name: 'Pool', kind: 'database client', how: 'new', sources: ['pg', 'mysql2', 'mysql2/promise', 'generic-pool', 'undici', '@neondatabase/serverless'] },
  { name: 'Client', kind: 'database client', how: 'new', sources: ['pg', 'undici', '@elastic/elasticsearch', 'cassandra-driver', '@opensearch-project/opensearch'] },
  { name: 'createPool', kind: 'database client', how: 'call', sources: ['mysql', 'mysql2', 'mysql2/promise', 'generic-pool', 'mariadb'], member: true },
  { name: 'createConnection', kind: 'database client', how: 'call', sources: ['mongoose', 'mysql', 'mysql2', 'mysql2/promise', 'typeorm'], member: true },
  { name: 'MongoClient', kind: 'database client', how: 'new', sources: ['mongodb'], distinctive: true },
  { name: 'Sequelize', kind: 'database client', how: 'new', sources: ['sequelize', 'sequelize-typescript'], distinctive: true },
  { name: 'default', kind: 'database client', how: 'call', sources: ['knex'] },
  { name: 'knex', kind: 'database client', how: 'call', sources: ['knex'] },
  { name: 'drizzle', kind: 'database client', how: 'call', sources: ['drizzle-orm/node-postgres', 'drizzle-orm/mysql2', 'drizzle-orm/postgres-js', 'drizzle-orm/better-sqlite3', 'drizzle-orm/neon-serverless', 'drizzle-orm/libsql'] },
  { name: 'DataSource', kind: 'database client', how: 'new', sources: ['typeorm'] },
  { name: 'Redis', kind: 'Redis client', how: 'new', sources: ['ioredis'], distinctive: true },
  { name: 'default', kind: 'Redis client', how: 'new', sources: ['ioredis'] },
  { name: 'Cluster', kind: 'Redis client', how: 'new', sources: ['ioredis'] },
  { name: 'createClient', kind: 'Redis client', how: 'call', sources: ['redis', '@redis/client'] },
  { name: 'createCluster', kind: 'Redis client', how: 'call', sources: ['redis', '@redis/client'] },
  { name: 'Agent', kind: 'HTTP agent', how: 'new', sources: ['http', 'https', 'undici', 'agentkeepalive', 'http2'], member: true },
  { name: 'Pool', kind: 'HTTP agent', how: 'new', sources: ['undici'] },
  { name: 'create', kind: 'HTTP client', how: 'call', sources: ['axios'], member: true },
  { name: 'extend', kind: 'HTTP client', how: 'call', sources: ['got', 'ky'], member: true },
  { name: 'Worker', kind: 'worker thread', how: 'new', sources: ['worker_threads', 'node:worker_threads'], distinctive: true },
  { name: 'createTransport', kind: 'mail transport', how: 'call', sources: ['nodemailer'], member: true },
  { name: 'createLogger', kind: 'logger', how: 'call', sources: ['winston'], member: true },
  { name: 'default', kind: 'schema compiler', how: 'new', sources: ['ajv', 'ajv/dist/2019', 'ajv/dist/2020'] },
  { name: 'Ajv', kind: 'schema compiler', how: 'new', sources: ['ajv', 'ajv/dist/2019', 'ajv/dist/2020'] },
  { name: 'SubscriptionClient', kind: 'GraphQL client', how: 'new', sources: ['subscriptions-transport-ws'] },
  { name: 'createClient', kind: 'GraphQL client', how: 'call', sources: ['graphql-ws'] },
  { name: 'createConnection', kind: 'database client', how: 'call', sources: ['mariadb'], member: true },
  // Queues and brokers: each holds its own connections (Redis for bull/BullMQ).
  { name: 'default', kind: 'queue client', how: 'new', sources: ['bull'] },
  { name: 'Queue', kind: 'queue client', how: 'new', sources: ['bull', 'bullmq', 'bee-queue'] },
  { name: 'Worker', kind: 'queue client', how: 'new', sources: ['bullmq'] },
  { name: 'QueueEvents', kind: 'queue client', how: 'new', sources: ['bullmq'] },
  { name: 'FlowProducer', kind: 'queue client', how: 'new', sources: ['bullmq'] },
  { name: 'connect', kind: 'message broker client', how: 'call', sources: ['amqplib', 'amqplib/callback_api', 'amqp-connection-manager', 'nats', 'mqtt'], member: true },
  { name: 'connectAsync', kind: 'message broker client', how: 'call', sources: ['mqtt'], member: true },
  { name: 'Kafka', kind: 'message broker client', how: 'new', sources: ['kafkajs'] },
  // gRPC: a client owns a channel (sockets, reconnect timers); see also RESOURCE_MAKERS.
  { name: 'Client', kind: 'gRPC client', how: 'new', sources: ['@grpc/grpc-js', 'grpc'], member: true },
  // Telemetry: exporters and providers own batching timers and an HTTP or gRPC connection.
  { name: 'OTLPTraceExporter', kind: 'telemetry exporter', how: 'new', sources: ['@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/exporter-trace-otlp-grpc', '@opentelemetry/exporter-trace-otlp-proto'] },
  { name: 'OTLPMetricExporter', kind: 'telemetry exporter', how: 'new', sources: ['@opentelemetry/exporter-metrics-otlp-http', '@opentelemetry/exporter-metrics-otlp-grpc', '@opentelemetry/exporter-metrics-otlp-proto'] },
  { name: 'OTLPLogExporter', kind: 'telemetry exporter', how: 'new', sources: ['@opentelemetry/exporter-logs-otlp-http', '@opentelemetry/exporter-logs-otlp-grpc', '@opentelemetry/exporter-logs-otlp-proto'] },
  { name: 'NodeSDK', kind: 'telemetry exporter', how: 'new', sources: ['@opentelemetry/sdk-node'] },
  { name: 'BatchSpanProcessor', kind: 'telemetry exporter', how: 'new', sources: ['@opentelemetry/sdk-trace-base', '@opentelemetry/sdk-trace-node'] },
  { name: 'PeriodicExportingMetricReader', kind: 'telemetry exporter', how: 'new', sources: ['@opentelemetry/sdk-metrics'] },
  // pino: a destination opens a file descriptor, a transport starts a worker thread.
  { name: 'destination', kind: 'log destination', how: 'call', sources: ['pino'], member: true },
  { name: 'transport', kind: 'log destination', how: 'call', sources: ['pino'], member: true },
  // Template compilers: each compile builds a new function from source.
  { name: 'compile', kind: 'template compiler', how: 'call', sources: ['handlebars', 'ejs', 'pug', 'dot', 'hogan.js'], member: true },
  { name: 'compileFile', kind: 'template compiler', how: 'call', sources: ['pug'], member: true },
  { name: 'template', kind: 'template compiler', how: 'call', sources: ['lodash', 'lodash-es', 'underscore'], member: true },
  { name: 'default', kind: 'template compiler', how: 'call', sources: ['lodash/template', 'lodash.template', 'lodash-es/template'] },
  // winston's logger container builds a logger (and its transports) for every new id, and keeps it.
  { name: 'get', kind: 'logger', how: 'call', sources: ['winston/loggers', 'winston/container'], freshKey: true },
  { name: 'add', kind: 'logger', how: 'call', sources: ['winston/loggers', 'winston/container'], freshKey: true },
  // Render-only: see above.
  { name: 'QueryClient', kind: 'query cache', how: 'new', sources: ['@tanstack/react-query', 'react-query', '@tanstack/query-core'], renderOnly: true },
  { name: 'ApolloClient', kind: 'query cache', how: 'new', sources: ['@apollo/client', '@apollo/client/core', 'apollo-client', 'apollo-boost'], renderOnly: true },
];

/**
 * Makers of resources by shape: `new` of anything read from what these return builds a
 * `kind` (gRPC's `loadPackageDefinition(def).pkg.Service` is a client constructor).
 */
export interface ResourceMaker {
  name: string;
  sources: readonly string[];
  kind: ResourceKind;
}
export const RESOURCE_MAKERS: readonly ResourceMaker[] = [
  { name: 'loadPackageDefinition', sources: ['@grpc/grpc-js', 'grpc'], kind: 'gRPC client' },
  { name: 'makeGenericClientConstructor', sources: ['@grpc/grpc-js', 'grpc'], kind: 'gRPC client' },
  { name: 'makeClientConstructor', sources: ['@grpc/grpc-js', 'grpc'], kind: 'gRPC client' },
];

/**
 * Methods of a long-lived instance that build something the instance keeps: Ajv's
 * `compile` adds every validator of a new schema object to the Ajv instance's own cache,
 * so compiling per call grows the instance even when the validator is handed back.
 */
export interface InstanceMethod {
  method: string;
  /** What the receiver is: a `new` of one of these names (`default` for the default export), from these sources. */
  of: readonly string[];
  sources: readonly string[];
  kind: ResourceKind;
}
export const INSTANCE_METHODS: readonly InstanceMethod[] = [
  { method: 'compile', of: ['default', 'Ajv'], sources: ['ajv', 'ajv/dist/2019', 'ajv/dist/2020', 'ajv/dist/jtd'], kind: 'compiled validator' },
  { method: 'compileAsync', of: ['default', 'Ajv'], sources: ['ajv', 'ajv/dist/2019', 'ajv/dist/2020'], kind: 'compiled validator' },
];

/**
 * Vocabulary of import sources, not of source text: cloud SDKs publish one package per
 * service (`@aws-sdk/client-s3`, `@google-cloud/storage`, `@azure/storage-blob`), too many to
 * list, and each exports its service client as `XxxClient` — so any `new XxxClient()` whose
 * binding comes from a source under these scopes is an SDK client.
 */
export const SDK_SOURCE = /^@aws-sdk\/client-|^@google-cloud\/|^@azure\//;
const SDK_CLIENT_EXPORT = /Client$/;

const RESOURCE_SOURCES = new Set([...RESOURCES, ...RESOURCE_MAKERS, ...INSTANCE_METHODS].flatMap((r) => r.sources));

export function isResourceSource(source: string): boolean {
  return RESOURCE_SOURCES.has(source) || SDK_SOURCE.test(source);
}

/** Names recognised without an import (`new LRUCache()`), plus those of `extra` resources. */
export function resourceGlobals(extra: readonly ExtraResource[]): ReadonlySet<string> {
  // `extra` is made once per configuration: so is its set.
  let names = globalsByExtra.get(extra);
  if (!names) {
    names = new Set([...RESOURCES.filter((r) => r.distinctive === true).map((r) => r.name), ...extra.map((e) => e.name)]);
    globalsByExtra.set(extra, names);
  }
  return names;
}

const globalsByExtra = new WeakMap<readonly ExtraResource[], ReadonlySet<string>>();


/**
 * A file can only build a known resource if its text names one of the sources or a
 * distinctive name: checked before any visitor is registered.
 */
export const RESOURCE_TEXT = new RegExp(
  [
    `['"\`](?:node:)?(?:${[...RESOURCE_SOURCES].map(escapeRegExp).join('|')})['"\`]`,
    `['"\`]@(?:aws-sdk/client-|google-cloud/|azure/)`,
    ...RESOURCES.filter((r) => r.distinctive === true).map((r) => `\\b${r.name}\\b`),
  ].join('|'),
);

export interface ExtraResource {
  name: string;
  source?: string;
  kind?: string;
}

/** What a `new X()` or `x()` builds, if it is a heavy resource. */
export function matchResource(resolved: Resolved, how: 'new' | 'call', extra: readonly ExtraResource[]): { name: string; kind: string; renderOnly?: boolean; freshKey?: boolean } | null {
  if (!resolved) return null;
  for (const e of extra) {
    if (resolved.name !== e.name && !(resolved.kind === 'import' && resolved.name === 'default' && e.source !== undefined)) continue;
    if (e.source === undefined ? resolved.kind !== 'local' : resolved.kind === 'import' && resolved.source === e.source) {
      return { name: e.name, kind: e.kind ?? 'shared resource' };
    }
  }
  if (resolved.kind === 'import') {
    // `const Redis = require('ioredis')`: CommonJS exports are the default export.
    if (resolved.name === '*') return matchResource({ ...resolved, name: 'default' }, how, extra);
    if (how === 'new' && SDK_SOURCE.test(resolved.source) && SDK_CLIENT_EXPORT.test(resolved.name)) return { name: resolved.name, kind: 'SDK client' };
    for (const r of RESOURCES) {
      if (r.how === how && r.sources.includes(resolved.source) && r.name === resolved.name) {
        return { name: r.name === 'default' ? resolved.source : r.name, kind: r.kind, ...(r.renderOnly === true ? { renderOnly: true } : {}), ...(r.freshKey === true ? { freshKey: true } : {}) };
      }
    }
    return null;
  }
  if (resolved.kind === 'global') {
    const r = RESOURCES.find((x) => x.how === how && x.distinctive === true && x.name === resolved.name);
    return r ? { name: r.name, kind: r.kind } : null;
  }
  return null;
}

/** The import a callee resolves to, `require()`'s whole module read as its default export. */
function importOf(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): { source: string; name: string } | null {
  const r = resolveReference(node, sourceCode.getScope(node));
  return r?.kind === 'import' ? { source: r.source, name: r.name === '*' ? 'default' : r.name } : null;
}

/** `new Service()` where `Service` is read from what a maker returns (`grpc.loadPackageDefinition(def).pkg.Service`). */
export function madeByMaker(node: TSESTree.NewExpression, sourceCode: Readonly<TSESLint.SourceCode>, makers: readonly ResourceMaker[] = RESOURCE_MAKERS): ResourceMaker | null {
  let n = unwrapExpression(node.callee);
  for (let depth = 0; depth < 6; depth++) {
    while (n.type === AST_NODE_TYPES.MemberExpression) n = unwrapExpression(n.object);
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const i = importOf(n.callee, sourceCode);
      return (i && makers.find((m) => m.name === i.name && m.sources.includes(i.source))) ?? null;
    }
    if (n.type !== AST_NODE_TYPES.Identifier) return null;
    const values = assignedValues(n, sourceCode);
    if (values.length !== 1 || !values[0]) return null;
    n = unwrapExpression(values[0]);
  }
  return null;
}

/**
 * `ajv.compile(schema)` on a receiver that is ever given `new Ajv()`: what it builds, or null.
 * A schema that is a module constant or an import compiles once (Ajv keys its cache by the
 * schema object), so only a schema made or received per call counts.
 */
export function builtByInstance(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): InstanceMethod | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = memberName(callee);
  const entries = INSTANCE_METHODS.filter((m) => m.method === method);
  if (entries.length === 0) return null;
  const arg = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (arg?.type === AST_NODE_TYPES.Identifier) {
    const r = resolveReference(arg, sourceCode.getScope(arg));
    if (r?.kind === 'import' || (r?.kind === 'local' && isModuleLevel(r.variable))) return null;
  }
  for (const v of assignedValues(callee.object, sourceCode)) {
    const made = unwrapExpression(v);
    if (made.type !== AST_NODE_TYPES.NewExpression) continue;
    const i = importOf(made.callee, sourceCode);
    const hit = i && entries.find((e) => e.of.includes(i.name) && e.sources.includes(i.source));
    if (hit) return hit;
  }
  return null;
}

/**
 * Is `key` new on every call: built from a call to one of `fresh` (registry
 * `freshValueCalls`: `Math.random()`, `Date.now()`, `randomUUID()`), directly or through
 * the variables it reads?
 */
export function freshEveryCall(key: TSESTree.Node | undefined, sourceCode: Readonly<TSESLint.SourceCode>, fresh: ReadonlySet<string>, depth = 0): boolean {
  if (!key || depth > 6) return false;
  const n = unwrapExpression(key);
  switch (n.type) {
    case AST_NODE_TYPES.CallExpression: {
      const c = unwrapExpression(n.callee);
      const name = nameOf(c);
      return (name !== null && fresh.has(name)) || n.arguments.some((a) => freshEveryCall(a, sourceCode, fresh, depth + 1)) || (c.type === AST_NODE_TYPES.MemberExpression && freshEveryCall(c.object, sourceCode, fresh, depth + 1));
    }
    case AST_NODE_TYPES.BinaryExpression:
      return freshEveryCall(n.left, sourceCode, fresh, depth + 1) || freshEveryCall(n.right, sourceCode, fresh, depth + 1);
    case AST_NODE_TYPES.TemplateLiteral:
      return n.expressions.some((e) => freshEveryCall(e, sourceCode, fresh, depth + 1));
    case AST_NODE_TYPES.Identifier:
      return assignedValues(n, sourceCode).some((v) => freshEveryCall(v, sourceCode, fresh, depth + 1));
    default:
      return false;
  }
}

/** What each kind holds, for the message: what a fresh one per call costs or leaves behind. */
const HOLDS: Readonly<Record<string, string>> = {
  cache: ' that starts empty',
  memoizer: ' that starts empty',
  'query cache': ' with an empty cache, so nothing is deduplicated or kept',
  'schema compiler': ' that compiles every schema again',
  'compiled validator': ', and the compiler keeps every one of them',
  'template compiler': ' that parses and compiles the template again',
  logger: ' whose transports (files, sockets) linger after it',
  'log destination': ' whose file descriptor or worker thread lingers after it',
  'database client': ' whose connection pool and sockets linger after it',
  'worker thread': ' and its thread',
  'telemetry exporter': ' whose export timers and connection linger after it',
  'gRPC client': ' whose channel (sockets, reconnect timers) lingers after it',
};

/** How the message says what is lost: a cache starts empty, a client's sockets linger. */
export function lingers(kind: string): string {
  return HOLDS[kind] ?? ' whose sockets linger after it';
}

/** The fix, for the message: where one instance belongs instead. */
export function fixFor(kind: string, at: { render?: boolean; perInstance: boolean }): string {
  if (at.render === true) return 'create it once per mount with `useState(() => …)`, or at module scope';
  if (kind === 'compiled validator' || kind === 'template compiler') return 'compile once per schema or template and keep the result (at module scope, or in a map keyed by it)';
  if (at.perInstance) return 'build one at start-up (a singleton provider or module scope) and inject it';
  return 'build it once at module scope or lazily (`client ??= …`) and share it';
}

/** `no-per-request-cache`'s options: extra resources, extra handler shapes, files to skip. */
export const perRequestCacheOptions: JSONSchema.JSONSchema4 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    resources: {
      type: 'array',
      description: 'Extra heavy resources: constructor or factory names, optionally with their import source.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', description: 'Constructor or factory name (`TenantCache`).' },
          source: { type: 'string', description: 'Import source; when set, only bindings from it match.' },
          kind: { type: 'string', description: 'What it is, for the message (`cache`, `client`).' },
        },
      },
    },
    handlers: {
      type: 'object',
      additionalProperties: false,
      description: 'Extra per-request function shapes.',
      properties: {
        callees: { type: 'array', items: { type: 'string' }, description: 'Functions or methods whose function argument runs per request (`route`); an alias of `settings.leaks.callbacks` entries with `run: \'per event\'`.' },
        decorators: { type: 'array', items: { type: 'string' }, description: 'Method decorators that mark per-request methods (`Action`); added to `settings.leaks.names.handlerDecorators`.' },
        exports: { type: 'array', items: { type: 'string' }, description: 'Exported function names that are per-request handlers (`main`); added to `settings.leaks.names.handlerExports`.' },
      },
    },
    ignore: { type: 'array', items: { type: 'string' }, description: 'Globs of files to skip, on top of test files.' },
    checkTestFiles: { type: 'boolean', description: 'Also check test files and fixtures (skipped by default); an alias of `settings.leaks.checkTestFiles` for this rule.' },
  },
};
