// Where a secret (a reporter's name, address, phone) can be read in clear in a database: for
// SQLite, anywhere in the file and its write-ahead log as bytes (freed pages included); for
// PostgreSQL, in any text column of any table.
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { z } from 'zod';
import type { DatabaseTarget } from '../../src/config/env.js';

const columnRow = z.object({ table_name: z.string(), column_name: z.string() });
const countRow = z.object({ n: z.number() });

/** "file: secret" or "table.column: secret" for every place a secret is stored in clear. */
export async function placesHoldingPlaintext(target: DatabaseTarget, secrets: string[]): Promise<string[]> {
  const found: string[] = [];
  if (target.provider === 'sqlite') {
    for (const file of [target.file, `${target.file}-wal`].filter((candidate) => existsSync(candidate))) {
      const bytes = readFileSync(file);
      for (const secret of secrets) if (bytes.includes(Buffer.from(secret, 'utf8'))) found.push(`${file}: ${secret}`);
    }
    return found;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const columns = await client.query(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')",
    );
    for (const row of columns.rows) {
      const { table_name: table, column_name: column } = columnRow.parse(row);
      for (const secret of secrets) {
        const result = await client.query(
          `SELECT count(*)::int AS n FROM "${table}" WHERE strpos("${column}"::text, $1) > 0`,
          [secret],
        );
        if (countRow.parse(result.rows[0]).n > 0) found.push(`${table}.${column}: ${secret}`);
      }
    }
    return found;
  } finally {
    await client.end();
  }
}
