// The append-only audit log of officer actions. Each entry's hash covers its content and the
// previous entry's hash, so editing or deleting an entry breaks the chain from there on. The
// hash is an HMAC under a key derived from DATA_ENCRYPTION_KEY, which is not in the database:
// someone who can edit the database cannot recompute the chain. Entries written before the
// chain was keyed (plain SHA-256) still verify, as "legacy", but only before the first keyed
// one. Cutting the tail off leaves a shorter chain that is valid in itself; the anchors catch
// that (see audit-anchor.ts). Entries never hold identity plaintext.
import { createHash, createHmac } from 'node:crypto';
import type { Db, Transaction } from '../db/client.js';
import type { Clock } from '../lib/clock.js';

export interface AuditEntry {
  officerId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

interface StoredEntry {
  id: number;
  at: Date;
  officerId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: string | null;
  prevHash: string;
  hash: string;
  keyed: boolean;
}

/** Where a walk along the chain stands: the last entry checked and what it found so far. */
export interface ChainPosition {
  id: number;
  hash: string;
  /** the last unkeyed entry seen (null: none), and whether a keyed one came already */
  legacyUpTo: number | null;
  keyedSeen: boolean;
}

export interface ChainWalk {
  position: ChainPosition;
  /** the first entry that does not match, or null */
  brokenAt: number | null;
  checkedEntries: number;
}

export const GENESIS = '0'.repeat(64);
export const START: ChainPosition = { id: 0, hash: GENESIS, legacyUpTo: null, keyedSeen: false };
/** Arbitrary constant: the PostgreSQL advisory lock that orders appends across instances. */
const AUDIT_LOCK_KEY = 7_263_002;
const PAGE = 1000;

function payload(
  prevHash: string,
  at: Date,
  entry: Pick<StoredEntry, 'officerId' | 'action' | 'targetType' | 'targetId' | 'detail'>,
): string {
  return JSON.stringify([
    prevHash,
    at.toISOString(),
    entry.officerId,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.detail,
  ]);
}

export interface AuditChain {
  /** Appends inside `tx` when given (so the entries commit with the action they record). */
  append(db: Db | Transaction, entries: AuditEntry | readonly AuditEntry[]): Promise<void>;
  /** Walks the chain from `from` (the start when omitted) to its end. */
  walk(from?: ChainPosition): Promise<ChainWalk>;
  /** Told after every append (the anchor schedules itself from it). */
  onAppend(listener: () => void): void;
}

/** What a service that records actions needs of the chain. */
export type AuditAppender = Pick<AuditChain, 'append'>;

export function createAuditChain(deps: {
  db: Db;
  provider: 'sqlite' | 'postgresql';
  key: Buffer;
  clock: Clock;
}): AuditChain {
  const { db, provider, key, clock } = deps;
  const listeners: (() => void)[] = [];
  const keyedHash = (text: string) => createHmac('sha256', key).update(text).digest('hex');
  const legacyHash = (text: string) => createHash('sha256').update(text).digest('hex');

  async function write(tx: Transaction, entries: readonly AuditEntry[]): Promise<void> {
    if (provider === 'postgresql') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const last = await tx.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
    let prevHash = last?.hash ?? GENESIS;
    for (const entry of entries) {
      const at = clock.now();
      const row = {
        officerId: entry.officerId,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
      };
      const hash = keyedHash(payload(prevHash, at, row));
      await tx.auditLog.create({ data: { ...row, at, prevHash, hash, keyed: true } });
      prevHash = hash;
    }
  }

  return {
    async append(target, entries) {
      const list = Array.isArray(entries) ? entries : [entries as AuditEntry];
      if (list.length === 0) return;
      if ('$transaction' in target) await target.$transaction((tx) => write(tx, list));
      else await write(target, list);
      for (const listener of listeners) listener();
    },

    async walk(from = START) {
      const position = { ...from };
      let checkedEntries = 0;
      for (;;) {
        const rows: StoredEntry[] = await db.auditLog.findMany({
          where: { id: { gt: position.id } },
          orderBy: { id: 'asc' },
          take: PAGE,
        });
        if (rows.length === 0) return { position, brokenAt: null, checkedEntries };
        for (const row of rows) {
          checkedEntries += 1;
          const text = payload(position.hash, row.at, row);
          const matches =
            row.prevHash === position.hash && row.hash === (row.keyed ? keyedHash(text) : legacyHash(text));
          // an unkeyed entry after a keyed one is someone recomputing the chain without the key
          if (!matches || (!row.keyed && position.keyedSeen)) return { position, brokenAt: row.id, checkedEntries };
          position.id = row.id;
          position.hash = row.hash;
          if (row.keyed) position.keyedSeen = true;
          else position.legacyUpTo = row.id;
        }
      }
    },

    onAppend(listener) {
      listeners.push(listener);
    },
  };
}
