// The Telegram channel, inbound: checks the token, registers commands, then receives updates by
// long polling (default) or by webhook (when PUBLIC_URL is set) and hands them to the engine,
// which stores the replies in the outbox (they are sent from there). A rejected token or an
// unreachable Bot API logs one clear error and retries; a commands menu that cannot be set is
// logged once and left; neither stops the app or the other channels.
import type { FastifyInstance } from 'fastify';
import { markUnreachable } from '../../citizens/citizen-store.js';
import type { AppConfig } from '../../config/env.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import type { Db } from '../../db/client.js';
import type { Translator } from '../../i18n.js';
import type { BackgroundService } from '../../lib/background-service.js';
import { wait } from '../../lib/backoff.js';
import type { Clock } from '../../lib/clock.js';
import { describeError } from '../../lib/errors.js';
import type { Logger } from '../../logger.js';
import { safeEqual } from '../../security/crypto.js';
import { LONG_POLL_MARGIN_MS } from '../call-timeout.js';
import { webhookRouteOptions } from '../inbound-route-options.js';
import { createOptionalCalls } from '../optional-calls.js';
import { createPlatformService } from '../platform-service.js';
import { convertTelegramUpdate } from './convert-update.js';
import { classifyTelegramError, telegramStartHint } from './errors.js';
import type { TelegramClient } from './telegram-client.js';

export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
const COMMANDS = ['start', 'help', 'hoi', 'phananh', 'dangky', 'dung'] as const;
const EMPTY_POLL_PAUSE_MS = 1_000;

/** A Bot API call carried in a webhook's answer. */
interface WebhookCall {
  method: 'answerCallbackQuery';
  callback_query_id: string;
}

/** Sees an update before the citizen conversation; answers true when it took it (the officer group). */
export type UpdateInterceptor = (update: unknown) => Promise<boolean>;

export interface TelegramChannelOptions {
  config: NonNullable<AppConfig['telegram']>;
  publicUrl: URL | null;
  client: TelegramClient;
  engine: ConversationEngine;
  db: Db;
  logger: Logger;
  clock: Clock;
  i18n: Translator;
  interceptors?: readonly UpdateInterceptor[];
  /** long-poll timeout; tests shorten it */
  pollTimeoutSeconds?: number;
}

export interface TelegramChannel {
  service: BackgroundService;
  /** handles one update (from polling or the webhook); resolves once its replies are stored */
  handleUpdate(update: unknown): Promise<void>;
}

export function createTelegramChannel(server: FastifyInstance, options: TelegramChannelOptions): TelegramChannel {
  const { config, engine, logger, clock, i18n, db } = options;
  const { api, callbackData, sender } = options.client;
  const interceptors = options.interceptors ?? [];
  const optional = createOptionalCalls('telegram', logger);
  const webhookUrl =
    options.publicUrl && config.webhookSecret ? new URL(TELEGRAM_WEBHOOK_PATH, options.publicUrl) : null;
  const hint = (error: unknown) => telegramStartHint(classifyTelegramError(error));

  /**
   * `answerInWebhook`, when the update came by webhook, takes the answerCallbackQuery call:
   * Telegram runs one Bot API call given in the webhook's answer, which saves an HTTP call per
   * button press. Only that fire-and-forget call goes there; replies go through the outbox.
   * Resolves once the replies are stored (they survive a crash from then on); it never waits
   * for a send, so a slow Bot API holds neither the webhook nor polling.
   */
  async function handleUpdate(update: unknown, answerInWebhook?: (call: WebhookCall) => void): Promise<void> {
    for (const intercept of interceptors) if (await intercept(update)) return;
    const event = convertTelegramUpdate(update, clock.now(), (data) => callbackData.decode(data));
    if (event.kind === 'blocked')
      return markUnreachable(db, { channel: 'telegram', platformUserId: event.userId }, clock.now());
    if (event.kind === 'ignored') return;
    const { message, callbackQueryId } = event;
    if (callbackQueryId && answerInWebhook)
      answerInWebhook({ method: 'answerCallbackQuery', callback_query_id: callbackQueryId });
    else if (callbackQueryId)
      void sender.call((signal) =>
        api.call('answerCallbackQuery', { callback_query_id: callbackQueryId }, signal ? { signal } : {}),
      );
    await engine.handleInbound(message);
  }

  async function connect(signal: AbortSignal): Promise<void> {
    // outside the retry policy (repeatWithBackOff retries the whole step), each with the client's deadline
    const me = await api.call('getMe', {}, { signal });
    for (const language of ['vi', 'en'] as const) {
      const commands = COMMANDS.map((command) => ({
        command,
        description: i18n.t(language, `chat:commands.${command}`),
      }));
      await optional('set the commands menu', async () => {
        await api.call('setMyCommands', { commands, language_code: language }, { signal });
        if (language === 'vi') await api.call('setMyCommands', { commands }, { signal });
      });
    }
    if (webhookUrl && config.webhookSecret) {
      await api.call(
        'setWebhook',
        { url: webhookUrl.href, secret_token: config.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] },
        { signal },
      );
    } else {
      await api.call('deleteWebhook', {}, { signal });
    }
    logger.info(
      { channel: 'telegram', bot: me.username, mode: webhookUrl ? 'webhook' : 'polling' },
      'telegram: connected',
    );
  }

  if (webhookUrl && config.webhookSecret) {
    const secret = config.webhookSecret;
    server.post(TELEGRAM_WEBHOOK_PATH, webhookRouteOptions(server), async (request, reply) => {
      if (!safeEqual(request.headers['x-telegram-bot-api-secret-token'], secret))
        return reply.status(401).send({ error: 'unauthenticated' });
      let call: WebhookCall | Record<string, never> = {};
      await handleUpdate(request.body, (inWebhook) => (call = inWebhook));
      return reply.send(call);
    });
  }

  const pollTimeoutSeconds = options.pollTimeoutSeconds ?? 25;
  let offset = 0;
  const service = createPlatformService({
    channel: 'telegram',
    logger,
    hint,
    connect,
    pollOnce: webhookUrl
      ? null
      : async (signal) => {
          const polledAt = Date.now();
          const updates = await api.call(
            'getUpdates',
            { offset, timeout: pollTimeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] },
            { signal, timeoutMs: pollTimeoutSeconds * 1000 + LONG_POLL_MARGIN_MS },
          );
          // a server that answers "nothing" at once instead of holding the poll must not be hammered
          if (updates.length === 0 && Date.now() - polledAt < EMPTY_POLL_PAUSE_MS)
            await wait(EMPTY_POLL_PAUSE_MS, signal);
          for (const update of updates) {
            offset = update.update_id + 1;
            // waits for the engine and the outbox's write, never for a send: one slow chat holds nobody
            await handleUpdate(update).catch((error: unknown) =>
              logger.error({ channel: 'telegram', err: describeError(error) }, 'telegram: update failed'),
            );
          }
        },
  });
  return { service, handleUpdate: (update) => handleUpdate(update) };
}
