// A tiny fake of Telegram's Bot API sendMessage over real HTTP on 127.0.0.1 for the broadcast
// benchmark (the engine sends to it through the real Telegram sender): accepted messages are
// counted, with the time of the first and the last, and can be logged to a file.
// Each chat's answer is scripted; every request is logged with its time.
import { createServer, type Server } from 'node:http';
import { createWriteStream } from 'node:fs';
import { z } from 'zod';

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
