// A fake Zalo Bot Platform API server on loopback (zalo-bot-api.md): getMe, getUpdates (long
// poll, one update per answer as a `result` object, or an array when `arrayResults` is set; a
// 408 when nothing came), setWebhook, deleteWebhook, getWebhookInfo, sendMessage, sendPhoto,
// sendChatAction. Records every call with its arrival time (and the error_code of a scripted
// failure it got); failNext() makes calls fail (all of a method's, or those to one chat).
//
//   const zalo = await FakeZalo.start();
//   startTestApp(provider, { ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.url });
//   zalo.injectUpdate(zalo.textUpdate('user-1', 'xin chào'));
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { FakePlatformServer, readBody } from './fake-platform-server.js';

export interface RecordedZaloCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
  /** the error_code of the scripted failure it was answered with (failNext); absent otherwise */
  errorCode?: number;
}

export interface ZaloFailure {
  error_code: number;
  description: string;
  times?: number;
  /** only calls to this chat fail; default every call of the method */
  chatId?: string;
}

const bodySchema = z.record(z.string(), z.unknown());

export class FakeZalo extends FakePlatformServer<ZaloFailure> {
  readonly token = '2211331:FAKEzaloSECRETtokenForTests';
  readonly calls: RecordedZaloCall[] = [];
  webhook: { url: string; secret_token: string } | null = null;
  /** answer getUpdates with an array instead of one object */
  arrayResults = false;
  private readonly queue: Record<string, unknown>[] = [];
  private nextId = 1;

  private constructor() {
    super('FakeZalo');
  }

  static async start(): Promise<FakeZalo> {
    const fake = new FakeZalo();
    await fake.listen();
    return fake;
  }

  /** An update as Zalo delivers it: `{event_name, message}` (wrap it in {ok, result} yourself for webhooks if you like). */
  textUpdate(
    userId: string,
    text: string,
    from: Record<string, unknown> = { display_name: 'Nguyễn Văn A' },
  ): Record<string, unknown> {
    return {
      event_name: 'message.text.received',
      message: {
        message_id: `m${this.nextId++}`,
        date: Date.now(),
        chat: { id: userId, chat_type: 'PRIVATE' },
        from: { id: userId, is_bot: false, ...from },
        text,
      },
    };
  }

  imageUpdate(userId: string, photoUrl: string, caption?: string): Record<string, unknown> {
    return {
      event_name: 'message.image.received',
      message: {
        message_id: `m${this.nextId++}`,
        date: Date.now(),
        chat: { id: userId, chat_type: 'PRIVATE' },
        from: { id: userId, display_name: 'Nguyễn Văn A' },
        photo: photoUrl,
        ...(caption ? { caption } : {}),
      },
    };
  }

  injectUpdate(update: Record<string, unknown>): void {
    this.queue.push(update);
    this.wakePolls();
  }

  callsOf(method: string): RecordedZaloCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private readonly sent: { chatId: string; text: string; at: number }[] = [];

  sentMessages(chatId?: string): { chatId: string; text: string; at: number }[] {
    return this.sent.filter((message) => chatId === undefined || message.chatId === chatId);
  }

  protected async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const answer = (body: unknown, status = 200) => {
      if (!response.destroyed)
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(request.url ?? '/', 'http://x').pathname);
    if (request.method !== 'POST' || !match?.[1] || !match[2])
      return answer({ ok: false, error_code: 404, description: 'Not Found' }, 404);
    const [, token, method] = match;
    let parsed: unknown;
    try {
      parsed = raw.length > 0 ? JSON.parse(raw) : {};
    } catch {
      return answer({ ok: false, error_code: 400, description: 'Invalid JSON' }, 400);
    }
    const body = bodySchema.catch({}).parse(parsed);
    const call: RecordedZaloCall = { method, body, at: Date.now() };
    this.calls.push(call);
    if (token !== this.token) return answer({ ok: false, error_code: 401, description: 'Unauthorized' }, 401);
    const failure = this.nextFailure(method, body.chat_id);
    if (failure) {
      call.errorCode = failure.error_code;
      return answer({ ok: false, error_code: failure.error_code, description: failure.description });
    }
    switch (method) {
      case 'getMe':
        return answer({
          ok: true,
          result: { id: '2211331', account_name: 'cutri.bot', account_type: 'BASIC', can_join_groups: false },
        });
      case 'getUpdates': {
        if (this.queue.length === 0) await this.hold(Math.min(Number(body.timeout ?? 30), 30) * 1000, response);
        if (this.queue.length === 0) return answer({ ok: false, error_code: 408, description: 'Request timeout' });
        const result = this.arrayResults ? this.queue.splice(0) : this.queue.shift();
        return answer({ ok: true, result });
      }
      case 'setWebhook':
        this.webhook = { url: String(body.url), secret_token: String(body.secret_token) };
        return answer({ ok: true, result: { url: this.webhook.url, updated_at: Date.now() } });
      case 'deleteWebhook':
        this.webhook = null;
        return answer({ ok: true, result: { url: '', updated_at: Date.now() } });
      case 'getWebhookInfo':
        return answer({ ok: true, result: { url: this.webhook?.url ?? '', updated_at: Date.now() } });
      case 'sendMessage':
      case 'sendPhoto': {
        const text = String(body.text ?? body.caption ?? '');
        if (method === 'sendMessage' && (text.length === 0 || text.length > 2000))
          return answer({ ok: false, error_code: 400, description: 'text must be 1..2000 characters' });
        this.sent.push({ chatId: String(body.chat_id), text, at: Date.now() });
        return answer({ ok: true, result: { message_id: `s${this.nextId++}`, date: Date.now() } });
      }
      case 'sendChatAction':
        return answer({ ok: true, result: true });
      default:
        return answer({ ok: false, error_code: 404, description: `method ${method} is not in the fake` }, 404);
    }
  }
}
