// Calls to the Telegram Bot API over one undici pool of kept-alive connections. telegraf's own
// client (node-fetch 2) cost about twice the CPU per call (bench/webhook) and, on a reused
// connection under load, could take a whole answer for a broken one, so a reply went twice.
// telegraf still gives the methods' types and TelegramError, which the retry policy reads.
// The token is in every address: no address goes into an error or a log line. Idle connections
// do not keep the process alive (undici unrefs them). Every call has a deadline (call-timeout.ts).
import { TelegramError } from 'telegraf';
import type { Opts, Telegram } from 'telegraf/types';
import { Pool } from 'undici';
import { z } from 'zod';
import { deadline } from '../../lib/backoff.js';
import { PLATFORM_CALL_TIMEOUT_MS } from '../call-timeout.js';
import { parseJsonOrNull } from '../../lib/json.js';

/** Connections kept to the Bot API: enough for every chat sending at once (see outbox/chat-queues.ts). */
const CONNECTIONS = 64;

const answer = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).optional(),
});

export class BotApi {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    private readonly token: string,
    apiRoot: string,
  ) {
    const root = new URL(apiRoot);
    this.pool = new Pool(root.origin, { connections: CONNECTIONS, keepAliveTimeout: 30_000 });
    this.basePath = root.pathname.replace(/\/$/, '');
  }

  /**
   * One call, aborted after `timeoutMs` (default PLATFORM_CALL_TIMEOUT_MS) or when `signal`
   * aborts; an answer with ok: false (or a 5xx without one) is thrown as telegraf's TelegramError.
   */
  async call<M extends keyof Telegram>(
    method: M,
    payload: Opts<M>,
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<ReturnType<Telegram[M]>> {
    let statusCode: number;
    let text: string;
    try {
      const response = await this.pool.request({
        path: `${this.basePath}/bot${this.token}/${method}`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: deadline(options.timeoutMs ?? PLATFORM_CALL_TIMEOUT_MS, options.signal),
      });
      statusCode = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      // eslint-disable-next-line preserve-caught-error -- the cause is dropped on purpose: it may quote the address
      throw new Error(
        `telegram: ${method} failed (${error instanceof Error ? `${error.name}: ${error.message.replaceAll(this.token, '[redacted]')}` : 'unknown error'})`,
      );
    }
    const parsed = answer.safeParse(parseJsonOrNull(text));
    if (parsed.success && parsed.data.ok) return parsed.data.result as ReturnType<Telegram[M]>;
    if (!parsed.success)
      throw new TelegramError({
        error_code: statusCode,
        description: `${method} answered ${statusCode} without a Bot API answer`,
      });
    const { error_code: code, description, parameters } = parsed.data;
    throw new TelegramError({
      error_code: code ?? statusCode,
      description: description ?? '',
      ...(parameters ? { parameters } : {}),
    });
  }
}
