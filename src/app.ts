// Composition root: config → database → platform clients → outbox → tickets → flows and answerer
// → the engine (built once, with everything) → channels, console → background services. Only
// src/main.ts (and the tests that start the real app) import this file; every feature gets
// explicit dependencies from here. `createApp` is what `npm start` runs, on a real port.
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from './config/env.js';
import { loadElectionConfig, type ElectionConfig } from './config/election.js';
import { openDatabase, type Database, type Db } from './db/database.js';
import { migrateDatabase } from './db/migrate.js';
import { SEED_LOCALITIES_FILE } from './localities/import.js';
import { syncLocalityMap } from './localities/map-sync.js';
import { buildHttpServer } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { createTranslator, type Translator } from './i18n.js';
import type { BackgroundService } from './lib/background-service.js';
import { systemClock, type Clock } from './lib/clock.js';
import { describeError } from './lib/errors.js';
import { resolveEncryptionKey } from './security/encryption-key.js';
import { InstanceRegistry } from './instances/instance-registry.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxStore } from './outbox/outbox-store.js';
import { createCitizenNotifier, type CitizenNotifier } from './outbox/notifier.js';
import type { ChannelSender } from './outbox/sender.js';
import { ConversationEngine } from './conversation/engine.js';
import { createLocalityFlow } from './conversation/locality-flow.js';
import { createProcessedUpdatePruner } from './conversation/processed-update-pruner.js';
import { createLiveKnowledgeBase, knowledgeBuilder } from './knowledge/live-knowledge-base.js';
import { readApprovedFaqChanges, readFaqContentVersion } from './knowledge/approved-faq-changes.js';
import { createKnowledgeRefreshService } from './knowledge/knowledge-refresh.js';
import { readElectionCalendar } from './settings/effective-election.js';
import { createKnowledgeAnswerer } from './knowledge/answerer.js';
import { createPollingFlow } from './polling/polling-flow.js';
import { createTicketService } from './tickets/ticket-service.js';
import { reportTicketDelivery } from './tickets/delivery-report.js';
import { createIntakeFlow } from './tickets/intake-flow.js';
import { createMyTicketsFlow } from './tickets/my-tickets-flow.js';
import type { TicketService } from './tickets/types.js';
import { createBroadcastBackgroundService } from './broadcasts/background.js';
import { setUpOfficerGroup } from './officer-group/officer-group-setup.js';
import { createGroupPostIndex } from './officer-group/post-index.js';
import { bootstrapFirstAdmin } from './console/officers.js';
import { registerConsole } from './console/register-console.js';
import { createAttachmentFetcher } from './channels/attachment-fetcher.js';
import { countSends } from './channels/counted-sender.js';
import { createTelegramClient } from './channels/telegram/telegram-client.js';
import { createTelegramChannel, type UpdateInterceptor } from './channels/telegram/telegram-channel.js';
import { ZaloClient } from './channels/zalo/zalo-client.js';
import { ZaloSender } from './channels/zalo/zalo-sender.js';
import { createZaloChannel } from './channels/zalo/zalo-channel.js';
import { registerWebChatRoutes } from './channels/web/web-chat-routes.js';
import { createWebChatSessionIds } from './channels/web/web-chat-session.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { countAnswers } from './metrics/count-answers.js';
import { registerMetricsRoute } from './metrics/metrics-route.js';
import { createIdentityRetentionService } from './ops/identity-retention.js';
import { createAuditServices } from './audit/audit-setup.js';
import type { AuditChain } from './audit/audit-log.js';
import type { AuditAnchors } from './audit/audit-anchor.js';
import { createThrottle, type Throttle } from './security/throttle.js';
import { deriveKey } from './security/derived-keys.js';

/** What the app was built from (for main.ts and the tests that start the real app). */
export interface AppContext {
  config: AppConfig;
  election: ElectionConfig;
  database: Database;
  db: Db;
  logger: Logger;
  i18n: Translator;
  clock: Clock;
  encryptionKey: Buffer;
  /** Prometheus counters (updates, answers, sends) to increment where things happen */
  metrics: Metrics;
  /** the keyed audit chain every recorded action is appended to */
  audit: AuditChain;
  /** the chain's anchors outside the database, and its verification */
  auditAnchors: AuditAnchors;
  /** abuse limits shared by every instance (sign-in, second factor, PINs, filings per address) */
  throttle: Throttle;
}

