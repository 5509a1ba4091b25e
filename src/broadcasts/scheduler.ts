// Turns due, approved broadcasts into one Delivery row per recipient, exactly once: a
// conditional update (approved and not yet materialised → sending) inside the same transaction
// as the inserts, so with several instances on PostgreSQL only the one whose update matched
// materialises, and a crash midway leaves nothing half-done.
import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from '../lib/errors.js';
import { audienceSql } from './audience.js';
import { CHANNELS } from '../conversation/messages.js';
import { isQuietTime } from './quiet-hours.js';
import { readBroadcastSettings } from '../settings/settings-store.js';

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  timeZone: string;
}

export interface TickResult {
  materialized: { broadcastId: string; deliveries: number }[];
  /** due but held by quiet hours */
  held: string[];
  completed: string[];
}

export type BroadcastScheduler = ReturnType<typeof createBroadcastScheduler>;

export function createBroadcastScheduler({ db, clock, logger, timeZone }: SchedulerDeps) {
  let task: ScheduledTask | null = null;
  let running: Promise<unknown> = Promise.resolve();

  /** Returns the number of deliveries created, or null when another instance got there first. */
  async function materialize(broadcastId: string, now: Date): Promise<number | null> {
    // The audience cannot change once approved, so it is resolved before the transaction.
    const broadcast = await db.broadcast.findUniqueOrThrow({ where: { id: broadcastId } });
    const channel = CHANNELS.find((value) => value === broadcast.audienceChannel) ?? null;
    const audience = await audienceSql(db, { localityCode: broadcast.audienceLocality, channel });
    return db.$transaction(
      async (tx) => {
        const claimed = await tx.broadcast.updateMany({
          where: { id: broadcastId, status: 'approved', materializedAt: null },
          data: { status: 'sending', materializedAt: now },
        });
        if (claimed.count === 0) return null;
        // One INSERT … SELECT: the recipients never pass through this process's memory.
        return tx.$executeRaw`
          INSERT INTO "Delivery" ("broadcastId", "citizenId", "channel", "status", "attempts", "nextAttemptAt", "createdAt")
          SELECT ${broadcastId}, c."id", c."channel", 'pending', 0, ${now}, ${now} FROM "Citizen" c WHERE ${audience}`;
      },
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );
  }

  /** Marks sending broadcasts with nothing left to do as completed. */
  async function completeFinished(now: Date): Promise<string[]> {
    const sending = await db.broadcast.findMany({ where: { status: 'sending' }, select: { id: true } });
    const completed: string[] = [];
    for (const { id } of sending) {
      const open = await db.delivery.findFirst({
        where: { broadcastId: id, status: { in: ['pending', 'in_flight'] } },
        select: { id: true },
      });
      if (open) continue;
      const { count } = await db.broadcast.updateMany({
        where: { id, status: 'sending' },
        data: { status: 'completed', completedAt: now },
      });
      if (count > 0) completed.push(id);
    }
    return completed;
  }

  async function tick(now: Date = clock.now()): Promise<TickResult> {
    const settings = await readBroadcastSettings(db);
    const quiet = isQuietTime(now, settings.quietHours, timeZone);
    const due = await db.broadcast.findMany({
      where: { status: 'approved', materializedAt: null, OR: [{ scheduledAt: null }, { scheduledAt: { lte: now } }] },
      select: { id: true, urgent: true },
      orderBy: { createdAt: 'asc' },
    });
    const result: TickResult = { materialized: [], held: [], completed: [] };
    for (const broadcast of due) {
      if (quiet && !broadcast.urgent) {
        result.held.push(broadcast.id);
        continue;
      }
      const deliveries = await materialize(broadcast.id, now);
      if (deliveries !== null) {
        result.materialized.push({ broadcastId: broadcast.id, deliveries });
        logger.info({ broadcastId: broadcast.id, deliveries }, 'broadcast materialised');
      }
    }
    result.completed = await completeFinished(now);
    return result;
  }

  return {
    tick,
    start(): void {
      task = cron.schedule('* * * * *', () => {
        // A tick that takes longer than a minute is not started twice in one process.
        running = running
          .then(() => tick())
          .catch((error: unknown) => logger.error({ err: describeError(error) }, 'broadcast scheduler tick failed'));
      });
    },
    async stop(): Promise<void> {
      await task?.stop();
      task = null;
      await running;
    },
  };
}
