// Composition root: config → database → services → channels → scheduler → HTTP.
// `createApp` is what `npm start` runs and what the end-to-end tests start, on a real port.
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
import { systemClock, type Clock } from './lib/clock.js';
import { resolveEncryptionKey } from './security/encryption-key.js';
import { bootstrapFirstAdmin } from './console/officers.js';
import { registerConsole } from './console/register-console.js';
import { describeError } from './lib/errors.js';
import { setUpConversations, type Conversations } from './channels/setup.js';
import { createLiveKnowledgeBase, knowledgeBuilder } from './knowledge/live-knowledge-base.js';
import { readApprovedFaqChanges, readFaqContentVersion } from './knowledge/approved-faq-changes.js';
import { createKnowledgeRefreshService } from './knowledge/knowledge-refresh.js';
import { createKnowledgeAnswerer } from './knowledge/answerer.js';
import { createPollingFlow } from './polling/polling-flow.js';
import { createTicketService } from './tickets/ticket-service.js';
import { createIntakeFlow } from './tickets/intake-flow.js';
import { createMyTicketsFlow } from './tickets/my-tickets-flow.js';
import { createBroadcastBackgroundService } from './broadcasts/background.js';
import type { TicketService } from './tickets/types.js';
import { withOfficerGroup } from './officer-group/officer-group-setup.js';
import { createAttachmentFetcher } from './channels/attachment-fetcher.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { countAnswers } from './metrics/count-answers.js';
import { registerMetricsRoute } from './metrics/metrics-route.js';
import { createIdentityRetentionService } from './ops/identity-retention.js';
import { createAuditServices } from './audit/audit-setup.js';
import type { AuditChain } from './audit/audit-log.js';
import type { AuditAnchors } from './audit/audit-anchor.js';
import { createThrottle, type Throttle } from './security/throttle.js';
import { deriveKey } from './security/derived-keys.js';

/** What every feature is built from. */
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

/** Something that runs beside the HTTP server (polling, scheduler, delivery workers). */
export interface BackgroundService {
  name: string;
  start(): Promise<void>;
  /** Finishes in-flight work, then returns. */
  stop(): Promise<void>;
}

export interface App {
  context: AppContext;
  server: FastifyInstance;
  /** Listens and starts the background services; resolves to the base URL. */
  start(): Promise<URL>;
  stop(): Promise<void>;
  /** Set on the first start of an empty database: printed once, never logged. */
  firstAdmin: { username: string; password: string } | null;
  /** the conversation engine (register flows, plug the answerer in), notifier and senders */
  conversations: Conversations;
  /** the ticket service the chat, the console and the officer group share */
  tickets: TicketService;
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
  const map = await syncLocalityMap(database, election.localities ?? { file: SEED_LOCALITIES_FILE, formerUnitsFile: null });
  if (map.kind === 'kept') logger.warn('the database holds another map than the election file names; a map changes only with its former-units file (README, "Another election")');
  else if (map.kind !== 'unchanged') logger.info(map, 'localities: map of the election file applied');
  const firstAdmin = await bootstrapFirstAdmin(db, config.firstAdminUsername);

  const clock = options.clock ?? systemClock;
  const encryptionKey = resolveEncryptionKey(config.dataEncryptionKey, config.dataDir, logger);
  const metrics = createMetrics(db, () => clock.now());
  const provider = config.database.provider;
  const context: AppContext = {
    config,
    election,
    database,
    db,
    logger,
    i18n: createTranslator(election),
    clock,
    encryptionKey,
    metrics,
    ...createAuditServices({ db, provider, dataKey: encryptionKey, clock, logger, dataDir: config.dataDir, metrics }),
    throttle: createThrottle({ db, clock, subjectKey: deriveKey(encryptionKey, 'throttle-subject') }),
  };
  // the anchor of the last run is checked against the database before anything is appended
  await context.auditAnchors.anchor();

  const server = await buildHttpServer(logger, database, config.trustedProxies);
  const services: BackgroundService[] = [];
  const conversations = setUpConversations(context, server, services);
  const { engine, notifier } = conversations;
  services.push(createBroadcastBackgroundService({ db, provider: config.database.provider, clock: context.clock, logger, senders: conversations.senders, timeZone: election.timeZone }));

  // the content of locales/ plus the changes approved in the console, kept current on every instance
  const knowledge = createLiveKnowledgeBase({ version: () => readFaqContentVersion(db), approvedChanges: () => readApprovedFaqChanges(db) }, knowledgeBuilder(context.i18n, election));
  await knowledge.refresh().catch((error: unknown) => logger.error({ err: describeError(error) }, 'approved knowledge-base changes could not be loaded; answering from locales/ alone'));
  services.push(createKnowledgeRefreshService(knowledge, logger));
  engine.useAnswerer(countAnswers(createKnowledgeAnswerer(knowledge, db), context.metrics));
  const tickets = withOfficerGroup(context, conversations.telegram, createTicketService({ db, audit: context.audit, throttle: context.throttle, election, encryptionKey: context.encryptionKey, notifier, i18n: context.i18n, clock: context.clock, logger }));
  engine.registerFlow(createPollingFlow(db));
  engine.registerFlow(createIntakeFlow({ tickets, db, election, encryptionKey: context.encryptionKey }));
  engine.registerFlow(createMyTicketsFlow({ tickets, election }));
  await registerConsole(server, context, { tickets, attachments: createAttachmentFetcher(config), knowledge });
  registerMetricsRoute(server, context.metrics, config.metricsToken);
  services.push(createIdentityRetentionService({ db, audit: context.audit, clock, retentionDays: config.retentionIdentityDays, logger }));

  let started = false;
  return {
    context,
    server,
    firstAdmin,
    conversations,
    tickets,
    async start() {
      const address = await server.listen({ host: config.host, port: config.port });
      for (const service of services) {
        // One failing service must not stop the others or the web server.
        await service.start().catch((error: unknown) => logger.error({ service: service.name, err: describeError(error) }, 'service failed to start'));
      }
      started = true;
      return new URL(address);
    },
    async stop() {
      if (started) await server.close();
      for (const service of [...services].reverse()) {
        await service.stop().catch((error: unknown) => logger.error({ service: service.name, err: describeError(error) }, 'service failed to stop'));
      }
      await context.auditAnchors.close().catch((error: unknown) => logger.error({ err: describeError(error) }, 'audit anchor failed at stop'));
      await database.close();
    },
  };
}
