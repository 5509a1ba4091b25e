// A small typed client for the Zalo Bot Platform API (zalo-bot-api.md): every method is a POST
// with a JSON body to <apiRoot>/bot<TOKEN>/<method>, answering {ok, result} or
// {ok:false, error_code, description}. The token is in every URL, so no error or log line made
// here ever carries a URL; a network error's text is scrubbed of the token too.
import { z } from 'zod';
import { deadline } from '../../lib/backoff.js';
import { describeError } from '../../lib/errors.js';
import { LONG_POLL_MARGIN_MS, PLATFORM_CALL_TIMEOUT_MS } from '../call-timeout.js';

/** Zalo said no (`code` set), or the network failed (`code` undefined). Never holds the token. */
export class ZaloApiError extends Error {
  constructor(
    readonly method: string,
    readonly code: number | undefined,
    readonly description: string,
  ) {
    super(`zalo ${method}: ${code === undefined ? '' : `${code} `}${description}`);
    this.name = 'ZaloApiError';
  }
}

const envelope = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.coerce.number().optional(),
  description: z.string().optional(),
});
const sentSchema = z.object({ message_id: z.union([z.string(), z.number()]).transform(String) }).loose();
const meSchema = z
  .object({ id: z.union([z.string(), z.number()]).transform(String), account_name: z.string().optional() })
  .loose();
const webhookInfoSchema = z.object({ url: z.string().default('') }).loose();

export class ZaloClient {
  constructor(
    private readonly token: string,
    private readonly apiRoot: string,
  ) {}

  private scrub(text: string): string {
    return text.split(this.token).join('<token>');
  }

  /** One call with a deadline; resolves to the raw `result`, throws ZaloApiError. */
  async call(
    method: string,
    body: Record<string, unknown>,
    signal?: AbortSignal,
    timeoutMs = PLATFORM_CALL_TIMEOUT_MS,
  ): Promise<unknown> {
    let response: Response;

    try {
      response = await fetch(`${this.apiRoot}/bot${this.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: deadline(timeoutMs, signal),
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause !== undefined ? `: ${describeError(error.cause)}` : '';
      throw new ZaloApiError(method, undefined, this.scrub(`network error: ${describeError(error)}${cause}`));
    }
    // the deadline covers the body too: an aborted read gives '' and fails as "not JSON"
    const text = await response.text().catch(() => '');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ZaloApiError(method, response.status, `HTTP ${response.status}, not JSON`);
    }
    const parsed = envelope.safeParse(json);
    if (!parsed.success) throw new ZaloApiError(method, response.status, 'unexpected answer shape');
    if (!parsed.data.ok)
      throw new ZaloApiError(
        method,
        parsed.data.error_code ?? response.status,
        this.scrub(parsed.data.description ?? 'no description'),
      );
    return parsed.data.result;
  }

  async getMe(): Promise<z.infer<typeof meSchema>> {
    return meSchema.parse(await this.call('getMe', {}));
  }

  /** Long poll: the next update(s), as the raw result (one object, an array, or nothing). */
  async getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<unknown> {
    return this.call(
      'getUpdates',
      { timeout: String(timeoutSeconds) },
      signal,
      timeoutSeconds * 1000 + LONG_POLL_MARGIN_MS,
    );
  }

  async setWebhook(url: string, secretToken: string): Promise<void> {
    await this.call('setWebhook', { url, secret_token: secretToken });
  }

  async deleteWebhook(): Promise<void> {
    await this.call('deleteWebhook', {});
  }

  async getWebhookInfo(): Promise<{ url: string }> {
    return webhookInfoSchema.parse(await this.call('getWebhookInfo', {}));
  }

  async sendMessage(chatId: string, text: string, signal?: AbortSignal): Promise<{ message_id: string }> {
    return sentSchema.parse(await this.call('sendMessage', { chat_id: chatId, text }, signal));
  }

  async sendPhoto(chatId: string, photoUrl: string, caption?: string): Promise<{ message_id: string }> {
    return sentSchema.parse(
      await this.call('sendPhoto', { chat_id: chatId, photo: photoUrl, ...(caption ? { caption } : {}) }),
    );
  }

  async sendChatAction(chatId: string, action: 'typing' | 'upload_photo'): Promise<void> {
    await this.call('sendChatAction', { chat_id: chatId, action });
  }
}
