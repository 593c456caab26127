import type { JSONSchema } from '@typescript-eslint/utils';
import { escapeRegExp } from '../syntax/ast';
import type { Resolved } from '../scope/references';

/**
 * Heavy shared resources: built once and shared, never per request. Each entry names the
 * import sources it comes from; `distinctive` names are also recognised without an import
 * (a global, or a snippet), generic ones (`Pool`, `Client`, `Agent`) only through their source.
 */
export type ResourceKind = 'cache' | 'database client' | 'Redis client' | 'HTTP agent' | 'HTTP client' | 'worker thread' | 'SDK client' | 'memoizer' | 'mail transport' | 'logger' | 'schema compiler' | 'GraphQL client';

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
}

/*
 * Not here on purpose: Apollo's `ApolloClient` and TanStack's `QueryClient` are per-user
 * caches that server-side rendering builds per request by design (one user's data must not
 * reach another's page), so "built per call" says nothing about them without knowing the
 * call is a client-side render.
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
];

/**
 * Vocabulary of import sources, not of source text: cloud SDKs publish one package per
 * service (`@aws-sdk/client-s3`, `@google-cloud/storage`, `@azure/storage-blob`), too many to
 * list, and each exports its service client as `XxxClient` — so any `new XxxClient()` whose
 * binding comes from a source under these scopes is an SDK client.
 */
export const SDK_SOURCE = /^@aws-sdk\/client-|^@google-cloud\/|^@azure\//;
const SDK_CLIENT_EXPORT = /Client$/;

const RESOURCE_SOURCES = new Set(RESOURCES.flatMap((r) => r.sources));

export function isResourceSource(source: string): boolean {
  return RESOURCE_SOURCES.has(source) || SDK_SOURCE.test(source);
}

/** Names recognised without an import (`new LRUCache()`), plus those of `extra` resources. */
export function resourceGlobals(extra: readonly ExtraResource[]): Set<string> {
  return new Set([...RESOURCES.filter((r) => r.distinctive === true).map((r) => r.name), ...extra.map((e) => e.name)]);
}


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
export function matchResource(resolved: Resolved, how: 'new' | 'call', extra: readonly ExtraResource[]): { name: string; kind: string } | null {
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
        return { name: r.name === 'default' ? resolved.source : r.name, kind: r.kind };
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

/** How the message says what is lost: a cache starts empty, a client's sockets linger. */
export function lingers(kind: string): string {
  if (kind === 'cache' || kind === 'memoizer') return ' that starts empty';
  if (kind === 'schema compiler') return ' that compiles every schema again';
  if (kind === 'logger') return ' whose transports linger after it';
  return kind === 'worker thread' ? '' : ' whose sockets linger after it';
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
