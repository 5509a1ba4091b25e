// A citizen as the end-to-end tests see one: they type, pick what the bot shows them (a button
// on Telegram and the web chat, a numbered line on Zalo) and read what comes back, on a real
// app talking to the fake Telegram and Zalo servers or to the web chat API.
import { z } from 'zod';
import type { Channel } from '../../src/conversation/messages.js';
import type { FakeTelegram } from '../support/fake-telegram.js';
import type { FakeZalo } from '../support/fake-zalo.js';

/** One message from the bot as the citizen sees it: its text and the labels they can pick. */
export interface BotMessage {
  text: string;
  options: { id?: string; label: string }[];
  /** the reply kind, where the channel exposes it (the web chat API) */
  kind?: string;
  faqId?: string;
}

export type Expected = string | RegExp;

export interface ChatDriver {
  readonly channel: Channel;
  readonly platformUserId: string;
  /** Types `text`; resolves to what the bot said since, once a message matching `until` arrived. */
  say(text: string, until: Expected): Promise<BotMessage[]>;
  /** Picks the option whose label starts with `label` among those the bot offered last. */
  choose(label: string, until: Expected): Promise<BotMessage[]>;
  /** Sends a photo; the web chat has no upload, so there it throws. */
  sendPhoto(until: Expected): Promise<BotMessage[]>;
  /** Waits for a message pushed later (a status change, an officer's reply). */
  waitForMessage(until: Expected): Promise<BotMessage>;
}

const matches = (message: BotMessage, until: Expected) =>
  typeof until === 'string' ? message.text.includes(until) : until.test(message.text);

/** Polls `condition` every 20 ms, like the fakes' waitFor, for the web chat's pull API. */
async function waitUntil<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited in vain for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Shared by the push-based channels: remembers what was offered last and waits on the fake's record. */
abstract class PushedChat implements ChatDriver {
  abstract readonly channel: Channel;
  abstract readonly platformUserId: string;
  protected abstract received(): BotMessage[];
  protected abstract waitFor(condition: () => boolean): Promise<void>;
  protected abstract sendText(text: string): Promise<void>;
  protected abstract sendChoice(option: { data: string }): Promise<void>;
  protected abstract sendPhotoUpdate(): Promise<void>;
  /** the option, as this channel sends it back, for a label on the last message that offered options */
  protected abstract optionFor(message: BotMessage, label: string): { data: string } | undefined;

  constructor(private readonly beforeSend: () => void) {}

  async say(text: string, until: Expected): Promise<BotMessage[]> {
    return this.exchange(() => this.sendText(text), until);
  }

  async choose(label: string, until: Expected): Promise<BotMessage[]> {
    const offering = this.received().findLast((message) => message.options.length > 0);
    const option = offering ? this.optionFor(offering, label) : undefined;
    if (!option)
      throw new Error(
        `the bot offers no option "${label}"; last offered: ${JSON.stringify(offering?.options.map((entry) => entry.label))}`,
      );
    return this.exchange(() => this.sendChoice(option), until);
  }

  async sendPhoto(until: Expected): Promise<BotMessage[]> {
    return this.exchange(() => this.sendPhotoUpdate(), until);
  }

  async waitForMessage(until: Expected): Promise<BotMessage> {
    await this.waitFor(() => this.received().some((message) => matches(message, until)));
    const found = this.received().findLast((message) => matches(message, until));
    if (!found) throw new Error('unreachable: the message was just seen');
    return found;
  }

  private async exchange(send: () => Promise<void>, until: Expected): Promise<BotMessage[]> {
    const before = this.received().length;
    this.beforeSend();
    await send();
    await this.waitFor(() =>
      this.received()
        .slice(before)
        .some((message) => matches(message, until)),
    );
    return this.received().slice(before);
  }
}

/** How an update reaches the app: queued on the fake for long polling (the default), or posted to the webhook. */
export type Delivery = (update: Record<string, unknown>) => Promise<void>;

/** Posts updates to the app's webhook with its secret, as the platform does. */
export function webhookDelivery(url: URL, secretHeader: string, secret: string): Delivery {
  return async (update) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [secretHeader]: secret },
      body: JSON.stringify(update),
    });
    if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
  };
}

export class TelegramCitizen extends PushedChat {
  readonly channel = 'telegram';
  readonly platformUserId: string;

  constructor(
    private readonly telegram: FakeTelegram,
    private readonly user: { id: number; first_name?: string; language_code?: string },
    beforeSend: () => void = () => undefined,
    private readonly deliver: Delivery = async (update) => void telegram.injectUpdate(update),
  ) {
    super(beforeSend);
    this.platformUserId = String(user.id);
  }

  /** Presses a button by its callback data, as a second tap on an old button does. */
  press(data: string): Promise<void> {
    return this.deliver(this.telegram.callbackUpdate(this.user, data));
  }

  protected received(): BotMessage[] {
    return this.telegram.sentMessages(this.user.id).map((message) => ({
      text: message.text,
      options: message.buttons.map((button) => ({ id: button.data, label: button.text })),
    }));
  }

  protected waitFor(condition: () => boolean): Promise<void> {
    return this.telegram.waitFor(condition);
  }

  protected sendText(text: string): Promise<void> {
    return this.deliver(this.telegram.textUpdate(this.user, text));
  }

  protected sendChoice(option: { data: string }): Promise<void> {
    return this.press(option.data);
  }

