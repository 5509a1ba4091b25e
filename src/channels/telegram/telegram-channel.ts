// The Telegram channel: checks the token, registers commands, then receives updates by long
// polling (default) or by webhook (when PUBLIC_URL is set), hands them to the engine and sends
// the replies. A rejected token or an unreachable Bot API logs one clear error and retries; it
// never stops the app or the other channels.
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../config/env.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import { markChatUnreachable } from '../../outbox/citizen-notifier.js';
import { LONG_POLL_MARGIN_MS, PLATFORM_CALL_TIMEOUT_MS, withTimeout } from '../call-timeout.js';
import type { StoreDatabase } from '../../conversation/conversation-store.js';
import type { Translator } from '../../i18n.js';
import type { Clock } from '../../lib/clock.js';
import { describeError } from '../../lib/errors.js';
import type { Logger } from '../../logger.js';
import type { BackgroundService } from '../../app.js';
import { createPlatformService } from '../platform-service.js';
import { ChannelGate } from '../retry.js';
import { ReplyOutbox, type OutboxSettings } from '../../outbox/reply-outbox.js';
import type { ChannelSender } from '../../outbox/sender.js';
import { webhookRouteOptions } from '../inbound-route-options.js';
import { isExpectedSecret } from '../verify-secret.js';
import { CallbackData } from './callback-data.js';
import { convertTelegramUpdate } from './convert-update.js';
import { classifyTelegramError, telegramStartHint } from './errors.js';
import { BotApi } from './bot-api.js';
import { TelegramSender } from './telegram-sender.js';

export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
const COMMANDS = ['start', 'help', 'hoi', 'phananh', 'dangky', 'dung'] as const;

/** A Bot API call carried in a webhook's answer. */
interface WebhookCall {
  method: 'answerCallbackQuery';
  callback_query_id: string;
}

export interface TelegramChannelOptions {
  config: NonNullable<AppConfig['telegram']>;
  publicUrl: URL | null;
  engine: ConversationEngine;
  database: StoreDatabase;
  logger: Logger;
  clock: Clock;
  i18n: Translator;
  /** long-poll timeout; tests shorten it */
  pollTimeoutSeconds?: number;
  outbox: OutboxSettings;
  /** wraps the sender that replies go through (setup counts sends for the metrics) */
  observeSender?: (sender: ChannelSender) => ChannelSender;
}

export interface TelegramChannel {
  service: BackgroundService;
  sender: TelegramSender;
  /** handles one update (from polling or the webhook); resolves once its replies are queued */
  handleUpdate(update: unknown): Promise<void>;
  /** `handler` sees every update first; when it answers true the engine never sees it (the officer group) */
  interceptUpdates(handler: (update: unknown) => Promise<boolean>): void;
}

export function createTelegramChannel(server: FastifyInstance, options: TelegramChannelOptions): TelegramChannel {
  const { config, engine, logger, clock, i18n } = options;
  const { db } = options.database;
  const api = new BotApi(config.token, config.apiRoot);
  const callbackData = new CallbackData();
  const sender = new TelegramSender({
    api,
    gate: new ChannelGate(),
    callbackData,
    allowPaidBroadcast: async () => (await db.setting.findUnique({ where: { key: 'telegram.allowPaidBroadcast' } }))?.value === 'true',
  });
  const outbox = new ReplyOutbox({ ...options.outbox, channel: 'telegram', sender: options.observeSender?.(sender) ?? sender, database: options.database, clock, logger });
  const webhookUrl = options.publicUrl && config.webhookSecret ? new URL(TELEGRAM_WEBHOOK_PATH, options.publicUrl) : null;
  const hint = (error: unknown) => telegramStartHint(classifyTelegramError(error));

  const interceptors: ((update: unknown) => Promise<boolean>)[] = [];
  /**
   * `answerInWebhook`, when the update came by webhook, takes the answerCallbackQuery call:
   * Telegram runs one Bot API call given in the webhook's answer, which saves an HTTP call per
   * button press. Only that fire-and-forget call goes there; replies go through the outbox.
   * Resolves once the replies are stored in the outbox (they survive a crash from then on); it
   * never waits for a send, so a slow Bot API holds neither the webhook nor polling.
   */
  async function handleUpdate(update: unknown, answerInWebhook?: (call: WebhookCall) => void): Promise<void> {
    for (const intercept of interceptors) if (await intercept(update)) return;
    const event = convertTelegramUpdate(update, clock.now(), (data) => callbackData.decode(data));
    if (event.kind === 'blocked') return void (await markChatUnreachable(db, 'telegram', event.userId, clock.now()));
    if (event.kind === 'ignored') return;
    const { message, callbackQueryId } = event;
    if (callbackQueryId && answerInWebhook) answerInWebhook({ method: 'answerCallbackQuery', callback_query_id: callbackQueryId });
    else if (callbackQueryId) void sender.call((signal) => api.call('answerCallbackQuery', { callback_query_id: callbackQueryId }, { signal }));
    const replies = await engine.handleInbound(message);
    if (replies.length > 0) await outbox.add(message, replies);
  }

  async function connect(signal: AbortSignal): Promise<void> {
    // outside the retry policy (repeatWithBackOff retries the whole step), with the usual deadline
    const timed = <T>(run: (apiSignal: AbortSignal) => Promise<T>) => withTimeout(run, PLATFORM_CALL_TIMEOUT_MS, signal);
    const me = await timed((apiSignal) => api.call('getMe', {}, { signal: apiSignal }));
    for (const language of ['vi', 'en'] as const) {
      const commands = COMMANDS.map((command) => ({ command, description: i18n.t(language, `chat:commands.${command}`) }));
      await timed((apiSignal) => api.call('setMyCommands', { commands, language_code: language }, { signal: apiSignal }));
      if (language === 'vi') await timed((apiSignal) => api.call('setMyCommands', { commands }, { signal: apiSignal }));
    }
    if (webhookUrl && config.webhookSecret) {
      const { href } = webhookUrl;
      const secret = config.webhookSecret;
      await timed((apiSignal) => api.call('setWebhook', { url: href, secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] }, { signal: apiSignal }));
    } else {
      await timed((apiSignal) => api.call('deleteWebhook', {}, { signal: apiSignal }));
    }
    logger.info({ channel: 'telegram', bot: me.username, mode: webhookUrl ? 'webhook' : 'polling' }, 'telegram: connected');
  }

  if (webhookUrl && config.webhookSecret) {
    const secret = config.webhookSecret;
    server.post(TELEGRAM_WEBHOOK_PATH, webhookRouteOptions(server), async (request, reply) => {
      if (!isExpectedSecret(request.headers['x-telegram-bot-api-secret-token'], secret)) return reply.status(401).send({ error: 'unauthenticated' });
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
    outbox,
    hint,
    connect,
    pollOnce: webhookUrl
      ? null
      : async (signal) => {
          const updates = await withTimeout(
            (apiSignal) => api.call('getUpdates', { offset, timeout: pollTimeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] }, { signal: apiSignal }),
            pollTimeoutSeconds * 1000 + LONG_POLL_MARGIN_MS,
            signal,
          );
          for (const update of updates) {
            offset = update.update_id + 1;
            // waits for the engine and the outbox, never for a send: one slow chat holds nobody
            await handleUpdate(update).catch((error: unknown) => logger.error({ channel: 'telegram', err: describeError(error) }, 'telegram: update failed'));
          }
        },
  });
  return { service, sender, handleUpdate: (update) => handleUpdate(update), interceptUpdates: (handler) => void interceptors.push(handler) };
}

