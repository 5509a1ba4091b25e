// The optional officer group on Telegram: every new ticket is posted there (without the
// reporter's identity); an officer whose Telegram account is linked to a console account
// answers the citizen by replying to the post, and takes or closes it with /claim and /resolve.
// Every action goes through the ticket service as that officer, so scope and role rules are
// exactly the console's; other members get a polite refusal.
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { Locale, Translator } from '../i18n.js';
import type { Logger } from '../logger.js';
import { DomainError, describeError } from '../lib/errors.js';
import { ROLES } from '../console/officers.js';
import type { Actor, TicketService } from '../tickets/types.js';
import { chatIdOfUpdate, readGroupCommand, readGroupMessage, type GroupCommand, type GroupMessage } from './group-message.js';
import { ticketPostText } from './ticket-post.js';

/** Where the group's messages go; `post` answers the platform's id of the message it sent. */
export interface GroupChat {
  post(text: string): Promise<string | null>;
}

export interface OfficerGroupDeps {
  /** the group's chat id (OFFICER_CHAT_ID) */
  chatId: string;
  /** the bot's own user id: only replies to the bot's posts count */
  botUserId: string;
  chat: GroupChat;
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
const uniqueViolation = z.object({ code: z.literal('P2002') });
const postKey = (messageId: string) => `officerGroup.post.${messageId}`;

/** The group's answer to a failure of the ticket service. */
function refusalKey(error: unknown): string {
  if (!(error instanceof DomainError)) return 'officerGroup:refusal.failed';
  if (error.code === 'ticket.not_found') return 'officerGroup:refusal.notFound';
  if (error.kind === 'forbidden') return 'officerGroup:refusal.forbidden';
  if (error.code === 'ticket.bad_transition' || error.code === 'ticket.closed' || error.code === 'ticket.changed') return 'officerGroup:refusal.badTransition';
  if (error.code.startsWith('ticket.message_')) return 'officerGroup:refusal.invalidText';
  if (error.code === 'ticket.bad_assignee') return 'officerGroup:refusal.badAssignee';
  return 'officerGroup:refusal.failed';
}

export function createOfficerGroup(deps: OfficerGroupDeps): OfficerGroup {
  const { db, chat, tickets, logger } = deps;
  const locale = deps.locale ?? 'vi';
  const say = (key: string, values?: Record<string, unknown>) => chat.post(deps.i18n.t(locale, key, values));
  // A post is visible before its message id is saved: a reply that quick waits for the save.
  const postsBeingSaved = new Set<Promise<void>>();

  async function codeOfPost(messageId: string): Promise<string | null> {
    return (await db.setting.findUnique({ where: { key: postKey(messageId) } }))?.value ?? null;
  }

  /** False when this update was already handled (a webhook delivered twice). */
  async function firstTime(updateId: number | null): Promise<boolean> {
    if (updateId === null) return true;
    try {
      await db.processedUpdate.create({ data: { channel: 'telegram', updateKey: `officer-group:${updateId}` } });
      return true;
    } catch (error) {
      if (uniqueViolation.safeParse(error).success) return false;
      throw error;
    }
  }

  async function linkedOfficer(telegramUserId: string) {
    const officer = await db.officer.findUnique({ where: { telegramUserId } });
    return officer?.active ? officer : null;
  }

  async function runCommand(actor: Actor, officerName: string, command: GroupCommand, postCode: string | null): Promise<void> {
    if (command.malformedCode) return void (await say('officerGroup:refusal.badCode'));
    const code = command.code ?? postCode;
    if (!code) return void (await say('officerGroup:refusal.needCode', { command: command.command }));
    if (command.command === 'claim') await tickets.assign(actor, code, actor.officerId);
    else await tickets.changeStatus(actor, code, 'resolved');
    await say(`officerGroup:done.${command.command}`, { code, officer: officerName });
  }

  async function act(message: GroupMessage, command: GroupCommand | null, postCode: string | null): Promise<void> {
    const officer = await linkedOfficer(message.fromId);
    if (!officer) return void (await say('officerGroup:refusal.notLinked', { name: message.fromName || message.fromId }));
    const actor: Actor = { officerId: officer.id, role: role.parse(officer.role), localityCode: officer.localityCode };
    const officerName = officer.displayName ?? officer.username;
    try {
      if (command) return await runCommand(actor, officerName, command, postCode);
      if (!postCode) return;
      const { delivery } = await tickets.reply(actor, postCode, message.text);
      await say(delivery === 'sent' ? 'officerGroup:done.reply' : 'officerGroup:done.replyNotDelivered', { code: postCode, officer: officerName });
    } catch (error) {
      if (!(error instanceof DomainError)) logger.error({ err: describeError(error) }, 'officer group: action failed');
      await say(refusalKey(error), { code: command?.code ?? postCode ?? '' });
    }
  }

  return {
    async announce(code) {
      const text = await ticketPostText(db, deps.i18n, locale, deps.timeZone, code);
      if (!text) return;
      const posting = (async () => {
        const messageId = await chat.post(text);
        if (messageId) await db.setting.upsert({ where: { key: postKey(messageId) }, create: { key: postKey(messageId), value: code }, update: { value: code } });
      })();
      postsBeingSaved.add(posting);
      try {
        await posting;
      } finally {
        postsBeingSaved.delete(posting);
      }
    },

    async handleUpdate(update) {
      if (chatIdOfUpdate(update) !== deps.chatId) return false;
      const message = readGroupMessage(update, deps.botUserId);
      if (!message) return true;
      const command = readGroupCommand(message.text);
      // Other commands (/start…) and plain talk among officers are not for the bot.
      if (!command && message.text.startsWith('/')) return true;
      if (message.repliesToBotMessage) await Promise.allSettled(postsBeingSaved);
      const postCode = message.repliesToBotMessage ? await codeOfPost(message.repliesToBotMessage) : null;
      if (!command && !postCode) return true;
      if (!(await firstTime(message.updateId))) return true;
      await act(message, command, postCode).catch((error: unknown) => logger.error({ err: describeError(error) }, 'officer group: action failed'));
      return true;
    },
  };
}
