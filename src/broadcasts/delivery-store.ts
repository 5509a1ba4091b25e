// The Delivery table as the engine uses it: claim a small batch, record what happened, and
// put back rows an instance that is gone (src/instances) left in flight. On PostgreSQL several workers claim with
// FOR UPDATE SKIP LOCKED; on SQLite one worker claims with a plain conditional update.
// The per-batch writes are plain SQL statements: through the libsql adapter each Prisma
// updateMany opens a transaction whose native memory is freed only at a later GC (measured:
// about 200 kB per call), which at 1000 messages/s grew the process by gigabytes.
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { Prisma as PrismaSql } from '../db/generated/postgresql/client.js';
import type { DatabaseTarget } from '../config/env.js';
import type { Channel } from '../conversation/messages.js';
import { isLocale, type Locale } from '../i18n.js';
import { markUnreachable } from '../citizens/citizen-store.js';

export interface ClaimedDelivery {
  id: number;
  attempts: number;
  broadcastId: string;
  citizenId: string;
  /** the citizen's id on the platform (the web chat's session id) */
  platformUserId: string;
  chatId: string;
  locale: Locale;
  text: string;
  staleAt: Date | null;
}

export type DeliveryResult =
  | { kind: 'sent' }
  /** never retried; `unsubscribe` when the citizen blocked the bot or the chat is gone */
  | { kind: 'skipped'; reason: string; unsubscribe: boolean }
  | { kind: 'retry'; error: string; at: Date; countsAttempt: boolean }
  | { kind: 'failed'; error: string }
  /** not attempted (stopping, or the broadcast was paused): back to pending as it was */
  | { kind: 'released' };

/** A claimed row as PostgreSQL's claim statement returns it (one statement: claim and read). */
const claimedRow = z.object({
  id: z.coerce.number(),
  attempts: z.coerce.number(),
  broadcastId: z.string(),
  citizenId: z.string(),
  platformUserId: z.string(),
  chatId: z.string(),
  locale: z.string(),
  text: z.string(),
  staleAt: z.coerce.date().nullable(),
});

const anyRows = z.array(z.unknown());

