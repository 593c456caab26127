import { debugTransaction } from '../../src/analysis/release/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

const v = (verdict: string, line?: number) => ({ messageId: 'verdict' as const, data: { verdict }, ...(line ? { line } : {}) });

/** Question 4 for a transaction opened by SQL: ended on every path that hands its client back to the pool. */
const cases = {
  valid: [
    // not transaction statements: a query, a savepoint, a parameterised text, a call that is no query method
    "function f(c) { c.query('SELECT 1'); c.query('SAVEPOINT a'); c.query(sql); c.run('BEGIN'); }",
  ],
  invalid: [
    // the statements, any case and spacing; a batch that ends what it begins; `ROLLBACK TO` a savepoint ends nothing
    { code: "function f(c) { c.query('begin'); c.query(`START  TRANSACTION ISOLATION LEVEL SERIALIZABLE`); c.query('COMMIT;'); c.query('END'); }", errors: [v('begin'), v('begin'), v('end'), v('end')] },
    { code: "function f(c) { c.query('BEGIN; UPDATE t SET n = 1; COMMIT'); c.query('ROLLBACK TO SAVEPOINT a'); }", errors: [v('end')] },
    // callback style: rolled back (directly, in a helper, in the end's callback) before every hand-back; a failed BEGIN opened nothing
    {
      code: "function f(pool, cb) {\n  pool.connect((err, client, release) => {\n    const undo = (e) => client.query('ROLLBACK', () => { release(); cb(e); });\n    client.query('BEGIN', (e) => {\n      if (e) { release(); return cb(e); }\n      client.query('UPDATE t', (e2) => {\n        if (e2) return undo(e2);\n        client.query('COMMIT', (e3) => { release(); cb(e3); });\n      });\n    });\n  });\n}",
      errors: [v('end', 3), v('begin', 4), v('end', 8)],
    },
    // callback style: an error path hands the client back inside the transaction
    {
      code: "function f(pool, cb) {\n  pool.connect((err, client, done) => {\n    client.query('BEGIN', (e) => {\n      if (e) { done(); return cb(e); }\n      client.query('UPDATE t', (e2) => {\n        if (e2) { done(); return cb(e2); }\n        client.query('COMMIT', (e3) => { done(); cb(e3); });\n      });\n    });\n  });\n}",
      errors: [v('begin', 3), v('open 6', 3), v('end', 7)],
    },
    // callback style: an error path that settles the caller's callback with the transaction open and the client held
    {
      code: "function f(pool, cb) {\n  pool.connect((err, client, release) => {\n    client.query('BEGIN', (e) => {\n      if (e) { release(e); return cb(e); }\n      client.query('UPDATE t', (e2) => {\n        if (e2) return cb(e2);\n        client.query('COMMIT', () => { release(); cb(null); });\n      });\n    });\n  });\n}",
      errors: [v('begin', 3), v('settles 6', 3), v('end', 7)],
    },
    // not settles: a caller's per-event parameter (`onRow`, not the last), a callback handed the client to go on with
    {
      code: "function f(pool, onRow, cb) {\n  pool.connect((err, client, release) => {\n    client.query('BEGIN', (e) => {\n      if (e) { release(e); return cb(e); }\n      const s = client.query(cursor);\n      s.on('row', (row) => onRow(row));\n      s.on('end', () => client.query('COMMIT', () => { release(); cb(null); }));\n    });\n  });\n}",
      errors: [v('begin', 3), v('end', 7)],
    },
    { code: "function begin(pool, cb) { pool.connect((err, client, release) => { client.query('BEGIN', (e) => { if (e) { release(e); return cb(e); } cb(null, client, release); }); }); }", errors: [v('begin')] },
    // given the error, node-postgres destroys the client instead of pooling it
    {
      code: "function f(pool, cb) {\n  pool.connect((err, client, done) => {\n    client.query('BEGIN', (e) => {\n      client.query('UPDATE t', (e2) => {\n        if (e2) { done(e2); return cb(e2); }\n        client.query('COMMIT', () => done());\n      });\n    });\n  });\n}",
      errors: [v('begin', 3), v('end', 6)],
    },
    // await style: node-postgres' documented transaction; a `catch` that releases without `ROLLBACK`; a `finally` with no `catch`
    {
      code: "async function f(pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('UPDATE t');\n    await client.query('COMMIT');\n  } catch (e) {\n    await client.query('ROLLBACK');\n    throw e;\n  } finally {\n    client.release();\n  }\n}",
      errors: [v('begin', 4), v('end', 6), v('end', 8)],
    },
    {
      code: "async function f(pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('UPDATE t');\n    await client.query('COMMIT');\n    client.release();\n  } catch (e) {\n    client.release();\n    throw e;\n  }\n}",
      errors: [v('begin', 4), v('open 9', 4), v('end', 6)],
    },
    {
      code: "async function f(pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('UPDATE t');\n    await client.query('COMMIT');\n  } finally {\n    client.release();\n  }\n}",
      errors: [v('begin', 4), v('open 8', 4), v('end', 6)],
    },
    // a conditional transaction ended under the same test; a `catch` whose `try` throws only from `BEGIN` (it failed: nothing is open)
    {
      code: "async function f(pool, o) {\n  const client = await pool.connect();\n  if (o.tx) await client.query('BEGIN');\n  await client.query('UPDATE t');\n  if (o.tx) await client.query('COMMIT');\n  client.release();\n}",
      errors: [v('begin', 3), v('end', 5)],
    },
    {
      code: "async function f(pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n  } catch (e) {\n    client.release();\n    throw e;\n  }\n  return client;\n}",
      errors: [v('begin', 4)],
    },
    // …but one never ended under that test is open at the hand-back
    {
      code: "async function f(pool, o) {\n  const client = await pool.connect();\n  if (o.tx) await client.query('BEGIN');\n  await client.query('UPDATE t');\n  if (o.other) await client.query('COMMIT');\n  client.release();\n}",
      errors: [v('begin', 3), v('open 6', 3), v('end', 5)],
    },
    // a client never handed back, or handed back before BEGIN, or by another client: not this question's
    { code: "async function f(pool, other) { const client = await pool.connect(); client.release(); const c2 = await pool.connect(); await c2.query('BEGIN'); other.release(); }", errors: [v('begin')] },
    // a client's return-to-pool method is a registry list (`poolReturnMethods`), extended through settings
    {
      code: "async function f(pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('COMMIT');\n  } catch (e) {\n    client.checkin();\n    throw e;\n  }\n}",
      settings: { leaks: { names: { poolReturnMethods: ['checkin'] } } },
      errors: [v('begin', 4), v('open 7', 4), v('end', 5)],
    },
    {
      code: "async function f(pool) {\n  const client = await pool.connect();\n  try {\n    await client.query('BEGIN');\n    await client.query('COMMIT');\n  } catch (e) {\n    client.checkin();\n    throw e;\n  }\n}",
      errors: [v('begin', 4), v('end', 5)],
    },
  ],
};

ruleTester.run('transactions (TS parser)', debugTransaction, cases);
jsRuleTester.run('transactions (espree)', debugTransaction, cases);
