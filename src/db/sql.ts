// Plain SQL for the few statements run on every chat message. On PostgreSQL it goes straight to
// the pg pool underneath Prisma: Prisma plans even a raw query in its WASM compiler and runtime,
// which cost more CPU than the query itself (bench/webhook's profile). Values are written and
// read as Prisma's adapter does (timestamps in UTC), so both paths see the same data.
import pg from 'pg';
import type { Db } from './client.js';

/** Arrays are for PostgreSQL's unnest() only: one statement text whatever the batch size. */
export type SqlValue = string | number | boolean | Date | null | readonly (string | number | null)[];
export type SqlRow = Record<string, unknown>;

export interface Sql {
  readonly provider: 'postgresql' | 'sqlite';
  /** `text` uses $1, $2, … in the order the values are given */
  query(text: string, values?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** the number of rows the statement changed */
  execute(text: string, values?: readonly SqlValue[]): Promise<number>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
}

/** "$1, $2, $3" from `start` — for a VALUES row or an IN list built at run time. */
export function placeholders(start: number, count: number): string {
  return Array.from({ length: count }, (_, index) => `$${start + index}`).join(', ');
}

const TIMESTAMP_OID = 1114;
// Prisma stores `timestamp(3)` (without time zone) in UTC; pg would read it as local time.
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID && format !== 'binary'
      ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
      : pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

/** Distinct statement texts prepared per connection; batches of other sizes run unprepared. */
const MAX_PREPARED = 500;

export function postgresSql(pool: pg.Pool): Sql {
  // a timestamp without time zone ignores the offset of its input: an ISO string in UTC stays UTC
  const prepare = (values: readonly SqlValue[]) =>
    values.map((value) => (value instanceof Date ? value.toISOString() : value));
  // Named statements are parsed and planned once per connection, not on every message.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED) names.set(text, (name = `cutri_${names.size}`));
    return name;
  };
  const on = (client: pg.Pool | pg.PoolClient): Sql => {
    const run = (text: string, values: readonly SqlValue[]) => {
      const name = nameOf(text);
      return client.query({ text, values: prepare(values), types: pgTypes, ...(name ? { name } : {}) });
    };
    return {
      provider: 'postgresql',
      query: async (text, values = []) => (await run(text, values)).rows as SqlRow[],
      execute: async (text, values = []) => (await run(text, values)).rowCount ?? 0,
      async transaction(work) {
        const connection = await pool.connect();
        try {
          await connection.query('BEGIN');
          const result = await work(on(connection));
          await connection.query('COMMIT');
          return result;
        } catch (error) {
          await connection.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          connection.release();
        }
      },
    };
  };
  return on(pool);
}

/**
 * SQLite keeps going through Prisma: its adapter serialises all work on the one libsql
 * connection (a transaction holds it), and an in-process database has no network round trip
 * to save.
 */
export function sqliteSql(db: Db): Sql {
  const statements = new Map<string, string>();
  // SQLite's ?NNN is the numbered parameter; its $name would be bound by first appearance
  const numbered = (text: string) => {
    let converted = statements.get(text);
    if (converted === undefined) statements.set(text, (converted = text.replace(/\$(\d+)/g, '?$1')));
    return converted;
  };
  const on = (client: Pick<Db, '$queryRawUnsafe' | '$executeRawUnsafe'>, inTransaction: boolean): Sql => ({
    provider: 'sqlite',
    query: (text, values = []) => client.$queryRawUnsafe<SqlRow[]>(numbered(text), ...values),
    execute: (text, values = []) => client.$executeRawUnsafe(numbered(text), ...values),
    transaction: (work) => (inTransaction ? work(on(client, true)) : db.$transaction((tx) => work(on(tx, true)))),
  });
  return on(db, false);
}
