// "This chat is gone": the one write for a citizen who blocked the bot, left, or whose chat the
// platform no longer knows. Never sent to again (the outbox and broadcasts skip blocked
// citizens), and their reminders stop. Writing to them again (a new message) lifts the block.
import type { Db, Transaction } from '../db/client.js';

/** The citizen(s): by id, or as the platform names them (a `my_chat_member` update). */
export type CitizenRef = { ids: readonly string[] } | { channel: string; platformUserId: string };

export async function markUnreachable(db: Db | Transaction, citizens: CitizenRef, now: Date): Promise<void> {
  const where =
    'ids' in citizens
      ? { id: { in: [...citizens.ids] } }
      : { channel: citizens.channel, platformUserId: citizens.platformUserId };
  if ('ids' in citizens && citizens.ids.length === 0) return;
  await db.citizen.updateMany({
    where,
    data: { blocked: true, blockedAt: now, subscribed: false, unsubscribedAt: now },
  });
}
