// The optional officer group on Telegram: every new ticket is posted there (without the
// reporter's identity); an officer whose Telegram account is linked to a console account
// answers the citizen by replying to the post, and takes or closes it with /claim and /resolve.
// Every action goes through the ticket service as that officer, so scope and role rules are
// exactly the console's; other members get a polite refusal. Everything the bot says in the group
// goes through the outbox, so handling an update never waits on Telegram.
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/prisma-helpers.js';
import type { Locale, Translator } from '../i18n.js';
import type { Logger } from '../logger.js';
import { DomainError, describeError } from '../lib/errors.js';
import { ROLES } from '../officers/roles.js';
import type { Actor, TicketService } from '../tickets/types.js';
import {
  chatIdOfUpdate,
  readGroupCommand,
  readGroupMessage,
  type GroupCommand,
  type GroupMessage,
} from './group-message.js';
import type { GroupPostIndex } from './post-index.js';
import { ticketPostText } from './ticket-post.js';

/** Where the group's messages go: the outbox, to the group's chat; a ticket's post carries its code (the index learns its message id). */
export type GroupPoster = (text: string, ticketCode?: string) => Promise<void>;

export interface OfficerGroupDeps {
  /** the group's chat id (OFFICER_CHAT_ID) */
  chatId: string;
  /** the bot's own user id: only replies to the bot's posts count */
  botUserId: string;
  post: GroupPoster;
  posts: GroupPostIndex;
  tickets: TicketService;
  db: Db;
  i18n: Translator;
  timeZone: string;
  logger: Logger;
  /** the group's language (default Vietnamese) */
  locale?: Locale;
}

export interface OfficerGroup {
  /** Posts a newly filed ticket to the group. */
  announce(code: string): Promise<void>;
  /** Handles the update when it comes from the officer group (true), else leaves it (false). */
  handleUpdate(update: unknown): Promise<boolean>;
}

const role = z.enum(ROLES);

/** The group's answer to a failure of the ticket service. */
function refusalKey(error: unknown): string {
  if (!(error instanceof DomainError)) return 'officerGroup:refusal.failed';
  if (error.code === 'ticket.not_found') return 'officerGroup:refusal.notFound';
  if (error.kind === 'forbidden') return 'officerGroup:refusal.forbidden';
  if (error.code === 'ticket.bad_transition' || error.code === 'ticket.closed' || error.code === 'ticket.changed')
    return 'officerGroup:refusal.badTransition';
  if (error.code.startsWith('ticket.message_')) return 'officerGroup:refusal.invalidText';
  if (error.code === 'ticket.bad_assignee') return 'officerGroup:refusal.badAssignee';
  return 'officerGroup:refusal.failed';
}

export function createOfficerGroup(deps: OfficerGroupDeps): OfficerGroup {
  const { db, tickets, logger, posts } = deps;
  const locale = deps.locale ?? 'vi';
  const say = (key: string, values?: Record<string, unknown>) => deps.post(deps.i18n.t(locale, key, values));

  /** False when this update was already handled (a webhook delivered twice). */
  async function firstTime(updateId: number | null): Promise<boolean> {
    if (updateId === null) return true;
    try {
      await db.processedUpdate.create({ data: { channel: 'telegram', updateKey: `officer-group:${updateId}` } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async function linkedOfficer(telegramUserId: string) {
    const officer = await db.officer.findUnique({ where: { telegramUserId } });
    return officer?.active ? officer : null;
  }

  async function runCommand(
    actor: Actor,
    officerName: string,
    command: GroupCommand,
    postCode: string | null,
  ): Promise<void> {
    if (command.malformedCode) return void (await say('officerGroup:refusal.badCode'));
    const code = command.code ?? postCode;
    if (!code) return void (await say('officerGroup:refusal.needCode', { command: command.command }));
    if (command.command === 'claim') await tickets.assign(actor, code, actor.officerId);
    else await tickets.changeStatus(actor, code, 'resolved');
    await say(`officerGroup:done.${command.command}`, { code, officer: officerName });
  }

  async function act(message: GroupMessage, command: GroupCommand | null, postCode: string | null): Promise<void> {
    const officer = await linkedOfficer(message.fromId);
    if (!officer)
      return void (await say('officerGroup:refusal.notLinked', { name: message.fromName || message.fromId }));
    const actor: Actor = { officerId: officer.id, role: role.parse(officer.role), localityCode: officer.localityCode };
    const officerName = officer.displayName ?? officer.username;
    try {
      if (command) return await runCommand(actor, officerName, command, postCode);
      if (!postCode) return;
      const { delivery } = await tickets.reply(actor, postCode, message.text);
      const onItsWay = delivery === 'sent' || delivery === 'queued' || delivery === 'retrying';
      await say(onItsWay ? 'officerGroup:done.reply' : 'officerGroup:done.replyNotDelivered', {
        code: postCode,
        officer: officerName,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) logger.error({ err: describeError(error) }, 'officer group: action failed');
      await say(refusalKey(error), { code: command?.code ?? postCode ?? '' });
    }
  }

  return {
    async announce(code) {
      const text = await ticketPostText(db, deps.i18n, locale, deps.timeZone, code);
      if (!text) return;
      posts.posting(code);
      await deps.post(text, code);
    },

    async handleUpdate(update) {
      if (chatIdOfUpdate(update) !== deps.chatId) return false;
      const message = readGroupMessage(update, deps.botUserId);
      if (!message) return true;
      const command = readGroupCommand(message.text);
      // Other commands (/start…) and plain talk among officers are not for the bot.
      if (!command && message.text.startsWith('/')) return true;
      const postCode = message.repliesToBotMessage ? await posts.codeOf(message.repliesToBotMessage) : null;
      if (!command && !postCode) return true;
      if (!(await firstTime(message.updateId))) return true;
      await act(message, command, postCode).catch((error: unknown) =>
        logger.error({ err: describeError(error) }, 'officer group: action failed'),
      );
      return true;
    },
  };
}
