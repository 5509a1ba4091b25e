// What the officer group needs from a Telegram update: which chat it is in, who wrote what,
// and which of the bot's messages it answers. Narrowed with zod; anything else is not ours.
import { z } from 'zod';
import { normalizeTicketCode } from '../tickets/codes.js';

const chat = z.object({ id: z.number() });
const update = z.object({
  update_id: z.number().optional(),
  message: z
    .object({
      chat,
      from: z
        .object({
          id: z.number(),
          is_bot: z.boolean().optional(),
          first_name: z.string().optional(),
          last_name: z.string().optional(),
        })
        .optional(),
      text: z.string().optional(),
      reply_to_message: z.object({ message_id: z.number(), from: z.object({ id: z.number() }).optional() }).optional(),
    })
    .optional(),
  callback_query: z.object({ message: z.object({ chat }).optional() }).optional(),
  my_chat_member: z.object({ chat }).optional(),
});

export interface GroupMessage {
  /** the update's id, to act once on an update Telegram delivers twice */
  updateId: number | null;
  fromId: string;
  fromName: string;
  text: string;
  /** the bot's message this one replies to, if it is a reply to the bot */
  repliesToBotMessage: string | null;
}

/** The chat an update belongs to, whatever its type; null when it has none. */
export function chatIdOfUpdate(raw: unknown): string | null {
  const parsed = update.safeParse(raw);
  if (!parsed.success) return null;
  const { message, callback_query: query, my_chat_member: member } = parsed.data;
  const id = message?.chat.id ?? query?.message?.chat.id ?? member?.chat.id;
  return id === undefined ? null : String(id);
}

/** A person's text message (not the bot's, not a photo without words), or null. */
export function readGroupMessage(raw: unknown, botUserId: string): GroupMessage | null {
  const parsed = update.safeParse(raw).data;
  const message = parsed?.message;
  const text = message?.text?.normalize('NFC').trim();
  if (!message?.from || message.from.is_bot || !text) return null;
  const replyTo = message.reply_to_message;
  return {
    updateId: parsed?.update_id ?? null,
    fromId: String(message.from.id),
    fromName: [message.from.first_name, message.from.last_name].filter(Boolean).join(' ').trim(),
    text,
    repliesToBotMessage: replyTo && String(replyTo.from?.id) === botUserId ? String(replyTo.message_id) : null,
  };
}

export type GroupCommand = { command: 'claim' | 'resolve'; code: string | null; malformedCode: boolean };

/** "/claim", "/resolve@cutri_bot KN-2021-00001" → the command and its code; other text → null. */
export function readGroupCommand(text: string): GroupCommand | null {
  const match = /^\/(claim|resolve)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text);
  if (!match?.[1]) return null;
  const command = match[1].toLowerCase() === 'claim' ? 'claim' : 'resolve';
  const argument = match[2]?.trim() ?? '';
  if (argument === '') return { command, code: null, malformedCode: false };
  const code = normalizeTicketCode(argument);
  return { command, code, malformedCode: code === null };
}
