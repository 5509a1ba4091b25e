// Reaches a citizen outside a request. Web chat citizens have no push channel: their messages
// are stored as OutboundMessage rows that the widget polls. Telegram and Zalo citizens get them
// through the channel's sender, and only the web channel stores rows (the broadcast engine keeps
// its own delivery records for the other channels).
import type { ChannelSender, SendOutcome } from './sender.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';
import type { CitizenNotifier } from './notifier.js';
import type { Reply } from '../conversation/messages.js';

export interface CitizenNotifierOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** senders of the channels that are switched on */
  senders: ChannelSender[];
}

export function createCitizenNotifier(options: CitizenNotifierOptions): CitizenNotifier & { addSender(sender: ChannelSender): void } {
  const { db, clock, logger } = options;
  const senders = new Map(options.senders.map((sender) => [sender.channel, sender]));
  return {
    addSender(sender) {
      senders.set(sender.channel, sender);
    },
    async notify(citizenId: string, replies: Reply[]): Promise<SendOutcome> {
      try {
        const citizen = await db.citizen.findUnique({ where: { id: citizenId } });
        if (!citizen) return { status: 'unreachable', error: 'citizen not found' };
        if (citizen.blocked) return { status: 'unreachable', error: 'citizen blocked the bot' };
        if (citizen.channel === 'web') {
          for (const reply of replies) {
            await db.outboundMessage.create({
              data: { citizenId, kind: reply.kind, text: reply.text, options: reply.options ? JSON.stringify(reply.options) : null },
            });
          }
          return { status: 'sent' };
        }
        const sender = senders.get(citizen.channel === 'telegram' ? 'telegram' : 'zalo');
        if (!sender) return { status: 'failed', retryable: true, error: `channel ${citizen.channel} is switched off` };
        const outcome = await sender.send(citizen.chatId, replies);
        if (outcome.status === 'unreachable') await markCitizenUnreachable(db, citizenId, clock.now());
        return outcome;
      } catch (error) {
        logger.error({ err: describeError(error) }, 'notifier: could not reach the citizen');
        return { status: 'failed', retryable: true, error: describeError(error) };
      }
    },
  };
}

/** The citizen blocked the bot or left: never send again, and stop their reminders. */
export async function markCitizenUnreachable(db: Db, citizenId: string, now: Date): Promise<void> {
  await db.citizen.update({ where: { id: citizenId }, data: { blocked: true, blockedAt: now, subscribed: false, unsubscribedAt: now } });
}

/** Same, found by platform ids (a `my_chat_member` update, a 403 on a reply). */
export async function markChatUnreachable(db: Db, channel: 'telegram' | 'zalo', platformUserId: string, now: Date): Promise<void> {
  await db.citizen.updateMany({ where: { channel, platformUserId }, data: { blocked: true, blockedAt: now, subscribed: false, unsubscribedAt: now } });
}
