// What the crash tests with real app processes share: a fake Bot API (optionally behind a
// proxy that can hold calls unanswered), a fresh database with a reader of its own, a data
// folder and a key, and the app processes a test starts, kills and finally stops.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createTestDatabase, type Provider, type TestDatabase } from '../support/databases.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { spawnApp, type ChildApp } from './child-app.js';
import { HangingProxy } from './hanging-proxy.js';

export interface TelegramProcessWorld {
  fake: FakeTelegram;
  /** in front of the fake when asked for: the apps call the Bot API through it */
  proxy: HangingProxy | null;
  database: TestDatabase;
  reader: Database;
  /** Starts an app process with the world's environment (and `extra`). */
  start(extra?: Record<string, string>): Promise<ChildApp>;
  /** kill -9 */
  kill(app: ChildApp): Promise<void>;
  stop(): Promise<void>;
}

export async function createTelegramProcessWorld(
  provider: Provider,
  options: { proxy?: boolean } = {},
): Promise<TelegramProcessWorld> {
  const fake = await FakeTelegram.start();
  const proxy = options.proxy ? await HangingProxy.start(fake.url) : null;
  const database = await createTestDatabase(provider);
  const reader = openDatabase(database.target);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cutri-process-'));
  /** what every app process of a test shares: the database, the key, the Bot API */
  const env = {
    DATABASE_URL: database.target.url,
    DATA_DIR: dataDir,
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: proxy?.url ?? fake.url,
  };
  const apps: ChildApp[] = [];
  return {
    fake,
    proxy,
    database,
    reader,
    async start(extra = {}) {
      const app = await spawnApp({ ...env, ...extra });
      apps.push(app);
      return app;
    },
    async kill(app) {
      await app.kill();
      apps.splice(apps.indexOf(app), 1);
    },
    async stop() {
      for (const app of apps.splice(0)) await app.stop();
      await reader.close();
      await proxy?.stop();
      await fake.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
