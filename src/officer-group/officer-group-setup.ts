// Switches the officer group on when OFFICER_CHAT_ID is set and Telegram is on: the group's
// updates are taken out of the citizen conversation (an interceptor for the Telegram channel),
// and every newly filed ticket is announced. The group's messages go through the outbox.
import { describeError } from '../lib/errors.js';
import type { Outbox } from '../outbox/outbox.js';
import type { TicketService } from '../tickets/types.js';
import { createOfficerGroup, type OfficerGroupDeps } from './officer-group.js';

export interface OfficerGroupSetup extends Omit<OfficerGroupDeps, 'botUserId' | 'post'> {
  /** the Telegram bot's token: its user id is the part before the colon */
  botToken: string;
  outbox: Pick<Outbox, 'enqueue'>;
}

export interface OfficerGroupTickets {
  /** the ticket service that announces new tickets to the group */
  tickets: TicketService;
  /** sees every Telegram update first; true when it was the group's */
  interceptor: (update: unknown) => Promise<boolean>;
}

export function setUpOfficerGroup(setup: OfficerGroupSetup): OfficerGroupTickets {
  const { chatId, tickets, logger } = setup;
  const { botToken, outbox, ...deps } = setup;
  const group = createOfficerGroup({
    ...deps,
    botUserId: botToken.split(':')[0] ?? '',
    post: (text, ticketCode) =>
      outbox.enqueue([
        {
          recipient: { channel: 'telegram', citizenId: null, platformUserId: null, chatId },
          reply: { kind: 'notice', text },
          ...(ticketCode ? { origin: { kind: 'groupPost', id: ticketCode } } : {}),
        },
      ]),
  });
  return {
    interceptor: group.handleUpdate,
    tickets: {
      ...tickets,
      async file(input) {
        const filed = await tickets.file(input);
        // The citizen's confirmation does not wait for the group; a failed post is only logged.
        if (filed.created)
          void group
            .announce(filed.code)
            .catch((error: unknown) =>
              logger.warn({ ticket: filed.code, err: describeError(error) }, 'officer group: ticket not posted'),
            );
        return filed;
      },
    },
  };
}
