// Recognises "the database cannot serve us right now" (server down or restarting, connection
// cut, disk full, file unreadable) among errors thrown through Prisma's driver adapters, so the
// HTTP edge answers 503 "try again later" instead of a 500 that looks like a bug. A webhook
// that gets a 503 is delivered again by the platform, so no update is lost.
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
/** PostgreSQL SQLSTATE classes: 08 connection, 53 insufficient resources (disk full), 57P operator intervention (shutdown), 58 system */
const POSTGRES_STATE = /^(08|53|57P|58)/;
/** Prisma's own codes for an unreachable or vanished server */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017']);
/** the same seen from Node's own sockets and files */
const SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOSPC', 'EROFS']);

const cause = z.object({ kind: z.string(), originalCode: z.string().optional(), code: z.string().optional() });
const prismaError = z.object({
  code: z.string().optional(),
  meta: z.object({ driverAdapterError: z.object({ cause }).optional() }).optional(),
  cause: z.unknown().optional(),
});

export function isStorageUnavailable(error: unknown, depth = 0): boolean {
  const parsed = prismaError.safeParse(error);
  if (!parsed.success || depth > 3) return false;
  const { code, meta } = parsed.data;
  if (code !== undefined && (PRISMA_CODES.has(code) || SYSTEM_CODES.has(code))) return true;
  const adapter = meta?.driverAdapterError?.cause ?? cause.safeParse(parsed.data.cause).data;
  if (adapter) {
    if (UNAVAILABLE_KINDS.has(adapter.kind)) return true;
    if (adapter.kind === 'sqlite' && SQLITE_CODES.has(adapter.originalCode ?? '')) return true;
    if (adapter.kind === 'postgres' && POSTGRES_STATE.test(adapter.code ?? adapter.originalCode ?? '')) return true;
  }
  // a driver error wrapped once more (e.g. in a transaction's rollback)
  return parsed.data.cause !== undefined && isStorageUnavailable(parsed.data.cause, depth + 1);
}
