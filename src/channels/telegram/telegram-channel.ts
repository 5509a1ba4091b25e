// The Telegram channel: checks the token, registers commands, then receives updates by long
// polling (default) or by webhook (when PUBLIC_URL is set), hands them to the engine and sends
// the replies. A rejected token or an unreachable Bot API logs one clear error and retries; it
// never stops the app or the other channels.
import type { FastifyInstance } from 'fastify';
import { Telegram } from 'telegraf';
// telegraf's callApi is typed against this polyfill's AbortSignal (the one it ships with)
import { AbortController as ApiAbortController } from 'abort-controller';
import type { AppConfig } from '../../config/env.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import { markChatUnreachable } from '../../conversation/citizen-notifier.js';
import type { Db } from '../../db/database.js';
import type { Translator } from '../../i18n.js';
import type { Clock } from '../../lib/clock.js';
import { describeError } from '../../lib/errors.js';
import type { Logger } from '../../logger.js';
import type { BackgroundService } from '../../app.js';
import { repeatWithBackOff } from '../repeat-with-back-off.js';
import { ChannelGate } from '../retry.js';
import { inboundLogLevel } from '../inbound-log-level.js';
import { isExpectedSecret } from '../verify-secret.js';
import { CallbackData } from './callback-data.js';
import { convertTelegramUpdate } from './convert-update.js';
import { classifyTelegramError, telegramStartHint } from './errors.js';
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
  db: Db;
  logger: Logger;
  clock: Clock;
  i18n: Translator;
  /** long-poll timeout; tests shorten it */
  pollTimeoutSeconds?: number;
}

export interface TelegramChannel {
  service: BackgroundService;
  sender: TelegramSender;
  /** handles one update (from polling or the webhook) */
  handleUpdate(update: unknown): Promise<void>;
  /** `handler` sees every update first; when it answers true the engine never sees it (the officer group) */
  interceptUpdates(handler: (update: unknown) => Promise<boolean>): void;
}

export function createTelegramChannel(server: FastifyInstance, options: TelegramChannelOptions): TelegramChannel {
  const { config, engine, db, logger, clock, i18n } = options;
  const telegram = new Telegram(config.token, { apiRoot: config.apiRoot });
  const callbackData = new CallbackData();
  const sender = new TelegramSender({
    telegram,
    gate: new ChannelGate(),
    callbackData,
    allowPaidBroadcast: async () => (await db.setting.findUnique({ where: { key: 'telegram.allowPaidBroadcast' } }))?.value === 'true',
  });
  const webhookUrl = options.publicUrl && config.webhookSecret ? new URL(TELEGRAM_WEBHOOK_PATH, options.publicUrl) : null;
  const hint = (error: unknown) => telegramStartHint(classifyTelegramError(error));

  const interceptors: ((update: unknown) => Promise<boolean>)[] = [];
  /**
   * `answerInWebhook`, when the update came by webhook, takes the answerCallbackQuery call:
   * Telegram runs one Bot API call given in the webhook's answer, which saves an HTTP call per
   * button press. Only that fire-and-forget call goes there; replies are sent and checked.
   */
  async function handleUpdate(update: unknown, answerInWebhook?: (call: WebhookCall) => void): Promise<void> {
    for (const intercept of interceptors) if (await intercept(update)) return;
    const event = convertTelegramUpdate(update, clock.now(), (data) => callbackData.decode(data));
    if (event.kind === 'blocked') return markChatUnreachable(db, 'telegram', event.userId, clock.now());
    if (event.kind === 'ignored') return;
    const { message, callbackQueryId } = event;
    if (callbackQueryId && answerInWebhook) answerInWebhook({ method: 'answerCallbackQuery', callback_query_id: callbackQueryId });
    else if (callbackQueryId) void sender.call(() => telegram.callApi('answerCallbackQuery', { callback_query_id: callbackQueryId }));
    const replies = await engine.handleInbound(message);
    if (replies.length === 0) return;
    const outcome = await sender.send(message.chatId, replies);
    if (outcome.status === 'unreachable') await markChatUnreachable(db, 'telegram', message.platformUserId, clock.now());
    else if (outcome.status !== 'sent') logger.warn({ channel: 'telegram', err: outcome.error }, 'telegram: reply not delivered');
  }

  async function connect(): Promise<void> {
    const me = await telegram.callApi('getMe', {});
    for (const language of ['vi', 'en'] as const) {
      const commands = COMMANDS.map((command) => ({ command, description: i18n.t(language, `chat:commands.${command}`) }));
      await telegram.callApi('setMyCommands', { commands, language_code: language });
      if (language === 'vi') await telegram.callApi('setMyCommands', { commands });
    }
    if (webhookUrl && config.webhookSecret) {
      await telegram.callApi('setWebhook', { url: webhookUrl.href, secret_token: config.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
    } else {
      await telegram.callApi('deleteWebhook', {});
    }
    logger.info({ channel: 'telegram', bot: me.username, mode: webhookUrl ? 'webhook' : 'polling' }, 'telegram: connected');
  }

  if (webhookUrl && config.webhookSecret) {
    const secret = config.webhookSecret;
    server.post(TELEGRAM_WEBHOOK_PATH, { logLevel: inboundLogLevel(server.log) }, async (request, reply) => {
      if (!isExpectedSecret(request.headers['x-telegram-bot-api-secret-token'], secret)) return reply.status(401).send({ error: 'unauthenticated' });
      let call: WebhookCall | Record<string, never> = {};
      await handleUpdate(request.body, (inWebhook) => (call = inWebhook));
      return reply.send(call);
    });
  }

  let abort = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const service: BackgroundService = {
    name: 'telegram',
    async start() {
      abort = new AbortController();
      const { signal } = abort;
      const apiAbort = new ApiAbortController();
      signal.addEventListener('abort', () => apiAbort.abort());
      let offset = 0;
      running = (async () => {
        await repeatWithBackOff({ channel: 'telegram', what: 'connect', signal, logger, hint, step: async () => (await connect(), 'done') });
        if (webhookUrl) return;
        await repeatWithBackOff({
          channel: 'telegram',
          what: 'poll for updates',
          signal,
          logger,
          hint,
          step: async () => {
            const updates = await telegram.callApi('getUpdates', { offset, timeout: options.pollTimeoutSeconds ?? 25, allowed_updates: [...ALLOWED_UPDATES] }, { signal: apiAbort.signal });
            for (const update of updates) {
              offset = update.update_id + 1;
              await handleUpdate(update).catch((error: unknown) => logger.error({ channel: 'telegram', err: describeError(error) }, 'telegram: update failed'));
            }
            return 'again';
          },
        });
      })();
    },
    async stop() {
      abort.abort();
      await running;
    },
  };
  return { service, sender, handleUpdate, interceptUpdates: (handler) => void interceptors.push(handler) };
}
