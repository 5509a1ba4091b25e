// Opens the Prisma client (and the plain SQL path) for the configured provider. Each provider has
// its own generated client; the rest of the code sees one type, `Db` (client.ts).
import { existsSync } from 'node:fs';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.js';
import type { Db } from './client.js';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import type { DatabaseTarget } from '../config/env.js';
import { postgresSql, sqliteSql, type Sql } from './sql.js';
import { ensurePrivateFile } from '../security/private-files.js';
import { SingleConnectionLibSQL } from './sqlite-adapter.js';
import { openPostgresPool, PrismaPgReleasingTransactions } from './postgres-pool.js';

/** The files SQLite writes beside a database (write-ahead log, shared memory). */
export function sqliteJournals(file: string): string[] {
  return [`${file}-wal`, `${file}-shm`];
}

export type { Db, Prisma, Transaction } from './client.js';

export interface Database {
  db: Db;
  /** plain SQL for the statements run on every message (see sql.ts) */
  sql: Sql;
  target: DatabaseTarget;
  close(): Promise<void>;
}

export function openDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}): Database {
  if (target.provider === 'postgresql') {
    // one pool for Prisma and for the plain statements
    const pool = openPostgresPool(target.url, { max: options.poolSize ?? 10 });
    const db = new PostgresClient({ adapter: new PrismaPgReleasingTransactions(pool) });
    return {
      db,
      sql: postgresSql(pool),
      target,
      close: async () => {
        await db.$disconnect();
        await pool.end();
      },
    };
  }
  ensurePrivateFile(target.file, sqliteJournals(target.file));
  const adapter = new SingleConnectionLibSQL({ url: target.url });
  const sqlite = new SqliteClient({ adapter });
  // The two generated clients differ only in the isolation levels $transaction accepts
  // (SQLite has just Serializable); the models and queries are the same, by construction.
  const db = sqlite as unknown as Db;
  return { db, sql: sqliteSql(db), target, close: () => sqlite.$disconnect() };
}

/**
 * True when the database answers a query on a real table. For SQLite the file must also still
 * be there: an open handle keeps answering after the data folder was removed, and every write
 * would then be lost at the next restart.
 */
export async function isDatabaseReachable(database: Database): Promise<boolean> {
  if (database.target.provider === 'sqlite' && !existsSync(database.target.file)) return false;
  try {
    await database.db.$queryRawUnsafe('SELECT 1 FROM "Setting" LIMIT 1');
    return true;
  } catch {
    return false;
  }
}
