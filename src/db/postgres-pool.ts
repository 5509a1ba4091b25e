// The pg pool and Prisma's adapter over it, made to live through a PostgreSQL restart. Two
// driver gaps would otherwise turn an outage into a crash or a hang (test/foundation/postgres-pool.test.ts):
// - pg emits 'error' on a connection the server ends while no statement is running on it. The
//   pool listens only on its idle connections, so one just handed to a caller (pool.connect(),
//   Prisma's interactive transactions) would take the process down with an unhandled 'error'.
// - Prisma 6.19 gives an interactive transaction's connection back only after its COMMIT or
//   ROLLBACK succeeded: when the connection was cut, the pool lost it for good, and once all
//   were lost every query waited for ever.
// And a deadline: a request waits for a connection (or for the server to accept one) at most
// CONNECT_WAIT_MS, then fails as "database unavailable" (503) instead of hanging.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;
type PgTransaction = Awaited<ReturnType<PgAdapter['startTransaction']>>;

/** far longer than a healthy pool makes anyone wait, even under load; short enough to tell a client to come back */
export const CONNECT_WAIT_MS = 10_000;

export function openPostgresPool(url: string, options: { max: number; connectWaitMs?: number }): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max,
    connectionTimeoutMillis: options.connectWaitMs ?? CONNECT_WAIT_MS,
  });
  // An idle connection the server dropped is discarded by the pool. Queries report the outage
  // themselves; the events only need a listener so that they do not end the process.
  pool.on('error', () => undefined);
  // Every connection keeps a listener, taken or idle: a statement on a connection that broke
  // fails with a connection error, and the pool discards it when it is given back.
  pool.on('connect', (connection) => connection.on('error', () => undefined));
  return pool;
}

/** Prisma's adapter over `pool`, whose interactive transactions always give their connection back. */
export class PrismaPgReleasingTransactions extends PrismaPg {
  override async connect(): Promise<PgAdapter> {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => releasedOnce(await startTransaction(isolationLevel));
    return adapter;
  }
}

const CLOSING_STATEMENTS = new Set(['COMMIT', 'ROLLBACK']);

/** The connection under a transaction: the adapter keeps it as `client`, outside its published types. */
const connectionOf = (transaction: PgTransaction): pg.PoolClient | undefined =>
  (transaction as unknown as { client?: pg.PoolClient }).client;

/**
 * The adapter's commit() and rollback() only give the connection back: once, and also when the
 * closing statement failed — then as broken, so that the pool discards it. A server that ends
 * the connection answers the COMMIT with its farewell error before the socket's end is read, and
 * a connection given back as healthy in that instant would be handed to the next query.
 */
function releasedOnce(transaction: PgTransaction): PgTransaction {
  let released = false;
  const once = (release: () => Promise<void> | void) => async () => {
    if (released) return;
    released = true;
    await release();
  };
  // the adapter's own, kept before Object.assign below replaces them on the object
  const giveBack = transaction.rollback.bind(transaction);
  const commit = once(transaction.commit.bind(transaction));
  const rollback = once(giveBack);
  const discard = (error: Error) =>
    once(() => {
      const connection = connectionOf(transaction);
      return connection ? connection.release(error) : giveBack();
    })();
  const executeRaw = transaction.executeRaw.bind(transaction);
  return Object.assign(transaction, {
    commit,
    rollback,
    executeRaw: async (query: Parameters<PgTransaction['executeRaw']>[0]) => {
      try {
        return await executeRaw(query);
      } catch (error) {
        // Prisma will not call commit() or rollback() now: give the connection back here
        if (CLOSING_STATEMENTS.has(query.sql))
          await discard(error instanceof Error ? error : new Error(`${query.sql} failed`));
        throw error;
      }
    },
  });
}