export function createDeliveryStore(db: Db, provider: DatabaseTarget['provider']) {
  /**
   * PostgreSQL: claims and reads the batch in one statement, each row with the text in its
   * recipient's language. Through Prisma's relation loading (a findMany with two relations) every
   * batch cost a second round trip and about 100 kB of short-lived objects that, at thousands of
   * messages a second, outlived the young generation and grew the engine's heap (bench/broadcast).
   */
  async function claimPostgres(channel: Channel, limit: number, instanceId: string, now: Date) {
    const rows = await db.$queryRaw`
      WITH claimed AS (
        UPDATE "Delivery" SET "status" = 'in_flight', "claimedBy" = ${instanceId}, "claimedAt" = ${now}
        WHERE "id" IN (
          SELECT d."id" FROM "Delivery" d JOIN "Broadcast" b ON b."id" = d."broadcastId"
          WHERE d."status" = 'pending' AND d."channel" = ${channel} AND d."nextAttemptAt" <= ${now} AND b."status" = 'sending'
          ORDER BY d."nextAttemptAt" LIMIT ${limit}
          FOR UPDATE OF d SKIP LOCKED)
        RETURNING "id", "attempts", "broadcastId", "citizenId")
      SELECT c."id", c."attempts", c."broadcastId", c."citizenId", z."platformUserId", z."chatId", z."locale",
        CASE WHEN z."locale" = 'en' THEN b."textEn" ELSE b."textVi" END AS "text", b."staleAt"
      FROM claimed c JOIN "Citizen" z ON z."id" = c."citizenId" JOIN "Broadcast" b ON b."id" = c."broadcastId"
      ORDER BY c."id"`;
    return claimedRow
      .array()
      .parse(rows)
      .map((row): ClaimedDelivery => ({ ...row, locale: isLocale(row.locale) ? row.locale : 'vi' }));
  }

  /** SQLite (one worker): pick the ids, claim them with a conditional update. */
  async function claimIds(channel: Channel, limit: number, instanceId: string, now: Date): Promise<number[]> {
    const candidates = await db.delivery.findMany({
      where: { status: 'pending', channel, nextAttemptAt: { lte: now }, broadcast: { status: 'sending' } },
      select: { id: true },
      // The order of the (status, channel, nextAttemptAt) index: no walk over rows already sent.
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
    });
    const ids = candidates.map((row) => row.id);
    if (ids.length === 0) return [];
    await db.$executeRaw`UPDATE "Delivery" SET "status" = 'in_flight', "claimedBy" = ${instanceId}, "claimedAt" = ${now} WHERE "id" IN (${PrismaSql.join(ids)}) AND "status" = 'pending'`;
    return ids;
  }

  return {
    async claim(channel: Channel, limit: number, instanceId: string, now: Date): Promise<ClaimedDelivery[]> {
      if (provider === 'postgresql') return claimPostgres(channel, limit, instanceId, now);
      const ids = await claimIds(channel, limit, instanceId, now);
      if (ids.length === 0) return [];
      const rows = await db.delivery.findMany({
        where: { id: { in: ids }, claimedBy: instanceId },
        select: {
          id: true,
          attempts: true,
          broadcastId: true,
          citizen: { select: { id: true, platformUserId: true, chatId: true, locale: true } },
          broadcast: { select: { textVi: true, textEn: true, staleAt: true } },
        },
        orderBy: { id: 'asc' },
      });
      return rows.map((row) => {
        const locale: Locale = isLocale(row.citizen.locale) ? row.citizen.locale : 'vi';
        return {
          id: row.id,
          attempts: row.attempts,
          broadcastId: row.broadcastId,
          citizenId: row.citizen.id,
          platformUserId: row.citizen.platformUserId,
          chatId: row.citizen.chatId,
          locale,
          text: locale === 'en' ? row.broadcast.textEn : row.broadcast.textVi,
          staleAt: row.broadcast.staleAt,
        };
      });
    },

    /** Writes the batch's results: one statement per kind where the values are shared. */
    async record(batch: ClaimedDelivery[], results: DeliveryResult[], now: Date): Promise<void> {
      const sent: number[] = [];
      const released: number[] = [];
      const unsubscribe: string[] = [];
      const writes: Promise<unknown>[] = [];
      batch.forEach((delivery, index) => {
        const result = results[index] ?? { kind: 'released' };
        const where = { id: delivery.id, status: 'in_flight' };
        switch (result.kind) {
          case 'sent':
            sent.push(delivery.id);
            break;
          case 'released':
            released.push(delivery.id);
            break;
          case 'skipped':
            if (result.unsubscribe) unsubscribe.push(delivery.citizenId);
            writes.push(
              db.delivery.updateMany({
                where,
                data: {
                  status: 'skipped',
                  lastError: result.reason,
                  attempts: { increment: result.unsubscribe ? 1 : 0 },
                },
              }),
            );
            break;
          case 'retry':
            writes.push(
              db.delivery.updateMany({
                where,
                data: {
                  status: 'pending',
                  claimedBy: null,
                  claimedAt: null,
                  nextAttemptAt: result.at,
                  lastError: result.error,
                  attempts: { increment: result.countsAttempt ? 1 : 0 },
                },
              }),
            );
            break;
          case 'failed':
            writes.push(
              db.delivery.updateMany({
                where,
                data: { status: 'failed', lastError: result.error, attempts: { increment: 1 } },
              }),
            );
            break;
        }
      });
      if (sent.length > 0)
        writes.push(
          db.$executeRaw`UPDATE "Delivery" SET "status" = 'sent', "sentAt" = ${now}, "attempts" = "attempts" + 1 WHERE "id" IN (${PrismaSql.join(sent)})`,
        );
      if (released.length > 0)
        writes.push(
          db.$executeRaw`UPDATE "Delivery" SET "status" = 'pending', "claimedBy" = NULL, "claimedAt" = NULL WHERE "id" IN (${PrismaSql.join(released)})`,
        );
      writes.push(markUnreachable(db, { ids: unsubscribe }, now));
      await Promise.all(writes);
    },

    /** Completes the broadcasts among `ids` that have nothing pending or in flight. */
    async completeIfDone(ids: string[], now: Date): Promise<void> {
      for (const id of new Set(ids)) {
        // An existence check, not a count: it stays cheap with 100 000 rows per broadcast. Plain
        // SQL: it runs after every batch, and Prisma's findFirst compiles and interprets a plan.
        const open = anyRows.parse(
          await db.$queryRaw`SELECT 1 AS "open" FROM "Delivery" WHERE "broadcastId" = ${id} AND "status" IN ('pending', 'in_flight') LIMIT 1`,
        );
        if (open.length === 0)
          await db.broadcast.updateMany({
            where: { id, status: 'sending' },
            data: { status: 'completed', completedAt: now },
          });
      }
    },

    /**
     * Puts back to pending the rows in flight at an instance not in `alive` (it is gone), or held
     * longer than the lease, or left by this instance's previous run. Those rows may have been
     * sent just before the crash: at most one batch per dead worker is sent twice.
     */
    async releaseAbandoned(
      instanceId: string,
      alive: readonly string[],
      leaseExpiredBefore: Date,
      ownToo: boolean,
    ): Promise<number> {
      const { count } = await db.delivery.updateMany({
        where: ownToo
          ? {
              status: 'in_flight',
              OR: [
                { claimedBy: { notIn: [...alive] } },
                { claimedAt: { lt: leaseExpiredBefore } },
                { claimedBy: instanceId },
              ],
            }
          : {
              status: 'in_flight',
              NOT: { claimedBy: instanceId },
              OR: [{ claimedBy: { notIn: [...alive, instanceId] } }, { claimedAt: { lt: leaseExpiredBefore } }],
            },
        data: { status: 'pending', claimedBy: null, claimedAt: null },
      });
      return count;
    },
  };
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;