export interface App {
  context: AppContext;
  server: FastifyInstance;
  /** Listens and starts the background services; resolves to the base URL. */
  start(): Promise<URL>;
  stop(): Promise<void>;
  /** Set on the first start of an empty database: printed once, never logged. */
  firstAdmin: { username: string; password: string } | null;
  /** the ticket service the chat, the console and the officer group share */
  tickets: TicketService;
  /** reaches a citizen outside a request (through the outbox) */
  notifier: CitizenNotifier;
  outbox: Outbox;
}

export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
}

export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const election = loadElectionConfig(config.electionConfigPath);
  const migration = await migrateDatabase(config.database);
  if (migration.applied.length > 0) logger.info({ applied: migration.applied }, 'database migrations applied');
  const database = openDatabase(config.database);
  const { db } = database;
  const provider = config.database.provider;
  const map = await syncLocalityMap(
    database,
    election.localities ?? { file: SEED_LOCALITIES_FILE, formerUnitsFile: null },
  );
  if (map.kind === 'kept')
    logger.warn(
      'the database holds another map than the election file names; a map changes only with its former-units file (README, "Another election")',
    );
  else if (map.kind !== 'unchanged') logger.info(map, 'localities: map of the election file applied');
  const firstAdmin = await bootstrapFirstAdmin(db, config.firstAdminUsername);

  const clock = options.clock ?? systemClock;
  const i18n = createTranslator(election);
  const encryptionKey = resolveEncryptionKey(config.dataEncryptionKey, config.dataDir, logger);
  const metrics = createMetrics(db, () => clock.now());
  const { audit, auditAnchors } = createAuditServices({
    db,
    provider,
    dataKey: encryptionKey,
    clock,
    logger,
    dataDir: config.dataDir,
    metrics,
  });
  const throttle = createThrottle({ db, clock, subjectKey: deriveKey(encryptionKey, 'throttle-subject') });
  const context: AppContext = {
    config,
    election,
    database,
    db,
    logger,
    i18n,
    clock,
    encryptionKey,
    metrics,
    audit,
    auditAnchors,
    throttle,
  };
  // the anchor of the last run is checked against the database before anything is appended
  await auditAnchors.anchor();
  const server = await buildHttpServer(logger, database, config.trustedProxies);
  const instances = new InstanceRegistry({
    database,
    clock,
    logger,
    instanceId: config.instanceId,
    livenessMs: config.outboxLeaseMs,
  });

  // the platforms' clients; every send is counted: replies, notices, broadcasts
  const telegram = config.telegram ? createTelegramClient(config.telegram) : null;
  const zalo = config.zalo ? new ZaloClient(config.zalo.token, config.zalo.apiRoot) : null;
  const senders: ChannelSender[] = [
    ...(telegram ? [telegram.sender] : []),
    ...(zalo ? [new ZaloSender(zalo)] : []),
  ].map((sender) => countSends(sender, metrics.sends));

  // every message to a citizen (and to the officer group) goes through the outbox
  const groupPosts = createGroupPostIndex(db);
  const outboxStore = new OutboxStore({
    database,
    clock,
    encryptionKey,
    instanceId: config.instanceId,
    sendsOn: senders.map((sender) => sender.channel),
  });
  const outbox = new Outbox({
    store: outboxStore,
    senders,
    instances,
    clock,
    logger,
    reports: { ticketEvent: reportTicketDelivery(db), groupPost: groupPosts.report },
  });
  const notifier = createCitizenNotifier(outbox);

  const ticketService = createTicketService({
    db,
    audit,
    throttle,
    election,
    encryptionKey,
    notifier,
    i18n,
    clock,
    logger,
  });
  const officerChatId = config.telegram?.officerChatId;
  const officerGroup =
    config.telegram && officerChatId
      ? setUpOfficerGroup({
          chatId: officerChatId,
          botToken: config.telegram.token,
          outbox,
          posts: groupPosts,
          tickets: ticketService,
          db,
          i18n,
          timeZone: election.timeZone,
          logger,
        })
      : null;
  const tickets = officerGroup?.tickets ?? ticketService;
  const interceptors: UpdateInterceptor[] = officerGroup ? [officerGroup.interceptor] : [];

  // the content of locales/ plus the changes approved in the console, with the console's
  // calendar, kept current on every instance
  const knowledge = createLiveKnowledgeBase(
    {
      version: () => readFaqContentVersion(db),
      approvedChanges: () => readApprovedFaqChanges(db),
      election: () => readElectionCalendar(db, election),
    },
    knowledgeBuilder(i18n),
    election,
  );
  await knowledge
    .refresh()
    .catch((error: unknown) =>
      logger.error(
        { err: describeError(error) },
        'approved knowledge-base changes or the calendar could not be loaded; answering from locales/ and the election file',
      ),
    );

  const engine = new ConversationEngine({
    database,
    clock,
    logger,
    i18n,
    outbox,
    answerer: countAnswers(createKnowledgeAnswerer(knowledge, db), metrics),
    flows: [
      createLocalityFlow(db),
      createPollingFlow(db),
      createIntakeFlow({ tickets, db, election, encryptionKey }),
      createMyTicketsFlow({ tickets, election }),
    ],
    onHandled: (channel) => metrics.updates.inc({ channel }),
  });

  const services: BackgroundService[] = [
    instances,
    outbox,
    createProcessedUpdatePruner(database, clock, logger),
    createKnowledgeRefreshService(knowledge, logger),
  ];
  registerWebChatRoutes(server, {
    engine,
    mailbox: outboxStore,
    clock,
    i18n,
    requestsPerMinute: config.webChatRequestsPerMinute,
    allowedOrigins: config.webChatOrigins,
    sessionIds: createWebChatSessionIds(deriveKey(encryptionKey, 'web-chat-session')),
  });
  if (config.telegram && telegram) {
    services.push(
      createTelegramChannel(server, {
        config: config.telegram,
        publicUrl: config.publicUrl,
        client: telegram,
        engine,
        db,
        logger,
        clock,
        i18n,
        interceptors,
      }).service,
    );
  }
  if (config.zalo && zalo)
    services.push(
      createZaloChannel(server, {
        config: config.zalo,
        publicUrl: config.publicUrl,
        client: zalo,
        engine,
        logger,
        clock,
      }).service,
    );
  services.push(
    createBroadcastBackgroundService({
      db,
      provider,
      clock,
      logger,
      senders,
      outbox: outboxStore,
      instances,
      timeZone: election.timeZone,
    }),
  );
  services.push(
    createIdentityRetentionService({ db, audit, clock, retentionDays: config.retentionIdentityDays, logger }),
  );

  await registerConsole(server, {
    db,
    provider,
    clock,
    logger,
    i18n,
    election,
    encryptionKey,
    secureCookies: config.publicUrl?.protocol === 'https:',
    audit,
    auditAnchors,
    throttle,
    tickets,
    attachments: createAttachmentFetcher(config),
    knowledge,
  });
  registerMetricsRoute(server, metrics, config.metricsToken);

  let started = false;
  return {
    context,
    server,
    firstAdmin,
    tickets,
    notifier,
    outbox,
    async start() {
      const address = await server.listen({ host: config.host, port: config.port });
      for (const service of services) {
        // One failing service must not stop the others or the web server.
        await service
          .start()
          .catch((error: unknown) =>
            logger.error({ service: service.name, err: describeError(error) }, 'service failed to start'),
          );
      }
      started = true;
      return new URL(address);
    },
    async stop() {
      if (started) await server.close();
      for (const service of [...services].reverse()) {
        await service
          .stop()
          .catch((error: unknown) =>
            logger.error({ service: service.name, err: describeError(error) }, 'service failed to stop'),
          );
      }
      await context.auditAnchors
        .close()
        .catch((error: unknown) => logger.error({ err: describeError(error) }, 'audit anchor failed at stop'));
      await database.close();
    },
  };
}
