// A tiny fake of Telegram's Bot API sendMessage over real HTTP on 127.0.0.1, and a minimal
// ChannelSender that talks to it (the real Telegram adapter lives in src/channels/telegram).
// Each chat's answer is scripted; every request is logged with its time.
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import { createWriteStream } from 'node:fs';
import { z } from 'zod';
import type { ChannelSender, SendOutcome } from '../../src/outbox/sender.js';
import type { Channel } from '../../src/conversation/messages.js';

export interface FakeAnswer {
  status: number;
  description?: string;
  retryAfter?: number;
}

export interface LoggedRequest {
  chatId: string;
  text: string;
  at: number;
  status: number;
}

export interface FakeBotApi {
  url: string;
  requests: LoggedRequest[];
  /** messages answered with 200, and when the first and the last of them arrived */
  accepted: number;
  firstAcceptedAt: number;
  lastAcceptedAt: number;
  /** how the API answers the n-th (0-based) request for a chat; default 200 */
  script: (chatId: string, attempt: number) => FakeAnswer;
  close(): Promise<void>;
}

const sendMessageBody = z.object({ chat_id: z.union([z.string(), z.number()]), text: z.string() });

/** `logFile`: append "chatId\n" per accepted message instead of keeping requests in memory. */
export async function startFakeBotApi(options: { logFile?: string } = {}): Promise<FakeBotApi> {
  const attempts = new Map<string, number>();
  const api: FakeBotApi = {
    url: '',
    requests: [],
    accepted: 0,
    firstAcceptedAt: 0,
    lastAcceptedAt: 0,
    script: () => ({ status: 200 }),
    close: async () => undefined,
  };
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
  let messageId = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const parsed = sendMessageBody.safeParse(safeJson(Buffer.concat(chunks).toString('utf8')));
      response.setHeader('content-type', 'application/json');
      if (!parsed.success || !request.url?.endsWith('/sendMessage')) {
        response.statusCode = 400;
        response.end(JSON.stringify({ ok: false, error_code: 400, description: 'Bad Request' }));
        return;
      }
      const chatId = String(parsed.data.chat_id);
      const attempt = attempts.get(chatId) ?? 0;
      attempts.set(chatId, attempt + 1);
      const answer = api.script(chatId, attempt);
      if (answer.status === 200) {
        api.accepted += 1;
        api.lastAcceptedAt = Date.now();
        if (api.accepted === 1) api.firstAcceptedAt = api.lastAcceptedAt;
      }
      if (log) {
        if (answer.status === 200) log.write(`${chatId}\n`);
      } else {
        api.requests.push({ chatId, text: parsed.data.text, at: Date.now(), status: answer.status });
      }
      response.statusCode = answer.status;
      if (answer.status === 200) {
        messageId += 1;
        response.end(JSON.stringify({ ok: true, result: { message_id: messageId } }));
        return;
      }
      response.end(
        JSON.stringify({
          ok: false,
          error_code: answer.status,
          description: answer.description ?? 'Error',
          ...(answer.retryAfter ? { parameters: { retry_after: answer.retryAfter } } : {}),
        }),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake Bot API did not bind a TCP port');
  api.url = `http://127.0.0.1:${address.port}`;
  api.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (log) await new Promise<void>((resolve) => log.end(resolve));
  };
  return api;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const botApiAnswer = z.object({
  ok: z.boolean(),
  error_code: z.number().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number() }).optional(),
});

/** Posts over a small keep-alive pool, like a real adapter would. */
function postJson(url: string, body: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Classifies a Bot API answer the way the platform adapters do (see src/channels/sender.ts). */
export function createFakeBotApiSender(apiUrl: string, channel: Channel = 'telegram'): ChannelSender {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  return {
    channel,
    async send(chatId, replies): Promise<SendOutcome> {
      try {
        const response = await postJson(
          `${apiUrl}/botTEST/sendMessage`,
          JSON.stringify({ chat_id: chatId, text: replies.map((reply) => reply.text).join('\n\n') }),
          agent,
        );
        const answer = botApiAnswer.parse(safeJson(response.body));
        if (answer.ok) return { status: 'sent' };
        const error = `${answer.error_code ?? response.status}: ${answer.description ?? ''}`;
        if (response.status === 429)
          return { status: 'rate_limited', retryAfterMs: (answer.parameters?.retry_after ?? 1) * 1000, error };
        if (response.status === 403 || /chat not found/i.test(answer.description ?? ''))
          return { status: 'unreachable', error };
        return { status: 'failed', retryable: response.status >= 500, error };
      } catch (error) {
        return { status: 'failed', retryable: true, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
