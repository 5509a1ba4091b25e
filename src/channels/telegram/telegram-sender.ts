// ChannelSender for Telegram: each reply becomes one or more messages (texts split under 4096
// characters), options an inline keyboard on the last piece. Every call goes through the one
// retry policy and the channel's gate, so replies and broadcasts respect the same 429 pause.
import type { Telegram } from 'telegraf';
// telegraf's callApi is typed against this polyfill's AbortSignal (the one it ships with)
import { AbortController as ApiAbortController, type AbortSignal as ApiAbortSignal } from 'abort-controller';
import type { Reply } from '../../conversation/messages.js';
import { PLATFORM_CALL_TIMEOUT_MS, withTimeout } from '../call-timeout.js';
import { callWithRetry, DEFAULT_RETRY_POLICY, type ChannelGate, type RetryPolicy } from '../retry.js';
import type { ChannelSender, SendOptions, SendOutcome } from '../sender.js';
import { splitText } from '../split-text.js';
import type { CallbackData } from './callback-data.js';
import { classifyTelegramError } from './errors.js';

export const TELEGRAM_TEXT_LIMIT = 4096;

export interface TelegramSenderOptions {
  telegram: Telegram;
  gate: ChannelGate;
  callbackData: CallbackData;
  /** whether bulk sends may use paid broadcasts (a setting, read on each bulk send) */
  allowPaidBroadcast: () => Promise<boolean>;
  policy?: RetryPolicy;
  /** per attempt; a call that takes longer is aborted and retried like a network error */
  timeoutMs?: number;
}

export type { ApiAbortSignal };

/** One Bot API call with a deadline; telegraf has none and would wait for ever. */
export function callWithTimeout<T>(run: (signal: ApiAbortSignal) => Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  return withTimeout(new ApiAbortController(), timeoutMs, signal, (controller) => run(controller.signal));
}

export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;

  constructor(private readonly options: TelegramSenderOptions) {}

  /** One Bot API call under the retry policy, each attempt with a deadline. */
  call<T>(run: (signal: ApiAbortSignal) => Promise<T>, signal?: AbortSignal) {
    const timeoutMs = this.options.timeoutMs ?? PLATFORM_CALL_TIMEOUT_MS;
    return callWithRetry(this.options.gate, () => callWithTimeout(run, timeoutMs, signal), classifyTelegramError, this.options.policy ?? DEFAULT_RETRY_POLICY, signal);
  }

  async send(chatId: string, replies: Reply[], sendOptions: SendOptions = {}): Promise<SendOutcome> {
    const { telegram, callbackData } = this.options;
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
        const result = await this.call((signal) => telegram.callApi('sendMessage', { chat_id: chatId, text, ...keyboard, ...extra }, { signal }), sendOptions.signal);
        if (!result.ok) return result.outcome;
        lastId = result.value.message_id;
      }
    }
    return { status: 'sent', ...(lastId !== undefined ? { platformMessageId: String(lastId) } : {}) };
  }
}