  protected sendPhotoUpdate(): Promise<void> {
    const photo = [
      { file_id: 'thumb-file-id', file_unique_id: 't', width: 90, height: 60, file_size: 1_200 },
      { file_id: `photo-of-${this.user.id}`, file_unique_id: 'p', width: 1280, height: 853, file_size: 180_000 },
    ];
    return this.deliver(this.telegram.textUpdate(this.user, '', { text: undefined, photo }));
  }

  protected optionFor(message: BotMessage, label: string): { data: string } | undefined {
    const option = message.options.find((entry) => entry.label.startsWith(label));
    return option?.id === undefined ? undefined : { data: option.id };
  }
}

export class ZaloCitizen extends PushedChat {
  readonly channel = 'zalo';

  constructor(
    private readonly zalo: FakeZalo,
    readonly platformUserId: string,
    beforeSend: () => void = () => undefined,
    private readonly deliver: Delivery = async (update) => zalo.injectUpdate(update),
  ) {
    super(beforeSend);
  }

  /** the URL the photo has on Zalo: it is what the ticket keeps as the file id */
  get photoUrl(): string {
    return `https://photo.zalo.example/${this.platformUserId}/evidence.jpg`;
  }

  protected received(): BotMessage[] {
    // Zalo has no buttons: options are the "1. label" lines under the text
    return this.zalo.sentMessages(this.platformUserId).map((message) => ({
      text: message.text,
      options: [...message.text.matchAll(/^(\d+)\. (.+)$/gm)].map((line) => ({ id: line[1], label: line[2] ?? '' })),
    }));
  }

  protected waitFor(condition: () => boolean): Promise<void> {
    return this.zalo.waitFor(condition);
  }

  protected sendText(text: string): Promise<void> {
    return this.deliver(this.zalo.textUpdate(this.platformUserId, text));
  }

  protected sendChoice(option: { data: string }): Promise<void> {
    return this.sendText(option.data);
  }

  protected sendPhotoUpdate(): Promise<void> {
    return this.deliver(this.zalo.imageUpdate(this.platformUserId, this.photoUrl));
  }

  protected optionFor(message: BotMessage, label: string): { data: string } | undefined {
    const option = message.options.find((entry) => entry.label.startsWith(label));
    return option?.id === undefined ? undefined : { data: option.id };
  }
}

const optionSchema = z.object({ id: z.string(), label: z.string() });
const replySchema = z.object({
  kind: z.string(),
  text: z.string(),
  faqId: z.string().optional(),
  options: z.array(optionSchema).default([]),
});
const postAnswer = z.object({ sessionId: z.string().optional(), replies: z.array(replySchema) });
const pulledAnswer = z.object({
  messages: z.array(
    z.object({ id: z.number(), kind: z.string(), text: z.string(), options: z.array(optionSchema).default([]) }),
  ),
});

export class WebCitizen implements ChatDriver {
  readonly channel = 'web';
  /** issued by the server with its first answer */
  private sessionId: string | null = null;
  private lastOffered: BotMessage['options'] = [];

  get platformUserId(): string {
    if (!this.sessionId) throw new Error('the web chat session has not started yet');
    return this.sessionId;
  }

  constructor(
    private readonly base: URL,
    private readonly beforeSend: () => void = () => undefined,
  ) {}

  /** Sends a raw body to the chat API and returns the status and replies as they come. */
  async post(body: { text?: string; choice?: string }): Promise<{ status: number; replies: BotMessage[] }> {
    this.beforeSend();
    const response = await fetch(new URL('/api/chat/messages', this.base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...(this.sessionId ? { sessionId: this.sessionId } : {}), ...body }),
    });
    if (response.status !== 200) return { status: response.status, replies: [] };
    const answer = postAnswer.parse(await response.json());
    this.sessionId = answer.sessionId ?? this.sessionId;
    const replies = answer.replies.map((reply) => ({
      text: reply.text,
      options: reply.options,
      kind: reply.kind,
      ...(reply.faqId ? { faqId: reply.faqId } : {}),
    }));
    const offering = replies.findLast((reply) => reply.options.length > 0);
    if (offering) this.lastOffered = offering.options;
    return { status: response.status, replies };
  }

  async say(text: string, until: Expected): Promise<BotMessage[]> {
    return this.expect(await this.post({ text }), until);
  }

  async choose(label: string, until: Expected): Promise<BotMessage[]> {
    const option = this.lastOffered.find((entry) => entry.label.startsWith(label));
    if (!option?.id)
      throw new Error(
        `the bot offers no option "${label}"; last offered: ${JSON.stringify(this.lastOffered.map((entry) => entry.label))}`,
      );
    return this.expect(await this.post({ choice: option.id }), until);
  }

  async sendPhoto(): Promise<BotMessage[]> {
    throw new Error('the web chat has no file upload');
  }

  async waitForMessage(until: Expected): Promise<BotMessage> {
    return waitUntil(
      async () => {
        const response = await fetch(new URL('/api/chat/messages', this.base), {
          headers: { 'x-chat-session': this.platformUserId },
        });
        const pulled = pulledAnswer.parse(await response.json()).messages;
        return pulled
          .map((message) => ({ text: message.text, options: message.options, kind: message.kind }))
          .find((message) => matches(message, until));
      },
      `a pushed message matching ${String(until)}`,
    );
  }

  private expect(answer: { status: number; replies: BotMessage[] }, until: Expected): BotMessage[] {
    if (answer.status !== 200) throw new Error(`the chat API answered ${answer.status}`);
    if (!answer.replies.some((reply) => matches(reply, until)))
      throw new Error(
        `no reply matches ${String(until)}: ${JSON.stringify(answer.replies.map((reply) => reply.text))}`,
      );
    return answer.replies;
  }
}
