// The pg pool and Prisma's adapter live through the server ending their connections (as a
// PostgreSQL restart does), on the real PostgreSQL, one connection in the pool so that a lost
// one shows: a Prisma transaction whose connection was cut gives it back (before the fix the
// pool lost it for good, and with all lost every query waited for ever), and a connection cut
// while taken between two statements fails its next statement instead of ending the process.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaClient as PostgresClient } from '../../src/db/generated/postgresql/client.js';
import { openPostgresPool, PrismaPgReleasingTransactions } from '../../src/db/postgres-pool.js';
import { isStorageUnavailable } from '../../src/db/storage-faults.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/databases.js';

const providers = await testProviders();
const TERMINATE_SELF = 'SELECT pg_terminate_backend(pg_backend_pid())';

describe.skipIf(!providers.includes('postgresql'))('the PostgreSQL pool when the server ends its connections', () => {
  let testDb: TestDatabase;
  let admin: pg.Client;
  let pool: pg.Pool;
  let db: PostgresClient;
  beforeAll(async () => {
    testDb = await createTestDatabase('postgresql');
    admin = new pg.Client({ connectionString: testDb.target.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await testDb.drop();
  });
  beforeEach(() => {
    pool = openPostgresPool(testDb.target.url, { max: 1 });
    db = new PostgresClient({ adapter: new PrismaPgReleasingTransactions(pool) });
  });
  afterEach(async () => {
    await db.$disconnect();
    // a pool that lost a connection (the bug) would wait for it for ever: left to the process's exit
    if (pool.totalCount === pool.idleCount) await pool.end();
  });

  /** Ends the server process behind `pid` and waits until it is gone. */
  async function terminate(pid: number): Promise<void> {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    while ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount !== 0);
  }
  const backendPid = async (query: (text: string) => Promise<unknown>) =>
    Number(((await query('SELECT pg_backend_pid() AS pid')) as { pid: number }[])[0]?.pid);

  const cutTransactions: [string, () => Promise<unknown>][] = [
    ['under a statement (its ROLLBACK fails)', () => db.$transaction(async (tx) => tx.$queryRawUnsafe(TERMINATE_SELF))],
    [
      'before its COMMIT (the COMMIT fails)',
      () => db.$transaction(async (tx) => terminate(await backendPid((text) => tx.$queryRawUnsafe(text)))),
    ],
    [
      'in a batch transaction',
      () => db.$transaction([db.$queryRawUnsafe(TERMINATE_SELF), db.$queryRawUnsafe('SELECT 1 AS one')]),
    ],
  ];

  it.each(cutTransactions)('a Prisma transaction cut %s gives its connection back', async (_when, transaction) => {
    let failure: unknown;
    await transaction().catch((error: unknown) => (failure = error));
    expect(isStorageUnavailable(failure)).toBe(true);
    // nothing is still taken from the pool, and the next query gets a connection
    expect(pool.totalCount - pool.idleCount).toBe(0);
    expect(await db.$queryRawUnsafe('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('a connection cut while taken between two statements fails the next one and leaves the pool', async () => {
    const connection = await pool.connect();
    await connection.query('BEGIN');
    const ended = new Promise((resolve) => connection.once('end', resolve));
    // idle in its transaction: pg hears of the end as an 'error' event, which nobody waits for
    await terminate(await backendPid(async (text) => (await connection.query(text)).rows));
    await ended;
    let failure: unknown;
    await connection.query('SELECT 1').catch((error: unknown) => (failure = error));
    expect(isStorageUnavailable(failure)).toBe(true);
    connection.release();
    expect(pool.totalCount).toBe(0);
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
