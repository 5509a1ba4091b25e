// What "the database cannot serve us right now" looks like on every path to PostgreSQL (the
// plain SQL on the pg pool, Prisma through its adapter, inside and outside transactions), each
// error caught from a real failing connection: the real server ending our own connection, and
// servers that fail as one does around a restart (test/support/broken-postgres.ts). Each is
// recognised (the HTTP edge answers 503), and a statement the server rejects is not (500).
//
// A known bug until the pg pool's own errors were recognised: during a PostgreSQL restart, a
// chat message whose statement was cut answered 500 (pg's DatabaseError 57P01, and the
// code-less "not queryable" and "Connection terminated unexpectedly").
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { PrismaClient as PostgresClient } from '../../src/db/generated/postgresql/client.js';
import { openPostgresPool, PrismaPgReleasingTransactions } from '../../src/db/postgres-pool.js';
import { isStorageUnavailable } from '../../src/db/storage-faults.js';
import { BrokenPostgres, twoAddressStream } from '../support/broken-postgres.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';
import { freePort } from '../support/free-port.js';

const providers = await testProviders();
const TERMINATE_SELF = 'SELECT pg_terminate_backend(pg_backend_pid())';
const CONNECTION_BROKE = [
  'Client has encountered a connection error and is not queryable',
  'Connection terminated unexpectedly',
];

/** What `attempt` threw; it must throw. */
async function caught(attempt: () => Promise<unknown>): Promise<unknown> {
  try {
    await attempt();
  } catch (error) {
    return error;
  }
  throw new Error('the attempt did not fail');
}

