// The append-only audit log of officer actions. Each entry's hash covers its content and the
// previous entry's hash, so editing or deleting an entry breaks the chain from there on.
// Entries never hold identity plaintext.
import { createHash } from 'node:crypto';
import type { Db, Transaction } from '../db/client.js';

export interface AuditEntry {
  officerId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
/** Arbitrary constant: the PostgreSQL advisory lock that orders appends across instances. */
const AUDIT_LOCK_KEY = 7_263_002;

function entryHash(prevHash: string, at: Date, entry: { officerId: string | null; action: string; targetType: string | null; targetId: string | null; detail: string | null }): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, at.toISOString(), entry.officerId, entry.action, entry.targetType, entry.targetId, entry.detail]))
    .digest('hex');
}

/** Appends inside `tx` when given (so the entry commits with the action it records). */
export async function appendAudit(db: Db | Transaction, entry: AuditEntry, provider: 'sqlite' | 'postgresql'): Promise<void> {
  const write = async (tx: Transaction) => {
    if (provider === 'postgresql') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const last = await tx.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
    const prevHash = last?.hash ?? GENESIS;
    const at = new Date();
    const row = {
      officerId: entry.officerId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    };
    await tx.auditLog.create({ data: { ...row, at, prevHash, hash: entryHash(prevHash, at, row) } });
  };
  if ('$transaction' in db) await db.$transaction(write);
  else await write(db);
}

/** Walks the chain; returns the id of the first entry that does not match, or null when intact. */
export async function findAuditChainBreak(db: Db): Promise<number | null> {
  let prevHash = GENESIS;
  let cursor = 0;
  for (;;) {
    const rows = await db.auditLog.findMany({ where: { id: { gt: cursor } }, orderBy: { id: 'asc' }, take: 1000 });
    if (rows.length === 0) return null;
    for (const row of rows) {
      if (row.prevHash !== prevHash || row.hash !== entryHash(prevHash, row.at, row)) return row.id;
      prevHash = row.hash;
      cursor = row.id;
    }
  }
}
