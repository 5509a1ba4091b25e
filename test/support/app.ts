// Starts the whole application on a free loopback port against a fresh real database.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/logger.js';
import type { Clock } from '../../src/lib/clock.js';
import type { Reply } from '../../src/conversation/messages.js';
import type { DeliveryState } from '../../src/outbox/outgoing.js';
import { createTestDatabase, type Provider, type TestDatabase } from './databases.js';

export interface TestApp {
  app: App;
  url: URL;
  database: TestDatabase;
  dataDir: string;
  /** Every log line the app wrote, as text (to check that secrets never appear). */
  logs: string[];
  stop(): Promise<void>;
}

export async function startTestApp(
  provider: Provider,
  env: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(provider);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-data-'));
  const config = loadEnv({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', ...env }, process.cwd());
  config.database = database.target;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const app = await createApp(config, { logger: createLogger(config.logLevel, sink), ...options });
  const url = await app.start();
  return {
    app,
    url,
    database,
    dataDir,
    logs,
    async stop() {
      await app.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reaches a citizen as the ticket service does: outbox rows in a transaction, then sent. Answers where the delivery starts. */
export async function notifyCitizen(app: App, citizenId: string, replies: Reply[]): Promise<DeliveryState> {
  const state = await app.context.db.$transaction((tx) => app.notifier.store(tx, citizenId, replies));
  app.notifier.send();
  return state;
}

/**
 * A web citizen's complaint about the voter list of `localityCode`, filed as the intake would,
 * named or (identity null) anonymous; answers its code.
 */
export async function fileVoterListComplaint(
  app: App,
  localityCode: string,
  identity: { fullName: string; address: string; phone: string } | null,
): Promise<string> {
  const filed = await app.tickets.file({
    intakeKey: randomUUID(),
    citizenId: null,
    channel: 'web',
    locale: 'vi',
    kind: 'complaint',
    category: 'voter_list',
    localityCode,
    description: `Danh sách cử tri ở ${localityCode} thiếu tên gia đình tôi.`,
    identity,
    attachments: [],
  });
  return filed.code;
}
