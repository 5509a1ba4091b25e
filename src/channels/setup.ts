// Wires the conversation engine to the channels that are switched on: the web chat always,
// Telegram and Zalo when their token is set. A channel that cannot reach its platform logs and
// retries in its own background service; it never stops the others.
import type { FastifyInstance } from 'fastify';
import type { AppContext, BackgroundService } from '../app.js';
import { ConversationEngine } from '../conversation/engine.js';
import { createCitizenNotifier } from '../conversation/citizen-notifier.js';
import { createLocalityFlow } from '../conversation/locality-flow.js';
import type { CitizenNotifier } from '../conversation/notifier.js';
import { createProcessedUpdatePruner } from '../conversation/processed-update-pruner.js';
import { countSends } from './counted-sender.js';
import type { ChannelSender } from './sender.js';
import { createTelegramChannel, type TelegramChannel } from './telegram/telegram-channel.js';
import { createZaloChannel } from './zalo/zalo-channel.js';
import { registerWebChatRoutes } from './web/web-chat-routes.js';
import { createWebChatSessionIds } from './web/web-chat-session.js';
import { deriveKey } from '../security/derived-keys.js';

export interface Conversations {
  engine: ConversationEngine;
  notifier: CitizenNotifier;
  /** senders of the switched-on platform channels (for broadcasts) */
  senders: ChannelSender[];
  /** the Telegram channel when switched on (the officer group takes its group's updates) */
  telegram: TelegramChannel | null;
}

export function setUpConversations(context: AppContext, server: FastifyInstance, services: BackgroundService[]): Conversations {
  const { db, database, clock, logger, i18n, metrics } = context;
  const onHandled = (channel: string) => metrics.updates.inc({ channel });
  const engine = new ConversationEngine({ database, clock, logger, i18n, flows: [createLocalityFlow(db)], onHandled });
  // every platform send is counted: replies (through the channel's outbox), notifications, broadcasts
  const observeSender = (sender: ChannelSender) => countSends(sender, metrics.sends);
  const outbox = { encryptionKey: context.encryptionKey, instanceId: context.config.instanceId, leaseMs: context.config.outboxLeaseMs };
  const senders: ChannelSender[] = [];
  registerWebChatRoutes(server, { engine, db, clock, i18n, requestsPerMinute: context.config.webChatRequestsPerMinute, allowedOrigins: context.config.webChatOrigins, sessionIds: createWebChatSessionIds(deriveKey(context.encryptionKey, 'web-chat-session')) });
  services.push(createProcessedUpdatePruner(database, clock, logger));
  let telegram: TelegramChannel | null = null;
  if (context.config.telegram) {
    telegram = createTelegramChannel(server, { config: context.config.telegram, publicUrl: context.config.publicUrl, engine, database, logger, clock, i18n, observeSender, outbox });
    senders.push(observeSender(telegram.sender));
    services.push(telegram.service);
  }
  if (context.config.zalo) {
    const zalo = createZaloChannel(server, { config: context.config.zalo, publicUrl: context.config.publicUrl, engine, database, logger, clock, observeSender, outbox });
    senders.push(observeSender(zalo.sender));
    services.push(zalo.service);
  }
  const notifier = createCitizenNotifier({ db, clock, logger, senders });
  return { engine, notifier, senders, telegram };
}
