// ChannelSender for Zalo: no buttons on this platform, so options become a numbered list the
// citizen answers with "2" or the option's words (the engine maps them back). Texts are split
// under 2000 characters; every call goes through the shared retry policy.
import type { Reply } from '../../conversation/messages.js';
import type { ChannelSender, SendOptions, SendOutcome } from '../../outbox/sender.js';
import { callWithRetry, ChannelGate, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry.js';
import { splitText } from '../split-text.js';
import { classifyZaloError } from './errors.js';
import type { ZaloClient } from './zalo-client.js';

export const ZALO_TEXT_LIMIT = 2000;

/** The text of a reply as Zalo shows it: options as "1. …" lines under it. */
export function renderZaloText(reply: Reply): string {
  if (!reply.options?.length) return reply.text;
  return `${reply.text}\n\n${reply.options.map((option, index) => `${index + 1}. ${option.label}`).join('\n')}`;
}

export class ZaloSender implements ChannelSender {
  readonly channel = 'zalo' as const;

  constructor(
    private readonly client: ZaloClient,
    private readonly gate = new ChannelGate(),
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  async send(chatId: string, replies: Reply[], options: SendOptions = {}): Promise<SendOutcome> {
    let lastId: string | undefined;
    for (const reply of replies) {
      for (const text of splitText(renderZaloText(reply), ZALO_TEXT_LIMIT)) {
        const result = await callWithRetry(
          this.gate,
          () => this.client.sendMessage(chatId, text, options.signal),
          classifyZaloError,
          this.policy,
          options.signal,
        );
        if (!result.ok) return result.outcome;
        lastId = result.value.message_id;
      }
    }
    return { status: 'sent', ...(lastId !== undefined ? { platformMessageId: lastId } : {}) };
  }
}
