// The port through which the outbox and the broadcast delivery engine send to a chat. Each
// platform adapter (src/channels/telegram, src/channels/zalo) implements it; errors are
// classified into SendOutcome once, so every sender of the domain acts the same way on them.
import type { Channel, Reply } from '../conversation/messages.js';

export type SendOutcome =
  | { status: 'sent'; platformMessageId?: string }
  /** the citizen blocked the bot or the chat is gone: never retry, unsubscribe */
  | { status: 'unreachable'; error: string }
  /** the platform asked us to slow down: pause the whole channel for retryAfterMs */
  | { status: 'rate_limited'; retryAfterMs: number; error: string }
  /** anything else; retryable for 5xx and network errors, not for our own bad requests */
  | { status: 'failed'; retryable: boolean; error: string };

export interface SendOptions {
  /** a broadcast with Telegram's paid broadcasts switched on: sent with allow_paid_broadcast */
  paidBroadcast?: boolean;
  /** the app is stopping: give up at once (a retryable failure), even mid-call */
  signal?: AbortSignal;
}

export interface ChannelSender {
  channel: Channel;
  /** Sends replies to one chat, splitting long texts as the platform requires. Never throws. */
  send(chatId: string, replies: Reply[], options?: SendOptions): Promise<SendOutcome>;
}
