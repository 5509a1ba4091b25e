// `npm start`: read the configuration, start everything, stop gracefully on SIGTERM/SIGINT.
import { createApp } from './app.js';
import { ConfigError } from './config/config-error.js';
import { loadEnv } from './config/env.js';
import { describeError } from './lib/errors.js';

async function main(): Promise<void> {
  const config = loadEnv();
  const app = await createApp(config);
  const url = await app.start();
  if (app.firstAdmin) {
    // Printed once to the terminal, deliberately not through the logger (logs are kept).
    process.stdout.write(
      `\n  First start: an administrator account was created.\n  Console:  ${new URL('/console', url).href}\n  Username: ${app.firstAdmin.username}\n  Password: ${app.firstAdmin.password}\n  (shown only this once; you will be asked to change it)\n\n`,
    );
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
