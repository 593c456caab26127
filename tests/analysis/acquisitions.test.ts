import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { debugAcquisitions } from '../../src/analysis/vocabulary/debug';
import { hasNameWord, nameWords } from '../../src/analysis/syntax/ast';
import { jsRuleTester, ruleTester } from '../rule-tester';

const a = (what: string) => ({ messageId: 'acquires' as const, data: { what } });

/** What acquires, by provenance first and whole-word names last. */
const cases = {
  valid: [
    // `system`, `emitter`, `blocker` contain no receiver word: no substring of a name is evidence
    'async function f(system, blocker) { await system.getConnection(); await emitter.acquire(); await blocker.lock(); }',
    // a `pg` Client connects itself; only a pool checks one out
    "import { Client } from 'pg'; async function f() { const c = new Client(); await c.connect(); }",
    // a local `open` or `Worker` is not the platform's
    'function open() {} class Worker {} function f() { open(); new Worker(); }',
  ],
  invalid: [
    // imports, globals, constructors
    { code: "import fs from 'node:fs'; function f(p) { fs.openSync(p); fs.createReadStream(p); }", errors: [a('file descriptor'), a('stream')] },
    { code: "function f(b) { URL.createObjectURL(b); } import { Worker } from 'node:worker_threads'; function g() { new Worker('x'); }", errors: [a('object URL'), a('worker')] },
    // receivers by whole words of their own name (plurals too), not by their text
    // (`db.getConnection()` by name alone only if the handle is released somewhere: it may be a getter of a shared connection)
    { code: 'async function f(pool, pgPool, db, mutex) { await pool.connect(); await this.pgPool.connect(); await db.getConnection(); await mutex.acquire(); await locks[id].acquire(); }', errors: [a('pooled client'), a('pooled client'), a('pooled connection?'), a('lock'), a('lock')] },
    // receivers by provenance, whatever their name
    { code: "import knex from 'knex'; const conn = knex({}); async function f() { await conn.transaction(); await conn.getConnection(); }", errors: [a('transaction'), a('pooled connection')] },
    { code: "import { Mutex } from 'async-mutex'; const guard = new Mutex(); async function f() { await guard.acquire(); }", errors: [a('lock')] },
    // an unproven receiver: a transaction only if the handle is released somewhere (the rule checks)
    { code: 'async function f(item) { await item.transaction(); }', errors: [a('transaction?')] },
  ],
};

ruleTester.run('acquisitions (TS parser)', debugAcquisitions, cases);
jsRuleTester.run('acquisitions (espree)', debugAcquisitions, cases);

describe('name words', () => {
  it('splits identifiers into lower-case words', () => {
    assert.deepEqual(nameWords('brokerMutexLocks'), ['broker', 'mutex', 'locks']);
    assert.deepEqual(nameWords('DB_POOL'), ['db', 'pool']);
    assert.deepEqual(nameWords('createTimeoutPromise'), ['create', 'timeout', 'promise']);
    assert.deepEqual(nameWords('HTTPServer'), ['http', 'server']);
  });
  it('matches whole words and plurals, never substrings', () => {
    const words = new Set(['lock', 'em', 'db']);
    assert.ok(hasNameWord('brokerMutexLocks', words));
    assert.ok(hasNameWord('mongoDb', words));
    assert.ok(!hasNameWord('item', words));
    assert.ok(!hasNameWord('blocker', words));
  });
});
