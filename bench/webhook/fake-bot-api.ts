// A lean fake Telegram Bot API for the webhook benchmark: answers every method at once and only
// counts what matters (sendMessage per chat, answerCallbackQuery), so the fake itself stays far
// cheaper than the bot it measures. The test fake (test/support/fake-telegram.ts) records every
// call with its body, which is right for tests and too heavy for tens of thousands of calls.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';

const sendMessageBody = z.object({ chat_id: z.union([z.string(), z.number()]), text: z.string() });

export interface FakeBotApi {
  url: string;
  token: string;
  /** sendMessage calls per chat id */
  sentPerChat: Map<string, number>;
  totalSent(): number;
  answeredCallbacks(): number;
  webhookSet(): boolean;
  /** told of each sendMessage as it arrives */
  onSendMessage: ((chatId: string) => void) | null;
  close(): Promise<void>;
}

export async function startFakeBotApi(): Promise<FakeBotApi> {
  const token = '123456:BENCH-fake_token';
  const sentPerChat = new Map<string, number>();
  let sent = 0;
  let callbacks = 0;
  let webhook = false;
  let messageId = 1;

  // with a length, as the real Bot API answers (a chunked answer on a kept-alive connection can
  // trip node-fetch 2, under telegraf, into a false "Premature close" and a second send)
  const answer = (response: ServerResponse, result: unknown) => {
    const body = JSON.stringify({ ok: true, result });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };

  const handle = (request: IncomingMessage, response: ServerResponse, raw: string) => {
    const method = /^\/bot[^/]+\/(\w+)/.exec(request.url ?? '')?.[1] ?? '';
    if (method === 'sendMessage') {
      const body = sendMessageBody.safeParse(JSON.parse(raw || '{}'));
      if (!body.success)
        return response.writeHead(400).end(JSON.stringify({ ok: false, error_code: 400, description: 'Bad Request' }));
      const chatId = String(body.data.chat_id);
      sentPerChat.set(chatId, (sentPerChat.get(chatId) ?? 0) + 1);
      sent++;
      fake.onSendMessage?.(chatId);
      return answer(response, {
        message_id: messageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(chatId), type: 'private' },
        text: body.data.text,
      });
    }
    if (method === 'answerCallbackQuery') callbacks++;
    if (method === 'setWebhook') webhook = true;
    if (method === 'getMe')
      return answer(response, { id: 123456, is_bot: true, first_name: 'Cử Tri', username: 'cutri_bench_bot' });
    return answer(response, true);
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake Bot API has no TCP address');
  const { port } = address;
  const fake: FakeBotApi = {
    url: `http://127.0.0.1:${port}`,
    token,
    sentPerChat,
    totalSent: () => sent,
    answeredCallbacks: () => callbacks,
    webhookSet: () => webhook,
    onSendMessage: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
