// Switches the officer group on when OFFICER_CHAT_ID is set and Telegram is on: group updates
// are taken out of the citizen conversation, and every newly filed ticket is announced.
import type { AppContext } from '../app.js';
import type { ChannelSender } from '../outbox/sender.js';
import { describeError } from '../lib/errors.js';
import type { TicketService } from '../tickets/types.js';
import { createOfficerGroup, type GroupChat } from './officer-group.js';

/** The part of the Telegram channel the group uses. */
export interface TelegramGroupAccess {
  sender: ChannelSender;
  /** `handler` sees every update first; when it answers true the citizen conversation never sees it */
  interceptUpdates(handler: (update: unknown) => Promise<boolean>): void;
}

function telegramGroupChat(sender: ChannelSender, chatId: string): GroupChat {
  return {
    async post(text) {
      const outcome = await sender.send(chatId, [{ kind: 'notice', text }]);
      if (outcome.status !== 'sent') throw new Error(`officer group: message not delivered (${outcome.status}: ${outcome.error})`);
      return outcome.platformMessageId ?? null;
    },
  };
}

/** The ticket service to use: announcing new tickets to the group when the group is on, else unchanged. */
export function withOfficerGroup(context: AppContext, telegram: TelegramGroupAccess | null, tickets: TicketService): TicketService {
  const chatId = context.config.telegram?.officerChatId;
  if (!chatId || !telegram || !context.config.telegram) return tickets;
  const { logger } = context;
  const group = createOfficerGroup({
    chatId,
    // a bot's user id is the part of its token before the colon
    botUserId: context.config.telegram.token.split(':')[0] ?? '',
    chat: telegramGroupChat(telegram.sender, chatId),
    tickets,
    db: context.db,
    i18n: context.i18n,
    timeZone: context.election.timeZone,
    logger,
  });
  telegram.interceptUpdates(group.handleUpdate);
  return {
    ...tickets,
    async file(input) {
      const filed = await tickets.file(input);
      // The citizen's confirmation does not wait for the group; a failed post is only logged.
      if (filed.created) void group.announce(filed.code).catch((error: unknown) => logger.warn({ ticket: filed.code, err: describeError(error) }, 'officer group: ticket not posted'));
      return filed;
    },
  };
}
