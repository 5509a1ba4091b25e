// A fake Telegram Bot API server on loopback, speaking enough of the protocol for the bot, the
// broadcast engine and the console: getMe, getUpdates (long poll over a queue of injected
// updates), setWebhook, deleteWebhook, getWebhookInfo, sendMessage, sendPhoto, sendDocument,
// answerCallbackQuery, setMyCommands, sendChatAction, editMessageReplyMarkup, getFile, and file
// downloads (GET /file/bot<token>/<file_path>) of files put there with putFile().
// It records every call with the time it arrived and the status it was answered with, and can be
// told to fail the next calls of a method, or of a method to one chat (429 with retry_after, 403
// blocked, 500…).
//
//   const telegram = await FakeTelegram.start();
//   startTestApp(provider, { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url });
//   telegram.injectUpdate(telegram.textUpdate(USER, 'xin chào'));
//   await telegram.waitFor(() => telegram.sentMessages(USER.id).length >= 2);
//   telegram.injectUpdate(telegram.groupUpdate(GROUP_ID, USER, 'cảm ơn', { replyTo: post.messageId }));
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { FakePlatformServer, readBody } from './fake-platform-server.js';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  /** Date.now() when the request arrived */
  at: number;
  /** the HTTP status the fake answered with (set once answered) */
  status?: number;
}

export interface SentMessage {
  chatId: string;
  text: string;
  /** callback_data of the inline keyboard buttons, in order */
  buttons: { text: string; data: string }[];
  at: number;
  body: Record<string, unknown>;
  /** the message_id the fake gave it (what a reply in a group points to) */
  messageId: number;
}

export interface Failure {
  status: number;
  description: string;
  retry_after?: number;
  /** how many calls fail (default 1) */
  times?: number;
  /** the answer breaks off halfway through its body, as when a connection drops */
  cutBody?: boolean;
  /** only calls to this chat fail (chat_id as the bot sends it); default every call of the method */
  chatId?: string | number;
}

export interface FakeUser {
  id: number;
  first_name?: string;
  language_code?: string;
}

const bodySchema = z.record(z.string(), z.unknown());
const keyboardSchema = z.object({
  inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string() }))),
});

export class FakeTelegram extends FakePlatformServer<Failure> {
  readonly token = '123456:FAKE-telegram_token-for-tests';
  readonly calls: RecordedCall[] = [];
  webhook: { url: string; secret_token?: string } | null = null;
  /** when true, every call answers 401 (a rejected token) */
  rejectToken = false;
  private readonly queue: Record<string, unknown>[] = [];
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private readonly files = new Map<string, { body: Buffer; mimeType: string }>();

  private constructor() {
    super('FakeTelegram');
  }

  static async start(): Promise<FakeTelegram> {
    const fake = new FakeTelegram();
    await fake.listen();
    return fake;
  }

  /** Queues an update for getUpdates; gives it an update_id if it has none. */
  injectUpdate(update: Record<string, unknown>): Record<string, unknown> & { update_id: number } {
    const update_id = typeof update.update_id === 'number' ? update.update_id : this.nextUpdateId++;
    const full = { ...update, update_id };
    this.queue.push(full);
    this.wakePolls();
    return full;
  }

