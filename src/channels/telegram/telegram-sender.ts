// ChannelSender for Telegram: each reply becomes one or more messages (texts split under 4096
// characters), options an inline keyboard on the last piece. Every call goes through the one
// retry policy and the channel's gate, so replies and broadcasts respect the same 429 pause.
import type { Reply } from '../../conversation/messages.js';
import { PLATFORM_CALL_TIMEOUT_MS, withTimeout } from '../call-timeout.js';
import { callWithRetry, DEFAULT_RETRY_POLICY, type ChannelGate, type RetryPolicy } from '../retry.js';
import type { ChannelSender, SendOptions, SendOutcome } from '../../outbox/sender.js';
import { splitText } from '../split-text.js';
import type { BotApi } from './bot-api.js';
import type { CallbackData } from './callback-data.js';
import { classifyTelegramError } from './errors.js';

export const TELEGRAM_TEXT_LIMIT = 4096;

export interface TelegramSenderOptions {
  api: BotApi;
  gate: ChannelGate;
  callbackData: CallbackData;
  /** whether bulk sends may use paid broadcasts (a setting, read on each bulk send) */
  allowPaidBroadcast: () => Promise<boolean>;
  policy?: RetryPolicy;
  /** per attempt; a call that takes longer is aborted and retried like a network error */
  timeoutMs?: number;
}

export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;

  constructor(private readonly options: TelegramSenderOptions) {}

  /** One Bot API call under the retry policy, each attempt with a deadline. */
  call<T>(run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal) {
    const timeoutMs = this.options.timeoutMs ?? PLATFORM_CALL_TIMEOUT_MS;
    return callWithRetry(this.options.gate, () => withTimeout(run, timeoutMs, signal), classifyTelegramError, this.options.policy ?? DEFAULT_RETRY_POLICY, signal);
  }

  async send(chatId: string, replies: Reply[], sendOptions: SendOptions = {}): Promise<SendOutcome> {
    const { api, callbackData } = this.options;
    const paid = sendOptions.bulk === true && (await this.options.allowPaidBroadcast().catch(() => false));
    const extra = paid ? { allow_paid_broadcast: true } : {};
    let lastId: number | undefined;
    for (const reply of replies) {
      const pieces = splitText(reply.text, TELEGRAM_TEXT_LIMIT);
      for (const [index, text] of pieces.entries()) {
        const keyboard =
          index === pieces.length - 1 && reply.options?.length
            ? { reply_markup: { inline_keyboard: reply.options.map((option) => [{ text: option.label, callback_data: callbackData.encode(option.id) }]) } }
            : {};
        const result = await this.call((signal) => api.call('sendMessage', { chat_id: chatId, text, ...keyboard, ...extra }, { signal }), sendOptions.signal);
        if (!result.ok) return result.outcome;
        lastId = result.value.message_id;
      }
    }
    return { status: 'sent', ...(lastId !== undefined ? { platformMessageId: String(lastId) } : {}) };
  }
}
