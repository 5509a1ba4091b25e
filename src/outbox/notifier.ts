// Port and implementation: reach a citizen in their own channel, outside a request they made (an
// officer's reply, a status change). The messages become outbox rows inside the transaction of
// the change that causes them, so the change and its notice commit together; the outbox sends
// them once the transaction has committed, whatever the platform is doing at that moment.
import { CHANNELS, type Reply } from '../conversation/messages.js';
import type { Transaction } from '../db/client.js';
import type { Outbox } from './outbox.js';
import type { DeliveryState, Origin } from './outgoing.js';

export interface CitizenNotifier {
  /**
   * Writes the replies to the citizen as outbox rows inside `tx`. Answers the delivery's state
   * so far: 'sent' on the web chat (the widget reads its mailbox), 'queued' on Telegram and Zalo
   * (the origin hears how it settles), 'unreachable' for a citizen who blocked the bot and
   * 'failed' for one no longer known (nothing is written then).
   */
  store(tx: Transaction, citizenId: string, replies: Reply[], origin?: Origin): Promise<DeliveryState>;
  /** Once the transaction has committed: what it stored goes out now rather than at the next sweep. */
  send(): void;
}

export function createCitizenNotifier(outbox: Outbox): CitizenNotifier {
  return {
    async store(tx, citizenId, replies, origin) {
      const citizen = await tx.citizen.findUnique({
        where: { id: citizenId },
        select: { channel: true, platformUserId: true, chatId: true, blocked: true },
      });
      const channel = CHANNELS.find((known) => known === citizen?.channel);
      if (!citizen || !channel) return 'failed';
      if (citizen.blocked) return 'unreachable';
      const recipient = { channel, citizenId, platformUserId: citizen.platformUserId, chatId: citizen.chatId };
      await outbox.store.insertIn(
        tx,
        replies.map((reply) => ({ recipient, reply, origin: origin ?? null })),
      );
      return channel === 'web' ? 'sent' : 'queued';
    },
    send: () => outbox.wake(),
  };
}
