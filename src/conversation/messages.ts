// The channel-neutral language of the conversation engine. Channel adapters (src/channels/*)
// turn platform updates into an InboundMessage and render Replies; nothing else in the code
// knows a platform.
import type { Locale } from '../i18n.js';

export const CHANNELS = ['telegram', 'zalo', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface InboundAttachment {
  kind: 'photo' | 'document';
  /** Telegram file_id, Zalo photo URL, or web upload key */
  platformFileId: string;
  fileName?: string;
  mimeType?: string;
  /** bytes, when the platform says */
  size?: number;
}

export interface InboundMessage {
  channel: Channel;
  platformUserId: string;
  chatId: string;
  displayName?: string;
  /** what the citizen typed (absent for a button press or a bare photo) */
  text?: string;
  /** the id of an option the citizen chose (a button, a numbered menu entry, a web button) */
  choice?: string;
  attachments: InboundAttachment[];
  /** unique per channel: a redelivered update with the same id is ignored */
  platformMessageId: string;
  sentAt: Date;
  /** the platform's language hint (Telegram's language_code, the web chat's locale) */
  localeHint?: Locale;
  /** the client's network address, where the channel sees one (the web chat; Telegram and Zalo updates come from the platform) */
  sourceAddress?: string;
}

export interface ReplyOption {
  id: string;
  label: string;
}

export type ReplyKind = 'answer' | 'fallback' | 'menu' | 'prompt' | 'confirmation' | 'notice';

export interface Reply {
  kind: ReplyKind;
  text: string;
  /** set on kind "answer": the knowledge-base entry, so a channel can ask "was this helpful?" */
  faqId?: string;
  options?: ReplyOption[];
}
