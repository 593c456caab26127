// `finally` releases the client on every path out of the function.
import type { Pool } from 'pg';

const SQL = 'select * from report';

export async function exportReport(pool: Pool) {
  const client = await pool.connect();
  try {
    const rows = await client.query(SQL);
    if (rows.rowCount === 0) return null;
    return rows;
  } finally {
    client.release();
  }
}
