// The Zalo channel, inbound: checks the token, then receives updates by long polling (default)
// or by webhook (when PUBLIC_URL is set, verified by X-Bot-Api-Secret-Token) and hands them to
// the engine, which stores the replies in the outbox (they are sent from there). Failures log
// one clear error and retry with back-off.
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../config/env.js';
import type { ConversationEngine } from '../../conversation/engine.js';
import type { BackgroundService } from '../../lib/background-service.js';
import { wait } from '../../lib/backoff.js';
import type { Clock } from '../../lib/clock.js';
import { describeError } from '../../lib/errors.js';
import type { Logger } from '../../logger.js';
import { safeEqual } from '../../security/crypto.js';
import { webhookRouteOptions } from '../inbound-route-options.js';
import { createPlatformService } from '../platform-service.js';
import { convertZaloUpdate, extractZaloUpdates } from './convert-update.js';
import { zaloStartHint } from './errors.js';
import { ZaloApiError, type ZaloClient } from './zalo-client.js';

export const ZALO_WEBHOOK_PATH = '/webhooks/zalo';

export interface ZaloChannelOptions {
  config: NonNullable<AppConfig['zalo']>;
  publicUrl: URL | null;
  client: ZaloClient;
  engine: ConversationEngine;
  logger: Logger;
  clock: Clock;
  pollTimeoutSeconds?: number;
}

/** getUpdates with nothing new: some servers answer an empty result, some a 408 timeout. */
function isEmptyPoll(error: unknown): boolean {
  return error instanceof ZaloApiError && error.code === 408;
}

export function createZaloChannel(
  server: FastifyInstance,
  options: ZaloChannelOptions,
): { service: BackgroundService } {
  const { config, engine, logger, clock, client } = options;
  const webhookUrl = options.publicUrl && config.webhookSecret ? new URL(ZALO_WEBHOOK_PATH, options.publicUrl) : null;

  /** Hands the updates to the engine; resolves once their replies are stored in the outbox. */
  async function handleBody(body: unknown): Promise<void> {
    for (const update of extractZaloUpdates(body)) {
      const message = convertZaloUpdate(update, clock.now());
      if (message) await engine.handleInbound(message);
    }
  }

  if (webhookUrl && config.webhookSecret) {
    const secret = config.webhookSecret;
    server.post(ZALO_WEBHOOK_PATH, webhookRouteOptions(server), async (request, reply) => {
      if (!safeEqual(request.headers['x-bot-api-secret-token'], secret))
        return reply.status(401).send({ error: 'unauthenticated' });
      // answered once the replies are stored: they survive a crash, and a slow platform holds nobody
      await handleBody(request.body);
      return reply.send({ ok: true });
    });
  }

  const service = createPlatformService({
    channel: 'zalo',
    logger,
    hint: zaloStartHint,
    connect: async () => {
      const me = await client.getMe();
      if (webhookUrl && config.webhookSecret) await client.setWebhook(webhookUrl.href, config.webhookSecret);
      else await client.deleteWebhook();
      logger.info(
        { channel: 'zalo', bot: me.account_name, mode: webhookUrl ? 'webhook' : 'polling' },
        'zalo: connected',
      );
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
          if (extractZaloUpdates(result).length === 0) await wait(1000, signal);
          // waits for the engine and the outbox's write, never for a send: one slow chat holds nobody
          await handleBody(result).catch((error: unknown) =>
            logger.error({ channel: 'zalo', err: describeError(error) }, 'zalo: update failed'),
          );
        },
  });
  return { service };
}
