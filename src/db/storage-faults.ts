// Recognises "the database cannot serve us right now" (server down or restarting, connection
// cut, disk full, file unreadable) among the errors of every path to the database: Prisma's
// driver adapters, and the pg pool underneath, which the per-message plain SQL (sql.ts) and the
// outbox use directly and whose own errors Prisma also passes on unwrapped. The HTTP edge then
// answers 503 "try again later" instead of a 500 that looks like a bug. A webhook that gets a
// 503 is delivered again by the platform, so no update is lost. The shapes, each caught from a
// real failing connection: test/foundation/storage-faults.test.ts.
import { z } from 'zod';

const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'DatabaseDoesNotExist',
  'TransactionAlreadyClosed',
]);
/** SQLite result codes: 5 BUSY, 8 READONLY, 10 IOERR, 13 FULL, 14 CANTOPEN */
const SQLITE_CODES = new Set(['5', '8', '10', '13', '14']);
/** PostgreSQL SQLSTATE classes: 08 connection, 53 insufficient resources (disk full), 57P operator intervention (shutdown, starting up), 58 system */
const POSTGRES_STATE = /^(08|53|57P|58)/;
/** Prisma's own codes for an unreachable or vanished server */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017']);
/** the same seen from Node's own sockets and files (an AggregateError of every address tried carries the first one's) */
const SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOSPC', 'EROFS']);
/**
 * pg's own errors for a connection that broke, or that could not be had before the pool's
 * deadline (postgres-pool.ts). They carry no code: their message is all there is.
 */
const PG_CONNECTION_LOST = new Set([
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
]);

const adapterCause = z.object({ kind: z.string(), originalCode: z.string().optional(), code: z.string().optional() });
const prismaError = z.object({
  code: z.string().optional(),
  meta: z.object({ driverAdapterError: z.object({ cause: adapterCause }).optional() }).optional(),
  cause: z.unknown().optional(),
});
/** pg's DatabaseError: an error the server sent, with its SQLSTATE */
const postgresServerError = z.object({ code: z.string(), severity: z.string() });

export function isStorageUnavailable(error: unknown, depth = 0): boolean {
  const parsed = prismaError.safeParse(error);
  if (!parsed.success || depth > 3) return false;
  const { code, meta } = parsed.data;
  if (code !== undefined && (PRISMA_CODES.has(code) || SYSTEM_CODES.has(code))) return true;
  const server = postgresServerError.safeParse(error);
  if (server.success && POSTGRES_STATE.test(server.data.code)) return true;
  if (error instanceof Error && PG_CONNECTION_LOST.has(error.message)) return true;
  const adapter = meta?.driverAdapterError?.cause ?? adapterCause.safeParse(parsed.data.cause).data;
  if (adapter) {
    if (UNAVAILABLE_KINDS.has(adapter.kind)) return true;
    if (adapter.kind === 'sqlite' && SQLITE_CODES.has(adapter.originalCode ?? '')) return true;
    if (adapter.kind === 'postgres' && POSTGRES_STATE.test(adapter.code ?? adapter.originalCode ?? '')) return true;
  }
  // a driver error wrapped once more (e.g. in a transaction's rollback)
  return parsed.data.cause !== undefined && isStorageUnavailable(parsed.data.cause, depth + 1);
}
