// The background life of a platform channel, the same for Telegram and Zalo: connect (register
// or remove the webhook), then — in polling mode — poll for updates until the app stops. Each
// step retries with back-off and logs one clear error per streak of failures; stop() aborts
// calls in flight and waits for the loop. (The replies go out through the outbox, a service of
// its own: a channel that cannot connect still sends.)
import type { BackgroundService } from '../lib/background-service.js';
import type { Logger } from '../logger.js';
import { repeatWithBackOff } from './repeat-with-back-off.js';

export interface PlatformServiceOptions {
  channel: 'telegram' | 'zalo';
  logger: Logger;
  /** what the operator should do about a failure to connect or poll */
  hint: (error: unknown) => string;
  connect(signal: AbortSignal): Promise<void>;
  /** one long poll and the handling of what it brought; null in webhook mode */
  pollOnce: ((signal: AbortSignal) => Promise<void>) | null;
}

export function createPlatformService(options: PlatformServiceOptions): BackgroundService {
  const { channel, logger, hint } = options;
  let abort = new AbortController();
  let running: Promise<void> = Promise.resolve();
  return {
    name: channel,
    async start() {
      abort = new AbortController();
      const { signal } = abort;
      running = (async () => {
        await repeatWithBackOff({
          channel,
          what: 'connect',
          signal,
          logger,
          hint,
          step: async () => (await options.connect(signal), 'done'),
        });
        const { pollOnce } = options;
        if (!pollOnce) return;
        await repeatWithBackOff({
          channel,
          what: 'poll for updates',
          signal,
          logger,
          hint,
          step: async () => (await pollOnce(signal), 'again'),
        });
      })();
    },
    async stop() {
      abort.abort();
      await running;
    },
  };
}
