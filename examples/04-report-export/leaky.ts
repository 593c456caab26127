// expect: leaks/no-leaked-resource
// The client is released only on the happy path: a failing query or the early return keeps
// it checked out, and the pool runs dry.
import type { Pool } from 'pg';

const SQL = 'select * from report';

export async function exportReport(pool: Pool) {
  const client = await pool.connect();
  const rows = await client.query(SQL); // throws → client is never released
  if (rows.rowCount === 0) return null; // early return → never released
  client.release();
  return rows;
}