  textUpdate(user: FakeUser, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user.id, type: 'private' },
        from: { is_bot: false, first_name: 'Test', ...user },
        text,
        ...extra,
      },
    };
  }

  /** A message in a group chat (negative id), optionally a reply to a message the bot sent. */
  groupUpdate(
    chatId: number,
    user: FakeUser,
    text: string,
    options: { replyTo?: number } = {},
  ): Record<string, unknown> {
    const replyTo =
      options.replyTo === undefined ? {} : { reply_to_message: this.sentMessageAsTelegram(options.replyTo) };
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'supergroup', title: 'Cán bộ' },
        from: { is_bot: false, first_name: 'Test', ...user },
        text,
        ...replyTo,
      },
    };
  }

  /** Makes a file downloadable, as if a user had sent it: getFile finds it, /file/bot… serves it. */
  putFile(fileId: string, body: Buffer, mimeType = 'image/jpeg'): void {
    this.files.set(fileId, { body, mimeType });
  }

  callbackUpdate(user: FakeUser, data: string): Record<string, unknown> {
    return {
      update_id: this.nextUpdateId++,
      callback_query: {
        id: `cq${this.nextUpdateId}`,
        chat_instance: '1',
        from: { is_bot: false, first_name: 'Test', ...user },
        data,
        message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: user.id, type: 'private' } },
      },
    };
  }

  blockedUpdate(user: FakeUser): Record<string, unknown> {
    return {
      update_id: this.nextUpdateId++,
      my_chat_member: {
        chat: { id: user.id, type: 'private' },
        from: { is_bot: false, first_name: 'Test', ...user },
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: 'member' },
        new_chat_member: { status: 'kicked' },
      },
    };
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Messages the bot sent successfully, optionally to one chat. */
  sentMessages(chatId?: number | string): SentMessage[] {
    return this.sent.filter((message) => chatId === undefined || message.chatId === String(chatId));
  }

  private readonly sent: SentMessage[] = [];

  private sentMessageAsTelegram(messageId: number): Record<string, unknown> {
    const message = this.sent.find((candidate) => candidate.messageId === messageId);
    if (!message) throw new Error(`FakeTelegram: the bot sent no message ${messageId}`);
    const chatId = Number(message.chatId);
    return {
      message_id: messageId,
      date: Math.floor(message.at / 1000),
      chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
      from: { id: Number(this.token.split(':')[0]), is_bot: true, first_name: 'Cử Tri', username: 'cutri_test_bot' },
      text: message.text,
    };
  }

  protected async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    const download = /^\/file\/bot([^/]+)\/files\/(.+)$/.exec(pathname);
    if (download) return this.serveFile(download[1], decodeURIComponent(download[2] ?? ''), response);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(pathname);
    const answerAny = (status: number, body: unknown) => {
      if (response.destroyed) return;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!match?.[1] || !match[2]) return answerAny(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match;
    let parsed: unknown;
    try {
      parsed = raw.length > 0 ? JSON.parse(raw) : {};
    } catch {
      return answerAny(400, { ok: false, error_code: 400, description: 'Bad Request: body is not JSON' });
    }
    const body = bodySchema.catch({}).parse(parsed);
    const call: RecordedCall = { method, body, at: Date.now() };
    this.calls.push(call);
    const answer = (status: number, reply: unknown) => {
      call.status = status;
      answerAny(status, reply);
    };
    if (this.rejectToken || token !== this.token)
      return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const failure = this.nextFailure(method, body.chat_id);
    if (failure?.cutBody) {
      call.status = 200;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' }).write('{"ok":true,"res');
      return void response.destroy();
    }
    if (failure) {
      return answer(failure.status, {
        ok: false,
        error_code: failure.status,
        description: failure.description,
        ...(failure.retry_after !== undefined ? { parameters: { retry_after: failure.retry_after } } : {}),
      });
    }
    const result = await this.result(method, body, response);
    if (result === undefined)
      return answer(404, { ok: false, error_code: 404, description: `Not Found: method ${method} is not in the fake` });
    return answer(200, { ok: true, result });
  }

  private async result(method: string, body: Record<string, unknown>, response: ServerResponse): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { id: 123456, is_bot: true, first_name: 'Cử Tri', username: 'cutri_test_bot' };
      case 'getUpdates':
        return this.longPoll(body, response);
      case 'setWebhook':
        this.webhook = {
          url: String(body.url),
          ...(typeof body.secret_token === 'string' ? { secret_token: body.secret_token } : {}),
        };
        return true;
      case 'deleteWebhook':
        this.webhook = null;
        return true;
      case 'getWebhookInfo':
        return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.queue.length };
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument': {
        const chatId = String(body.chat_id);
        const text = String(body.text ?? body.caption ?? '');
        if (method === 'sendMessage' && (text.length === 0 || text.length > 4096)) return undefined;
        const keyboard = keyboardSchema.safeParse(body.reply_markup);
        const buttons = keyboard.success
          ? keyboard.data.inline_keyboard.flat().map((button) => ({ text: button.text, data: button.callback_data }))
          : [];
        const messageId = this.nextMessageId++;
        this.sent.push({ chatId, text, buttons, at: Date.now(), body, messageId });
        return {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: Number(chatId) < 0 ? 'supergroup' : 'private' },
          text,
        };
      }
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'sendChatAction':
        return true;
      case 'editMessageReplyMarkup':
        return true;
      case 'getFile': {
        const size = this.files.get(String(body.file_id))?.body.length;
        return {
          file_id: String(body.file_id),
          file_unique_id: 'u',
          file_path: `files/${String(body.file_id)}`,
          ...(size === undefined ? {} : { file_size: size }),
        };
      }
      default:
        return undefined;
    }
  }

  private serveFile(token: string | undefined, fileId: string, response: ServerResponse): void {
    this.calls.push({ method: 'downloadFile', body: { file_id: fileId }, at: Date.now() });
    const file = this.files.get(fileId);
    if (this.rejectToken || token !== this.token) return void response.writeHead(401).end('Unauthorized');
    if (!file) return void response.writeHead(404).end('Not Found');
    response
      .writeHead(200, { 'content-type': file.mimeType, 'content-length': String(file.body.length) })
      .end(file.body);
  }

  private async longPoll(body: Record<string, unknown>, response: ServerResponse): Promise<unknown[]> {
    const offset = Number(body.offset ?? 0);
    // confirmed updates (below the offset) are gone, as on Telegram
    while (this.queue.length > 0 && Number(this.queue[0]?.update_id) < offset) this.queue.shift();
    if (this.queue.length === 0) await this.hold(Math.min(Number(body.timeout ?? 0), 30) * 1000, response);
    return this.queue.filter((update) => Number(update.update_id) >= offset).slice(0, Number(body.limit ?? 100));
  }
}
