// ChannelSender for Telegram: each reply becomes one or more messages (texts split under 4096
// characters), options an inline keyboard on the last piece. Every call goes through the one
// retry policy and the channel's gate, so replies and broadcasts respect the same 429 pause. A
// broadcast with paid broadcasts switched on carries allow_paid_broadcast.
import type { Reply } from '../../conversation/messages.js';
import type { ChannelSender, SendOptions, SendOutcome } from '../../outbox/sender.js';
import { callWithRetry, ChannelGate, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry.js';
import { splitText } from '../split-text.js';
import type { BotApi } from './bot-api.js';
import type { CallbackData } from './callback-data.js';
import { classifyTelegramError } from './errors.js';

export const TELEGRAM_TEXT_LIMIT = 4096;

export interface TelegramSenderOptions {
  api: BotApi;
  callbackData: CallbackData;
  gate?: ChannelGate;
  policy?: RetryPolicy;
}

export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  private readonly gate: ChannelGate;

  constructor(private readonly options: TelegramSenderOptions) {
    this.gate = options.gate ?? new ChannelGate();
  }

  /** One Bot API call under the retry policy (each attempt has the client's deadline). */
  call<T>(run: (signal: AbortSignal | undefined) => Promise<T>, signal?: AbortSignal) {
    return callWithRetry(
      this.gate,
      () => run(signal),
      classifyTelegramError,
      this.options.policy ?? DEFAULT_RETRY_POLICY,
      signal,
    );
  }

  async send(chatId: string, replies: Reply[], sendOptions: SendOptions = {}): Promise<SendOutcome> {
    const { api, callbackData } = this.options;
    const extra = sendOptions.paidBroadcast ? { allow_paid_broadcast: true } : {};
    let lastId: number | undefined;
    for (const reply of replies) {
      const pieces = splitText(reply.text, TELEGRAM_TEXT_LIMIT);
      for (const [index, text] of pieces.entries()) {
        const keyboard =
          index === pieces.length - 1 && reply.options?.length
            ? {
                reply_markup: {
                  inline_keyboard: reply.options.map((option) => [
                    { text: option.label, callback_data: callbackData.encode(option.id) },
                  ]),
                },
              }
            : {};
        const result = await this.call(
          (signal) =>
            api.call('sendMessage', { chat_id: chatId, text, ...keyboard, ...extra }, signal ? { signal } : {}),
          sendOptions.signal,
        );
        if (!result.ok) return result.outcome;
        lastId = result.value.message_id;
      }
    }
    return { status: 'sent', ...(lastId !== undefined ? { platformMessageId: String(lastId) } : {}) };
  }
}
