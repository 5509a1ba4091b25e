// The port through which the domain sends to a citizen outside a request (officer replies,
// status changes, broadcasts). Each platform adapter implements it; errors are classified
// here once so the ticket service and the delivery engine act the same way on them.
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
  /** a bulk message (broadcast): may use Telegram's paid broadcast when enabled */
  bulk?: boolean;
  /** the app is stopping: give up at once (a retryable failure), even mid-call */
  signal?: AbortSignal;
}

export interface ChannelSender {
  channel: Channel;
  /** Sends replies to one chat, splitting long texts as the platform requires. Never throws. */
  send(chatId: string, replies: Reply[], options?: SendOptions): Promise<SendOutcome>;
}
