// Switches the officer group on when OFFICER_CHAT_ID is set and Telegram is on: the group's
// updates are taken out of the citizen conversation (an interceptor for the Telegram channel),
// and every newly filed ticket is announced. The group's messages go through the outbox.
import type { Db } from '../db/client.js';
import type { Translator } from '../i18n.js';
import { describeError } from '../lib/errors.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../outbox/outbox.js';
import type { TicketService } from '../tickets/types.js';
import { createOfficerGroup } from './officer-group.js';
import type { GroupPostIndex } from './post-index.js';

export interface OfficerGroupSetup {
  /** the group's chat id (OFFICER_CHAT_ID) */
  chatId: string;
  /** the Telegram bot's token: its user id is the part before the colon */
  botToken: string;
  outbox: Pick<Outbox, 'enqueue'>;
  posts: GroupPostIndex;
  tickets: TicketService;
  db: Db;
  i18n: Translator;
  timeZone: string;
  logger: Logger;
}

export interface OfficerGroupTickets {
  /** the ticket service that announces new tickets to the group */
  tickets: TicketService;
  /** sees every Telegram update first; true when it was the group's */
  interceptor: (update: unknown) => Promise<boolean>;
}

export function setUpOfficerGroup(setup: OfficerGroupSetup): OfficerGroupTickets {
  const { chatId, tickets, logger } = setup;
  const group = createOfficerGroup({
    chatId,
    botUserId: setup.botToken.split(':')[0] ?? '',
    post: (text, ticketCode) =>
      setup.outbox.enqueue([
        {
          recipient: { channel: 'telegram', citizenId: null, platformUserId: null, chatId },
          reply: { kind: 'notice', text },
          ...(ticketCode ? { origin: { kind: 'groupPost', id: ticketCode } } : {}),
        },
      ]),
    posts: setup.posts,
    tickets,
    db: setup.db,
    i18n: setup.i18n,
    timeZone: setup.timeZone,
    logger,
  });
  return {
    interceptor: group.handleUpdate,
    tickets: {
      ...tickets,
      async file(input) {
        const filed = await tickets.file(input);
        // The citizen's confirmation does not wait for the group; a failed post is only logged.
        if (filed.created) void group.announce(filed.code).catch((error: unknown) => logger.warn({ ticket: filed.code, err: describeError(error) }, 'officer group: ticket not posted'));
        return filed;
      },
    },
  };
}