/** `use` on a database (plain SQL and Prisma) at `url`, closed after. */
async function onDatabase(url: string, use: (database: Database) => Promise<unknown>): Promise<unknown> {
  const database = openDatabase({ provider: 'postgresql', url }, { poolSize: 2 });
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

/** `use` on a broken server (its URL), stopped after. */
async function onBroken(server: Promise<BrokenPostgres>, use: (url: string) => Promise<unknown>): Promise<unknown> {
  const broken = await server;
  try {
    return await use(broken.url);
  } finally {
    await broken.stop();
  }
}

/** `use` on a pool, and Prisma over it, of a host name whose two addresses both refuse; closed after. */
async function onTwoRefusingAddresses(use: (pool: pg.Pool, db: PostgresClient) => Promise<unknown>): Promise<unknown> {
  const pool = new pg.Pool({ host: 'db.example', port: await freePort(), user: 'postgres', stream: twoAddressStream });
  const db = new PostgresClient({ adapter: new PrismaPgReleasingTransactions(pool) });
  try {
    return await use(pool, db);
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}

const refusedUrl = async () => `postgresql://postgres@127.0.0.1:${await freePort()}/cutri`;
const startingUp = () => BrokenPostgres.refusing('57P03', 'the database system is starting up');

describe.skipIf(!providers.includes('postgresql'))('PostgreSQL outages as the drivers report them', () => {
  let testDb: TestDatabase;
  let live: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase('postgresql');
    live = openDatabase(testDb.target, { poolSize: 2 });
  });
  afterAll(async () => {
    await live.close();
    await testDb.drop();
  });

  /** [what happened, the error it gave (caught), the shape that error has] */
  const unavailable: [string, () => Promise<unknown>, Record<string, unknown>][] = [
    [
      'the server ends the connection under a plain statement (pg DatabaseError 57P01)',
      () => caught(() => live.sql.query(TERMINATE_SELF)),
      { code: '57P01', severity: 'FATAL' },
    ],
    [
      'the server ends the connection under a Prisma statement (P2010, adapter cause 57P01)',
      () => caught(() => live.db.$queryRawUnsafe(TERMINATE_SELF)),
      { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', code: '57P01' } } } },
    ],
    [
      'a statement on a connection the server ended (pg: not queryable)',
      async () => {
        const client = new pg.Client({ connectionString: testDb.target.url });
        client.on('error', () => undefined);
        await client.connect();
        const ended = new Promise((resolve) => client.once('end', resolve));
        await client.query(TERMINATE_SELF).catch(() => undefined);
        await ended;
        return caught(() => client.query('SELECT 1'));
      },
      { message: 'Client has encountered a connection error and is not queryable' },
    ],
    [
      'a statement in a Prisma transaction after the server ended its connection (pg error passed on)',
      async () => {
        let next: unknown;
        await live.db
          .$transaction(async (tx) => {
            await tx.$queryRawUnsafe(TERMINATE_SELF).catch(() => undefined);
            next = await caught(() => tx.$queryRawUnsafe('SELECT 1'));
          })
          .catch(() => undefined);
        return next;
      },
      { message: expect.toBeOneOf(CONNECTION_BROKE) },
    ],
    [
      'the connection is cut before a word is said (pg: Connection terminated unexpectedly)',
      () =>
        onBroken(BrokenPostgres.hangingUp(), (url) => onDatabase(url, (db) => caught(() => db.sql.query('SELECT 1')))),
      { message: 'Connection terminated unexpectedly' },
    ],
    [
      'the connection is cut before a word is said, through Prisma (passed on unwrapped)',
      () =>
        onBroken(BrokenPostgres.hangingUp(), (url) => onDatabase(url, (db) => caught(() => db.db.setting.findFirst()))),
      { message: 'Connection terminated unexpectedly' },
    ],
    [
      'the server refuses connections (pg: ECONNREFUSED)',
      async () => onDatabase(await refusedUrl(), (db) => caught(() => db.sql.query('SELECT 1'))),
      { code: 'ECONNREFUSED' },
    ],
    [
      'the server refuses connections, through Prisma (P2010, DatabaseNotReachable)',
      async () => onDatabase(await refusedUrl(), (db) => caught(() => db.db.$queryRawUnsafe('SELECT 1'))),
      { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } },
    ],
    [
      'the server refuses a Prisma transaction (P1001)',
      async () =>
        onDatabase(await refusedUrl(), (db) => caught(() => db.db.$transaction(async (tx) => tx.setting.count()))),
      { code: 'P1001' },
    ],
    [
      'every address of the host refuses (pg: AggregateError)',
      () => onTwoRefusingAddresses((pool) => caught(() => pool.query('SELECT 1'))),
      { code: 'ECONNREFUSED', errors: [{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }] },
    ],
    [
      'every address of the host refuses, through Prisma',
      () => onTwoRefusingAddresses((_pool, db) => caught(() => db.setting.findFirst())),
      { code: 'ECONNREFUSED' },
    ],
    [
      'the server is starting up (pg DatabaseError 57P03)',
      () => onBroken(startingUp(), (url) => onDatabase(url, (db) => caught(() => db.sql.query('SELECT 1')))),
      { code: '57P03', severity: 'FATAL' },
    ],
    [
      "the server is starting up, through Prisma (the adapter's error passed on unwrapped)",
      () => onBroken(startingUp(), (url) => onDatabase(url, (db) => caught(() => db.db.setting.findFirst()))),
      { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57P03' } },
    ],
    [
      "every connection is taken past the pool's deadline",
      async () => {
        const pool = openPostgresPool(testDb.target.url, { max: 1, connectWaitMs: 50 });
        // the one connection is taken first; on a busy machine opening it may itself pass 50 ms
        const held = await holdConnection(pool);
        try {
          return await caught(() => pool.query('SELECT 1'));
        } finally {
          held.release();
          await pool.end();
        }
      },
      { message: 'timeout exceeded when trying to connect' },
    ],
    [
      "the server accepts and never answers, past the pool's deadline",
      () =>
        onBroken(BrokenPostgres.silent(), async (url) => {
          const pool = openPostgresPool(url, { max: 1, connectWaitMs: 50 });
          try {
            return await caught(() => pool.query('SELECT 1'));
          } finally {
            await pool.end();
          }
        }),
      { message: 'Connection terminated due to connection timeout' },
    ],
  ];

  it.each(unavailable)('recognises: %s', async (_what, capture, shape) => {
    const error = await capture();
    expect(error).toMatchObject(shape);
    expect(isStorageUnavailable(error)).toBe(true);
  });

  const notUnavailable: [string, () => Promise<unknown>, Record<string, unknown>][] = [
    [
      'a plain statement the server rejects (pg DatabaseError 22012)',
      () => caught(() => live.sql.query('SELECT 1 / 0')),
      { code: '22012', severity: 'ERROR' },
    ],
    [
      'a Prisma statement the server rejects (P2010, adapter cause 22012)',
      () => caught(() => live.db.$queryRawUnsafe('SELECT 1 / 0')),
      { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', code: '22012' } } } },
    ],
    ['a bug of ours', async () => new TypeError("Cannot read properties of undefined (reading 'id')"), {}],
  ];

  it.each(notUnavailable)('does not take for an outage: %s', async (_what, capture, shape) => {
    const error = await capture();
    expect(error).toMatchObject(shape);
    expect(isStorageUnavailable(error)).toBe(false);
  });
});

/** The pool's connection, trying again while opening it passes the pool's own short deadline. */
async function holdConnection(pool: pg.Pool): Promise<pg.PoolClient> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pool.connect();
    } catch (error) {
      if (attempt >= 20) throw error;
    }
  }
}
