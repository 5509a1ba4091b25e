// Starts the whole app on an existing database (a restored backup, a migrated copy, a private
// PostgreSQL cluster), where test/support/app.ts always makes a fresh one.
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { loadEnv, type DatabaseTarget } from '../../src/config/env.js';
import { createLogger } from '../../src/logger.js';
import type { Clock } from '../../src/lib/clock.js';

export interface RunningApp {
  app: App;
  url: URL;
  logs: string[];
}

export async function startAppOn(
  target: DatabaseTarget,
  dataDir: string,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<RunningApp> {
  const config = loadEnv({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', ...env }, process.cwd());
  config.database = target;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const app = await createApp(config, { logger: createLogger(config.logLevel, sink), ...(clock ? { clock } : {}) });
  const url = await app.start();
  return { app, url, logs };
}
