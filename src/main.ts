// `npm start`: read the configuration, start everything, stop gracefully on SIGTERM/SIGINT.
import { createApp } from './app.js';
import { ConfigError } from './config/config-error.js';
import { loadEnv } from './config/env.js';
import { describeError } from './lib/errors.js';
import { handOverFirstAdmin } from './console/first-admin-notice.js';

async function main(): Promise<void> {
  const config = loadEnv();
  const app = await createApp(config);
  const url = await app.start();
  if (app.firstAdmin) {
    handOverFirstAdmin(app.firstAdmin, {
      consoleUrl: new URL('/console', url),
      dataDir: config.dataDir,
      stdout: process.stdout,
      logger: app.context.logger,
    });
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.context.logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        app.context.logger.error({ err: describeError(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error — ${error.message}\n`);
  } else {
    process.stderr.write(`Cử Tri could not start: ${describeError(error)}\n`);
  }
  process.exit(1);
});
