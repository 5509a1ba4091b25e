// The Zalo channel: checks the token, then receives updates by long polling (default) or by
// webhook (when PUBLIC_URL is set, verified by X-Bot-Api-Secret-Token), hands them to the engine
// and sends the replies. Failures log one clear error and retry with back-off.
import type { FastifyInstance } from 'fastify';
import type { BackgroundService } from '../../app.js';
import type { AppConfig } from '../../config/env.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import type { StoreDatabase } from '../../conversation/conversation-store.js';
import type { Clock } from '../../lib/clock.js';
import { describeError } from '../../lib/errors.js';
import type { Logger } from '../../logger.js';
import { sleep } from '../repeat-with-back-off.js';
import { createPlatformService } from '../platform-service.js';
import { ReplyOutbox, type OutboxSettings } from '../../outbox/reply-outbox.js';
import type { ChannelSender } from '../../outbox/sender.js';
import { isExpectedSecret } from '../verify-secret.js';
import { convertZaloUpdate, extractZaloUpdates } from './convert-update.js';
import { ZaloApiError, ZaloClient } from './zalo-client.js';
import { ZaloSender } from './zalo-sender.js';
import { webhookRouteOptions } from '../inbound-route-options.js';

export const ZALO_WEBHOOK_PATH = '/webhooks/zalo';

export interface ZaloChannelOptions {
  config: NonNullable<AppConfig['zalo']>;
  publicUrl: URL | null;
  engine: ConversationEngine;
  database: StoreDatabase;
  logger: Logger;
  clock: Clock;
  pollTimeoutSeconds?: number;
  outbox: OutboxSettings;
  /** wraps the sender that replies go through (setup counts sends for the metrics) */
  observeSender?: (sender: ChannelSender) => ChannelSender;
}

function zaloHint(error: unknown): string {
  if (error instanceof ZaloApiError && (error.code === 401 || error.code === 404)) return 'the bot token was rejected: check ZALO_BOT_TOKEN (from Zalo Bot Creator)';
  if (error instanceof ZaloApiError && error.code === undefined) return 'the Zalo Bot API cannot be reached: check the network or ZALO_API_ROOT';
  return 'Zalo refused the call';
}

/** getUpdates with nothing new: some servers answer an empty result, some a 408 timeout. */
function isEmptyPoll(error: unknown): boolean {
  return error instanceof ZaloApiError && error.code === 408;
}

export function createZaloChannel(server: FastifyInstance, options: ZaloChannelOptions): { service: BackgroundService; sender: ZaloSender } {
  const { config, engine, logger, clock } = options;
  const client = new ZaloClient(config.token, config.apiRoot);
  const sender = new ZaloSender(client);
  const outbox = new ReplyOutbox({ ...options.outbox, channel: 'zalo', sender: options.observeSender?.(sender) ?? sender, database: options.database, clock, logger });
  const webhookUrl = options.publicUrl && config.webhookSecret ? new URL(ZALO_WEBHOOK_PATH, options.publicUrl) : null;

  /** Hands the updates to the engine and queues the replies in the outbox (sent from there). */
  async function handleBody(body: unknown): Promise<void> {
    for (const update of extractZaloUpdates(body)) {
      const message = convertZaloUpdate(update, clock.now());
      if (!message) continue;
      const replies = await engine.handleInbound(message);
      if (replies.length > 0) await outbox.add(message, replies);
    }
  }

  if (webhookUrl && config.webhookSecret) {
    const secret = config.webhookSecret;
    server.post(ZALO_WEBHOOK_PATH, webhookRouteOptions(server), async (request, reply) => {
      if (!isExpectedSecret(request.headers['x-bot-api-secret-token'], secret)) return reply.status(401).send({ error: 'unauthenticated' });
      // answered once the replies are stored: they survive a crash, and a slow platform holds nobody
      await handleBody(request.body);
      return reply.send({ ok: true });
    });
  }

  const service = createPlatformService({
    channel: 'zalo',
    logger,
    outbox,
    hint: zaloHint,
    connect: async () => {
      const me = await client.getMe();
      if (webhookUrl && config.webhookSecret) await client.setWebhook(webhookUrl.href, config.webhookSecret);
      else await client.deleteWebhook();
      logger.info({ channel: 'zalo', bot: me.account_name, mode: webhookUrl ? 'webhook' : 'polling' }, 'zalo: connected');
    },
    pollOnce: webhookUrl
      ? null
      : async (signal) => {
          let result: unknown;
          try {
            result = await client.getUpdates(options.pollTimeoutSeconds ?? 30, signal);
          } catch (error) {
            if (isEmptyPoll(error)) return;
            throw error;
          }
          // a server that answers "nothing" at once instead of holding the poll must not be hammered
          if (extractZaloUpdates(result).length === 0) await sleep(1000, signal);
          // waits for the engine and the outbox, never for a send: one slow chat holds nobody
          await handleBody(result).catch((error: unknown) => logger.error({ channel: 'zalo', err: describeError(error) }, 'zalo: update failed'));
        },
  });
  return { service, sender };
}
