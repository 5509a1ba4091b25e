// Turns Zalo updates into the engine's neutral messages. Accepts every variant seen in the
// clients (zalo-bot-api.md): the body wrapped in {ok, result} or bare; `result` one update or an
// array; the sender's name in display_name, first_name or name; `date` in milliseconds.
import { z } from 'zod';
import { inboundString } from '../clean-text.js';
import type { InboundMessage } from '../../conversation/messages.js';

const id = z.union([inboundString, z.number().transform(String)]);
const message = z.object({
  message_id: id,
  date: z.coerce.number().optional(),
  chat: z.object({ id, chat_type: inboundString.optional() }),
  from: z.object({
    id,
    display_name: inboundString.optional(),
    first_name: inboundString.optional(),
    name: inboundString.optional(),
  }),
  text: inboundString.optional(),
  photo: inboundString.optional(),
  photo_url: inboundString.optional(),
  caption: inboundString.optional(),
});
const update = z.object({ event_name: z.string(), message });
const wrapper = z.object({ result: z.unknown() });
type ZaloUpdate = z.infer<typeof update>;

/** The updates in any accepted body shape; anything unrecognised is dropped. */
export function extractZaloUpdates(body: unknown): ZaloUpdate[] {
  const wrapped = wrapper.safeParse(body);
  const inner = wrapped.success && wrapped.data.result !== undefined ? wrapped.data.result : body;
  const list = Array.isArray(inner) ? inner : [inner];
  return list.flatMap((item) => {
    const parsed = update.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

export function convertZaloUpdate(zaloUpdate: ZaloUpdate, now: Date): InboundMessage | null {
  const { event_name: event, message: body } = zaloUpdate;
  const displayName = body.from.display_name ?? body.from.first_name ?? body.from.name;
  const photo = body.photo ?? body.photo_url;
  const text = event === 'message.image.received' ? body.caption : body.text;
  if (event === 'message.text.received' && !text) return null;
  if (event === 'message.image.received' && !photo) return null;
  if (event !== 'message.text.received' && event !== 'message.image.received') return null;
  return {
    channel: 'zalo',
    platformUserId: body.from.id,
    chatId: body.chat.id,
    ...(displayName ? { displayName } : {}),
    ...(text ? { text } : {}),
    attachments: photo ? [{ kind: 'photo', platformFileId: photo }] : [],
    platformMessageId: body.message_id,
    sentAt: body.date ? new Date(body.date) : now,
  };
}
