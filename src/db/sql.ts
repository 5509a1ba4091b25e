// Plain SQL for the few statements run on every chat message. On PostgreSQL it goes straight to
// the pg pool underneath Prisma: Prisma plans even a raw query in its WASM compiler and runtime,
// which cost more CPU than the query itself (bench/webhook's profile). Values are written and
// read as Prisma's adapter does (timestamps in UTC), so both paths see the same data.
import pg from 'pg';
import type { Db } from './database.js';

export type SqlValue = string | number | boolean | Date | null;
export type SqlRow = Record<string, unknown>;

export interface Sql {
  readonly provider: 'postgresql' | 'sqlite';
  /** `text` uses $1, $2, … in the order the values are given */
  query(text: string, values?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** the number of rows the statement changed */
  execute(text: string, values?: readonly SqlValue[]): Promise<number>;
}

/** "$1, $2, $3" from `start` — for a VALUES row or an IN list built at run time. */
export function placeholders(start: number, count: number): string {
  return Array.from({ length: count }, (_, index) => `$${start + index}`).join(', ');
}

const TIMESTAMP_OID = 1114;
// Prisma stores `timestamp(3)` (without time zone) in UTC; pg would read it as local time.
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID && format !== 'binary' ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

/** Distinct statement texts prepared per connection; batches of other sizes run unprepared. */
const MAX_PREPARED = 500;

export function postgresSql(pool: pg.Pool): Sql {
  // a timestamp without time zone ignores the offset of its input: an ISO string in UTC stays UTC
  const prepare = (values: readonly SqlValue[]) => values.map((value) => (value instanceof Date ? value.toISOString() : value));
  // Named statements are parsed and planned once per connection, not on every message.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED) names.set(text, (name = `cutri_${names.size}`));
    return name;
  };
  const run = (text: string, values: readonly SqlValue[]) => {
    const name = nameOf(text);
    return pool.query({ text, values: prepare(values), types: pgTypes, ...(name ? { name } : {}) });
  };
  return {
    provider: 'postgresql',
    query: async (text, values = []) => (await run(text, values)).rows as SqlRow[],
    execute: async (text, values = []) => (await run(text, values)).rowCount ?? 0,
  };
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
  return {
    provider: 'sqlite',
    query: (text, values = []) => db.$queryRawUnsafe<SqlRow[]>(numbered(text), ...values),
    execute: (text, values = []) => db.$executeRawUnsafe(numbered(text), ...values),
  };
}
