// Turns a Telegram update into the engine's neutral message (or a "the user blocked us" event).
// Updates are narrowed with zod: anything unexpected is ignored, never trusted.
import { z } from 'zod';
import { inboundString } from '../clean-text.js';
import type { InboundAttachment, InboundMessage } from '../../conversation/messages.js';
import type { Locale } from '../../i18n.js';

const user = z.object({
  id: z.number(),
  first_name: inboundString.optional(),
  last_name: inboundString.optional(),
  language_code: inboundString.optional(),
});
const chat = z.object({ id: z.number() });
const message = z.object({
  message_id: z.number(),
  date: z.number(),
  chat,
  from: user.optional(),
  text: inboundString.optional(),
  caption: inboundString.optional(),
  photo: z.array(z.object({ file_id: inboundString, file_size: z.number().optional() })).optional(),
  document: z
    .object({
      file_id: inboundString,
      file_name: inboundString.optional(),
      mime_type: inboundString.optional(),
      file_size: z.number().optional(),
    })
    .optional(),
});
const update = z.object({
  update_id: z.number(),
  message: message.optional(),
  callback_query: z
    .object({ id: inboundString, from: user, data: inboundString.optional(), message: z.object({ chat }).optional() })
    .optional(),
  my_chat_member: z.object({ chat, from: user, new_chat_member: z.object({ status: inboundString }) }).optional(),
});

export type TelegramEvent =
  | { kind: 'message'; message: InboundMessage; callbackQueryId?: string }
  | { kind: 'blocked'; userId: string }
  | { kind: 'ignored' };

function localeOf(code: string | undefined): Locale | undefined {
  if (code === undefined) return undefined;
  return code.startsWith('vi') ? 'vi' : 'en';
}

function nameOf(from: z.infer<typeof user>): string | undefined {
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  return name || undefined;
}

function attachmentsOf(body: z.infer<typeof message>): InboundAttachment[] {
  const attachments: InboundAttachment[] = [];
  // Telegram sends each photo in several sizes, smallest first: keep the largest
  const largest = body.photo?.at(-1);
  if (largest)
    attachments.push({
      kind: 'photo',
      platformFileId: largest.file_id,
      ...(largest.file_size ? { size: largest.file_size } : {}),
    });
  if (body.document) {
    const { file_id, file_name, mime_type, file_size } = body.document;
    attachments.push({
      kind: 'document',
      platformFileId: file_id,
      ...(file_name ? { fileName: file_name } : {}),
      ...(mime_type ? { mimeType: mime_type } : {}),
      ...(file_size ? { size: file_size } : {}),
    });
  }
  return attachments;
}

export function convertTelegramUpdate(raw: unknown, now: Date, decodeChoice: (data: string) => string): TelegramEvent {
  const parsed = update.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored' };
  const { update_id: updateId, message: body, callback_query: query, my_chat_member: member } = parsed.data;
  if (member)
    return member.new_chat_member.status === 'kicked'
      ? { kind: 'blocked', userId: String(member.from.id) }
      : { kind: 'ignored' };
  if (query?.data && query.message) {
    const localeHint = localeOf(query.from.language_code);
    const displayName = nameOf(query.from);
    return {
      kind: 'message',
      callbackQueryId: query.id,
      message: {
        channel: 'telegram',
        platformUserId: String(query.from.id),
        chatId: String(query.message.chat.id),
        choice: decodeChoice(query.data),
        attachments: [],
        platformMessageId: String(updateId),
        // the press time is not in the update; it is handled as it arrives
        sentAt: now,
        ...(displayName ? { displayName } : {}),
        ...(localeHint ? { localeHint } : {}),
      },
    };
  }
  if (body?.from) {
    const text = body.text ?? body.caption;
    const localeHint = localeOf(body.from.language_code);
    const displayName = nameOf(body.from);
    const attachments = attachmentsOf(body);
    if (text === undefined && attachments.length === 0) return { kind: 'ignored' };
    return {
      kind: 'message',
      message: {
        channel: 'telegram',
        platformUserId: String(body.from.id),
        chatId: String(body.chat.id),
        ...(text !== undefined ? { text } : {}),
        attachments,
        platformMessageId: String(updateId),
        sentAt: new Date(body.date * 1000),
        ...(displayName ? { displayName } : {}),
        ...(localeHint ? { localeHint } : {}),
      },
    };
  }
  return { kind: 'ignored' };
}
